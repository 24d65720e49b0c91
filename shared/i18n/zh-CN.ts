/**
 * Every string a person reads, in Simplified Chinese, in one place so another
 * language can follow: one module per area in ./zh-CN/ (./zh-CN/index.ts),
 * joined here into one table. Field-level validation messages live beside
 * their schemas in shared/schemas; the areas hold page copy and API error titles.
 *
 * A module that passes the table around or reads it by computed keys imports
 * `t` from here; one that reads only a few areas by plain property paths
 * (the Lambda jobs) may import the areas instead,
 * `import * as t from '#shared/i18n/zh-CN/index.ts'`, so that its bundle holds
 * only those. The site's page scripts get only the strings they read either
 * way (site/build/pick-strings.mjs).
 */
import * as areas from './zh-CN/index.ts';

/** The areas listed once, in ./zh-CN/index.ts: adding an area is one line there. */
export const zhCN = { ...areas } as const;

export type ErrorCode = keyof typeof zhCN.errors;
export const t = zhCN;

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
import { service } from './zh-CN/service.ts';
import { kit } from './zh-CN/kit.ts';
import { layout } from './zh-CN/layout.ts';
import { nav } from './zh-CN/nav.ts';
import { home } from './zh-CN/home.ts';
import { comingSoon } from './zh-CN/coming-soon.ts';
import { notFound } from './zh-CN/not-found.ts';
import { timeliness } from './zh-CN/timeliness.ts';
import { footer } from './zh-CN/footer.ts';
import { outage } from './zh-CN/outage.ts';
import { errors } from './zh-CN/errors.ts';
import { accounts } from './zh-CN/accounts.ts';
import { auth } from './zh-CN/auth.ts';
import { institution } from './zh-CN/institution.ts';
import { cases } from './zh-CN/cases.ts';
import { notify } from './zh-CN/notify.ts';
import { receiptKeep } from './zh-CN/receipt-keep.ts';
import { recovery } from './zh-CN/recovery.ts';
import { subscriptions } from './zh-CN/subscriptions.ts';
import { notices } from './zh-CN/notices.ts';
import { fees } from './zh-CN/fees.ts';
import { registryRecords } from './zh-CN/registry-records.ts';
import { audit } from './zh-CN/audit.ts';
import { admin } from './zh-CN/admin.ts';
import { triage } from './zh-CN/triage.ts';

export const zhCN = {
  service,
  kit,
  layout,
  nav,
  home,
  comingSoon,
  notFound,
  timeliness,
  footer,
  outage,
  errors,
  accounts,
  auth,
  institution,
  cases,
  notify,
  receiptKeep,
  recovery,
  subscriptions,
  notices,
  fees,
  registryRecords,
  audit,
  admin,
  triage,
} as const;

export type ErrorCode = keyof typeof zhCN.errors;
export const t = zhCN;

/**
 * The Simplified Chinese strings, one module per area of the service, for a
 * module that reads them as `import * as t from '#shared/i18n/zh-CN/index.ts'`
 * (`t.notify.caseReceived`): a bundle then holds only the areas it reads
 * (esbuild drops the others), which is how the Lambda jobs stay small
 * (docs/benchmarks.md, "Lambda bundles"). ../zh-CN.ts joins them into the
 * one table (`t`, `zhCN`) the site and the API import.
 *
 * ./package.json says these modules have no side effects (`"sideEffects": false`,
 * and `"type": "module"` as at the root): without it esbuild would keep an
 * unread area whose text interpolates a constant (`${EXAMPLE_CASE_NUMBER}`,
 * `kit.errorPrefix`), which it cannot prove harmless. Imports in this folder
 * are relative: `#shared/*` is the root package.json's.
 */
export { service } from './service.ts';
export { kit } from './kit.ts';
export { layout } from './layout.ts';
export { nav } from './nav.ts';
export { home } from './home.ts';
export { comingSoon } from './coming-soon.ts';
export { notFound } from './not-found.ts';
export { timeliness } from './timeliness.ts';
export { footer } from './footer.ts';
export { outage } from './outage.ts';
export { requests } from './requests.ts';
export { errors } from './errors.ts';
export { accounts } from './accounts.ts';
export { auth } from './auth.ts';
export { institution } from './institution.ts';
export { cases } from './cases.ts';
export { notify } from './notify.ts';
export { receiptKeep } from './receipt-keep.ts';
export { recovery } from './recovery.ts';
export { subscriptions } from './subscriptions.ts';
export { notices } from './notices.ts';
export { fees } from './fees.ts';
export { registryRecords } from './registry-records.ts';
export { audit } from './audit.ts';
export { admin } from './admin.ts';
export { triage } from './triage.ts';

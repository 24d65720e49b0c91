/**
 * The staff API: sign-in and account set-up (`/api/auth/*`) and everything under
 * `/api/admin/*`, about half the routes and their code (accounts, TOTP, triage,
 * import, notices, audit, dashboard, risk ledger). A parent's request never needs
 * it: a route group loaded on the first staff request (functions/groups.ts,
 * functions/lib/lazy-group.ts).
 *
 * The app has done everything before the hand-over: the origin lock, the auth
 * secret, security headers, the body limit, the CSRF guard and the staff check.
 */
import { createInProcessRunner } from '../import/job-runner.ts';
import { adminAccounts } from '../routes/admin-accounts.ts';
import { adminAudit } from '../routes/admin-audit.ts';
import { adminCases } from '../routes/admin-cases.ts';
import { adminDashboard } from '../routes/admin-dashboard.ts';
import { adminImport } from '../routes/admin-import.ts';
import { adminImportJobs } from '../routes/admin-import-jobs.ts';
import { adminInstitutions } from '../routes/admin-institutions.ts';
import { adminRisk } from '../routes/admin-risk.ts';
import { accountSelf, accountSetup } from '../routes/account-setup.ts';
import { auth } from '../routes/auth.ts';
import { caseAttachmentsAdmin } from '../routes/case-pages.ts';
import { adminFeeGuidance } from '../routes/fee-guidance-admin.ts';
import { adminNotices } from '../routes/notices-admin.ts';
import type { GroupDeps } from '../groups.ts';
import { apiRouter, groupOf } from './group-app.ts';

export function staffGroup(deps: GroupDeps) {
  const api = apiRouter();
  api.route('/auth', auth);
  api.route('/auth/setup', accountSetup);
  api.route('/auth', accountSelf);
  api.route('/admin/accounts', adminAccounts);
  api.route('/admin/institutions', adminImport);
  api.route('/admin/institutions', adminImportJobs({ files: deps.privateStore, runner: deps.importJobs ?? createInProcessRunner({ db: deps.db, files: deps.privateStore, now: deps.now }) }));
  api.route('/admin/institutions', adminInstitutions);
  api.route('/admin/notices', adminNotices);
  api.route('/admin/fee-guidance', adminFeeGuidance);
  api.route('/admin/cases', adminCases(deps.cases));
  api.route('/admin/risk', adminRisk());
  api.route('/admin/dashboard', adminDashboard());
  api.route('/admin/audit', adminAudit());
  api.route('/admin/cases', caseAttachmentsAdmin({ privateStore: deps.privateStore }));
  return groupOf({ api });
}

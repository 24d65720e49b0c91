/**
 * The staff API: sign-in and account set-up (`/api/auth/*`) and everything under
 * `/api/admin/*`, about half the routes and their code (accounts, TOTP, triage,
 * import, notices, audit, dashboard, risk ledger). A parent's request never needs
 * it, so the app (functions/app.ts) loads this module on the first staff request
 * (`import()`, then cached; functions/staff-api-loader.ts) and hands the request
 * over; in Lambda it is a chunk of its own (infra/lambda-build.ts), which a cold
 * start does not read. The same code runs locally (`npm start`) and in Lambda.
 *
 * The app has done everything before the hand-over: the origin lock, the auth
 * secret, security headers, the body limit, the CSRF guard and the staff check.
 * This app carries on with the request's variables as the app left them
 * (`c.var`: db, secrets, store, the session and the signed-in member of staff).
 */
import type { Db } from './data/client.ts';
import type { CaseServiceOptions } from './cases/services.ts';
import { createInProcessRunner, type ImportJobRunner } from './import/job-runner.ts';
import { handleError } from './lib/errors.ts';
import { inheritedVariables, UNMATCHED_HEADER } from './staff-api-loader.ts';
import { createRouter } from './lib/openapi.ts';
import { adminAccounts } from './routes/admin-accounts.ts';
import { adminAudit } from './routes/admin-audit.ts';
import { adminCases } from './routes/admin-cases.ts';
import { adminDashboard } from './routes/admin-dashboard.ts';
import { adminImport } from './routes/admin-import.ts';
import { adminImportJobs } from './routes/admin-import-jobs.ts';
import { adminInstitutions } from './routes/admin-institutions.ts';
import { adminRisk } from './routes/admin-risk.ts';
import { accountSelf, accountSetup } from './routes/account-setup.ts';
import { auth } from './routes/auth.ts';
import { caseAttachmentsAdmin } from './routes/case-pages.ts';
import { adminFeeGuidance } from './routes/fee-guidance-admin.ts';
import { adminNotices } from './routes/notices-admin.ts';
import type { PrivateStore } from './storage/private-store.ts';

export interface StaffApiDeps {
  db: Db;
  now: () => Date;
  privateStore: PrivateStore;
  cases?: CaseServiceOptions;
  importJobs?: ImportJobRunner;
}

/** The staff routes under `/api`, with their own error boundary (the same handler as the app's). */
export function createStaffApi(deps: StaffApiDeps) {
  const app = createRouter().basePath('/api');
  app.use('*', inheritedVariables);

  app.route('/auth', auth);
  app.route('/auth/setup', accountSetup);
  app.route('/auth', accountSelf);
  app.route('/admin/accounts', adminAccounts);
  app.route('/admin/institutions', adminImport);
  app.route('/admin/institutions', adminImportJobs({ files: deps.privateStore, runner: deps.importJobs ?? createInProcessRunner({ db: deps.db, files: deps.privateStore, now: deps.now }) }));
  app.route('/admin/institutions', adminInstitutions);
  app.route('/admin/notices', adminNotices);
  app.route('/admin/fee-guidance', adminFeeGuidance);
  app.route('/admin/cases', adminCases(deps.cases));
  app.route('/admin/risk', adminRisk());
  app.route('/admin/dashboard', adminDashboard());
  app.route('/admin/audit', adminAudit());
  app.route('/admin/cases', caseAttachmentsAdmin({ privateStore: deps.privateStore }));

  // No staff route here: the app goes on to its own routes (and its 404), as when the staff routes were its own.
  app.notFound(() => new Response(null, { status: 404, headers: { [UNMATCHED_HEADER]: '1' } }));
  app.onError(handleError);
  return app;
}

export type StaffApi = ReturnType<typeof createStaffApi>;

/**
 * The console's view of a background import (/admin/import/?job=<id>) while
 * the import worker moves it on, as in AWS: the local server runs no job
 * itself (`externalRunner`); the test invokes the worker's code
 * (functions/jobs/import-worker-run.ts) with small time budgets, and the
 * page, polling every 2 s, shows the progress (and a batch being retried),
 * then the counts and the report.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getImportJob } from '../../functions/data/import-jobs.ts';
import { externalRunner } from '../../functions/import/job-runner.ts';
import { importWorkerOnce } from '../../functions/jobs/import-worker-run.ts';
import { createPrivateFsStore } from '../../functions/storage/private-store.ts';
import { findDemoStaff } from '../../scripts/demo/staff.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { failingDb, importEditor, importJobsApp, isTransaction, notingRunner, startImportJob, streamRecordOf } from '../builders/import-jobs.ts';
import { makeInstitutionFields } from '../builders/institution.ts';
import { csvText, gbkBytes, importRow } from '../fixtures/import/build.ts';
import { useBrowserSite } from '../support/browser-site.ts';

const a = t.admin;
const privateDir = (dir: string) => join(dir, 'private');
const site = useBrowserSite({ staff: true, server: ({ dir }) => ({ privateStore: createPrivateFsStore(privateDir(dir)), importJobs: externalRunner }) });
const ROWS = 120;

describe('a background import in the console', () => {
  it('shows the progress while the worker writes, then the counts and the row-by-row report', { timeout: 240_000 }, async () => {
    const files = createPrivateFsStore(privateDir(site.dir));
    const demo = findDemoStaff('culture.editor')!;
    // The job of 市文广旅局's editor, started through the API as the console starts it.
    const app = importJobsApp({ db: site.db, files, runner: notingRunner(), now: () => new Date(), staff: { ...importEditor, username: demo.username } });
    const rows = Array.from({ length: ROWS }, () => makeInstitutionFields());
    const job = await startImportJob(app, gbkBytes(csvText(rows.map((f) => importRow(f)))));

    const context = await site.newContext();
    const { page: signIn } = await site.open(context, '/admin/');
    await signIn.getByLabel(a.signIn.username).fill(demo.username);
    await signIn.getByLabel(a.signIn.password, { exact: true }).fill(demo.password);
    await signIn.getByRole('button', { name: a.signIn.submit, exact: true }).click();
    await signIn.getByRole('heading', { level: 1, name: a.dashboard.title }).waitFor();
    await signIn.close();

    const { page, problems } = await site.open(context, `/admin/import/?job=${job.id}`);
    const status = page.locator('#import-job-status');
    await expect.poll(() => status.textContent()).toBe(a.import.job.checking);

    // An invocation out of time once the whole file is checked: nothing written yet.
    const deps = { db: site.db, files, batchRows: 20, pauseMs: 1000 };
    await importWorkerOnce({ ...deps, deadline: Date.now() }, { Records: [streamRecordOf(job)] });
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe(a.import.job.applying(0, ROWS));
    // The next writes two batches, then the database fails the third, and the run ends before its retries are done.
    const stuckAt = rows[40]!.registration.creditCode;
    // The invocation's time runs out when the third batch fails (however slow the machine), so it retries nothing.
    const outOfTimeAtFailure = { ...deps, deadline: Date.now() + 120_000 };
    outOfTimeAtFailure.db = failingDb(site.db, (c) => {
      const fails = isTransaction(c) && JSON.stringify(c.input.TransactItems).includes(stuckAt);
      if (fails) outOfTimeAtFailure.deadline = Date.now();
      return fails;
    });
    await importWorkerOnce(outOfTimeAtFailure, { Records: [streamRecordOf(job)] });
    const partway = (await getImportJob(site.db, job.id))!;
    expect(partway).toMatchObject({ status: 'applying', cursor: 40 });
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe(`${a.import.job.applying(40, ROWS)} ${a.import.job.retrying(partway.lastError!)}`);
    expect(await page.locator('#import-job-progress').getAttribute('value')).toBe(String(10 + Math.floor((40 / ROWS) * 90)));

    // The next invocation (the hand-over's wake-up) finishes it.
    await importWorkerOnce({ ...deps, deadline: Date.now() + 120_000 }, { Records: [streamRecordOf(job)] });
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe(a.import.job.done(ROWS, ROWS, 0));
    await page.locator('#import-report').waitFor();
    expect(await page.locator('#import-report-heading').textContent()).toBe(a.import.finalHeading);
    expect(await page.locator('#import-count-create').textContent()).toBe(`${ROWS} ${a.import.rowsUnit}`);
    expect(await page.locator('#import-rows tr').first().textContent()).toContain(a.import.results.applied);
    await site.expectNoAxeViolations(page, 'the finished background import');
    site.expectNoProblems(problems);
  });
});

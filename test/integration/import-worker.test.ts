/**
 * The import worker as AWS runs it (functions/jobs/import-worker-run.ts, the
 * Lambda handler's whole work) on DynamoDB Local: each call is one
 * invocation with a small time budget, woken by the stream record of the
 * job's last write (what the event source mapping lets through: an
 * IMPORTJOB# item now checking or applying) or by the schedule's sweep.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../functions/data/client.ts';
import { getImportJob, type ImportJob } from '../../functions/data/import-jobs.ts';
import { isActive } from '../../functions/import/job.ts';
import { importWorkerOnce, type ImportWorkerDeps, type ImportWorkerRun } from '../../functions/jobs/import-worker-run.ts';
import { createPrivateFsStore, type PrivateStore } from '../../functions/storage/private-store.ts';
import { scanAll } from '../builders/cases.ts';
import { failingDb, importJobsApp, importProgress, isTransaction, notingRunner, startImportJob, streamRecordOf } from '../builders/import-jobs.ts';
import { makeInstitutionFields } from '../builders/institution.ts';
import { csvText, gbkBytes, importRow } from '../fixtures/import/build.ts';
import { createTestDb } from '../support/db.ts';

const now = new Date('2026-12-04T02:00:00Z');
const ROWS = 300;

let db: Db;
let files: PrivateStore;
beforeAll(async () => {
  // DynamoDB Local answers some transactions 500 under load: the client rides them out, so only the injected failures fail.
  db = await createTestDb({ maxAttempts: 8 });
  files = createPrivateFsStore(mkdtempSync(join(tmpdir(), 'shouhu-import-worker-')));
});

/** A list of `rows` new institutions, uploaded and started through the console's routes. */
async function started(rows = ROWS) {
  const fields = Array.from({ length: rows }, () => makeInstitutionFields());
  const runner = notingRunner();
  const app = importJobsApp({ db, files, runner, now: () => now });
  const job = await startImportJob(app, gbkBytes(csvText(fields.map((f) => importRow(f)))));
  expect(job.status).toBe('checking');
  return { app, job, fields };
}

/** One invocation: `budgetMs` from now until its deadline, as the handler computes it from the remaining time. */
const invoke = (deps: Omit<ImportWorkerDeps, 'files' | 'deadline'>, event: Parameters<typeof importWorkerOnce>[1], budgetMs: number) =>
  importWorkerOnce({ files, batchRows: 25, pauseMs: 10, now: () => now, ...deps, deadline: Date.now() + budgetMs }, event);

/** The stream, as the mapping filters it: the job's last write wakes the next invocation while the job is active. */
async function wakesNext(id: string): Promise<ImportJob | null> {
  const job = await getImportJob(db, id);
  return job && isActive(job) ? job : null;
}

/** The institutions, events and claims of these rows: each exactly once, never rewritten. */
async function expectWrittenOnce(fields: ReturnType<typeof makeInstitutionFields>[]) {
  const codes = new Set(fields.map((f) => f.registration.creditCode));
  const items = await scanAll(db);
  const ours = items.filter((i) => i.entity === 'institution' && codes.has((i.registration as { creditCode: string }).creditCode));
  expect(ours).toHaveLength(fields.length);
  expect(ours.every((r) => r.version === 1)).toBe(true);
  const ids = new Set(ours.map((r) => String(r.pk)));
  expect(items.filter((i) => i.entity === 'institution_event' && ids.has(String(i.pk)))).toHaveLength(fields.length);
  expect(items.filter((i) => i.entity === 'unique_claim' && ids.has(`INST#${String(i.institutionId)}`))).toHaveLength(2 * fields.length);
}

describe('the import worker', () => {
  it('takes a job longer than one invocation to its end: each stops at its deadline and hands over to the next', { timeout: 300_000 }, async () => {
    const { app, job, fields } = await started();
    const runs: ImportWorkerRun[] = [];
    let next: ImportJob | null = job;
    while (next && runs.length < 200) {
      // A budget shorter than the job takes even on a fast machine (12 batches of 25 rows, each a few transactions).
      runs.push(await invoke({ db }, { Records: [streamRecordOf(next)] }, 150));
      next = await wakesNext(job.id);
      // What the console shows between two invocations.
      if (next) expect(await importProgress(app, job.id)).toMatchObject({ status: next.status, cursor: next.cursor });
    }
    expect(runs.length).toBeGreaterThan(2);
    const final = await getImportJob(db, job.id);
    expect(final).toMatchObject({ status: 'done', rows: ROWS, cursor: ROWS, attempts: 0, summary: { create: ROWS } });
    // Every invocation but the last stopped at its deadline with the job active and, when it had moved it on, woke the next
    // by a write after its lease was free (one that moved nothing, the machine too slow for the budget, leaves it to the sweep).
    for (const run of runs.slice(0, -1)) expect(run.jobs[0]).toMatchObject({ id: job.id, busy: false, handedOver: run.jobs[0]!.saves > 0 });
    expect(runs.filter((r) => r.jobs[0]!.handedOver).length).toBeGreaterThanOrEqual(2);
    expect(runs.at(-1)!.jobs[0]).toMatchObject({ status: 'done', handedOver: false });
    // The cursor only moved forward, batch by batch.
    const cursors = runs.map((r) => r.jobs[0]!.cursor);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    await expectWrittenOnce(fields);
  });

  it('two invocations at once (the stream and the sweep): one holds the job, the other leaves it; every row once', { timeout: 300_000 }, async () => {
    const { job, fields } = await started();
    const later = new Date(now.getTime() + 10 * 60_000);
    const [stream, sweep] = await Promise.all([
      invoke({ db }, { Records: [streamRecordOf(job)] }, 60_000),
      // The schedule's event, ten minutes on: the job looks stale to it.
      invoke({ db, now: () => later }, { source: 'aws.events', 'detail-type': 'Scheduled Event' }, 60_000),
    ]);
    expect(sweep.trigger).toBe('schedule');
    const mine = sweep.jobs.find((j) => j.id === job.id);
    expect(mine).toBeDefined();
    expect([stream.jobs[0]!.busy, mine!.busy].sort()).toEqual([false, true]);
    let next = await wakesNext(job.id);
    for (let n = 0; next && n < 50; n++) {
      await invoke({ db }, { Records: [streamRecordOf(next)] }, 60_000);
      next = await wakesNext(job.id);
    }
    expect(await getImportJob(db, job.id)).toMatchObject({ status: 'done', cursor: ROWS });
    await expectWrittenOnce(fields);
  });

  it('a batch that fails is tried again within the run (after a pause) and every row is still written once', { timeout: 300_000 }, async () => {
    const { job, fields } = await started();
    // The database fails the transaction that creates row 130 (the sixth batch of 25), twice.
    const failAt = fields[130]!.registration.creditCode;
    let failures = 0;
    const flaky = failingDb(db, (c) => isTransaction(c) && JSON.stringify(c.input.TransactItems).includes(failAt) && ++failures <= 2);
    const run = await invoke({ db: flaky }, { Records: [streamRecordOf(job)] }, 120_000);
    expect(failures).toBe(3);
    expect(run.jobs[0]).toMatchObject({ status: 'done', cursor: ROWS, errors: 0, handedOver: false });
    const final = await getImportJob(db, job.id);
    expect(final).toMatchObject({ status: 'done', attempts: 0 });
    expect(final!.lastError).toBeUndefined();
    await expectWrittenOnce(fields);
  });

  it('a batch that keeps failing stops the job failed, nothing after its cursor written, and no hand-over', { timeout: 300_000 }, async () => {
    const { job, fields } = await started(60);
    const broken = failingDb(db, isTransaction);
    const run = await invoke({ db: broken }, { Records: [streamRecordOf(job)] }, 120_000);
    expect(run.jobs[0]).toMatchObject({ status: 'failed', cursor: 0, handedOver: false });
    const failed = await getImportJob(db, job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 5, cursor: 0 });
    expect(failed!.lastError).toContain('写入数据库时出错');
    const codes = new Set(fields.map((f) => f.registration.creditCode));
    expect((await scanAll(db)).filter((i) => i.entity === 'institution' && codes.has((i.registration as { creditCode: string }).creditCode))).toEqual([]);
    // A failed job is not active: its record wakes nobody, and the sweep does not pick it up.
    const sweep = await invoke({ db, now: () => new Date(now.getTime() + 60 * 60_000) }, {}, 10_000);
    expect(sweep.jobs.map((j) => j.id)).not.toContain(job.id);
  });

  it('the sweep picks up an active job only once nobody has written it for five minutes', { timeout: 120_000 }, async () => {
    const { job } = await started(30);
    const at = (minutes: number) => () => new Date(now.getTime() + minutes * 60_000);
    expect((await invoke({ db, now: at(4) }, {}, 10_000)).jobs.map((j) => j.id)).not.toContain(job.id);
    const sweep = await invoke({ db, now: at(6) }, {}, 60_000);
    expect(sweep.stale).toBeGreaterThanOrEqual(1);
    expect(sweep.jobs.find((j) => j.id === job.id)).toMatchObject({ status: 'done', cursor: 30 });
  });
});

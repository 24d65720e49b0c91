/**
 * The background import (functions/import/job.ts, routes in
 * functions/routes/admin-import-jobs.ts) on DynamoDB Local: a list uploaded
 * in parts, checked, then written batch by batch; a database failure and a
 * crash injected midway; resumed; every row written exactly once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../functions/data/client.ts';
import { getImportJob, type ImportJob } from '../../functions/data/import-jobs.ts';
import { findIdByCreditCode } from '../../functions/data/institutions.ts';
import { advanceImportJob, MAX_ATTEMPTS } from '../../functions/import/job.ts';
import { createInProcessRunner, type ImportJobRunner } from '../../functions/import/job-runner.ts';
import { createPrivateFsStore, type PrivateStore } from '../../functions/storage/private-store.ts';
import type { StaffSummary } from '../../shared/schemas/staff.ts';
import { scanAll } from '../builders/cases.ts';
import { failingDb, importEditor, importJobsApp, importProgress, isTransaction, notingRunner } from '../builders/import-jobs.ts';
import { makeInstitutionFields } from '../builders/institution.ts';
import { csvText, gbkBytes, importRow } from '../fixtures/import/build.ts';
import { createTestDb } from '../support/db.ts';

const editor: StaffSummary = importEditor;
const now = new Date('2026-12-04T02:00:00Z');

let db: Db;
let files: PrivateStore;
beforeAll(async () => {
  // DynamoDB Local answers some transactions 500 under load: the client rides them out, so only the injected failures fail.
  db = await createTestDb({ maxAttempts: 8 });
  files = createPrivateFsStore(mkdtempSync(join(tmpdir(), 'shouhu-import-jobs-')));
});

function appFor(runner: ImportJobRunner, staff: StaffSummary = editor) {
  return importJobsApp({ db, files, runner, now: () => now, staff });
}

/** Uploads a file as the console does: the job, its parts, start. */
async function startJob(app: ReturnType<typeof appFor>, bytes: Uint8Array): Promise<ImportJob> {
  const created = await app.request('/api/admin/institutions/import-jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fileName: 'list.csv', size: bytes.length }) });
  expect(created.status).toBe(201);
  const job = (await created.json()) as ImportJob;
  expect(job).toMatchObject({ status: 'uploading', parts: 1 });
  const put = await app.request(`/api/admin/institutions/import-jobs/${job.id}/parts/0`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes.slice() });
  expect(put.status).toBe(204);
  const started = await app.request(`/api/admin/institutions/import-jobs/${job.id}/start`, { method: 'POST' });
  expect(started.status).toBe(202);
  return (await started.json()) as ImportJob;
}

const failing = (fail: Parameters<typeof failingDb>[1]) => failingDb(db, fail);
const progress = importProgress;

describe('a background import', () => {
  it('survives a database failure and a crash midway: resumed, every row is written exactly once', { timeout: 240_000 }, async () => {
    const ROWS = 600;
    const rows = Array.from({ length: ROWS }, () => makeInstitutionFields());
    const runner = notingRunner();
    const app = appFor(runner);
    const job = await startJob(app, gbkBytes(csvText(rows.map((f) => importRow(f)))));
    expect(job.status).toBe('checking');
    expect(runner.woken).toEqual([job.id]);
    const deps = { files, now: () => now, batchRows: 50 };

    // 1. The database fails the fifth batch's second transaction (2 transactions of 25 creates each: rows 225–249), once.
    // Named by the row it creates, not by counting transactions: a call DynamoDB Local fails under load in an earlier batch
    // (and the batch's retry) would shift a count.
    const failAt = rows[225]!.registration.creditCode;
    let failures = 0;
    const createsFailAt = (c: { constructor: { name: string }; input: Record<string, unknown> }) => isTransaction(c) && JSON.stringify(c.input.TransactItems).includes(failAt);
    const afterFailure = await advanceImportJob({ ...deps, db: failing((c) => createsFailAt(c) && ++failures === 1) }, job.id);
    expect(failures).toBe(1);
    expect(afterFailure).toMatchObject({ status: 'applying', rows: ROWS, cursor: 200, attempts: 1, summary: { create: ROWS, update: 0, unchanged: 0, rejected: 0 } });
    expect(afterFailure!.lastError).toContain('写入数据库时出错');
    // What the console shows meanwhile.
    expect(await progress(app, job.id)).toMatchObject({ status: 'applying', cursor: 200, rows: ROWS });

    // 2. A crash after the eighth batch's writes, before its checkpoint: the cursor stays at 350.
    const crash = failing((c) => c.constructor.name === 'PutCommand' && String((c.input.Item as { pk?: string }).pk).startsWith('IMPORTJOB#') && (c.input.Item as { cursor?: number }).cursor === 400);
    await expect(advanceImportJob({ ...deps, db: crash }, job.id)).rejects.toThrow('injected failure');
    expect(await getImportJob(db, job.id)).toMatchObject({ status: 'applying', cursor: 350 });
    expect(await findIdByCreditCode(db, rows[375]!.registration.creditCode)).not.toBeNull();

    // 3. Resumed: the eighth batch again (its rows now unchanged), then the rest.
    const done = await advanceImportJob({ ...deps, db }, job.id);
    expect(done).toMatchObject({ status: 'done', cursor: ROWS, attempts: 0 });
    expect(done!.lastError).toBeUndefined();

    const items = await scanAll(db);
    const records = items.filter((i) => i.entity === 'institution');
    const events = items.filter((i) => i.entity === 'institution_event');
    expect(records).toHaveLength(ROWS);
    expect(new Set(records.map((r) => (r.registration as { creditCode: string }).creditCode))).toEqual(new Set(rows.map((f) => f.registration.creditCode)));
    // Exactly once: each created once, never updated by a batch run again.
    expect(records.every((r) => r.version === 1)).toBe(true);
    expect(events).toHaveLength(ROWS);
    expect(items.filter((i) => i.entity === 'unique_claim')).toHaveLength(2 * ROWS);
  });

  it('writes nothing when a row is rejected, and reports the row', { timeout: 120_000 }, async () => {
    const good = makeInstitutionFields();
    const bad = importRow(makeInstitutionFields(), 'approved', { creditCode: '12345' });
    const runner = notingRunner();
    const app = appFor(runner);
    const job = await startJob(app, gbkBytes(csvText([importRow(good), bad])));
    const rejected = await advanceImportJob({ db, files, now: () => now }, job.id);
    expect(rejected).toMatchObject({ status: 'rejected', rows: 2, summary: { create: 1, rejected: 1 } });
    expect(rejected!.problems.join()).toContain('第3行');
    expect(await findIdByCreditCode(db, good.registration.creditCode)).toBeNull();
    const report = await app.request(`/api/admin/institutions/import-jobs/${job.id}/report`);
    expect(report.status).toBe(200);
    expect((await report.json()).rows[1]).toMatchObject({ row: 3, action: 'rejected' });
  });

  it(`stops as failed after ${MAX_ATTEMPTS} failed tries; resumed by an editor of its department, it finishes`, { timeout: 120_000 }, async () => {
    const rows = Array.from({ length: 30 }, () => makeInstitutionFields());
    const runner = notingRunner();
    const app = appFor(runner);
    const job = await startJob(app, gbkBytes(csvText(rows.map((f) => importRow(f)))));
    const broken = failing(isTransaction);
    let current: ImportJob | null = null;
    for (let i = 0; i < MAX_ATTEMPTS; i++) current = await advanceImportJob({ db: broken, files, now: () => now }, job.id);
    expect(current).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, cursor: 0 });

    const other = appFor(runner, { ...editor, username: 'edu.editor', department: { id: 'education-411500', name: '信阳市教育局', kind: 'education', regionCode: '411500' } });
    expect((await other.request(`/api/admin/institutions/import-jobs/${job.id}/resume`, { method: 'POST' })).status).toBe(403);

    const resumed = await app.request(`/api/admin/institutions/import-jobs/${job.id}/resume`, { method: 'POST' });
    expect(resumed.status).toBe(202);
    expect(await resumed.json()).toMatchObject({ status: 'applying', attempts: 0 });
    expect(runner.woken.at(-1)).toBe(job.id);
    expect(await advanceImportJob({ db, files, now: () => now }, job.id)).toMatchObject({ status: 'done', cursor: 30 });
    for (const f of rows) expect(await findIdByCreditCode(db, f.registration.creditCode)).not.toBeNull();
  });

  it('locally, the API process runs a started job to its end, a failed batch retried after a pause (npm start)', { timeout: 120_000 }, async () => {
    const rows = Array.from({ length: 60 }, () => makeInstitutionFields());
    const failAt = rows[30]!.registration.creditCode;
    let failures = 0;
    const flaky = failing((c) => isTransaction(c) && JSON.stringify(c.input.TransactItems).includes(failAt) && ++failures === 1);
    const runner = createInProcessRunner({ db: flaky, files, now: () => now, batchRows: 20, pauseMs: 10 });
    const app = appFor(runner);
    const job = await startJob(app, gbkBytes(csvText(rows.map((f) => importRow(f)))));
    await runner.settled(job.id);
    expect(failures).toBe(2);
    expect(await progress(app, job.id)).toMatchObject({ status: 'done', cursor: 60, attempts: 0 });
    for (const f of rows) expect(await findIdByCreditCode(db, f.registration.creditCode)).not.toBeNull();
  });
});

/**
 * The import as a background job: up to 100,000 rows, far past what one
 * request can do inside API Gateway's 29 s. The console uploads the file in
 * parts (each ≤ IMPORT_PART_BYTES, into the private store), starts the job,
 * and polls its progress; the job is advanced by a worker (in-process
 * locally, ./job-runner.ts; functions/jobs/import-worker.ts in AWS) that runs
 * `advanceImportJob`:
 *
 * 1. **checking**: the whole file read and planned against the registry, as
 *    the dry run does; if any row is rejected (or the file lacks a column)
 *    the job ends `rejected` and nothing is written: never half-imported
 *    because of a bad row. The full report goes to the private store.
 * 2. **applying**: `batchRows` rows at a time, in the file's order: the
 *    batch planned again against the registry as it is now and applied
 *    (creates 25 to a transaction, updates one by one: apply.ts), then the
 *    cursor moved past it, conditional on the job's version. Rows are keyed
 *    by credit code, so a batch run again after a crash (its writes done,
 *    its cursor not moved) plans its written rows as unchanged: every row is
 *    written exactly once. A batch that fails is retried by the next wake-up,
 *    up to MAX_ATTEMPTS in a row, then the job stops as `failed` with the
 *    reason, and `resumeImportJob` (the console's 继续导入) goes on from the cursor.
 * 3. **done**, with the report.
 *
 * One worker per job at a time: a lease per job (functions/data/locks.ts).
 * Who runs it: ./job-runner.ts (`runImportJob`: the retries and their pauses),
 * called in the API process locally and by the import worker in AWS
 * (functions/jobs/import-worker.ts).
 */
import type { Db } from '../data/client.ts';
import { lookupForImport } from '../data/import.ts';
import { getImportJob, saveImportJob, type ImportJob } from '../data/import-jobs.ts';
import { withLease, type Leased } from '../jobs/lease.ts';
import type { PrivateStore } from '../storage/private-store.ts';
import { applyPlan, describeFailure } from './apply.ts';
import { chinaDate, lookupKeys, planImport, type ImportPlan } from './plan.ts';
import { ImportFileError, readSheet, type Sheet } from './read.ts';
import { buildReport } from './report.ts';
import { newInstitutionId } from './run.ts';
import { createHash } from 'node:crypto';

import { MAX_JOB_ROWS } from './limits.ts';
import { firstUse } from '../lib/first-use.ts';

export { IMPORT_PART_BYTES, MAX_JOB_BYTES, MAX_JOB_ROWS } from './limits.ts';
/** Rows written between two checkpoints. */
export const JOB_BATCH_ROWS = 500;
/** Failed batches in a row before the job stops and waits for someone to resume it. */
export const MAX_ATTEMPTS = 5;

export const importPartKey = (id: string, part: number) => `imports/${id}/part-${String(part).padStart(3, '0')}`;
export const importReportKey = (id: string) => `imports/${id}/report.json`;

export interface ImportJobDeps {
  db: Db;
  files: PrivateStore;
  now?: () => Date;
  newId?: () => string;
  batchRows?: number;
  /** Epoch ms: no batch starts after it (a Lambda's remaining time); default none. */
  deadline?: number;
}

export const isActive = (job: ImportJob) => job.status === 'checking' || job.status === 'applying';

/** The uploaded file, its parts put together; null when a part is missing. */
export async function readJobFile(files: PrivateStore, job: Pick<ImportJob, 'id' | 'parts' | 'size'>): Promise<Uint8Array | null> {
  const parts: Buffer[] = [];
  for (let n = 0; n < job.parts; n++) {
    const part = await files.get(importPartKey(job.id, n));
    if (!part) return null;
    parts.push(part);
  }
  const bytes = Buffer.concat(parts);
  return bytes.length === job.size ? bytes : null;
}

const sha256 = (body: Uint8Array) => createHash('sha256').update(body).digest('hex');

/**
 * The scope rules, with the jurisdiction they read (its departments; parsed when
 * loaded), on first use: a job's first check or batch loads them, and the import
 * worker's scheduled runs, which mostly find no job, never parse the jurisdiction
 * (docs/benchmarks.md, "Lambda bundles").
 */
const scopeRules = firstUse(() => import('#shared/rules/scope.ts'));

async function planOf(sheet: Sheet, job: ImportJob, lookups: Awaited<ReturnType<typeof lookupForImport>>, now: Date, newId: () => string): Promise<ImportPlan> {
  const { canManageInstitution } = await scopeRules();
  return planImport(sheet, lookups, {
    newId,
    today: chinaDate(now),
    inScope: (target) => canManageInstitution({ departmentId: job.actor.departmentId }, target),
    importerDepartment: job.departmentName,
  });
}

/** What a row-level problem reads like in the job's list of problems (the first few; the report has all). */
const MAX_LISTED_PROBLEMS = 20;

/**
 * Moves the job on as far as it can before `deadline`: checks the file,
 * then writes batch after batch. Answers the job as it then stands. A job
 * another worker holds is left alone (answered as read).
 */
export async function advanceImportJob(deps: ImportJobDeps, id: string): Promise<ImportJob | null> {
  const leased = await tryAdvanceImportJob(deps, id);
  return leased.busy ? getImportJob(deps.db, id) : leased.result;
}

/** As `advanceImportJob`, but says when another worker holds the job (`busy`: nothing was done). */
export function tryAdvanceImportJob(deps: ImportJobDeps, id: string): Promise<Leased<ImportJob | null>> {
  return withLease(deps.db, `import-${id}`, () => advance(deps, id));
}

async function advance(deps: ImportJobDeps, id: string): Promise<ImportJob | null> {
  const { db, files } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? newInstitutionId;
  let job = await getImportJob(db, id);
  if (!job || !isActive(job)) return job;

  const save = async (next: Omit<ImportJob, 'version'>): Promise<ImportJob> => {
    const saved = await saveImportJob(db, job!, { ...next, updatedAt: now().toISOString() });
    if (!saved) throw new Error('the import job was changed by another worker');
    return saved;
  };
  const finish = (status: 'done' | 'rejected' | 'failed', extra: Partial<ImportJob> = {}) =>
    save({ ...job!, ...extra, status, finishedAt: now().toISOString() });

  const bytes = await readJobFile(files, job);
  if (!bytes) return finish('failed', { problems: ['上传的文件不完整，请重新上传'] });
  let sheet: Sheet;
  try {
    sheet = await readSheet(bytes, { maxRows: MAX_JOB_ROWS });
  } catch (error) {
    if (error instanceof ImportFileError) return finish('rejected', { problems: [error.message] });
    throw error;
  }

  if (job.status === 'checking') {
    const plan = await planOf(sheet, job, await lookupForImport(db, lookupKeys(sheet)), now(), newId);
    const report = buildReport(sheet, plan, true);
    const body = Buffer.from(JSON.stringify(report));
    await files.put(importReportKey(id), body, { contentType: 'application/json', sha256: sha256(body) });
    const rejected = plan.rows.filter((r) => r.action === 'rejected');
    const problems = [
      ...plan.fileProblems,
      ...rejected.slice(0, MAX_LISTED_PROBLEMS).map((r) => `第${r.row}行：${r.action === 'rejected' ? r.problems.map((p) => `${p.column}${p.message}`).join('；') : ''}`),
    ];
    if (plan.fileProblems.length > 0 || rejected.length > 0) return finish('rejected', { rows: sheet.rows.length, summary: plan.summary, problems });
    job = await save({ ...job, status: 'applying', rows: sheet.rows.length, summary: plan.summary, cursor: 0, problems: [] });
  }

  const batchRows = deps.batchRows ?? JOB_BATCH_ROWS;
  while (job.cursor < job.rows) {
    if (deps.deadline !== undefined && Date.now() >= deps.deadline) return job;
    const batch: Sheet = { ...sheet, rows: sheet.rows.slice(job.cursor, job.cursor + batchRows) };
    const at = now();
    const plan = await planOf(batch, job, await lookupForImport(db, lookupKeys(batch)), at, newId);
    const rejected = plan.rows.find((r) => r.action === 'rejected');
    let failure: string | undefined;
    if (rejected?.action === 'rejected') {
      // The registry changed since the check (another institution took a licence number meanwhile).
      failure = `第${rejected.row}行：${rejected.problems.map((p) => `${p.column}${p.message}`).join('；')}`;
    } else {
      const applied = await applyPlan(db, plan, { actor: job.actor, now: at });
      if (applied.firstError !== undefined || applied.failed > 0) failure = describeFailure(applied.firstError);
    }
    if (failure) {
      const attempts = job.attempts + 1;
      if (attempts >= MAX_ATTEMPTS) return finish('failed', { attempts, lastError: failure });
      job = await save({ ...job, attempts, lastError: failure });
      return job;
    }
    const { lastError: _lastError, ...rest } = job;
    job = await save({ ...rest, cursor: job.cursor + batch.rows.length, attempts: 0 });
  }
  return finish('done');
}

/** A failed job goes on from its cursor (a rejected one cannot: its file must be fixed and imported again). */
export async function resumeImportJob(db: Db, job: ImportJob, now: Date): Promise<ImportJob | null> {
  if (job.status !== 'failed') return job;
  const { lastError: _lastError, finishedAt: _finishedAt, ...rest } = job;
  return saveImportJob(db, job, { ...rest, status: job.summary ? 'applying' : 'checking', attempts: 0, problems: [], updatedAt: now.toISOString() });
}

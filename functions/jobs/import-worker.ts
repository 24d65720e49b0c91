/**
 * The import worker in AWS (infra/constructs/jobs.ts): moves background
 * imports on (functions/import/job.ts), as the API process does locally.
 * Woken by the table's stream, filtered to import jobs now checking or
 * applying, and by a schedule every five minutes for jobs nobody has moved
 * on (./import-worker-run.ts says how, and how a job longer than one
 * invocation goes on in the next).
 *
 * Its deadline is the invocation's remaining time less MARGIN_MS: no batch
 * starts after it, and one batch (500 rows) and the hand-over fit in the
 * margin. The whole file's check, a job's first step, runs at once and must
 * fit in the function's timeout (15 minutes; 100,000 rows took one to two
 * minutes on the benchmark machine, docs/benchmarks.md "Bulk import as a
 * background job").
 *
 * Metrics (Embedded Metric Format, ./metrics.ts), per invocation:
 * `ImportJobsFailed` (jobs this run left `failed`), `ImportJobsStale` (jobs
 * the schedule found without a worker) and `ImportWorkerErrors` (unexpected
 * errors, each logged). Logs ids, counts and states, never a row.
 *
 * Environment: TABLE_NAME, ATTACHMENTS_BUCKET (the private store: the
 * uploaded parts and the report, `imports/<id>/…`).
 */
import { readFunctionName, readImportWorkerEnv } from '../config.ts';
import { createDb } from '../data/client.ts';
import { createPrivateS3Store } from '../storage/private-s3-store.ts';
import { importWorkerOnce, type ImportWorkerEvent, type ImportWorkerRun } from './import-worker-run.ts';
import { emitMetrics } from './metrics.ts';

const env = readImportWorkerEnv();
const functionName = readFunctionName();
const db = createDb({ tableName: env.TABLE_NAME, region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });
const files = createPrivateS3Store({ bucket: env.ATTACHMENTS_BUCKET, region: env.AWS_REGION });
/** Left for the last batch, its checkpoint and the hand-over after the deadline. */
export const MARGIN_MS = 2 * 60_000;

export async function handler(event: ImportWorkerEvent, context?: { getRemainingTimeInMillis(): number }): Promise<ImportWorkerRun> {
  const remaining = context?.getRemainingTimeInMillis() ?? 5 * 60_000;
  const run = await importWorkerOnce({ db, files, deadline: Date.now() + Math.max(10_000, remaining - MARGIN_MS) }, event);
  console.log(JSON.stringify({ importWorker: run }));
  emitMetrics(functionName, {
    ImportJobsFailed: { value: run.jobs.filter((j) => j.status === 'failed' && j.saves > 0).length, unit: 'Count' },
    ImportJobsStale: { value: run.stale, unit: 'Count' },
    ImportWorkerErrors: { value: run.jobs.reduce((n, j) => n + j.errors, 0), unit: 'Count' },
  });
  return run;
}

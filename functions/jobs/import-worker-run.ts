/**
 * One invocation of the import worker (./import-worker.ts), apart from
 * Lambda so that tests and the benchmark run exactly this.
 *
 * What it is woken by says which jobs to move on:
 * - the table's stream (the event source mapping lets through only records
 *   of `IMPORTJOB#…` items now `checking` or `applying`,
 *   infra/constructs/jobs.ts): the jobs the records name;
 * - the schedule (anything else): active jobs nobody has written for
 *   `staleAfterMs` (a worker that died, a wake-up lost), from the sparse
 *   index `IMPORTJOB#ACTIVE`, at most STALE_JOBS_PER_RUN, never a scan.
 *
 * Each job runs (functions/import/job-runner.ts `runImportJob`) until it ends
 * or until the deadline (the invocation's remaining time less a margin), the
 * jobs of one wake-up side by side. A job that is still active at the deadline is handed
 * over: one more write of its item, after its lease is released, which is a
 * stream record the mapping lets through, so the next invocation goes on
 * from the cursor. (Its batch checkpoints are stream records too, but those
 * reach a worker only after this invocation returns, and a worker woken
 * meanwhile, by the schedule, finds the lease held and does nothing; the
 * hand-over is the one wake-up written once the job is free.) No hand-over
 * when the run moved nothing (errors all along): then only the schedule
 * wakes it again, so a broken job cannot wake itself in a loop.
 * A second worker on the same job at once finds its lease held and returns
 * (`busy`); every checkpoint is conditional on the job's version.
 */
import type { Db } from '../data/client.ts';
import { IMPORT_JOB_PREFIX as PREFIX, listStaleImportJobs, saveImportJob, type ImportJob } from '../data/import-jobs.ts';
import type { ImportJobDeps } from '../import/job.ts';
import { isActive } from '../import/job.ts';
import { runImportJob, type ImportJobRunOptions } from '../import/job-runner.ts';

/** A job not written for this long while active has no worker (a run checkpoints every batch, seconds apart). */
export const STALE_AFTER_MS = 5 * 60_000;
/** Stale jobs one scheduled run picks up. */
export const STALE_JOBS_PER_RUN = 10;

/** The parts of a DynamoDB stream record the worker reads. */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { Keys?: Record<string, { S?: string }> };
}

export type ImportWorkerEvent = { Records: StreamRecordLike[] } | Record<string, unknown> | undefined;

export interface ImportWorkerJob {
  id: string;
  status: ImportJob['status'] | 'missing';
  cursor: number;
  rows: number;
  busy: boolean;
  saves: number;
  errors: number;
  handedOver: boolean;
}

export interface ImportWorkerRun {
  trigger: 'stream' | 'schedule';
  /** Schedule: how many active jobs had not been written for `staleAfterMs`. */
  stale: number;
  jobs: ImportWorkerJob[];
}

export interface ImportWorkerDeps extends ImportJobDeps, ImportJobRunOptions {
  staleAfterMs?: number;
}

/** The job ids a stream event names, once each, in order. */
export function jobIdsOf(records: readonly StreamRecordLike[]): string[] {
  const ids = records.map((r) => r.dynamodb?.Keys?.pk?.S).filter((pk): pk is string => pk?.startsWith(PREFIX) === true);
  return [...new Set(ids.map((pk) => pk.slice(PREFIX.length)))];
}

const isStreamEvent = (event: ImportWorkerEvent): event is { Records: StreamRecordLike[] } =>
  typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records);

/** The write that wakes the next worker: the job as it is, its `updatedAt` now (conditional on its version). */
async function handOver(db: Db, job: ImportJob, now: Date): Promise<boolean> {
  return (await saveImportJob(db, job, { ...job, updatedAt: now.toISOString() })) !== null;
}

export async function importWorkerOnce(deps: ImportWorkerDeps, event: ImportWorkerEvent): Promise<ImportWorkerRun> {
  const now = deps.now ?? (() => new Date());
  let trigger: ImportWorkerRun['trigger'] = 'stream';
  let stale = 0;
  let ids: string[];
  if (isStreamEvent(event)) {
    ids = jobIdsOf(event.Records);
  } else {
    trigger = 'schedule';
    const found = await listStaleImportJobs(deps.db, new Date(now().getTime() - (deps.staleAfterMs ?? STALE_AFTER_MS)), STALE_JOBS_PER_RUN);
    stale = found.length;
    ids = found.map((j) => j.id);
  }

  // The jobs of one wake-up side by side (rarely more than one: a department imports one list at a time).
  const jobs = await Promise.all(
    ids.map(async (id) => {
      const run = await runImportJob(deps, id);
      const handedOver = !run.busy && run.saves > 0 && run.job !== null && isActive(run.job) && (await handOver(deps.db, run.job, now()));
      return summary(id, run.job, run, handedOver);
    }),
  );
  return { trigger, stale, jobs };
}

function summary(id: string, job: ImportJob | null, run: { busy: boolean; saves: number; errors: number }, handedOver: boolean): ImportWorkerJob {
  return { id, status: job?.status ?? 'missing', cursor: job?.cursor ?? 0, rows: job?.rows ?? 0, busy: run.busy, saves: run.saves, errors: run.errors, handedOver };
}

/**
 * Who advances import jobs, and how a run goes.
 *
 * `runImportJob` is one worker's run of one job: `advanceImportJob` again and
 * again, pausing after a failed batch (1, 2, 4 … s) until the job ends
 * (MAX_ATTEMPTS failed batches in a row stop it as `failed`), or until its
 * `deadline`; an unexpected error (the file unreadable, the table away) is
 * retried after the same pauses, at most MAX_ERRORS times. Two callers:
 *
 * - locally (`npm start`, tests) the API process itself, in the background
 *   (`createInProcessRunner`): `wake(id)` runs the job to its end;
 * - in AWS the import worker function (functions/jobs/import-worker.ts),
 *   woken by the table's stream when a job is checking or applying and by a
 *   schedule that finds jobs nobody moved on (infra/constructs/jobs.ts);
 *   there the API's `wake` has nothing to do (`externalRunner`,
 *   functions/lambda.ts).
 */
import { getImportJob, type ImportJob } from '../data/import-jobs.ts';
import { isActive, tryAdvanceImportJob, type ImportJobDeps } from './job.ts';

/** Unexpected errors in one run before it gives up (the job stays active: the next wake-up goes on). */
export const MAX_ERRORS = 20;

export interface ImportJobRunOptions {
  /** The first pause after a failure, doubled each time up to 32x. @default 1000 */
  pauseMs?: number;
}

export interface ImportJobRun {
  /** The job as the run left it (null: no such job). */
  job: ImportJob | null;
  /** Another worker held the job: this run did nothing. */
  busy: boolean;
  /** Versions this run wrote (0: it moved nothing). */
  saves: number;
  /** Unexpected errors met (each logged). */
  errors: number;
}

const log = (msg: string, id: string, error: unknown) =>
  console.error(JSON.stringify({ level: 'error', msg, job: id, name: (error as Error).name, message: (error as Error).message }));

export async function runImportJob(deps: ImportJobDeps & ImportJobRunOptions, id: string): Promise<ImportJobRun> {
  const pause = deps.pauseMs ?? 1000;
  const wait = (n: number) => pause * 2 ** Math.min(n, 5);
  /** Whether a pause of `ms` would end past the deadline. */
  const outOfTime = (ms: number) => deps.deadline !== undefined && Date.now() + ms >= deps.deadline;
  /** The job's version when the run began: what it saved is the difference. */
  let first: number | undefined;
  let job: ImportJob | null = null;
  let errors = 0;
  const run = (busy: boolean): ImportJobRun => ({ job, busy, saves: job && first !== undefined && !busy ? job.version - first : 0, errors });
  for (;;) {
    try {
      first ??= (await getImportJob(deps.db, id))?.version ?? 0;
      const leased = await tryAdvanceImportJob(deps, id);
      if (leased.busy) {
        job = await getImportJob(deps.db, id);
        return run(true);
      }
      job = leased.result;
      if (!job) return run(false);
      if (!isActive(job)) return run(false);
      // Active and no failure: it stopped at its deadline.
      if (!job.lastError || outOfTime(wait(job.attempts))) return run(false);
      await new Promise((r) => setTimeout(r, wait(job!.attempts)));
    } catch (error) {
      errors++;
      log('import job run failed', id, error);
      job = await getImportJob(deps.db, id).catch(() => job);
      if (!job || !isActive(job) || errors > MAX_ERRORS || outOfTime(wait(errors))) return run(false);
      await new Promise((r) => setTimeout(r, wait(errors)));
    }
  }
}

export interface ImportJobRunner {
  wake(id: string): void;
  /** Tests: resolves when the job's run in this process has ended. */
  settled(id: string): Promise<void>;
}

export function createInProcessRunner(deps: ImportJobDeps & ImportJobRunOptions): ImportJobRunner {
  const running = new Map<string, Promise<void>>();
  return {
    wake(id) {
      if (running.has(id)) return;
      const done = runImportJob(deps, id)
        .then(() => undefined)
        .finally(() => running.delete(id));
      running.set(id, done);
    },
    settled: (id) => running.get(id) ?? Promise.resolve(),
  };
}

export { externalRunner } from './external-runner.ts';

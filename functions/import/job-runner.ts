/**
 * Who advances import jobs. Locally (`npm start`, tests) the API process
 * itself, in the background: `wake(id)` runs the job to its end, retrying a
 * failed batch after a pause (1, 2, 4 … s) until MAX_ATTEMPTS stops it. In
 * AWS the import worker function does the same when the table's stream
 * carries a job that is checking or applying (infra/constructs/jobs.ts), so
 * there `wake` has nothing to do.
 */
import { getImportJob } from '../data/import-jobs.ts';
import { advanceImportJob, isActive, type ImportJobDeps } from './job.ts';

export interface ImportJobRunner {
  wake(id: string): void;
  /** Tests: resolves when the job's run in this process has ended. */
  settled(id: string): Promise<void>;
}

export function createInProcessRunner(deps: ImportJobDeps & { pauseMs?: number }): ImportJobRunner {
  const running = new Map<string, Promise<void>>();
  const pause = deps.pauseMs ?? 1000;
  const run = async (id: string) => {
    for (let round = 0; ; round++) {
      try {
        const job = await advanceImportJob(deps, id);
        if (!job || !isActive(job)) return;
        if (job.lastError) await new Promise((r) => setTimeout(r, pause * 2 ** Math.min(job.attempts, 5)));
      } catch (error) {
        console.error(JSON.stringify({ level: 'error', msg: 'import job run failed', job: id, name: (error as Error).name, message: (error as Error).message }));
        const job = await getImportJob(deps.db, id).catch(() => null);
        if (!job || !isActive(job) || round > 20) return;
        await new Promise((r) => setTimeout(r, pause * 2 ** Math.min(round, 5)));
      }
    }
  };
  return {
    wake(id) {
      if (running.has(id)) return;
      const done = run(id).finally(() => running.delete(id));
      running.set(id, done);
    },
    settled: (id) => running.get(id) ?? Promise.resolve(),
  };
}

/** Where a worker elsewhere advances jobs (AWS: the stream wakes it): nothing to do here. */
export const externalRunner: ImportJobRunner = { wake: () => {}, settled: () => Promise.resolve() };

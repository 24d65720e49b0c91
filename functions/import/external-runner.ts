/**
 * Where a worker elsewhere advances import jobs (AWS: the table's stream wakes
 * the import worker, functions/jobs/import-worker.ts): nothing to do in the
 * API's process. Apart from ./job-runner.ts so that the API's Lambda entry
 * does not load the import code at a cold start (docs/benchmarks.md, "Lambda bundles").
 */
import type { ImportJobRunner } from './job-runner.ts';

export const externalRunner: ImportJobRunner = { wake: () => {}, settled: () => Promise.resolve() };

/**
 * One invocation of the import worker, as its own process (bench/import-job.ts
 * starts one per invocation, and kills one midway): what the Lambda handler
 * runs (functions/jobs/import-worker-run.ts), woken by the stream record of
 * the job, with a deadline BENCH_BUDGET_MS from its start. Prints the run as
 * one JSON line. The table is DynamoDB Local, the private store a folder.
 */
import { createDb } from '../../functions/data/client.ts';
import { importWorkerOnce } from '../../functions/jobs/import-worker-run.ts';
import { createPrivateFsStore } from '../../functions/storage/private-store.ts';

const started = Date.now();
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const db = createDb({ tableName: env('BENCH_TABLE'), region: 'local', endpoint: env('BENCH_ENDPOINT') });
const files = createPrivateFsStore(env('BENCH_STORE_DIR'));
const id = env('BENCH_JOB_ID');
const run = await importWorkerOnce(
  { db, files, deadline: started + Number(env('BENCH_BUDGET_MS')) },
  { Records: [{ eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: `IMPORTJOB#${id}` } } } }] },
);
console.log(JSON.stringify({ importWorker: run, ms: Date.now() - started }));

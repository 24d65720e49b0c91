/**
 * Background imports in tests and the benchmark: the console's routes on a
 * table (functions/routes/admin-import-jobs.ts), a file uploaded in parts and
 * started as the console does, a runner that only notes wake-ups, and a
 * client that fails the calls a test names.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../../functions/data/client.ts';
import type { ImportJob } from '../../functions/data/import-jobs.ts';
import { IMPORT_PART_BYTES } from '../../functions/import/job.ts';
import type { ImportJobRunner } from '../../functions/import/job-runner.ts';
import { handleError } from '../../functions/lib/errors.ts';
import type { AppEnv } from '../../functions/lib/openapi.ts';
import { adminImportJobs } from '../../functions/routes/admin-import-jobs.ts';
import type { PrivateStore } from '../../functions/storage/private-store.ts';
import type { StaffSummary } from '../../shared/schemas/staff.ts';

export const importEditor: StaffSummary = {
  username: 'culture.editor',
  name: '市文广旅编辑',
  roles: ['editor'],
  department: { id: 'culture-411500', name: '信阳市文广旅局', kind: 'culture', regionCode: '411500' },
};

/** Wakes are noted, not acted on: the test (or the worker) advances each job itself. */
export function notingRunner(): ImportJobRunner & { woken: string[] } {
  const woken: string[] = [];
  return { woken, wake: (id) => void woken.push(id), settled: () => Promise.resolve() };
}

export function importJobsApp(options: { db: Db; files: PrivateStore; runner: ImportJobRunner; now: () => Date; staff?: StaffSummary }) {
  const app = new OpenAPIHono<AppEnv>().basePath('/api');
  app.use('*', async (c, next) => {
    c.set('db', options.db);
    c.set('now', options.now);
    c.set('staff', options.staff ?? importEditor);
    await next();
  });
  app.route('/admin/institutions', adminImportJobs({ files: options.files, runner: options.runner }));
  app.onError(handleError);
  return app;
}

const JOBS = '/api/admin/institutions/import-jobs';

async function expectStatus(answer: Response, status: number, what: string): Promise<Response> {
  if (answer.status !== status) throw new Error(`${what}: HTTP ${answer.status}, expected ${status}: ${await answer.text()}`);
  return answer;
}

/** Uploads a file as the console does (the job, its parts, start) and answers the started job. */
export async function startImportJob(app: ReturnType<typeof importJobsApp>, bytes: Uint8Array, fileName = 'list.csv'): Promise<ImportJob> {
  const created = await expectStatus(
    await app.request(JOBS, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fileName, size: bytes.length }) }),
    201,
    'create',
  );
  const job = (await created.json()) as ImportJob;
  for (let part = 0; part < job.parts; part++) {
    const body = bytes.slice(part * IMPORT_PART_BYTES, (part + 1) * IMPORT_PART_BYTES);
    await expectStatus(await app.request(`${JOBS}/${job.id}/parts/${part}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body }), 204, `part ${part}`);
  }
  const started = await expectStatus(await app.request(`${JOBS}/${job.id}/start`, { method: 'POST' }), 202, 'start');
  return (await started.json()) as ImportJob;
}

/** What the console polls: the job's progress. */
export const importProgress = async (app: ReturnType<typeof importJobsApp>, id: string) => (await (await app.request(`${JOBS}/${id}`)).json()) as ImportJob;

type Command = { constructor: { name: string }; input: Record<string, unknown> };

/** The same table, through a client that fails the calls `fail` picks (a database failure, or a crash after the writes). */
export function failingDb(db: Db, fail: (command: Command) => boolean): Db {
  const send = (command: Command) => {
    if (fail(command)) {
      const error = new Error('injected failure');
      error.name = 'InternalServerError';
      return Promise.reject(error);
    }
    return (db.doc.send as (c: unknown) => Promise<unknown>)(command);
  };
  return { tableName: db.tableName, doc: { send } as unknown as Db['doc'] };
}

export const isTransaction = (c: { constructor: { name: string } }) => c.constructor.name === 'TransactWriteCommand';

/** The record the table's stream carries for a job's item as it now stands (what the worker's event source mapping lets through). */
export function streamRecordOf(job: Pick<ImportJob, 'id'>, eventName: 'INSERT' | 'MODIFY' = 'MODIFY') {
  return { eventName, dynamodb: { Keys: { pk: { S: `IMPORTJOB#${job.id}` }, sk: { S: 'JOB' } } } };
}

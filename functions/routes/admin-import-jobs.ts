/**
 * Background imports (functions/import/job.ts), for lists too large for one
 * request (up to 100,000 rows), under /api/admin/institutions/import-jobs:
 *
 * 1. `POST /import-jobs` `{ fileName, size }` → 201, the job (`uploading`)
 *    and how many parts to send;
 * 2. `PUT /import-jobs/{id}/parts/{n}`, the file's bytes n·3 MB … (n+1)·3 MB,
 *    `application/octet-stream` → 204 (sending a part again replaces it);
 * 3. `POST /import-jobs/{id}/start` → 202: the job checks the whole file,
 *    then writes it in batches, in the background;
 * 4. `GET /import-jobs/{id}` → the job: status, rows written (`cursor` of
 *    `rows`), the check's counts, problems; the console polls it;
 * 5. `GET /import-jobs/{id}/report` → the check's row-by-row report;
 * 6. `POST /import-jobs/{id}/resume` → 202: a `failed` job goes on where it stopped.
 *
 * Editors only; a job is seen and moved only by members of the department
 * that started it. The app's 64 KB body limit skips the parts (this route
 * sets its own, IMPORT_PART_BYTES).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { randomBytes, createHash } from 'node:crypto';
import { currentStaff, requireStaff } from '../auth/index.ts';
import { createImportJob, getImportJob, ImportJob, saveImportJob } from '../data/import-jobs.ts';
import { ImportReport } from '../import/report.ts';
import { IMPORT_PART_BYTES, importPartKey, importReportKey, MAX_JOB_BYTES, MAX_JOB_ROWS, readJobFile, resumeImportJob } from '../import/job.ts';
import type { ImportJobRunner } from '../import/job-runner.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import type { PrivateStore } from '../storage/private-store.ts';
import { errorResponse } from './schemas.ts';

/** Where the parts are sent: the app's global body limit does not apply to these paths. */
export { IMPORT_PART_PATH } from './import-paths.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const JobId = z.object({ id: z.string().regex(/^[a-z0-9]{8,40}$/, { error: '导入任务编号格式不正确' }) });
const PartParam = JobId.extend({ n: z.string().regex(/^\d{1,3}$/, { error: '部分编号格式不正确' }).meta({ description: 'The part, from 0' }) });
const NewJob = z.object({
  fileName: z.string().trim().min(1, { error: '请选择要导入的文件' }).max(200),
  size: z
    .number()
    .int()
    .min(1, { error: '上传的文件是空的' })
    .max(MAX_JOB_BYTES, { error: `文件太大：后台导入一次最多 ${MAX_JOB_BYTES / 1024 / 1024} MB` }),
});
const errors = {
  400: errorResponse('`validation`: a field is missing or wrong'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not an editor, or the job belongs to another department'),
  404: errorResponse('No such import job'),
};
const conflict = { 409: errorResponse('`conflict`: the job is not in a state that allows this (e.g. parts sent to a job already started)') };

const create = createRoute({
  method: 'post',
  path: '/import-jobs',
  summary: `Start a background import (up to ${MAX_JOB_ROWS} rows): answers the job and how many parts to upload`,
  security: [{ staffSession: [], csrfToken: [] }],
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { body: { required: true, content: { 'application/json': { schema: NewJob } } } },
  responses: { 201: json(ImportJob, 'The job, waiting for its parts'), ...errors },
});
const putPart = createRoute({
  method: 'put',
  path: '/import-jobs/{id}/parts/{n}',
  summary: `One part of the file (bytes n × ${IMPORT_PART_BYTES} onwards, at most that many), as application/octet-stream`,
  security: [{ staffSession: [], csrfToken: [] }],
  middleware: [
    requireStaff({ roles: ['editor'] }),
    bodyLimit({
      maxSize: IMPORT_PART_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', '每一部分最多 3 MB');
      },
    }),
  ] as const,
  request: { params: PartParam },
  responses: { 204: { description: 'Stored' }, ...errors, ...conflict, 413: errorResponse('The part is over 3 MB') },
});
const start = createRoute({
  method: 'post',
  path: '/import-jobs/{id}/start',
  summary: 'Every part is there: check the file and import it in the background',
  security: [{ staffSession: [], csrfToken: [] }],
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: JobId },
  responses: { 202: json(ImportJob, 'Started'), ...errors, ...conflict },
});
const read = createRoute({
  method: 'get',
  path: '/import-jobs/{id}',
  summary: 'An import job: its status and progress (rows written: `cursor` of `rows`)',
  security: [{ staffSession: [] }],
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: JobId },
  responses: { 200: json(ImportJob, 'The job'), ...errors },
});
const report = createRoute({
  method: 'get',
  path: '/import-jobs/{id}/report',
  summary: 'The row-by-row report of the job’s check (what each row does, or why it is rejected)',
  security: [{ staffSession: [] }],
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: JobId },
  responses: { 200: json(ImportReport, 'The report'), ...errors },
});
const resume = createRoute({
  method: 'post',
  path: '/import-jobs/{id}/resume',
  summary: 'A failed job goes on from the last batch written',
  security: [{ staffSession: [], csrfToken: [] }],
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: JobId },
  responses: { 202: json(ImportJob, 'Resumed'), ...errors, ...conflict },
});

const notFound = () => new ApiError(404, 'not_found', '没有这个导入任务');
const wrongState = (message: string) => new ApiError(409, 'conflict', message);

/** The job, if the member of staff's department started it. */
async function ownJob(c: Context<AppEnv>, id: string): Promise<ImportJob> {
  const job = await getImportJob(c.var.db, id);
  if (!job) throw notFound();
  if (job.actor.departmentId !== currentStaff(c).department.id) throw new ApiError(403, 'forbidden', '这是其他部门的导入任务');
  return job;
}

export function adminImportJobs(deps: { files: PrivateStore; runner: ImportJobRunner }) {
  return createRouter()
    .openapi(create, async (c) => {
      const staff = currentStaff(c);
      const { fileName, size } = c.req.valid('json');
      const at = c.var.now().toISOString();
      const job: ImportJob = {
        id: randomBytes(10).toString('hex'),
        status: 'uploading',
        actor: { staffId: staff.username, name: staff.name, departmentId: staff.department.id },
        departmentName: staff.department.name,
        fileName,
        size,
        parts: Math.ceil(size / IMPORT_PART_BYTES),
        rows: 0,
        cursor: 0,
        problems: [],
        attempts: 0,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await createImportJob(c.var.db, job);
      c.header('Cache-Control', 'no-store');
      return c.json(job, 201);
    })
    .openapi(putPart, async (c) => {
      const { id } = c.req.valid('param');
      const n = Number(c.req.valid('param').n);
      const job = await ownJob(c, id);
      if (job.status !== 'uploading') throw wrongState('这个导入任务已经开始，不能再上传');
      if (n >= job.parts) throw new ApiError(400, 'validation', `这个文件只有 ${job.parts} 部分`, { n: `这个文件只有 ${job.parts} 部分` });
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const expected = n === job.parts - 1 ? job.size - n * IMPORT_PART_BYTES : IMPORT_PART_BYTES;
      if (bytes.length !== expected) throw new ApiError(400, 'validation', `第 ${n + 1} 部分应为 ${expected} 字节，收到 ${bytes.length} 字节`);
      await deps.files.put(importPartKey(id, n), bytes, { contentType: 'application/octet-stream', sha256: createHash('sha256').update(bytes).digest('hex') });
      return c.body(null, 204);
    })
    .openapi(start, async (c) => {
      const { id } = c.req.valid('param');
      const job = await ownJob(c, id);
      if (job.status !== 'uploading') throw wrongState('这个导入任务已经开始');
      if (!(await readJobFile(deps.files, job))) throw new ApiError(400, 'validation', '文件还没有上传完整，请重新上传');
      const started = await saveImportJob(c.var.db, job, { ...job, status: 'checking', updatedAt: c.var.now().toISOString() });
      if (!started) throw wrongState('这个导入任务已经开始');
      deps.runner.wake(id);
      c.header('Cache-Control', 'no-store');
      return c.json(started, 202);
    })
    .openapi(read, async (c) => {
      const job = await ownJob(c, c.req.valid('param').id);
      c.header('Cache-Control', 'no-store');
      return c.json(job, 200);
    })
    .openapi(report, async (c) => {
      const job = await ownJob(c, c.req.valid('param').id);
      const body = await deps.files.get(importReportKey(job.id));
      if (!body) throw new ApiError(404, 'not_found', '这个导入任务还没有检查完');
      c.header('Cache-Control', 'no-store');
      return c.json(ImportReport.parse(JSON.parse(body.toString('utf8'))), 200);
    })
    .openapi(resume, async (c) => {
      const job = await ownJob(c, c.req.valid('param').id);
      if (job.status !== 'failed') throw wrongState('只有中途失败的导入任务可以继续');
      const resumed = await resumeImportJob(c.var.db, job, c.var.now());
      if (!resumed) throw wrongState('这个导入任务刚刚被其他人继续了');
      deps.runner.wake(job.id);
      c.header('Cache-Control', 'no-store');
      return c.json(resumed, 202);
    });
}

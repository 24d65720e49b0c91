/**
 * POST /api/admin/institutions/import?dryRun=true|false: a regulator uploads
 * their existing list (CSV in UTF-8 or GBK, or XLSX) as multipart/form-data,
 * one file in the field `file`. The answer says, row by row, what the import
 * does (dry run) or did. Format: docs/import-format.md.
 *
 * Mounted by functions/app.ts under /api/admin (sign-in and CSRF checks in
 * front); this route also requires the editor role, and rejects rows outside
 * the importer's department kind and district. The app's 64 KB body limit
 * must not apply here: this route sets its own (MAX_IMPORT_BYTES).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { canManageInstitution } from '#shared/rules/scope.ts';
import { currentStaff, requireStaff } from '../auth/index.ts';
import { ImportFileError, ImportReport, isConflict, runImport } from '../import/index.ts';
import { MAX_IMPORT_BYTES as SYNC_IMPORT_BYTES } from '../import/limits.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter } from '../lib/openapi.ts';
import { ErrorResponse, errorResponse } from './schemas.ts';

/**
 * The largest file accepted: 4 MB. In Lambda a request body travels
 * base64-encoded inside a 6 MB event, so about 4.4 MB of file is the most
 * that can arrive; 10,000 rows take about 1.6 MB as GBK CSV and far less as XLSX.
 */
export const MAX_IMPORT_BYTES = SYNC_IMPORT_BYTES;
/** Where the app mounts this route; the app's global body limit skips it (it sets its own). */
export { IMPORT_PATH } from './import-paths.ts';
/** The multipart envelope around the file: boundaries, part headers, the file name. */
const MULTIPART_ALLOWANCE = 16 * 1024;
/** The whole request body this route accepts. */
export const MAX_IMPORT_REQUEST_BYTES = MAX_IMPORT_BYTES + MULTIPART_ALLOWANCE;

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

const ImportForm = z.object({
  file: z
    .instanceof(File, { error: '请选择要导入的文件（.xlsx 或 .csv）' })
    .meta({ type: 'string', format: 'binary', description: 'The list: .xlsx (first worksheet) or .csv (UTF-8, with or without BOM, or GBK)' }),
});

const ImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false'], { error: 'dryRun 只能是 true 或 false' })
    .default('true')
    .meta({ description: 'true (default): only say what would happen; false: import, unless any row is rejected' }),
});

const ImportFailure = ImportReport.extend({ error: ErrorResponse.shape.error }).meta({
  id: 'ImportFailure',
  description: '导入没有完成：error 说明原因，summary 与 rows 逐行说明',
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const importRoute = createRoute({
  method: 'post',
  path: '/import',
  summary: 'Import the regulator’s list of institutions (CSV or XLSX), or check it first (dry run)',
  description:
    'Each row is keyed by its 统一社会信用代码: an institution with that code is updated (or left unchanged), otherwise one is created. ' +
    'A real run writes nothing if any row is rejected. It is not one transaction: if a write fails midway, `rows[].result` says which rows were ' +
    'applied, and importing the same file again finishes the job. Needs the editor role; rows outside the importer’s department kind and ' +
    `district are rejected. Files up to ${megabytes(MAX_IMPORT_BYTES)}, at most 20,000 rows.`,
  security: [{ staffSession: [], csrfToken: [] }],
  middleware: [
    requireStaff({ roles: ['editor'] }),
    bodyLimit({
      maxSize: MAX_IMPORT_REQUEST_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `文件太大：一次最多上传 ${megabytes(MAX_IMPORT_BYTES)}。请拆分成几个文件，或另存为 .xlsx（体积更小）后再上传`);
      },
    }),
  ] as const,
  request: {
    query: ImportQuery,
    body: { required: true, content: { 'multipart/form-data': { schema: ImportForm } } },
  },
  responses: {
    200: json(ImportReport, 'Dry run: what each row would do. Real run: every row was written (or nothing needed writing)'),
    400: errorResponse('No file, or the file cannot be read (no header row, damaged workbook); `message` says what to do'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Missing the editor role, or CSRF check failed'),
    409: json(ImportFailure, 'A write failed midway because someone changed an institution at the same time: `rows[].result` says what was applied; import the same file again to finish'),
    413: errorResponse(`The file is over ${megabytes(MAX_IMPORT_BYTES)}, or has more than 20,000 rows`),
    415: errorResponse('Not an .xlsx or .csv file (e.g. old .xls, PDF)'),
    422: json(ImportFailure, 'Some rows are rejected (see `rows[].problems`) or the file lacks required columns: nothing was written'),
    503: json(ImportFailure, 'A write failed midway (database unavailable): `rows[].result` says what was applied; import the same file again to finish'),
  },
});

const FILE_ERRORS = {
  unsupported_type: [415, 'unsupported_media_type'],
  unreadable: [400, 'validation'],
  no_header: [400, 'validation'],
  empty: [400, 'validation'],
  too_many_rows: [413, 'payload_too_large'],
} as const;

export const adminImport = createRouter().openapi(importRoute, async (c) => {
  const staff = currentStaff(c);
  const { file } = c.req.valid('form');
  const dryRun = c.req.valid('query').dryRun === 'true';
  if (file.size > MAX_IMPORT_BYTES) {
    throw new ApiError(413, 'payload_too_large', `文件太大：一次最多上传 ${megabytes(MAX_IMPORT_BYTES)}。请拆分成几个文件，或另存为 .xlsx（体积更小）后再上传`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let result;
  try {
    result = await runImport(c.var.db, {
      bytes,
      dryRun,
      actor: { staffId: staff.username, name: staff.name, departmentId: staff.department.id },
      now: c.var.now(),
      inScope: (target) => canManageInstitution({ departmentId: staff.department.id }, target),
      importerDepartment: staff.department.name,
    });
  } catch (error) {
    if (error instanceof ImportFileError) {
      const [status, code] = FILE_ERRORS[error.kind];
      throw new ApiError(status, code, error.message, { file: error.message });
    }
    throw error;
  }
  c.header('Cache-Control', 'no-store');
  const { report } = result;
  switch (result.outcome) {
    case 'planned':
    case 'applied':
      return c.json(report, 200);
    case 'rejected': {
      const message = report.problems.length > 0
        ? `文件有问题，没有导入任何数据：${report.problems.join('；')}`
        : `有${report.summary.rejected}行不符合要求，没有导入任何数据。请按每行的说明修改后重新上传`;
      return c.json({ ...report, error: { code: 'validation' as const, message } }, 422);
    }
    case 'partial': {
      const { applied, failed, notAttempted } = report.outcome!;
      const message = `导入中途出错：已写入${applied}行，${failed}行失败，${notAttempted}行未处理。请重新导入同一文件完成剩余部分，已写入的行不会重复写入`;
      return isConflict(result.failure)
        ? c.json({ ...report, error: { code: 'conflict' as const, message } }, 409)
        : c.json({ ...report, error: { code: 'unavailable' as const, message } }, 503);
    }
  }
});

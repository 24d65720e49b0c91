/**
 * POST /api/admin/institutions/import over HTTP (app.request), with the
 * signed-in member of staff put in `c.var.staff` as requireStaff does after
 * sign-in. The route is mounted here the way functions/app.ts mounts it.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../support/db.ts';
import { makeInstitutionFields } from '../builders/institution.ts';
import { csvText, gbkBytes, importRow, utf8Bytes, xlsxBytes } from '../fixtures/import/build.ts';
import type { Db } from '../../functions/data/client.ts';
import { findIdByCreditCode, getInstitution } from '../../functions/data/institutions.ts';
import { handleError } from '../../functions/lib/errors.ts';
import type { AppEnv } from '../../functions/lib/openapi.ts';
import { adminImport, MAX_IMPORT_BYTES } from '../../functions/routes/admin-import.ts';
import type { StaffSummary } from '../../shared/schemas/staff.ts';
import type { StaffRole } from '../../shared/vocabulary.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});

const cultureEditor: StaffSummary = {
  username: 'culture.editor',
  name: '市文广旅编辑',
  roles: ['editor'],
  department: { id: 'culture-411500', name: '信阳市文广旅局', kind: 'culture', regionCode: '411500' },
};

function appFor(staff: StaffSummary | undefined) {
  const app = new OpenAPIHono<AppEnv>().basePath('/api');
  app.use('*', async (c, next) => {
    c.set('db', db);
    c.set('now', () => new Date('2026-11-23T02:00:00Z'));
    if (staff) c.set('staff', staff);
    await next();
  });
  app.route('/admin/institutions', adminImport);
  app.onError(handleError);
  return app;
}

function upload(bytes: Uint8Array, options: { dryRun?: string; name?: string; staff?: StaffSummary | undefined; type?: string } = {}) {
  const form = new FormData();
  form.append('file', new File([bytes.slice()], options.name ?? 'list.csv', { type: options.type ?? 'text/csv' }));
  const query = options.dryRun === undefined ? '' : `?dryRun=${options.dryRun}`;
  return appFor('staff' in options ? options.staff : cultureEditor).request(`/api/admin/institutions/import${query}`, { method: 'POST', body: form });
}

const as = (roles: StaffRole[]): StaffSummary => ({ ...cultureEditor, roles });

describe('POST /api/admin/institutions/import', () => {
  it('answers a dry run by default, writing nothing', async () => {
    const fields = makeInstitutionFields();
    const res = await upload(gbkBytes(csvText([importRow(fields)])));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ dryRun: true, applied: false, summary: { create: 1, update: 0, unchanged: 0, rejected: 0 } });
    expect(body.rows[0]).toMatchObject({ row: 2, action: 'create', name: fields.name, creditCode: fields.registration.creditCode });
    expect(await findIdByCreditCode(db, fields.registration.creditCode)).toBeNull();
  });

  it('imports with dryRun=false, judging the file by its content whatever its name', async () => {
    const fields = makeInstitutionFields();
    const res = await upload(await xlsxBytes([importRow(fields)]), { dryRun: 'false', name: 'list.csv', type: 'text/csv' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ dryRun: false, applied: true, file: { format: 'xlsx' }, outcome: { applied: 1, failed: 0, notAttempted: 0 } });
    const stored = await getInstitution(db, body.rows[0].id);
    expect(stored).toMatchObject({ name: fields.name, status: 'approved' });
  });

  it('answers 422 with the row-by-row report when any row is rejected, and writes nothing', async () => {
    const good = makeInstitutionFields();
    const rows = [importRow(good), importRow(makeInstitutionFields(), 'approved', { district: '金水区' })];
    const res = await upload(utf8Bytes(csvText(rows)), { dryRun: 'false' });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error).toEqual({ code: 'validation', message: expect.stringContaining('有1行不符合要求，没有导入任何数据') });
    expect(body.summary).toEqual({ create: 1, update: 0, unchanged: 0, rejected: 1 });
    expect(body.rows[1].problems[0].column).toBe('所在区县');
    expect(await findIdByCreditCode(db, good.registration.creditCode)).toBeNull();
  });

  it('rejects the rows outside the importer’s department kind and district', async () => {
    const sports = makeInstitutionFields({ category: 'sports' });
    const res = await upload(utf8Bytes(csvText([importRow(makeInstitutionFields({ category: 'arts' })), importRow(sports)])));
    const body = await res.json();
    expect(body.rows.map((r: { action: string }) => r.action)).toEqual(['create', 'rejected']);
    expect(body.rows[1].problems[0].message).toContain('由教育体育局监管，不在您的管理范围内：信阳市文广旅局只能导入');
  });

  it('needs the editor role', async () => {
    const bytes = utf8Bytes(csvText([importRow(makeInstitutionFields())]));
    expect((await upload(bytes, { staff: as(['viewer']) })).status).toBe(403);
    expect((await upload(bytes, { staff: as(['publisher']) })).status).toBe(200);
    expect((await upload(bytes, { staff: undefined })).status).toBe(401);
  });

  it('answers a missing file, an old .xls, a file too big and a bad dryRun with a message to act on', async () => {
    const noFile = await appFor(cultureEditor).request('/api/admin/institutions/import', { method: 'POST', body: new FormData() });
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).error.fields.file).toBe('请选择要导入的文件（.xlsx 或 .csv）');

    const xls = await upload(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), { name: 'list.xlsx' });
    expect(xls.status).toBe(415);
    expect((await xls.json()).error.message).toContain('“另存为” .xlsx 或 CSV');

    const big = await upload(new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x41));
    expect(big.status).toBe(413);
    expect((await big.json()).error.message).toContain('一次最多上传 4 MB');

    const noHeader = await upload(utf8Bytes('甲,乙\n1,2\n'));
    expect(noHeader.status).toBe(400);
    expect((await noHeader.json()).error.message).toContain('找不到表头');

    const badQuery = await upload(utf8Bytes(csvText([importRow(makeInstitutionFields())])), { dryRun: 'yes' });
    expect(badQuery.status).toBe(400);
  });

  it('is described in the OpenAPI document', () => {
    const app = new OpenAPIHono<AppEnv>();
    app.route('/api/admin/institutions', adminImport);
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '0' } });
    const op = doc.paths?.['/api/admin/institutions/import']?.post;
    expect(op?.requestBody).toMatchObject({ content: { 'multipart/form-data': { schema: { properties: { file: { type: 'string', format: 'binary' } } } } } });
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '409', '413', '415', '422']));
  });
});

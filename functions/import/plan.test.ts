import { describe, expect, it } from 'vitest';
import { makeInstitutionFields } from '../../test/builders/institution.ts';
import { csvText, importRow, utf8Bytes, type ImportRow } from '../../test/fixtures/import/build.ts';
import { canManageInstitution } from '#shared/rules/scope.ts';
import type { Institution, InstitutionFields } from '#shared/schemas/institution.ts';
import { planImport, type ImportLookups, type PlannedRow } from './plan.ts';
import { readSheet } from './read.ts';

const none: ImportLookups = { byCreditCode: new Map(), licenceOwners: new Map() };
let ids = 0;
const options = { newId: () => `jgtest${String(++ids).padStart(5, '0')}`, today: '2026-11-23' };

async function plan(rows: ImportRow[], lookups: ImportLookups = none, extra: Partial<Parameters<typeof planImport>[2]> = {}) {
  const sheet = await readSheet(utf8Bytes(csvText(rows)));
  return planImport(sheet, lookups, { ...options, ...extra });
}

function stored(fields: InstitutionFields, overrides: Partial<Institution> = {}): Institution {
  return {
    ...fields,
    id: 'jgstored0001',
    status: 'approved',
    statusHistory: [{ status: 'approved', on: '2024-03-01', reason: '列入名单' }],
    createdAt: '2024-03-01T01:00:00.000Z',
    updatedAt: '2024-03-01T01:00:00.000Z',
    version: 3,
    ...overrides,
  };
}
const lookupsFor = (inst: Institution): ImportLookups => ({
  byCreditCode: new Map([[inst.registration.creditCode, inst]]),
  licenceOwners: new Map([[inst.licence.number, { id: inst.id, name: inst.name }]]),
});
const problemsOf = (row: PlannedRow | undefined) => (row?.action === 'rejected' ? row.problems : []);

describe('planImport', () => {
  it('plans a new institution as a create with defaults for blank optional columns', async () => {
    const fields = makeInstitutionFields({ formerNames: ['浉河区小天鹅艺术培训部', '小天鹅舞蹈班'] });
    const result = await plan([importRow(fields, 'approved', { insured: '', registrationType: '' })]);
    expect(result.summary).toEqual({ create: 1, update: 0, unchanged: 0, rejected: 0 });
    const [row] = result.rows;
    expect(row).toMatchObject({ row: 2, action: 'create', status: 'approved', name: fields.name, creditCode: fields.registration.creditCode });
    expect(row?.action === 'create' && row.fields).toEqual({ ...fields, insured: false });
  });

  it('says what is wrong, per column, for each bad row', async () => {
    const good = makeInstitutionFields();
    const rows = [
      importRow(good),
      importRow(makeInstitutionFields(), 'approved', { licenceNumber: '教民#12' }),
      importRow(makeInstitutionFields(), 'approved', { creditCode: '52411502MJ00000011' }),
      importRow(makeInstitutionFields(), 'approved', { district: '金水区', category: '烹饪类' }),
      importRow(makeInstitutionFields(), 'approved', { licenceIssuedOn: '2024-02-30', name: '' }),
      importRow(makeInstitutionFields(), 'approved', { licenceIssuedOn: '2025-01-01', licenceExpiresOn: '2024-12-31' }),
      importRow(makeInstitutionFields(), 'approved', { fundMode: '银行托管', bank: '' }),
    ];
    const result = await plan(rows);
    expect(result.summary).toEqual({ create: 1, update: 0, unchanged: 0, rejected: 6 });
    const byRow = new Map(result.rows.map((r) => [r.row, r]));
    expect(problemsOf(byRow.get(3))).toEqual([{ column: '办学许可证编号', message: expect.stringContaining('办学许可证编号“教民#12”格式不正确') }]);
    expect(problemsOf(byRow.get(4))).toEqual([{ column: '统一社会信用代码', message: expect.stringMatching(/校验位|不允许的字符/) }]);
    expect(problemsOf(byRow.get(5)).map((p) => p.column)).toEqual(['培训类别', '所在区县']);
    expect(problemsOf(byRow.get(6))).toEqual([
      { column: '机构名称', message: '请填写机构名称' },
      { column: '发证日期', message: expect.stringContaining('不是有效的日期') },
    ]);
    expect(problemsOf(byRow.get(7))).toEqual([{ column: '有效期至', message: '有效期截止日期应晚于发证日期' }]);
    expect(problemsOf(byRow.get(8))).toEqual([{ column: '监管银行', message: expect.stringContaining('请填写监管银行') }]);
  });

  it('rejects every row carrying a credit code or licence number that another row also has', async () => {
    const a = makeInstitutionFields();
    const b = makeInstitutionFields();
    const c = makeInstitutionFields();
    const result = await plan([
      importRow(a),
      importRow(b, 'approved', { creditCode: a.registration.creditCode }),
      importRow(c, 'approved', { licenceNumber: a.licence.number }),
    ]);
    expect(result.summary.rejected).toBe(3);
    expect(problemsOf(result.rows[0]).map((p) => p.message)).toEqual([
      expect.stringContaining('统一社会信用代码与第3行重复'),
      expect.stringContaining('办学许可证编号与第4行重复'),
    ]);
    expect(problemsOf(result.rows[1])[0]?.message).toContain('与第2行重复');
  });

  it('finds an existing institution by credit code: unchanged when equal, update with before and after otherwise', async () => {
    const fields = makeInstitutionFields({ inspections: [{ on: '2025-05-20', kind: 'random_sample', result: 'passed' }] });
    const inst = stored(fields);
    const same = await plan([importRow(fields, 'approved', { licenceIssuedOn: fields.licence.issuedOn.replace(/-/g, '/') })], lookupsFor(inst));
    expect(same.rows[0]).toMatchObject({ action: 'unchanged', id: inst.id });

    const changed = await plan([importRow(fields, 'approved', { licenceExpiresOn: '2030-02-28', formerNames: '' })], lookupsFor(inst));
    expect(changed.rows[0]).toMatchObject({
      action: 'update',
      id: inst.id,
      expectedVersion: 3,
      changes: [{ column: '有效期至', before: fields.licence.expiresOn, after: '2030-02-28' }],
    });
    // What the file does not cover (inspections here) is kept.
    const row = changed.rows[0];
    expect(row?.action === 'update' && row.fields?.inspections).toEqual(fields.inspections);
  });

  it('rejects a licence number held by another institution', async () => {
    const other = stored(makeInstitutionFields(), { id: 'jgother00001', name: '信阳市别家舞蹈培训中心' });
    const mine = makeInstitutionFields({ licence: { ...makeInstitutionFields().licence, number: other.licence.number } });
    const result = await plan([importRow(mine)], { byCreditCode: new Map(), licenceOwners: new Map([[other.licence.number, { id: other.id, name: other.name }]]) });
    expect(problemsOf(result.rows[0])).toEqual([
      { column: '办学许可证编号', message: expect.stringContaining('已登记在机构“信阳市别家舞蹈培训中心”（编号 jgother00001）名下') },
    ]);
  });

  it('needs a reason to change the status of an existing institution', async () => {
    const fields = makeInstitutionFields();
    const inst = stored(fields);
    const noReason = await plan([importRow(fields, 'approved', { status: '停业整改' })], lookupsFor(inst));
    expect(problemsOf(noReason.rows[0])).toEqual([{ column: '状态变更原因', message: expect.stringContaining('状态由“已审批（白名单）”改为“停业整改”') }]);

    const withReason = await plan(
      [importRow(fields, 'approved', { status: '停业整改', statusReason: '消防检查不合格', decisionNumber: '信文旅监〔2026〕3号' })],
      lookupsFor(inst),
    );
    expect(withReason.rows[0]).toMatchObject({
      action: 'update',
      statusChange: { status: 'rectification', on: '2026-11-23', reason: '消防检查不合格', decisionNumber: '信文旅监〔2026〕3号' },
      changes: [{ column: '状态', before: '已审批（白名单）', after: '停业整改' }],
    });
    expect(withReason.rows[0]).not.toHaveProperty('fields');
  });

  it('rejects rows outside the importer’s scope, saying why', async () => {
    const arts = makeInstitutionFields({ category: 'arts', districtCode: '411502' });
    const sports = makeInstitutionFields({ category: 'sports', districtCode: '411502', licence: { ...makeInstitutionFields().licence, issuer: '浉河区教育体育局' } });
    const result = await plan([importRow(arts), importRow(sports)], none, {
      inScope: (target) => canManageInstitution({ departmentId: 'education-411502' }, target),
      importerDepartment: '浉河区教育体育局',
    });
    expect(result.rows.map((r) => r.action)).toEqual(['rejected', 'create']);
    expect(problemsOf(result.rows[0])).toEqual([
      { column: '（管理范围）', message: expect.stringContaining('这家机构位于浉河区、由文广旅局监管，不在您的管理范围内：浉河区教育体育局只能导入') },
    ]);
  });

  it('rejects every row when a required column is missing, and says so for the file', async () => {
    const fields = makeInstitutionFields();
    const sheet = await readSheet(utf8Bytes(csvText([importRow(fields)], ['name', 'creditCode', 'category'])));
    const result = planImport(sheet, none, options);
    expect(result.fileProblems[0]).toMatch(/^文件缺少必填列：“营利性质”、“所在区县”/);
    expect(problemsOf(result.rows[0])).toContainEqual({ column: '办学许可证编号', message: '文件缺少必填列“办学许可证编号”' });
  });
});

/**
 * Bulk import of the regulator's list, on DynamoDB Local: the journeys of a
 * regulator checking a file, importing it, importing it again, and fixing
 * what the report points at.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../support/db.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { csvText, gbkBytes, importRow, utf8BomBytes, utf8Bytes, xlsxBytes } from '../fixtures/import/build.ts';
import type { Db } from '../../functions/data/client.ts';
import { lookupForImport } from '../../functions/data/import.ts';
import {
  createInstitution,
  findIdByCreditCode,
  getInstitution,
  listInstitutionEvents,
  updateInstitution,
} from '../../functions/data/institutions.ts';
import { applyPlan } from '../../functions/import/apply.ts';
import { lookupKeys, planImport } from '../../functions/import/plan.ts';
import { readSheet } from '../../functions/import/read.ts';
import { runImport } from '../../functions/import/run.ts';
import type { Actor } from '../../shared/schemas/common.ts';

const importer: Actor = { staffId: 'culture.editor', name: '市文广旅编辑', departmentId: 'culture-411500' };
const now = new Date('2026-11-23T02:00:00Z');
let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const run = (bytes: Uint8Array, dryRun = false) => runImport(db, { bytes, dryRun, actor: importer, now });
const eventCount = async (id: string) => (await listInstitutionEvents(db, id)).length;

describe('importing a GBK CSV with bad rows', () => {
  it('reports row by row and writes nothing', async () => {
    const good = [makeInstitutionFields(), makeInstitutionFields()];
    const rows = [
      importRow(good[0]!),
      importRow(makeInstitutionFields(), 'approved', { licenceNumber: '许可证 #A1' }),
      importRow(good[1]!),
      importRow(makeInstitutionFields(), 'approved', { creditCode: good[0]!.registration.creditCode.slice(0, 17) }),
      importRow(makeInstitutionFields(), 'approved', { district: '郑州市金水区' }),
      importRow(makeInstitutionFields(), 'approved', { category: '棋牌类', licenceExpiresOn: '2027年2月30日' }),
    ];
    const bytes = gbkBytes(csvText(rows));
    // Really GBK: not valid UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();

    const result = await run(bytes);
    expect(result.outcome).toBe('rejected');
    const { report } = result;
    expect(report.file).toMatchObject({ format: 'csv', encoding: 'gb18030', headerRow: 1, rows: 6 });
    expect(report.summary).toEqual({ create: 2, update: 0, unchanged: 0, rejected: 4 });
    expect(report.applied).toBe(false);
    expect(report.rows.map((r) => [r.row, r.action])).toEqual([
      [2, 'create'],
      [3, 'rejected'],
      [4, 'create'],
      [5, 'rejected'],
      [6, 'rejected'],
      [7, 'rejected'],
    ]);
    expect(report.rows[1]!.problems).toEqual([{ column: '办学许可证编号', message: expect.stringContaining('“许可证 #A1”格式不正确') }]);
    expect(report.rows[3]!.problems).toEqual([{ column: '统一社会信用代码', message: expect.stringContaining('应为18位') }]);
    expect(report.rows[4]!.problems).toEqual([{ column: '所在区县', message: expect.stringContaining('“郑州市金水区”不是信阳市的区县') }]);
    expect(report.rows[5]!.problems!.map((p) => p.column)).toEqual(['培训类别', '有效期至']);
    // The names came through the GBK decoding intact.
    expect(report.rows[0]!.name).toBe(good[0]!.name);
    // Nothing half-imported: not even the good rows.
    expect(report.rows.every((r) => r.result === undefined)).toBe(true);
    for (const fields of good) expect(await findIdByCreditCode(db, fields.registration.creditCode)).toBeNull();
  });
});

describe('importing a UTF-8 CSV with BOM, twice', () => {
  it('creates the institutions, then finds every row unchanged and records no new event', async () => {
    const fields = Array.from({ length: 30 }, () => makeInstitutionFields());
    const bytes = utf8BomBytes(csvText(fields.map((f) => importRow(f))));

    const dry = await run(bytes, true);
    expect(dry.outcome).toBe('planned');
    expect(dry.report.file.encoding).toBe('utf-8-bom');
    expect(dry.report.summary).toEqual({ create: 30, update: 0, unchanged: 0, rejected: 0 });
    expect(await findIdByCreditCode(db, fields[0]!.registration.creditCode)).toBeNull();

    const first = await run(bytes);
    expect(first.outcome).toBe('applied');
    expect(first.report.outcome).toEqual({ applied: 30, failed: 0, notAttempted: 0 });
    expect(first.report.rows.every((r) => r.result === 'applied' && /^jg[0-9a-z]{10}$/.test(r.id!))).toBe(true);
    const id = first.report.rows[0]!.id!;
    const stored = await getInstitution(db, id);
    expect(stored).toMatchObject({ ...fields[0], status: 'approved', version: 1 });
    const [created] = await listInstitutionEvents(db, id);
    expect(created).toMatchObject({ action: 'created', actor: importer });

    const second = await run(bytes);
    expect(second.outcome).toBe('applied');
    expect(second.report.summary).toEqual({ create: 0, update: 0, unchanged: 30, rejected: 0 });
    expect(second.report.rows.map((r) => r.id)).toEqual(first.report.rows.map((r) => r.id));
    expect(await eventCount(id)).toBe(1);
    expect((await getInstitution(db, id))!.version).toBe(1);
  });
});

describe('the example file in docs/import-format.md', () => {
  it('imports cleanly, writing the values as the registry keeps them', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../fixtures/import/example.csv', import.meta.url)));
    const result = await run(bytes);
    expect(result.outcome).toBe('applied');
    expect(result.report.summary).toEqual({ create: 3, update: 0, unchanged: 0, rejected: 0 });
    const basketball = await getInstitution(db, result.report.rows[1]!.id!);
    expect(basketball).toMatchObject({
      districtCode: '411525',
      profitType: 'for_profit',
      registration: { type: 'business_licence' },
      licence: { issuedOn: '2024-09-01', expiresOn: '2027-08-31' },
      fundSupervision: { mode: 'risk_deposit', bank: '信阳农商银行' },
    });
    const singing = await getInstitution(db, result.report.rows[0]!.id!);
    expect(singing?.formerNames).toEqual(['浉河区百灵鸟合唱培训部', '百灵鸟音乐班']);
    expect((await run(bytes)).report.summary.unchanged).toBe(3);
  });
});

describe('importing XLSX', () => {
  it('reads the first worksheet below its title row, with date cells', async () => {
    const fields = [makeInstitutionFields({ category: 'science' }), makeInstitutionFields({ formerNames: ['浉河区星辰科技培训部'] })];
    const bytes = await xlsxBytes(fields.map((f) => importRow(f)), { title: '信阳市校外培训机构白名单（2026年11月）' });
    const result = await run(bytes);
    expect(result.outcome).toBe('applied');
    expect(result.report.file).toMatchObject({ format: 'xlsx', headerRow: 2, rows: 2 });
    expect(result.report.rows.map((r) => r.row)).toEqual([3, 4]);
    const second = await getInstitution(db, result.report.rows[1]!.id!);
    expect(second).toMatchObject({ licence: fields[1]!.licence, formerNames: ['浉河区星辰科技培训部'] });
    expect((await run(bytes)).report.summary.unchanged).toBe(2);
  });
});

describe('a credit code twice in one file', () => {
  it('rejects both rows, each pointing at the other', async () => {
    const a = makeInstitutionFields();
    const b = { ...makeInstitutionFields(), registration: a.registration };
    const result = await run(utf8Bytes(csvText([importRow(a), importRow(b)])));
    expect(result.outcome).toBe('rejected');
    expect(result.report.rows.map((r) => r.problems?.[0]?.message)).toEqual([
      expect.stringContaining('统一社会信用代码与第3行重复'),
      expect.stringContaining('统一社会信用代码与第2行重复'),
    ]);
    expect(await findIdByCreditCode(db, a.registration.creditCode)).toBeNull();
  });
});

describe('an institution already in the registry', () => {
  it('is updated when its row differs, keeping what the list does not cover, and records who changed it', async () => {
    const fields = makeInstitutionFields({ inspections: [{ on: '2025-05-20', kind: 'random_sample', result: 'passed' }] });
    await createInstitution(db, { id: 'jgexisting01', fields, status: 'approved', actor: testActor, now });
    const row = importRow(fields, 'approved', { licenceExpiresOn: '2030-02-28', address: '信阳市浉河区胜利路66号三楼' });

    const dry = await run(utf8Bytes(csvText([row])), true);
    expect(dry.report.rows[0]).toMatchObject({
      action: 'update',
      id: 'jgexisting01',
      changes: [
        { column: '培训地址', before: fields.premises[0]!.address, after: '信阳市浉河区胜利路66号三楼' },
        { column: '有效期至', before: fields.licence.expiresOn, after: '2030-02-28' },
      ],
    });

    const real = await run(utf8Bytes(csvText([row])));
    expect(real.outcome).toBe('applied');
    const stored = await getInstitution(db, 'jgexisting01');
    expect(stored).toMatchObject({ version: 2, licence: { expiresOn: '2030-02-28' }, inspections: fields.inspections });
    const [latest] = await listInstitutionEvents(db, 'jgexisting01');
    expect(latest).toMatchObject({ action: 'updated', actor: importer, changedFields: ['premises', 'licence'].sort() });
  });

  it('changes its status with the reason and decision number given', async () => {
    const fields = makeInstitutionFields();
    await createInstitution(db, { id: 'jgstatus0001', fields, status: 'approved', actor: testActor, now });
    const row = importRow(fields, 'approved', { status: '吊销', statusDate: '2026-11-20', statusReason: '停业整改期满仍未整改到位', decisionNumber: '信文旅罚〔2026〕8号' });
    const result = await run(utf8Bytes(csvText([row])));
    expect(result.outcome).toBe('applied');
    const stored = await getInstitution(db, 'jgstatus0001');
    expect(stored?.status).toBe('revoked');
    expect(stored?.statusHistory.at(-1)).toEqual({ status: 'revoked', on: '2026-11-20', reason: '停业整改期满仍未整改到位', decisionNumber: '信文旅罚〔2026〕8号' });
    expect((await run(utf8Bytes(csvText([row])))).report.summary.unchanged).toBe(1);
  });

  it('rejects a row whose licence number belongs to another institution', async () => {
    const other = makeInstitutionFields();
    await createInstitution(db, { id: 'jgholder0001', fields: other, status: 'approved', actor: testActor, now });
    const mine = { ...makeInstitutionFields(), licence: other.licence };
    const result = await run(utf8Bytes(csvText([importRow(mine)])));
    expect(result.report.rows[0]!.problems).toEqual([{ column: '办学许可证编号', message: expect.stringContaining('（编号 jgholder0001）') }]);
  });
});

describe('a write failing midway', () => {
  it('says exactly which rows were applied, and a second run finishes the job', async () => {
    const fields = [makeInstitutionFields(), makeInstitutionFields(), makeInstitutionFields()];
    for (const [i, f] of fields.entries()) await createInstitution(db, { id: `jgmidway000${i}`, fields: f, status: 'approved', actor: testActor, now });
    const bytes = utf8Bytes(csvText(fields.map((f) => importRow(f, 'approved', { scope: '舞蹈、音乐、美术' }))));

    // Plan, then someone edits the second institution before the writes.
    const sheet = await readSheet(bytes);
    const plan = planImport(sheet, await lookupForImport(db, lookupKeys(sheet)), { newId: () => 'unused', today: '2026-11-23' });
    expect(plan.summary.update).toBe(3);
    await updateInstitution(db, { id: 'jgmidway0001', fields: { ...fields[1]!, name: `${fields[1]!.name}（已改名）` }, expectedVersion: 1, actor: testActor, now });

    const applied = await applyPlan(db, plan, { actor: importer, now, updateConcurrency: 1 });
    expect([...applied.results.entries()]).toEqual([
      [2, { result: 'applied' }],
      [3, { result: 'failed', error: expect.stringContaining('被其他人修改了，本行没有写入') }],
      [4, { result: 'not_attempted' }],
    ]);
    expect(applied).toMatchObject({ applied: 1, failed: 1, notAttempted: 1 });

    const again = await run(bytes);
    expect(again.outcome).toBe('applied');
    expect(again.report.rows.map((r) => r.action)).toEqual(['unchanged', 'update', 'update']);
    expect((await getInstitution(db, 'jgmidway0002'))?.licence.scope).toBe('舞蹈、音乐、美术');
  });

  it('finds the one create that conflicts in a batch, writing the others', async () => {
    const fields = [makeInstitutionFields(), makeInstitutionFields(), makeInstitutionFields()];
    const sheet = await readSheet(utf8Bytes(csvText(fields.map((f) => importRow(f)))));
    let n = 0;
    const plan = planImport(sheet, await lookupForImport(db, lookupKeys(sheet)), { newId: () => `jgbatchrow0${n++}`, today: '2026-11-23' });
    // Between planning and writing, another editor registers the third row's licence number elsewhere.
    await createInstitution(db, { id: 'jgsneaky0001', fields: { ...makeInstitutionFields(), licence: fields[2]!.licence }, status: 'approved', actor: testActor, now });

    const applied = await applyPlan(db, plan, { actor: importer, now });
    expect(applied.results.get(2)).toEqual({ result: 'applied' });
    expect(applied.results.get(3)).toEqual({ result: 'applied' });
    expect(applied.results.get(4)).toEqual({ result: 'failed', error: expect.stringContaining('办学许可证编号刚刚被另一家机构（编号 jgsneaky0001）登记') });
    expect(await getInstitution(db, 'jgbatchrow00')).not.toBeNull();
    expect(await getInstitution(db, 'jgbatchrow02')).toBeNull();
  });
});

/**
 * The risk ledger (风险台账) and the supervisors' dashboard, from counters
 * kept in each case step's own transaction: refund disputes against one
 * institution flag it past the configured threshold, and closing them takes
 * them off (reopening puts them back); a supervisor records a plan
 * (一企一策) and follows it item by item, each change an event, with 409 on
 * a stale version; the dashboard's figures and CSV come from the weekly
 * counters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffBrowser } from '../support/staff-browser.ts';
import { getCase } from '../../functions/data/cases.ts';
import { getRiskCounters } from '../../functions/data/risk.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import type { Institution } from '../../shared/schemas/institution.ts';
import { createCasesApp, listInstitution, makeComplaint, makeRefundDispute, postJson } from '../builders/cases.ts';

let clock = new Date('2026-11-02T02:00:00.000Z'); // Monday
const now = () => clock;
const later = (minutes = 1) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
const as: Record<string, StaffBrowser> = {};
let inst: Institution;
let quiet: Institution;
const disputes: Array<{ caseNumber: string; accessCode: string }> = [];

async function file(path: string, body: unknown) {
  later();
  const res = await postJson(ctx.app, path, body);
  expect(res.status).toBe(201);
  return res.json();
}

async function act(who: string, n: string, action: string, fields: Record<string, unknown> = {}) {
  later();
  const version = (await getCase(ctx.db, n))!.record.version;
  const res = await as[who]!.post(`/api/admin/cases/${n}/transitions`, { action, expectedVersion: version, ...fields });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

const ledgerRow = async (id: string) => ((await (await as['shihe.editor']!.request('/api/admin/risk')).json()).items as Array<{ institutionId: string }>).find((r) => r.institutionId === id);

beforeAll(async () => {
  ctx = await createCasesApp({ now });
  await seedDemoStaff(ctx.db);
  inst = await listInstitution(ctx.db, { name: '浉河区腾飞体育培训中心', category: 'sports', districtCode: '411502' });
  quiet = await listInstitution(ctx.db, { name: '浉河区安静书法培训部', category: 'academic', districtCode: '411502' });
  for (const username of ['shihe.editor', 'city.supervisor']) {
    as[username] = new StaffBrowser(ctx.app, { now });
    await as[username].signIn(username);
  }
});

describe('the risk ledger', () => {
  it('flags an institution once its open refund disputes reach the threshold, first in the ranking', async () => {
    for (const amountAsked of [300_000, 450_000]) disputes.push(await file('/api/refund-disputes', makeRefundDispute({ institution: { institutionId: inst.id }, amountAsked, amountPaid: 480_000 })));
    await file('/api/complaints', makeComplaint({ institution: { institutionId: quiet.id } }));
    expect(await ledgerRow(inst.id)).toMatchObject({ flagged: false, openDisputes: 2, amountInDispute: 750_000, name: '浉河区腾飞体育培训中心', districtCode: '411502', category: 'sports' });
    disputes.push(await file('/api/refund-disputes', makeRefundDispute({ institution: { institutionId: inst.id }, amountAsked: 200_000 })));
    const ledger = await (await as['shihe.editor']!.request('/api/admin/risk')).json();
    expect(ledger.thresholds).toMatchObject({ openDisputes: 3, amountInDispute: 3_000_000, recentComplaints: 5, recentMonths: 3 });
    expect(ledger.items.map((r: { institutionId: string }) => r.institutionId)).toEqual([inst.id, quiet.id]);
    expect(ledger.items[0]).toMatchObject({ flagged: true, reasons: ['open_disputes'], reasonTexts: ['未结退费纠纷3件，达到预警线3件'], openDisputes: 3, amountInDispute: 950_000, hasPlan: false });
    const flaggedOnly = await (await as['shihe.editor']!.request('/api/admin/risk?flagged=true')).json();
    expect(flaggedOnly.items).toHaveLength(1);
  });

  it('takes a dispute off when it is concluded or not accepted, and puts it back when the family reopens it', async () => {
    const [first, second] = disputes;
    await act('shihe.editor', first!.caseNumber, 'accept');
    await act('shihe.editor', first!.caseNumber, 'start');
    await act('shihe.editor', first!.caseNumber, 'conclude', { outcome: 'substantiated', actionTaken: '组织调解，机构全额退费', amountRecovered: 300_000 });
    expect(await getRiskCounters(ctx.db, inst.id)).toMatchObject({ openDisputes: 2, amountInDispute: 650_000, amountRecovered: 300_000, totalDisputes: 3 });
    await act('shihe.editor', second!.caseNumber, 'decline', { reason: '双方已自行和解', nextSteps: '如机构未履行和解协议，可再次反映或拨打 12315' });
    expect(await ledgerRow(inst.id)).toMatchObject({ flagged: false, openDisputes: 1, amountInDispute: 200_000 });
    later();
    const reopened = await postJson(ctx.app, '/api/track/feedback', { caseNumber: first!.caseNumber, accessCode: first!.accessCode, satisfied: false }, { key: null });
    expect(reopened.status).toBe(200);
    expect(await getRiskCounters(ctx.db, inst.id)).toMatchObject({ openDisputes: 2, amountInDispute: 500_000 });
  });

  it('counts substantiated complaints, and flags many recent complaints', async () => {
    const complaints = [];
    for (let i = 0; i < 5; i++) complaints.push(await file('/api/complaints', makeComplaint({ institution: { institutionId: quiet.id }, kind: 'outside_hours', description: '线上课程每天晚上十点才结束，孩子第二天上学没有精神。' })));
    const n = complaints[0].caseNumber;
    await act('shihe.editor', n, 'accept');
    await act('shihe.editor', n, 'start');
    await act('shihe.editor', n, 'conclude', { outcome: 'partly_substantiated', actionTaken: '责令机构调整上课时间' });
    expect(await ledgerRow(quiet.id)).toMatchObject({ flagged: true, reasons: ['recent_complaints'], recentComplaints: 6, substantiated: 1, complaints: 6 });
  });
});

describe('一企一策 plans', () => {
  it('are recorded and followed by supervisors only, each change an event, conflicts refused with the plan as it now is', async () => {
    const base = `/api/admin/risk/institutions/${inst.id}`;
    const denied = await as['shihe.editor']!.post(`${base}/plan`, { summary: '约谈负责人，组织集中调解', expectedVersion: 0 });
    expect(denied.status).toBe(403);
    later();
    const created = await as['city.supervisor']!.post(`${base}/plan`, { summary: '约谈负责人，组织集中调解', expectedVersion: 0 });
    expect(created.status).toBe(200);
    const plan = await created.json();
    expect(plan).toMatchObject({ institutionId: inst.id, version: 1, items: [], createdBy: { staffId: 'city.supervisor' } });
    const again = await as['city.supervisor']!.post(`${base}/plan`, { summary: '另一个方案', expectedVersion: 0 });
    expect(again.status).toBe(409);
    expect((await again.json()).error.current.summary).toBe('约谈负责人，组织集中调解');

    const withItem = await (await as['city.supervisor']!.post(`${base}/plan/items`, { text: '核查监管账户余额', dueOn: '2026-11-10', expectedVersion: 1 })).json();
    expect(withItem.items).toEqual([expect.objectContaining({ text: '核查监管账户余额', dueOn: '2026-11-10', status: 'planned' })]);
    const itemId = withItem.items[0].id;
    const stale = await as['city.supervisor']!.post(`${base}/plan/items/${itemId}`, { status: 'done', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    const done = await (await as['city.supervisor']!.post(`${base}/plan/items/${itemId}`, { status: 'in_progress', note: '已函告银行', expectedVersion: 2 })).json();
    expect(done.items[0].status).toBe('in_progress');
    expect((await as['city.supervisor']!.post(`${base}/plan/items/nope`, { status: 'done', expectedVersion: 3 })).status).toBe(404);
    const badDate = await as['city.supervisor']!.post(`${base}/plan/items`, { text: '复查', dueOn: '11月10日', expectedVersion: 3 });
    expect(badDate.status).toBe(400);
    expect((await badDate.json()).error.fields.dueOn).toContain('YYYY-MM-DD');

    const risk = await (await as['shihe.editor']!.request(base)).json();
    expect(risk.plan.version).toBe(3);
    expect(risk.planEvents.map((e: { action: string; from?: string; to?: string }) => [e.action, e.from ?? null, e.to ?? null])).toEqual([
      ['created', null, null],
      ['item_added', null, 'planned'],
      ['item_status_changed', 'planned', 'in_progress'],
    ]);
    expect(risk.ledger.hasPlan).toBe(true);
  });
});

describe('the dashboard', () => {
  it('draws its figures from the weekly counters: kinds, departments, districts, on-time shares, medians, top institutions', async () => {
    const figures = await (await as['city.supervisor']!.request('/api/admin/dashboard?weeks=4')).json();
    expect(figures.weeks).toHaveLength(4);
    expect(figures.weeks.at(-1)).toMatchObject({ week: '2026-W45', startsOn: '2026-11-02', received: 9 });
    expect(figures.byKind).toEqual(
      expect.arrayContaining([
        { key: 'outside_hours', label: '超时培训', count: 5 },
        { key: 'refund_dispute', label: '退费纠纷', count: 3 },
        { key: 'fees', label: '收费问题', count: 1 },
      ]),
    );
    expect(figures.byDistrict).toEqual([{ key: '411502', label: '浉河区', count: 9 }]);
    expect(figures.byDepartment.map((d: { label: string }) => d.label)).toEqual(['浉河区教育体育局']);
    // Answered: one accept of a dispute, one decline, one accept of a complaint (all the same day: on time, 0 working days).
    expect(figures.onTime).toMatchObject({ answered: 3, answeredOnTime: 3, answeredShare: 1, concluded: 2, concludedOnTime: 2, concludedShare: 1 });
    expect(figures.medians).toEqual({ acceptWorkingDays: 0, accepted: 2, concludeWorkingDays: 0, concluded: 2 });
    expect(figures.topInstitutions).toEqual([{ institutionId: quiet.id, name: '浉河区安静书法培训部', substantiated: 1 }]);
    expect(figures.outcomes).toEqual([
      { key: 'substantiated', label: '属实', count: 1 },
      { key: 'partly_substantiated', label: '部分属实', count: 1 },
      { key: 'not_substantiated', label: '不属实', count: 0 },
    ]);
  });

  it('gives the same counters as CSV, readable by spreadsheet programs', async () => {
    const res = await as['city.supervisor']!.request('/api/admin/dashboard/csv?weeks=4');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="shouhu-cases-2026-W45.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A byte-order mark first, so spreadsheet programs read it as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toBe('"周","周一日期","区县代码","区县","部门代码","部门","指标","数值"');
    expect(lines).toContain('"2026-W45","2026-11-02","411502","浉河区","education-411502","浉河区教育体育局","收到案件",9');
    expect(lines).toContain('"2026-W45","2026-11-02","411502","浉河区","education-411502","浉河区教育体育局","收到案件：超时培训",5');
  });
});

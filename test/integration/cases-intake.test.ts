/**
 * A family files a complaint or a refund dispute and gets a receipt; the case
 * lands with the department responsible, with its priority and deadlines,
 * and the rule that decided it is recorded. Refund disputes against one
 * institution add up on its risk counters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getCase, listCaseEvents } from '../../functions/data/cases.ts';
import { getRiskCounters, recentComplaints } from '../../functions/data/risk.ts';
import { jurisdiction } from '../../shared/jurisdiction/index.ts';
import { parseCaseNumber } from '../../shared/rules/case-number.ts';
import { estimateRefund } from '../../shared/rules/fees.ts';
import { addWorkingDays } from '../../shared/rules/working-days.ts';
import type { Institution } from '../../shared/schemas/institution.ts';
import { createCasesApp, listInstitution, makeComplaint, makeRefundDispute, partition, postJson } from '../builders/cases.ts';

// Friday 20 November 2026, 10:00 in Xinyang.
const clock = new Date('2026-11-20T02:00:00.000Z');
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
let sportsInShihe: Institution;
let artsInPingqiao: Institution;
let overridden: Institution;

beforeAll(async () => {
  ctx = await createCasesApp({ now: () => clock });
  sportsInShihe = await listInstitution(ctx.db, { name: '浉河区启航跆拳道馆', category: 'sports', districtCode: '411502' });
  artsInPingqiao = await listInstitution(ctx.db, {
    name: '平桥区小天鹅舞蹈培训中心',
    category: 'arts',
    districtCode: '411503',
    premises: [{ address: '平桥区平桥大道1号', districtCode: '411503' }],
  });
  // A sports club whose registry entry says culture supervises it (per-institution override).
  overridden = await listInstitution(ctx.db, { name: '浉河区艺体综合馆', category: 'sports', supervisingDepartmentOverride: 'culture' });
});

async function file(path: string, body: unknown) {
  const res = await postJson(ctx.app, path, body);
  const json = await res.json();
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe('filing a complaint', () => {
  it('routes a fee complaint about a listed sports centre to its district education bureau, market regulation co-handling', async () => {
    const receipt = await file('/api/complaints', makeComplaint({ kind: 'fees', institution: { institutionId: sportsInShihe.id } }));
    expect(parseCaseNumber(receipt.caseNumber)).toBe(receipt.caseNumber);
    expect(receipt.caseNumber.startsWith('2611-')).toBe(true);
    expect(receipt.accessCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(receipt).toMatchObject({
      type: 'complaint',
      kind: 'fees',
      submittedAt: clock.toISOString(),
      leadDepartment: { id: 'education-411502', name: '浉河区教育体育局' },
      coHandling: [{ id: 'market-411502', name: '浉河区市场监管局' }],
      priority: 'normal',
      acceptBy: '2026-12-01T15:59:59.000Z',
      concludeBy: '2026-12-11T15:59:59.000Z',
    });
    expect(receipt.nextSteps.join('')).toContain('浉河区教育体育局');
    expect(receipt.emergency).toBeUndefined();

    const stored = await getCase(ctx.db, receipt.caseNumber);
    expect(stored?.record).toMatchObject({
      state: 'submitted',
      institution: { id: sportsInShihe.id, name: '浉河区启航跆拳道馆', category: 'sports', listed: true },
      routing: { leadDepartment: 'education', coHandling: ['market'], ruleId: 'complaint-fees' },
      leadDepartmentId: 'education-411502',
      coHandlingDepartmentIds: ['market-411502'],
      abuseSuspected: false,
    });
    // The district offices and, above them, the city's offices of the same kinds see it.
    expect(stored?.queue).toEqual([
      { departmentId: 'education-411502', role: 'lead' },
      { departmentId: 'education-411500', role: 'lead' },
      { departmentId: 'market-411502', role: 'co_handling' },
      { departmentId: 'market-411500', role: 'co_handling' },
    ]);
    const events = await listCaseEvents(ctx.db, receipt.caseNumber);
    expect(events.map((e) => [e.type, e.visibility])).toEqual([
      ['submitted', 'public'],
      ['routed', 'internal'],
    ]);
    expect(events[1]).toMatchObject({ ruleId: 'complaint-fees', categorySource: 'registry' });
    // The routing row's legal basis, with the category supervisor's, kept for staff with the case.
    const routed = events[1] as { basis?: string[]; priorityReason?: string };
    expect(routed.basis?.[0]).toContain('信双减办〔2023〕5号 二、1');
    expect(routed.basis).toContain(jurisdiction.routing.rules.find((r) => r.id === 'complaint-fees')!.basis[0]);
    expect(routed.priorityReason).toMatch(/一般消费纠纷/);
  });

  it('sends a report of harm to a child to the police as an emergency, within 2 hours, and says to call 110', async () => {
    const receipt = await file(
      '/api/complaints',
      makeComplaint({ kind: 'child_harm', institution: { institutionId: sportsInShihe.id }, description: '教练多次体罚孩子，孩子身上有伤，不敢再去上课。', contact: undefined }),
    );
    expect(receipt).toMatchObject({
      leadDepartment: { id: 'police-411500', name: '信阳市公安局' },
      coHandling: [{ id: 'education-411502' }],
      priority: 'emergency',
      acceptBy: '2026-11-20T04:00:00.000Z',
    });
    expect(receipt.emergency).toContain('110');
    expect(receipt.nextSteps.join('')).toContain('没有留下联系方式');
    const stored = await getCase(ctx.db, receipt.caseNumber);
    expect(stored?.record.routing.ruleId).toBe('complaint-child-harm');
    // An anonymous report keeps no contact: its personal-data item holds only the family's sealed narrative.
    expect(stored?.record.hasPersonalData).toBe(true);
    expect(stored?.record.contactMasked).toBeUndefined();
    const pii = (await partition(ctx.db, `CASE#${receipt.caseNumber}`)).find((i) => i.sk === 'PII') as { fields: Record<string, string> };
    expect(Object.keys(pii.fields)).toEqual(['description']);
  });

  it('respects the registry’s supervising-department override', async () => {
    const receipt = await file('/api/complaints', makeComplaint({ kind: 'outside_hours', institution: { institutionId: overridden.id } }));
    expect(receipt.leadDepartment.id).toBe('culture-411502');
  });

  it('routes a fire hazard to fire and rescue (city level), urgent within 24 hours', async () => {
    const receipt = await file(
      '/api/complaints',
      makeComplaint({ kind: 'fire_hazard', institution: { institutionId: artsInPingqiao.id }, districtCode: '411503', description: '教室只有一个出口，安全通道堆满了杂物和电动车。' }),
    );
    expect(receipt).toMatchObject({
      leadDepartment: { id: 'fire-411500' },
      coHandling: [{ id: 'culture-411503' }],
      priority: 'urgent',
      acceptBy: '2026-11-21T02:00:00.000Z',
    });
  });

  it('routes an unlisted institution of unknown category to education (triage), and of a stated category to its supervisor', async () => {
    const unknown = await file('/api/complaints', makeComplaint({ kind: 'unlicensed', districtCode: '411503' }));
    expect(unknown.leadDepartment.id).toBe('education-411503');
    const stored = await getCase(ctx.db, unknown.caseNumber);
    expect(stored?.record.institution).toEqual({ name: '浉河区某某教育咨询有限公司', address: '浉河区东方红大道88号3楼', listed: false });
    const arts = await file(
      '/api/complaints',
      makeComplaint({ kind: 'unlicensed', institution: { unlistedName: '无名舞蹈班', unlistedAddress: '浉河区某小区5栋', unlistedCategory: 'arts' } }),
    );
    expect(arts.leadDepartment.id).toBe('culture-411502');
    expect((await listCaseEvents(ctx.db, arts.caseNumber))[1]).toMatchObject({ categorySource: 'family' });
  });

  it('refuses an institution id that is not on the list, naming the field, and files nothing', async () => {
    const res = await postJson(ctx.app, '/api/complaints', makeComplaint({ institution: { institutionId: 'jg-not-there' } }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.fields['institution.institutionId']).toContain('名单上没有');
  });
});

describe('filing a refund dispute', () => {
  it('routes to the supervising department and explains what is owed, the fee findings and the dates, from the shared rules', async () => {
    const body = makeRefundDispute({ institution: { institutionId: artsInPingqiao.id }, districtCode: '411503', paymentMethod: 'chat_app', lessonsBought: 72 });
    const receipt = await file('/api/refund-disputes', body);
    expect(receipt).toMatchObject({
      type: 'refund_dispute',
      leadDepartment: { id: 'culture-411503', name: '平桥区文广旅局' },
      coHandling: [],
      priority: 'normal',
      acceptBy: '2026-12-01T15:59:59.000Z',
      // 45 working days of mediation, counted from the latest acceptance.
      concludeBy: addWorkingDays('2026-12-01T15:59:59.000Z', 45, jurisdiction.calendar),
    });
    const expected = estimateRefund(
      { amountPaid: 480_000, lessonsBought: 72, lessonsConsumed: 12, pricePerLesson: 10_000, contractOn: '2026-09-01', today: '2026-11-20' },
      jurisdiction.refundRules,
    );
    expect(receipt.refund.estimate).toEqual(expected);
    expect(receipt.refund.estimate.owed).toBe(480_000);
    // 72 class hours at once and a chat-app transfer break the rules; 4,800 yuan is under the 5,000 cap.
    const outcome = Object.fromEntries(receipt.refund.chargeFindings.map((f: { rule: string; outcome: string }) => [f.rule, f.outcome]));
    expect(outcome).toMatchObject({ 'non-academic-prepaid-hours': 'breaks', 'supervised-account': 'breaks', 'non-academic-amount-cap': 'ok' });
    expect(receipt.refund.chargeBrokeRules).toBe(true);
    expect(receipt.refund.dates).toMatchObject({ deemedAgreedAfter: '2026-11-27' });
    for (const line of receipt.refund.estimate.basis) expect(line.source.document).toBeTruthy();
    const stored = await getCase(ctx.db, receipt.caseNumber);
    expect(stored?.record.refund).toMatchObject({ amountAsked: 360_000, owed: 480_000, chargeBrokeRules: true, paymentMethod: 'chat_app' });
  });

  it('says the charge could not be checked when the category is unknown', async () => {
    const receipt = await file('/api/refund-disputes', makeRefundDispute({ institution: { unlistedName: '某培训班', unlistedAddress: '浉河区工区路1号' } }));
    expect(receipt.refund.chargeFindings).toBeNull();
    expect(receipt.refund.notes.join('')).toContain('没有核对');
  });

  it('adds several disputes against one institution up on its risk counters', async () => {
    const inst = await listInstitution(ctx.db, { name: '浉河区爆雷教育', category: 'sports' });
    const asked = [100_000, 250_050, 99];
    for (const amountAsked of asked) {
      await file('/api/refund-disputes', makeRefundDispute({ institution: { institutionId: inst.id }, amountAsked, amountPaid: 300_000 }));
    }
    await file('/api/complaints', makeComplaint({ kind: 'refund_or_absconding', institution: { institutionId: inst.id }, description: '机构突然关门，老师联系不上，几十个家庭的学费退不回来。' }));
    const counters = await getRiskCounters(ctx.db, inst.id);
    expect(counters).toMatchObject({ institutionId: inst.id, openDisputes: 3, totalDisputes: 3, amountInDispute: 350_149, complaints: 1, complaintsByMonth: { '2026-11': 1 } });
    expect(recentComplaints(counters!, clock)).toBe(1);
    expect(recentComplaints(counters!, new Date('2027-03-01T00:00:00Z'))).toBe(0);
  });
});

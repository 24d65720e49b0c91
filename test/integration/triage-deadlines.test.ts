/**
 * Deadlines in working days, through the real steps on DynamoDB Local:
 * across a weekend, the 2026 Mid-Autumn and National Day holidays and the
 * make-up working Saturday (10 October); 12315's 45 working days counted
 * from acceptance; a pause for the family's documents moving the deadline on
 * by the working days paused; a transfer giving the new department its own
 * time; a reopening giving the supervisor the rule's time again. The
 * expected dates are counted by hand on the calendar, not by the code under test.
 *
 * And the queue at a glance: overdue, due before the end of the next
 * working day, and paused (its clock stopped, so neither).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../functions/auth/password.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { performCaseAction } from '../../functions/cases/merge.ts';
import { giveFeedback } from '../../functions/cases/transitions.ts';
import { countQueue, getCase, listCaseEvents } from '../../functions/data/cases.ts';
import { putStaffRecord } from '../../functions/data/staff.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import type { CaseTransitionInput } from '../../shared/schemas/cases.ts';
import type { StaffSummary } from '../../shared/schemas/staff.ts';
import { createCasesApp, makeComplaint, makeRefundDispute, postJson } from '../builders/cases.ts';

let clock = new Date('2026-09-23T02:00:00.000Z'); // Wednesday 10:00 Beijing time, before the holidays
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createCasesApp>>;

const shihe: StaffSummary = { username: 'shihe.editor', name: '浉河区教育编辑（演示）', roles: ['editor'], department: { id: 'education-411502', name: '浉河区教育体育局', kind: 'education', regionCode: '411502' } };
const culture: StaffSummary = { username: 'culture.editor', name: '市文广旅编辑（演示）', roles: ['editor'], department: { id: 'culture-411500', name: '信阳市文广旅局', kind: 'culture', regionCode: '411500' } };
const supervisor: StaffSummary = { username: 'city.supervisor', name: '市教育体育局督办员（演示）', roles: ['supervisor'], department: { id: 'education-411500', name: '信阳市教育体育局', kind: 'education', regionCode: '411500' } };

/** 23:59:59 Beijing time of a date, as stored. */
const endOf = (date: string) => new Date(Date.parse(`${date}T15:59:59.000Z`)).toISOString();
const beijing = (date: string, hour = 10) => new Date(Date.parse(`${date}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`));

async function file(path: '/api/complaints' | '/api/refund-disputes', body: unknown, at: Date) {
  clock = at;
  const res = await postJson(ctx.app, path, body);
  expect(res.status).toBe(201);
  return (await res.json()) as { caseNumber: string; accessCode: string; acceptBy: string; concludeBy: string };
}

async function step(caseNumber: string, staff: StaffSummary, at: Date, input: Omit<CaseTransitionInput, 'expectedVersion'>) {
  const stored = (await getCase(ctx.db, caseNumber))!;
  return performCaseAction(ctx.db, { caseNumber, staff, now: at, input: { ...input, expectedVersion: stored.record.version } as CaseTransitionInput });
}

beforeAll(async () => {
  ctx = await createCasesApp({ now });
  await seedDemoStaff(ctx.db);
});

describe('working-day deadlines', () => {
  it('counts accepting and concluding across the holidays and the make-up Saturday', async () => {
    const receipt = await file('/api/complaints', makeComplaint(), beijing('2026-09-23'));
    // Thu 24 (1); Fri 25 – Sun 27 中秋; Mon 28 (2), Tue 29 (3), Wed 30 (4); 1–7 Oct 国庆; Thu 8 (5), Fri 9 (6), Sat 10 调休 (7).
    expect(receipt.acceptBy).toBe(endOf('2026-10-10'));
    // … Mon 12 – Fri 16 (8–12), Mon 19 – Wed 21 (13–15).
    expect(receipt.concludeBy).toBe(endOf('2026-10-21'));
  });

  it('stops the concluding clock while paused, and moves the deadline on by the working days paused', async () => {
    const { caseNumber } = await file('/api/complaints', makeComplaint(), beijing('2026-09-23'));
    await step(caseNumber, shihe, beijing('2026-09-28'), { action: 'accept' });
    await step(caseNumber, shihe, beijing('2026-09-28', 11), { action: 'start' });
    await step(caseNumber, shihe, beijing('2026-09-29'), { action: 'pause', pauseReason: 'waiting_for_family', note: '等家长补交合同' });
    expect((await getCase(ctx.db, caseNumber))!.record.pause).toEqual({ since: beijing('2026-09-29').toISOString(), reason: 'waiting_for_family' });
    const resumed = await step(caseNumber, shihe, beijing('2026-10-09'), { action: 'resume' });
    // Paused Tue 29 Sep → Fri 9 Oct: Wed 30 Sep, Thu 8 and Fri 9 Oct are working days: 3.
    expect(resumed.record.pausedWorkingDays).toBe(3);
    // 21 Oct (Wed) + 3 working days: Thu 22, Fri 23, Mon 26.
    expect(resumed.record.routing.concludeBy).toBe(endOf('2026-10-26'));
    const events = await listCaseEvents(ctx.db, caseNumber);
    expect(events.at(-2)).toMatchObject({ action: 'pause', visibility: 'public', public: { pauseReason: 'waiting_for_family' }, internal: { note: '等家长补交合同' } });
    expect(events.at(-1)).toMatchObject({ action: 'resume', public: { pausedWorkingDays: 3, concludeBy: endOf('2026-10-26') }, internal: { previousConcludeBy: endOf('2026-10-21') } });
  });

  it('counts 12315 mediation’s 45 working days from the day of acceptance, as the routing rule says', async () => {
    const receipt = await file('/api/refund-disputes', makeRefundDispute({ institution: { unlistedName: '浉河区某体育培训', unlistedAddress: '浉河区工区路3号', unlistedCategory: 'sports' } }), beijing('2026-09-23'));
    expect(receipt.acceptBy).toBe(endOf('2026-10-10'));
    const accepted = await step(receipt.caseNumber, shihe, beijing('2026-09-28'), { action: 'accept' });
    // After Mon 28 Sep: 29, 30 Sep; 8, 9, 10 Oct (5); then five-day weeks to Fri 4 Dec (45).
    expect(accepted.record.routing.concludeBy).toBe(endOf('2026-12-04'));
    expect(accepted.record.acceptedAt).toBe(beijing('2026-09-28').toISOString());
  });

  it('gives the department a case is transferred to its own time, from the transfer', async () => {
    const { caseNumber } = await file('/api/complaints', makeComplaint(), beijing('2026-09-23'));
    const moved = await step(caseNumber, shihe, beijing('2026-10-09'), { action: 'transfer', toDepartmentId: 'culture-411502', reason: '艺术类培训由文广旅部门监管' });
    expect(moved.record).toMatchObject({ state: 'transferred', leadDepartmentId: 'culture-411502' });
    // From Fri 9 Oct: Sat 10 (1), 12–16 (2–6), Mon 19 (7).
    expect(moved.record.routing.acceptBy).toBe(endOf('2026-10-19'));
    // 15 working days from the transfer: … Thu 29 Oct.
    expect(moved.record.routing.concludeBy).toBe(endOf('2026-10-29'));
    expect(moved.queue.map((e) => e.departmentId).sort()).toEqual(['culture-411500', 'culture-411502', 'market-411500', 'market-411502']);
    // The new department accepts in time.
    const accepted = await step(caseNumber, culture, beijing('2026-10-12'), { action: 'accept' });
    expect(accepted.record.state).toBe('accepted');
  });

  it('gives the supervisor the rule’s concluding time again when a family reopens the case', async () => {
    const { caseNumber } = await file('/api/complaints', makeComplaint(), beijing('2026-09-23'));
    await step(caseNumber, shihe, beijing('2026-09-24'), { action: 'accept' });
    await step(caseNumber, shihe, beijing('2026-09-24', 11), { action: 'start' });
    await step(caseNumber, shihe, beijing('2026-10-12'), { action: 'conclude', outcome: 'not_substantiated', actionTaken: '现场核查未发现问题' });
    const reopened = await giveFeedback(ctx.db, { caseNumber, satisfied: false, now: beijing('2026-10-14') });
    expect(reopened.record).toMatchObject({ state: 'in_progress', reopened: true, feedback: { satisfied: false } });
    expect(reopened.record.closedAt).toBeUndefined();
    // 15 working days after Wed 14 Oct: … Wed 4 Nov.
    expect(reopened.record.routing.concludeBy).toBe(endOf('2026-11-04'));
    const done = await step(caseNumber, supervisor, beijing('2026-10-20'), { action: 'conclude', outcome: 'partly_substantiated', actionTaken: '督促机构整改' });
    expect(done.record.state).toBe('concluded');
  });
});

describe('the queue at a glance', () => {
  it('counts overdue, due before the end of the next working day, and paused cases, and lists them due first', async () => {
    const at = beijing('2026-11-18', 9); // Wednesday
    const overdue = await file('/api/complaints', makeComplaint({ districtCode: '411521', institution: { unlistedName: '罗山县某培训', unlistedAddress: '罗山县城关镇1号' } }), beijing('2026-11-02'));
    const dueSoon = await file('/api/complaints', makeComplaint({ districtCode: '411521', institution: { unlistedName: '罗山县某培训', unlistedAddress: '罗山县城关镇2号' } }), beijing('2026-11-10'));
    const later = await file('/api/complaints', makeComplaint({ districtCode: '411521', institution: { unlistedName: '罗山县某培训', unlistedAddress: '罗山县城关镇3号' } }), beijing('2026-11-17'));
    const paused = await file('/api/complaints', makeComplaint({ districtCode: '411521', institution: { unlistedName: '罗山县某培训', unlistedAddress: '罗山县城关镇4号' } }), beijing('2026-11-02'));
    const luoshan: StaffSummary = { ...shihe, department: { id: 'education-411521', name: '罗山县教育体育局', kind: 'education', regionCode: '411521' } };
    await step(paused.caseNumber, luoshan, beijing('2026-11-03'), { action: 'accept' });
    await step(paused.caseNumber, luoshan, beijing('2026-11-03', 11), { action: 'pause', pauseReason: 'inspection' });
    // acceptBy: 2 Nov + 7 = 11 Nov (overdue on the 18th); 10 Nov + 7 = 19 Nov (due by the end of Thu 19th); 17 Nov + 7 = 26 Nov.
    expect(overdue.acceptBy).toBe(endOf('2026-11-11'));
    expect(dueSoon.acceptBy).toBe(endOf('2026-11-19'));

    clock = at;
    await putStaffRecord(ctx.db, { username: 'luoshan.editor', name: '罗山县教育（测试）', departmentId: 'education-411521', roles: ['editor'], disabled: false, passwordHash: await hashPassword('test-luoshan-password'), createdAt: at.toISOString(), updatedAt: at.toISOString() });
    const browser = new StaffBrowser(ctx.app, { now });
    expect((await browser.login('luoshan.editor', 'test-luoshan-password')).status).toBe(200);
    const glance = await (await browser.request('/api/admin/cases/overview')).json();
    expect(glance).toEqual({ overdue: 1, dueSoon: 1, paused: 1, dueSoonBefore: endOf('2026-11-19') });
    const queue = await (await browser.request('/api/admin/cases')).json();
    expect(queue.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual([overdue.caseNumber, dueSoon.caseNumber, later.caseNumber, paused.caseNumber]);
    expect(queue.items[3]).toMatchObject({ paused: true, dueKind: 'conclude' });
    expect(queue.items[0]).toMatchObject({ dueKind: 'accept', dueBy: endOf('2026-11-11') });
  });

  it('stops counting at the cap and says "at least": the glance reads a bounded number of entries however long the queue', async () => {
    const at = beijing('2026-11-18', 9);
    for (const n of [1, 2, 3]) {
      await file('/api/complaints', makeComplaint({ districtCode: '411523', institution: { unlistedName: '新县某培训', unlistedAddress: `新县城关镇${n}号` } }), beijing('2026-11-02'));
    }
    const question = { departmentId: 'education-411523', now: at.toISOString(), soonBefore: endOf('2026-11-19') };
    expect(await countQueue(ctx.db, question)).toEqual({ overdue: 3, dueSoon: 0, paused: 0 });
    expect(await countQueue(ctx.db, { ...question, cap: 2 })).toEqual({ overdue: 2, dueSoon: 0, paused: 0, atLeast: ['overdue'] });
    expect(await countQueue(ctx.db, { ...question, cap: 3 })).toEqual({ overdue: 3, dueSoon: 0, paused: 0 });
  });
});

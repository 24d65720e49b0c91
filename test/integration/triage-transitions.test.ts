/**
 * Journey: regulators work a case through the transition table, and the
 * family follows it. Table-driven from shared/rules/case-transitions.ts:
 * every row is taken once through the API (or the family's feedback
 * endpoint) from a case brought to its `from` state, with the right actor
 * and fields; every staff action that the table does not have from a state
 * is refused without writing anything; every row's required fields are
 * asked for, field by field; and the wrong actors are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../functions/auth/password.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { getCase, listCaseEvents } from '../../functions/data/cases.ts';
import { putStaffRecord } from '../../functions/data/staff.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { CASE_TRANSITIONS, StaffCaseActions, type CaseTransition, type StaffCaseAction } from '../../shared/rules/case-transitions.ts';
import type { CaseState } from '../../shared/vocabulary.ts';
import { createCasesApp, makeComplaint, makeRefundDispute, postJson } from '../builders/cases.ts';

let clock = new Date('2026-11-23T02:00:00.000Z'); // a Monday
const now = () => clock;
const tick = () => {
  clock = new Date(clock.getTime() + 1000);
};
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
const as: Record<string, StaffBrowser> = {};

interface Filed {
  caseNumber: string;
  accessCode: string;
  /** Who leads it now: shihe.editor's office, or (after a transfer) culture-411502, seen by culture.editor's city office. */
  lead: 'shihe.editor' | 'culture.editor';
}

async function file(type: 'complaint' | 'refund_dispute' = 'complaint'): Promise<Filed> {
  tick();
  const res =
    type === 'complaint' ? await postJson(ctx.app, '/api/complaints', makeComplaint()) : await postJson(ctx.app, '/api/refund-disputes', makeRefundDispute({ institution: { unlistedName: '浉河区某培训', unlistedAddress: '浉河区工区路2号', unlistedCategory: 'sports' } }));
  expect(res.status).toBe(201);
  const receipt = await res.json();
  return { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode, lead: 'shihe.editor' };
}

async function version(n: string): Promise<number> {
  return (await getCase(ctx.db, n))!.record.version;
}

async function act(who: string, n: string, action: StaffCaseAction, fields: Record<string, unknown> = {}, expectedVersion?: number) {
  tick();
  return as[who]!.post(`/api/admin/cases/${n}/transitions`, { action, expectedVersion: expectedVersion ?? (await version(n)), ...fields });
}

async function feedback(f: Filed, satisfied: boolean, comment?: string) {
  tick();
  return postJson(ctx.app, '/api/track/feedback', { caseNumber: f.caseNumber, accessCode: f.accessCode, satisfied, ...(comment ? { comment } : {}) }, { key: null });
}

/** Valid fields for each action on this case (the transfer goes elsewhere than its lead). */
function fieldsFor(action: StaffCaseAction, f: Filed, extra: { original?: string; reopened?: boolean } = {}): Record<string, unknown> {
  switch (action) {
    case 'decline':
      return { reason: '反映的机构不在本部门监管范围', nextSteps: '请拨打 12315 向市场监管部门反映' };
    case 'transfer':
      return { toDepartmentId: f.lead === 'shihe.editor' ? 'culture-411502' : 'education-411502', reason: '这是舞蹈培训机构，由文广旅部门监管' };
    case 'pause':
      return { pauseReason: 'waiting_for_family', note: '已电话联系家长补交收据' };
    case 'progress':
      return { message: '已到机构现场核查，正在调取收费记录。' };
    case 'conclude':
      return { outcome: 'partly_substantiated', actionTaken: '责令机构退还超期收费，并约谈负责人', amountRecovered: 120_000 };
    case 'assign':
      return { assignee: extra.reopened ? 'city.supervisor' : f.lead === 'shihe.editor' ? 'shihe.editor' : 'culture.editor' };
    case 'note':
      return { note: '协办部门已核实营业执照。' };
    case 'merge':
      return { originalCaseNumber: extra.original };
    default:
      return {};
  }
}

async function ok(res: Response, what: string) {
  const body = await res.text();
  expect(res.status, `${what}: ${body}`).toBe(200);
  return JSON.parse(body);
}

/** Files a case and brings it to a state (and conditions), through the API. */
async function bringTo(state: CaseState, when: CaseTransition['when'] = {}, type: 'complaint' | 'refund_dispute' = 'complaint'): Promise<Filed> {
  const f = await file(type);
  const step = async (action: StaffCaseAction, who: string = f.lead) => ok(await act(who, f.caseNumber, action, fieldsFor(action, f)), `${action} to reach ${state}`);
  if (when.merged) {
    const original = await bringTo(state === 'transferred' ? 'transferred' : 'in_progress', {}, type);
    if (state === 'transferred') {
      await step('transfer');
      f.lead = 'culture.editor';
    }
    await ok(await act(f.lead, f.caseNumber, 'merge', { originalCaseNumber: original.caseNumber }), 'merge');
    return f;
  }
  switch (state) {
    case 'submitted':
      break;
    case 'transferred':
      await step('transfer');
      f.lead = 'culture.editor';
      break;
    case 'accepted':
      await step('accept');
      break;
    case 'in_progress':
      await step('accept');
      await step('start');
      if (when.reopened) {
        await step('conclude');
        await ok(await feedback(f, false), 'reopen');
      }
      break;
    case 'not_accepted':
      await step('decline');
      break;
    case 'concluded':
      await step('accept');
      await step('start');
      await step('conclude');
      if (when.reopened) {
        await ok(await feedback(f, false), 'reopen');
        await step('conclude', 'city.supervisor');
      }
      break;
    case 'closed':
      await step('accept');
      await step('start');
      await step('conclude');
      await ok(await feedback(f, true), 'close');
      break;
  }
  if (when.paused) await step('pause', when.reopened ? 'city.supervisor' : f.lead);
  return f;
}

beforeAll(async () => {
  ctx = await createCasesApp({ now });
  await seedDemoStaff(ctx.db);
  const at = clock.toISOString();
  await putStaffRecord(ctx.db, {
    username: 'market.shihe',
    name: '浉河区市场监管（测试）',
    departmentId: 'market-411502',
    roles: ['editor'],
    disabled: false,
    passwordHash: await hashPassword('test-market-shihe-password'),
    createdAt: at,
    updatedAt: at,
  });
  for (const username of ['shihe.editor', 'pingqiao.editor', 'culture.editor', 'city.viewer', 'city.supervisor']) {
    as[username] = new StaffBrowser(ctx.app, { now });
    await as[username].signIn(username);
  }
  as['market.shihe'] = new StaffBrowser(ctx.app, { now });
  expect((await as['market.shihe'].login('market.shihe', 'test-market-shihe-password')).status).toBe(200);
});

describe('every allowed transition', () => {
  it.each(CASE_TRANSITIONS.map((t) => [t.id, t] as const))('%s', async (_id, transition) => {
    const type = transition.requiresForRefund ? 'refund_dispute' : 'complaint';
    const f = await bringTo(transition.from, transition.when, type);
    const before = (await getCase(ctx.db, f.caseNumber))!;
    let body: { state?: string; case?: { state: string } };
    if (transition.who.kind === 'family') {
      body = await ok(await feedback(f, transition.action === 'feedback_satisfied', '谢谢老师'), transition.id);
    } else {
      const who = transition.who.role === 'supervisor' ? 'city.supervisor' : transition.who.parts.includes('co_handling') && f.lead === 'shihe.editor' ? 'market.shihe' : f.lead;
      let original: string | undefined;
      if (transition.action === 'merge') {
        const o = await bringTo(f.lead === 'culture.editor' ? 'transferred' : 'accepted');
        original = o.caseNumber;
      }
      body = await ok(await act(who, f.caseNumber, transition.action as StaffCaseAction, fieldsFor(transition.action as StaffCaseAction, f, { ...(original ? { original } : {}), reopened: Boolean(transition.when.reopened) })), transition.id);
      if (transition.action === 'merge') expect(body.case!.state).toBe((await getCase(ctx.db, original!))!.record.state);
    }
    const after = (await getCase(ctx.db, f.caseNumber))!;
    const expected = transition.to === 'same' ? before.record.state : transition.to === 'original' ? after.record.state : transition.to;
    expect(after.record.state).toBe(expected);
    expect(after.record.version).toBeGreaterThan(before.record.version);
    // The step is an event: who, which department, when, from and to, visible to the family or not.
    const event = (await listCaseEvents(ctx.db, f.caseNumber)).at(-1)!;
    expect(event).toMatchObject({ type: 'transition', transitionId: transition.id, action: transition.action, from: before.record.state, to: expected, visibility: transition.visibility, at: clock.toISOString() });
    if (transition.who.kind === 'staff') expect(event).toMatchObject({ by: 'staff', actor: { staffId: expect.any(String), departmentId: expect.any(String) } });
    else expect(event).toMatchObject({ by: 'family', departmentId: before.record.leadDepartmentId });
  });
});

describe('every transition the table does not have is refused', () => {
  const fixtures: Array<[string, CaseState, CaseTransition['when']]> = [
    ['submitted', 'submitted', {}],
    ['transferred', 'transferred', {}],
    ['accepted', 'accepted', {}],
    ['accepted, paused', 'accepted', { paused: true }],
    ['in progress', 'in_progress', {}],
    ['in progress, paused', 'in_progress', { paused: true }],
    ['in progress, reopened (for the handler)', 'in_progress', { reopened: true }],
    ['not accepted', 'not_accepted', {}],
    ['concluded', 'concluded', {}],
    ['closed', 'closed', {}],
    ['merged', 'in_progress', { merged: true }],
  ];
  it.each(fixtures)('%s', async (_name, state, when) => {
    const f = await bringTo(state, when);
    const record = (await getCase(ctx.db, f.caseNumber))!.record;
    const conditions = { reopened: Boolean(record.reopened), paused: Boolean(record.pause), merged: Boolean(record.mergedInto) };
    const detail = await ok(await as[f.lead]!.request(`/api/admin/cases/${f.caseNumber}`), 'read');
    for (const action of StaffCaseActions) {
      const inTable = CASE_TRANSITIONS.some(
        (t) =>
          t.from === state &&
          t.action === action &&
          t.who.kind === 'staff' &&
          t.who.role !== 'supervisor' &&
          (Object.keys(t.when) as Array<keyof typeof conditions>).every((k) => t.when[k] === undefined || t.when[k] === conditions[k]),
      );
      expect(detail.actions.includes(action), `${action} offered from ${_name}`).toBe(inTable);
      if (inTable) continue;
      const v = await version(f.caseNumber);
      const res = await act(f.lead, f.caseNumber, action, fieldsFor(action, f, { original: f.caseNumber }), v);
      expect([403, 409], `${action} from ${_name}: ${res.status}`).toContain(res.status);
      const { error } = await res.json();
      expect(error.message).toMatch(/不能|只有|合并|需要由/);
      expect(await version(f.caseNumber), `${action} wrote nothing`).toBe(v);
    }
    // And families give feedback only on a concluded case.
    if (state !== 'concluded') {
      const res = await feedback(f, true);
      expect(res.status).toBe(409);
      expect((await res.json()).error.message).toContain('办结后才能评价');
    }
  });
});

describe('required fields and actors', () => {
  it('asks for every field a step needs, by name, and writes nothing', async () => {
    const withFields = CASE_TRANSITIONS.filter((t) => t.who.kind === 'staff' && t.requires.length && t.who.role === 'editor' && !t.when.paused);
    const seen = new Set<string>();
    for (const transition of withFields) {
      const key = `${transition.action}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const f = await bringTo(transition.from, transition.when, transition.requiresForRefund ? 'refund_dispute' : 'complaint');
      const v = await version(f.caseNumber);
      const res = await act(f.lead, f.caseNumber, transition.action as StaffCaseAction, {});
      expect(res.status, transition.id).toBe(400);
      const { error } = await res.json();
      expect(Object.keys(error.fields).sort()).toEqual([...transition.requires, ...(transition.requiresForRefund ?? [])].sort());
      expect(await version(f.caseNumber)).toBe(v);
    }
  });

  it('refuses viewers (403), co-handling offices (but for notes), supervisors-only steps to handlers, with the reason', async () => {
    const f = await bringTo('submitted');
    const viewer = await act('city.viewer', f.caseNumber, 'accept');
    expect(viewer.status).toBe(403);
    const co = await act('market.shihe', f.caseNumber, 'accept');
    expect(co.status).toBe(403);
    expect((await co.json()).error.message).toContain('牵头办理部门');
    expect((await act('market.shihe', f.caseNumber, 'note', { note: '已核实营业执照' })).status).toBe(200);

    const reopened = await bringTo('in_progress', { reopened: true });
    const handler = await act('shihe.editor', reopened.caseNumber, 'conclude', fieldsFor('conclude', reopened));
    expect(handler.status).toBe(403);
    expect((await handler.json()).error.message).toContain('只有督办人员');
    expect((await act('shihe.editor', reopened.caseNumber, 'assign', { assignee: 'city.supervisor' })).status).toBe(403);
    const toHandler = await act('city.supervisor', reopened.caseNumber, 'assign', { assignee: 'shihe.editor' });
    expect(toHandler.status).toBe(400);
    expect((await toHandler.json()).error.fields.assignee).toContain('督办人员');
  });

  it('refuses a transfer to the lead itself or to no such department, and an assignee of another department', async () => {
    const f = await bringTo('submitted');
    expect((await (await act('shihe.editor', f.caseNumber, 'transfer', { toDepartmentId: 'education-411502', reason: '测试' })).json()).error.fields.toDepartmentId).toContain('本来就牵头');
    expect((await (await act('shihe.editor', f.caseNumber, 'transfer', { toDepartmentId: 'nowhere-411502', reason: '测试' })).json()).error.fields.toDepartmentId).toContain('没有这个部门');
    expect((await (await act('shihe.editor', f.caseNumber, 'assign', { assignee: 'pingqiao.editor' })).json()).error.fields.assignee).toContain('本部门没有');
  });
});

describe('the family follows the case', () => {
  it('sees each public step in plain Chinese on /api/track, never an internal note', async () => {
    const f = await bringTo('submitted');
    await ok(await act('shihe.editor', f.caseNumber, 'note', { note: '内部备注：机构负责人是局里某科长的亲戚' }), 'note');
    await ok(await act('shihe.editor', f.caseNumber, 'claim', { note: '由我办理，秘密线索见附件' }), 'claim');
    await ok(await act('shihe.editor', f.caseNumber, 'transfer', { toDepartmentId: 'culture-411502', reason: '这是舞蹈培训机构，由文广旅部门监管' }), 'transfer');
    await ok(await act('culture.editor', f.caseNumber, 'accept', { note: '内部：优先办理' }), 'accept');
    await ok(await act('culture.editor', f.caseNumber, 'start'), 'start');
    await ok(await act('culture.editor', f.caseNumber, 'progress', { message: '已到机构现场核查。', note: '内部：现场发现无证' }), 'progress');
    await ok(await act('culture.editor', f.caseNumber, 'conclude', { outcome: 'substantiated', actionTaken: '责令机构停止违规收费并退还费用', note: '内部：下月复查' }), 'conclude');
    tick();
    const track = await postJson(ctx.app, '/api/track', { caseNumber: f.caseNumber, accessCode: f.accessCode }, { key: null });
    const body = await ok(track, 'track');
    expect(body.state).toBe('concluded');
    const titles = body.timeline.map((e: { title: string }) => e.title);
    expect(titles).toEqual(['已收到', '已转办', '已受理', '办理中', '办理进展', '已办结']);
    const text = body.timeline.map((e: { text: string }) => e.text).join('\n');
    expect(text).toContain('浉河区教育体育局已将案件转交浉河区文广旅局办理。原因：这是舞蹈培训机构，由文广旅部门监管。');
    // The department that acted: the city office of the kind oversees the district's cases.
    expect(text).toContain('信阳市文广旅局：已到机构现场核查。');
    expect(text).toContain('经核查，您反映的问题属实。采取的措施：责令机构停止违规收费并退还费用。请在本页评价办理结果');
    const raw = JSON.stringify(body);
    for (const secret of ['内部', '科长', '秘密', 'culture.editor', 'shihe.editor', 'transitionId', 'internal']) expect(raw).not.toContain(secret);

    // Feedback: the same check as /api/track, internal notes never in its answer either.
    const wrong = await postJson(ctx.app, '/api/track/feedback', { caseNumber: f.caseNumber, accessCode: 'AAAA-AAAA', satisfied: true }, { key: null, ip: '203.0.113.99' });
    expect(wrong.status).toBe(404);
    const after = await ok(await feedback(f, false, '退费还没有到账'), 'feedback');
    expect(after.state).toBe('in_progress');
    expect(after.timeline.at(-1)).toMatchObject({ title: '重新办理' });
    expect(JSON.stringify(after)).not.toMatch(/内部|退费还没有到账|科长/);
    // Reopened: it is a supervisor's now, not the handler's.
    const handler = await act('culture.editor', f.caseNumber, 'conclude', fieldsFor('conclude', f));
    expect(handler.status).toBe(403);
  });

  it('lets both families of a merged pair keep their numbers and see the shared progress', async () => {
    const original = await bringTo('accepted');
    const duplicate = await bringTo('submitted');
    await ok(await act('shihe.editor', duplicate.caseNumber, 'merge', { originalCaseNumber: original.caseNumber }), 'merge');
    await ok(await act('shihe.editor', original.caseNumber, 'start'), 'start');
    await ok(await act('shihe.editor', original.caseNumber, 'progress', { message: '已约谈机构负责人。' }), 'progress');
    await ok(await act('shihe.editor', original.caseNumber, 'conclude', { outcome: 'substantiated', actionTaken: '责令退费' }), 'conclude');
    tick();
    const dup = await ok(await postJson(ctx.app, '/api/track', { caseNumber: duplicate.caseNumber, accessCode: duplicate.accessCode }, { key: null }), 'track dup');
    expect(dup.caseNumber).toBe(duplicate.caseNumber);
    expect(dup.state).toBe('concluded');
    expect(dup.timeline.map((e: { title: string }) => e.title)).toEqual(['已收到', '合并办理', '办理中', '办理进展', '已办结']);
    expect(JSON.stringify(dup)).not.toContain(original.caseNumber);
    // Each family's feedback is its own.
    await ok(await feedback(duplicate, true), 'dup satisfied');
    expect((await getCase(ctx.db, duplicate.caseNumber))!.record.state).toBe('closed');
    expect((await getCase(ctx.db, original.caseNumber))!.record.state).toBe('concluded');
    // The duplicate takes no staff step of its own, and leaves the open queue.
    const refused = await act('shihe.editor', duplicate.caseNumber, 'note', { note: 'x' });
    expect(refused.status).toBe(409);
  });
});

/**
 * Department and district isolation through every triage endpoint: a
 * handler of 平桥区's education office can neither list, filter, read, act
 * on, merge into, reveal nor find in the ledger or the dashboard a case or
 * an institution of 浉河区's (and the other way round), each refusal
 * audited; every /api/admin route of the triage needs a signed-in member of
 * staff; and what only staff see (internal notes, who did what) never
 * reaches the family's /api/track or feedback answers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../functions/auth/password.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { totpCode } from '../../functions/auth/totp.ts';
import { listAudit } from '../../functions/data/audit.ts';
import { getCase } from '../../functions/data/cases.ts';
import { putStaffRecord } from '../../functions/data/staff.ts';
import { findDemoStaff, seedDemoStaff } from '../../scripts/demo/staff.ts';
import { StaffCaseActions } from '../../shared/rules/case-transitions.ts';
import type { Institution } from '../../shared/schemas/institution.ts';
import { createCasesApp, listInstitution, makeComplaint, makeRefundDispute, postJson } from '../builders/cases.ts';

let clock = new Date('2026-11-23T02:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
const as: Record<string, StaffBrowser> = {};
let shiheInst: Institution;
let shiheCase: { caseNumber: string; accessCode: string };
let pingqiaoCase: { caseNumber: string; accessCode: string };

async function file(path: string, body: unknown) {
  clock = new Date(clock.getTime() + 1000);
  const res = await postJson(ctx.app, path, body);
  expect(res.status).toBe(201);
  return res.json();
}

async function act(who: string, n: string, action: string, fields: Record<string, unknown> = {}) {
  clock = new Date(clock.getTime() + 1000);
  const version = (await getCase(ctx.db, n))!.record.version;
  return as[who]!.post(`/api/admin/cases/${n}/transitions`, { action, expectedVersion: version, ...fields });
}

beforeAll(async () => {
  ctx = await createCasesApp({ now });
  await seedDemoStaff(ctx.db);
  const at = clock.toISOString();
  // A supervisor of one district office: the dashboard shows that district only.
  await putStaffRecord(ctx.db, {
    username: 'pingqiao.supervisor',
    name: '平桥区教育督办（测试）',
    departmentId: 'education-411503',
    roles: ['supervisor'],
    disabled: false,
    passwordHash: await hashPassword('test-pingqiao-supervisor'),
    totpSecret: findDemoStaff('city.supervisor')!.totpSecret!,
    createdAt: at,
    updatedAt: at,
  });
  shiheInst = await listInstitution(ctx.db, { name: '浉河区飞跃体育培训中心', category: 'sports', districtCode: '411502' });
  shiheCase = await file('/api/refund-disputes', makeRefundDispute({ institution: { institutionId: shiheInst.id } }));
  for (let i = 0; i < 3; i++) await file('/api/refund-disputes', makeRefundDispute({ institution: { institutionId: shiheInst.id } }));
  pingqiaoCase = await file('/api/complaints', makeComplaint({ districtCode: '411503', institution: { unlistedName: '平桥区某培训', unlistedAddress: '平桥区平中大街2号' } }));
  for (const username of ['shihe.editor', 'pingqiao.editor', 'city.supervisor']) {
    as[username] = new StaffBrowser(ctx.app, { now });
    await as[username].signIn(username);
  }
  as['pingqiao.supervisor'] = new StaffBrowser(ctx.app, { now });
  const login = await as['pingqiao.supervisor'].login('pingqiao.supervisor', 'test-pingqiao-supervisor');
  expect(login.status).toBe(200);
  // The same secret as city.supervisor's (a test account): each code works once per account.
  expect((await as['pingqiao.supervisor'].totp(totpCode(findDemoStaff('city.supervisor')!.totpSecret!, clock))).status).toBe(200);
  await act('shihe.editor', shiheCase.caseNumber, 'note', { note: '内部线索：举报人是机构前员工' });
});

describe('a handler of another district’s office', () => {
  it('does not find the case in its queue, by any filter', async () => {
    const queries = ['', '?closed=true', `?institutionId=${shiheInst.id}`, '?kind=refund_dispute', '?district=411502', '?state=submitted', '?from=2026-01-01&to=2026-12-31'];
    for (const q of queries) {
      const page = await (await as['pingqiao.editor']!.request(`/api/admin/cases${q}`)).json();
      expect(page.items.map((i: { caseNumber: string }) => i.caseNumber), q).not.toContain(shiheCase.caseNumber);
      for (const item of page.items) expect(item.districtCode).toBe('411503');
    }
    // And the other way round.
    const shihe = await (await as['shihe.editor']!.request('/api/admin/cases?limit=100')).json();
    expect(shihe.items.map((i: { caseNumber: string }) => i.caseNumber)).not.toContain(pingqiaoCase.caseNumber);
  });

  it('is refused (403, audited) reading it, revealing its contact, and every step on it', async () => {
    const n = shiheCase.caseNumber;
    expect((await as['pingqiao.editor']!.request(`/api/admin/cases/${n}`)).status).toBe(403);
    expect((await as['pingqiao.editor']!.post(`/api/admin/cases/${n}/reveal-contact`)).status).toBe(403);
    expect((await as['pingqiao.editor']!.request(`/api/admin/cases/${n}/attachments`)).status).toBe(403);
    for (const action of StaffCaseActions) {
      const res = await act('pingqiao.editor', n, action, { reason: 'x', nextSteps: 'y', toDepartmentId: 'education-411503', outcome: 'substantiated', actionTaken: 'z', amountRecovered: 0, assignee: 'pingqiao.editor', note: 'n', message: 'm', pauseReason: 'other', originalCaseNumber: pingqiaoCase.caseNumber });
      expect(res.status, action).toBe(403);
      const body = await res.text();
      expect(body, action).not.toContain('举报人');
      expect(body).not.toContain('current');
    }
    const audit = await listAudit(ctx.db, '2026-11-23');
    expect(audit.filter((e) => e.username === 'pingqiao.editor' && e.event === 'permission_denied').length).toBeGreaterThanOrEqual(StaffCaseActions.length + 2);
    expect((await getCase(ctx.db, n))!.record.state).toBe('submitted');
  });

  it('cannot merge its case into another office’s case, nor learn that it exists', async () => {
    const own = await act('pingqiao.editor', pingqiaoCase.caseNumber, 'merge', { originalCaseNumber: shiheCase.caseNumber });
    expect(own.status).toBe(400);
    const { error } = await own.json();
    expect(error.fields.originalCaseNumber).toContain('不由本部门牵头');
    expect(JSON.stringify(error)).not.toContain('浉河区');
  });

  it('does not see the other district’s institution in the risk ledger, nor its risk or plan', async () => {
    const mine = await (await as['shihe.editor']!.request('/api/admin/risk')).json();
    expect(mine.items.map((r: { institutionId: string }) => r.institutionId)).toContain(shiheInst.id);
    const theirs = await (await as['pingqiao.editor']!.request('/api/admin/risk')).json();
    expect(theirs.items.map((r: { institutionId: string }) => r.institutionId)).not.toContain(shiheInst.id);
    expect((await as['pingqiao.editor']!.request(`/api/admin/risk/institutions/${shiheInst.id}`)).status).toBe(403);
    expect((await as['pingqiao.supervisor']!.post(`/api/admin/risk/institutions/${shiheInst.id}/plan`, { summary: '不该写入的方案', expectedVersion: 0 })).status).toBe(403);
  });

  it('sees only its own district on the dashboard and in the CSV', async () => {
    const city = await (await as['city.supervisor']!.request('/api/admin/dashboard')).json();
    expect(city.byDistrict.map((d: { key: string }) => d.key).sort()).toEqual(['411502', '411503']);
    const district = await (await as['pingqiao.supervisor']!.request('/api/admin/dashboard')).json();
    expect(district.byDistrict.map((d: { key: string }) => d.key)).toEqual(['411503']);
    expect(district.scope.districtCodes).toEqual(['411503']);
    const csv = await (await as['pingqiao.supervisor']!.request('/api/admin/dashboard/csv')).text();
    expect(csv).toContain('411503');
    expect(csv).not.toContain('411502');
    // Handlers are not supervisors.
    expect((await as['pingqiao.editor']!.request('/api/admin/dashboard')).status).toBe(403);
  });
});

describe('every triage route needs a signed-in member of staff', () => {
  it('answers 401 without a session, for each route in the OpenAPI document', async () => {
    const doc = await (await ctx.app.request('http://localhost/api/openapi.json')).json();
    const paths = Object.keys(doc.paths).filter((p) => /^\/api\/admin\/(cases|risk|dashboard)/.test(p));
    expect(paths.length).toBeGreaterThanOrEqual(11);
    const anonymous = new StaffBrowser(ctx.app);
    for (const path of paths) {
      for (const method of Object.keys(doc.paths[path])) {
        const url = path.replace('{caseNumber}', shiheCase.caseNumber).replace('{id}', shiheInst.id).replace('{itemId}', 'abc').replace('{attachmentId}', 'a'.repeat(24));
        const res = await anonymous.request(url, { method: method.toUpperCase(), ...(method === 'post' ? { json: {} } : {}) });
        expect([401, 403], `${method} ${path}`).toContain(res.status);
      }
    }
  });
});

describe('what the family sees', () => {
  it('never includes internal notes, staff names or internal steps, on /api/track or the feedback answer', async () => {
    const n = shiheCase.caseNumber;
    await act('shihe.editor', n, 'claim', { note: '内部：先核实机构负责人背景' });
    await act('shihe.editor', n, 'accept', { note: '内部：机构负责人与某局有关联' });
    await act('shihe.editor', n, 'start');
    await act('shihe.editor', n, 'conclude', { outcome: 'partly_substantiated', actionTaken: '组织调解，机构退还部分费用', amountRecovered: 150_000, note: '内部：机构账户余额不足' });
    const track = await (await postJson(ctx.app, '/api/track', { caseNumber: n, accessCode: shiheCase.accessCode }, { key: null })).json();
    const feedback = await (await postJson(ctx.app, '/api/track/feedback', { caseNumber: n, accessCode: shiheCase.accessCode, satisfied: true, comment: '感谢，但希望更快' }, { key: null })).json();
    expect(track.timeline.at(-1).text).toContain('已为您追回1500元');
    for (const body of [track, feedback]) {
      const raw = JSON.stringify(body);
      for (const secret of ['内部', '举报人', '浉河区教育编辑', 'shihe.editor', '感谢，但希望更快', 'note', 'actor', 'claim', '认领']) expect(raw, secret).not.toContain(secret);
    }
    expect(feedback.state).toBe('closed');
  });
});

/**
 * Regulators see their department's queue, most urgent first; contacts are
 * masked in lists and stored only as ciphertext; only the lead department
 * sees a contact in full, and every reveal is audited; other departments are
 * refused on every endpoint.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../functions/auth/password.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { listAudit } from '../../functions/data/audit.ts';
import { putStaffRecord } from '../../functions/data/staff.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createCasesApp, makeComplaint, makeRefundDispute, postJson, scanAll } from '../builders/cases.ts';

let clock = new Date('2026-11-20T02:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
const as: Record<string, StaffBrowser> = {};
const filed: Record<string, { caseNumber: string; accessCode: string }> = {};

async function fileAt(at: string, path: string, body: unknown) {
  clock = new Date(at);
  const res = await postJson(ctx.app, path, body);
  expect(res.status).toBe(201);
  return res.json();
}

beforeAll(async () => {
  ctx = await createCasesApp({ now });
  await seedDemoStaff(ctx.db);
  const at = clock.toISOString();
  for (const [username, departmentId] of [
    ['police.editor', 'police-411500'],
    ['market.shihe', 'market-411502'],
  ] as const) {
    await putStaffRecord(ctx.db, {
      username,
      name: `${departmentId}（测试）`,
      departmentId,
      roles: ['editor'],
      disabled: false,
      passwordHash: await hashPassword(`test-${username}-password`),
      createdAt: at,
      updatedAt: at,
    });
  }
  // 浉河区: a fee complaint (normal, with market co-handling), a later one, a safety hazard (urgent), harm to a child (emergency, police leads).
  filed.fees = await fileAt('2026-11-20T02:00:00.000Z', '/api/complaints', makeComplaint({ contact: { name: '赵六六', mobile: '13912345678' }, childAgeBand: 'primary' }));
  filed.laterFees = await fileAt('2026-11-24T02:00:00.000Z', '/api/complaints', makeComplaint({ contact: { name: '钱七', mobile: '13700001111' } }));
  filed.safety = await fileAt('2026-11-25T02:00:00.000Z', '/api/complaints', makeComplaint({ kind: 'safety_hazard', contact: undefined, description: '楼梯扶手松动，孩子上下课很危险。' }));
  filed.harm = await fileAt('2026-11-26T02:00:00.000Z', '/api/complaints', makeComplaint({ kind: 'child_harm', contact: { name: '孙女士', mobile: '15800002222' }, description: '老师把孩子单独关在教室里，孩子回家后很害怕。' }));
  // 平桥区: another district's case.
  filed.pingqiao = await fileAt('2026-11-26T03:00:00.000Z', '/api/refund-disputes', makeRefundDispute({ districtCode: '411503', institution: { unlistedName: '平桥区某培训', unlistedAddress: '平桥区平中大街2号', unlistedCategory: 'sports' } }));
  clock = new Date('2026-11-26T04:00:00.000Z');

  for (const username of ['shihe.editor', 'pingqiao.editor', 'culture.editor', 'city.viewer']) {
    as[username] = new StaffBrowser(ctx.app, { now });
    await as[username].signIn(username);
  }
  for (const username of ['police.editor', 'market.shihe']) {
    as[username] = new StaffBrowser(ctx.app, { now });
    expect((await as[username].login(username, `test-${username}-password`)).status).toBe(200);
  }
});

const numbers = (items: { caseNumber: string }[]) => items.map((i) => i.caseNumber);

describe('personal data at rest', () => {
  it('is ciphertext in its own item: no plain mobile number or name anywhere in the table', async () => {
    const items = await scanAll(ctx.db);
    const raw = JSON.stringify(items);
    for (const secret of ['13912345678', '13700001111', '15800002222', '赵六六', '钱七', '孙女士', '"primary"']) expect(raw).not.toContain(secret);
    for (const receipt of Object.values(filed)) expect(raw).not.toContain(receipt.accessCode.replace('-', ''));
    const pii = items.find((i) => i.entity === 'case_personal_data' && i.caseNumber === filed.fees!.caseNumber) as { fields: Record<string, string>; keyProvider: string; wrappedKey: string };
    expect(Object.keys(pii.fields).sort()).toEqual(['childAgeBand', 'contactMobile', 'contactName', 'description']);
    for (const value of Object.values(pii.fields)) expect(value).toMatch(/^f1\.[A-Za-z0-9_-]+$/);
    expect(pii.keyProvider).toBe('local:dev-only');
    expect(pii.wrappedKey).toMatch(/^local1\.dev-only\./);
    // The family's narrative is sealed with the contact (functions/cases/narrative.ts): nowhere in the table in plain.
    for (const words of ['楼梯扶手松动', '单独关在教室里', '转账到老师的个人微信']) expect(raw).not.toContain(words);
    // The record holds only the masked contact.
    const record = items.find((i) => i.entity === 'case' && i.caseNumber === filed.fees!.caseNumber) as Record<string, unknown>;
    expect(record.contactMasked).toEqual({ name: '赵**', mobile: '139****5678' });
  });
});

describe('the department queue', () => {
  it('lists a district office’s cases, lead or co-handling, most urgent first then by accept deadline, contacts masked', async () => {
    const res = await as['shihe.editor']!.request('/api/admin/cases');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { items, cursor } = await res.json();
    expect(cursor).toBeUndefined();
    expect(numbers(items)).toEqual([filed.harm, filed.safety, filed.fees, filed.laterFees].map((r) => r!.caseNumber));
    expect(items.map((i: { priority: string; role: string }) => [i.priority, i.role])).toEqual([
      ['emergency', 'co_handling'],
      ['urgent', 'lead'],
      ['normal', 'lead'],
      ['normal', 'lead'],
    ]);
    expect(items[2].contact).toEqual({ name: '赵**', mobile: '139****5678' });
    expect(items[1].contact).toBeNull();
    expect(JSON.stringify(items)).not.toMatch(/13912345678|赵六六/);
  });

  it('pages through the queue with a cursor, a page at a time from the database', async () => {
    const first = await (await as['shihe.editor']!.request('/api/admin/cases?limit=3')).json();
    expect(first.items).toHaveLength(3);
    expect(first.cursor).toEqual(expect.any(String));
    const second = await (await as['shihe.editor']!.request(`/api/admin/cases?limit=3&cursor=${first.cursor}`)).json();
    expect(numbers([...first.items, ...second.items])).toEqual([filed.harm, filed.safety, filed.fees, filed.laterFees].map((r) => r!.caseNumber));
    expect(second.cursor).toBeUndefined();
    // A cursor from another queue (or made up) is refused.
    const bad = await as['shihe.editor']!.request('/api/admin/cases?cursor=eyJmb28iOjF9');
    expect(bad.status).toBe(400);
  });

  it('shows the police only the case they lead, and the city office of a kind its districts’ cases', async () => {
    const police = await (await as['police.editor']!.request('/api/admin/cases')).json();
    expect(numbers(police.items)).toEqual([filed.harm!.caseNumber]);
    const city = await (await as['city.viewer']!.request('/api/admin/cases')).json();
    expect(numbers(city.items)).toEqual([filed.harm, filed.safety, filed.fees, filed.laterFees, filed.pingqiao].map((r) => r!.caseNumber));
  });

  it('shows another district’s office and another kind of department none of them', async () => {
    const pingqiao = await (await as['pingqiao.editor']!.request('/api/admin/cases')).json();
    expect(numbers(pingqiao.items)).toEqual([filed.pingqiao!.caseNumber]);
    const culture = await (await as['culture.editor']!.request('/api/admin/cases')).json();
    expect(culture.items).toEqual([]);
  });

  it('needs sign-in', async () => {
    expect((await ctx.app.request('/api/admin/cases')).status).toBe(401);
  });
});

describe('reading a case and revealing a contact', () => {
  it('shows the handling departments the case with every event and the routing rule, contact masked', async () => {
    const res = await as['market.shihe']!.request(`/api/admin/cases/${filed.fees!.caseNumber}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.contact).toEqual({ name: '赵**', mobile: '139****5678' });
    expect(body.case).toMatchObject({ caseNumber: filed.fees!.caseNumber, leadDepartmentId: 'education-411502', routing: { ruleId: 'complaint-fees' } });
    expect(body.case.contactMasked).toBeUndefined();
    // The family's narrative, stored sealed, is opened for a department handling the case (here co-handling).
    expect(body.case.complaint.description).toBe(makeComplaint().description);
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(['submitted', 'routed']);
    // The routing rule's legal basis and priority reason, for staff to read beside the case.
    expect(body.events[1].basis.join('\n')).toContain('教监管函〔2021〕2号');
    expect(body.events[1].priorityReason).toBeTruthy();
    expect(JSON.stringify(body)).not.toContain('13912345678');
    expect(JSON.stringify(body)).not.toContain('accessCodeHash');
  });

  it('reveals the full contact to the lead department, and audits it', async () => {
    const res = await as['shihe.editor']!.post(`/api/admin/cases/${filed.fees!.caseNumber}/reveal-contact`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ caseNumber: filed.fees!.caseNumber, contact: { name: '赵六六', mobile: '13912345678' }, childAgeBand: 'primary' });
    const audit = await listAudit(ctx.db, '2026-11-26');
    expect(audit.find((e) => e.event === 'contact_revealed')).toMatchObject({ username: 'shihe.editor', departmentId: 'education-411502', reason: `case:${filed.fees!.caseNumber}` });
    // No personal data in the audit log itself.
    expect(JSON.stringify(audit)).not.toContain('13912345678');
  });

  it('reveals a child-harm reporter only to the police, who lead it; the co-handling education office is refused', async () => {
    const police = await as['police.editor']!.post(`/api/admin/cases/${filed.harm!.caseNumber}/reveal-contact`);
    expect((await police.json()).contact).toEqual({ name: '孙女士', mobile: '15800002222' });
    const education = await as['shihe.editor']!.post(`/api/admin/cases/${filed.harm!.caseNumber}/reveal-contact`);
    expect(education.status).toBe(403);
    expect((await education.json()).error.message).toContain('牵头办理部门');
    // But it may read the case it co-handles, the family's words included.
    const read = await as['shihe.editor']!.request(`/api/admin/cases/${filed.harm!.caseNumber}`);
    expect(read.status).toBe(200);
    expect((await read.json()).case.complaint.description).toBe('老师把孩子单独关在教室里，孩子回家后很害怕。');
  });

  it('answers an anonymous case’s reveal with no contact', async () => {
    const res = await as['shihe.editor']!.post(`/api/admin/cases/${filed.safety!.caseNumber}/reveal-contact`);
    expect(await res.json()).toEqual({ caseNumber: filed.safety!.caseNumber, contact: null, childAgeBand: null });
  });

  it('refuses a read-only viewer the reveal, even in an office that sees the case', async () => {
    expect((await as['city.viewer']!.request(`/api/admin/cases/${filed.fees!.caseNumber}`)).status).toBe(200);
    expect((await as['city.viewer']!.post(`/api/admin/cases/${filed.fees!.caseNumber}/reveal-contact`)).status).toBe(403);
  });

  it('refuses other departments on read and reveal with 403, audited, and gives away nothing of the case', async () => {
    for (const username of ['pingqiao.editor', 'culture.editor', 'police.editor']) {
      const read = await as[username]!.request(`/api/admin/cases/${filed.fees!.caseNumber}`);
      expect(read.status, username).toBe(403);
      const body = await read.text();
      expect(body).not.toContain('13912345678');
      expect(body).not.toContain('机构要求');
      expect(JSON.parse(body).error.message).toContain('不由本部门办理');
      expect((await as[username]!.post(`/api/admin/cases/${filed.fees!.caseNumber}/reveal-contact`)).status, username).toBe(403);
    }
    const audit = await listAudit(ctx.db, '2026-11-26');
    expect(audit.filter((e) => e.event === 'permission_denied' && e.reason === `case_out_of_scope:${filed.fees!.caseNumber}`)).toHaveLength(6);
  });

  it('answers a case number that fails its check with 400, and one that does not exist with 404', async () => {
    expect((await as['shihe.editor']!.request('/api/admin/cases/2611-0000-0000-1')).status).toBe(400);
    expect((await as['shihe.editor']!.request('/api/admin/cases/2611-0000-0000-7')).status).toBe(404);
  });

  it('requires the CSRF token for a reveal', async () => {
    expect((await as['shihe.editor']!.post(`/api/admin/cases/${filed.fees!.caseNumber}/reveal-contact`, undefined, { csrf: false })).status).toBe(403);
  });
});

/**
 * Regulators keep the registry true: create, edit and change the status of
 * institutions within their department and district; two editors at once
 * never silently overwrite each other.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffBrowser } from '../support/staff-browser.ts';
import { listAudit } from '../../functions/data/audit.ts';
import { listInstitutionEvents } from '../../functions/data/institutions.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { makeInstitutionFields } from '../builders/institution.ts';
import { createTestApp } from '../support/app.ts';

const clock = new Date('2026-11-20T02:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
const as: Record<string, StaffBrowser> = {};

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await seedDemoStaff(ctx.db);
  for (const username of ['shihe.editor', 'pingqiao.editor', 'culture.editor', 'city.viewer']) {
    as[username] = new StaffBrowser(ctx.app, { now });
    await as[username].signIn(username);
  }
});

/** A 体育类 centre in 浉河区: supervised by education, so shihe.editor's. */
const sportsInShihe = () =>
  makeInstitutionFields({ name: '浉河区启航跆拳道馆', category: 'sports', profitType: 'for_profit', districtCode: '411502' });

describe('the registry for regulators', () => {
  it('lets an editor add an institution in scope, recording who did it', async () => {
    const res = await as['shihe.editor']!.post('/api/admin/institutions', sportsInShihe());
    expect(res.status).toBe(201);
    const inst = await res.json();
    expect(inst).toMatchObject({ name: '浉河区启航跆拳道馆', status: 'approved', version: 1 });
    expect(inst.id).toMatch(/^jg[0-9a-z]{10}$/);
    const [event] = await listInstitutionEvents(ctx.db, inst.id);
    expect(event).toMatchObject({ action: 'created', actor: { staffId: 'shihe.editor', departmentId: 'education-411502' } });
  });

  it('refuses an institution outside the editor’s district with 403, writes nothing, and audits it', async () => {
    const fields = makeInstitutionFields({ category: 'sports', districtCode: '411503', premises: [{ address: '平桥区平桥大道1号', districtCode: '411503' }] });
    const res = await as['shihe.editor']!.post('/api/admin/institutions', fields);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
    const audit = await listAudit(ctx.db, '2026-11-20');
    expect(audit.some((e) => e.event === 'permission_denied' && e.username === 'shihe.editor' && e.reason?.includes('411503'))).toBe(true);
    const search = await as['pingqiao.editor']!.request('/api/admin/institutions');
    expect((await search.json()).items.map((i: { registration: { creditCode: string } }) => i.registration.creditCode)).not.toContain(fields.registration.creditCode);
  });

  it('refuses an institution of another department kind (an arts centre for education staff)', async () => {
    const res = await as['shihe.editor']!.post('/api/admin/institutions', makeInstitutionFields({ category: 'arts' }));
    expect(res.status).toBe(403);
    // The city's culture department may add it, in any district.
    expect((await as['culture.editor']!.post('/api/admin/institutions', makeInstitutionFields({ category: 'arts' }))).status).toBe(201);
  });

  it('lets a viewer read but not write', async () => {
    expect((await as['city.viewer']!.post('/api/admin/institutions', sportsInShihe())).status).toBe(403);
    expect((await as['city.viewer']!.request('/api/admin/institutions?district=411502')).status).toBe(200);
  });

  it('answers bad input with 400 and a Chinese message per field, writing nothing', async () => {
    const bad = { ...sportsInShihe(), registration: { creditCode: '91350100M000100Y44', type: 'business_licence' }, districtCode: '110101' };
    const res = await as['shihe.editor']!.post('/api/admin/institutions', bad);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation');
    expect(error.fields['registration.creditCode']).toContain('校验位');
    expect(error.fields.districtCode).toBe('请选择本市的区县');
  });

  it('refuses a duplicate credit code with 409 naming the field', async () => {
    const first = await (await as['shihe.editor']!.post('/api/admin/institutions', sportsInShihe())).json();
    const res = await as['shihe.editor']!.post('/api/admin/institutions', { ...sportsInShihe(), registration: first.registration });
    expect(res.status).toBe(409);
    expect((await res.json()).error.fields['registration.creditCode']).toContain(first.id);
  });

  it('lets one of two concurrent editors win; the other gets 409 and the fresh record', async () => {
    const inst = await (await as['shihe.editor']!.post('/api/admin/institutions', sportsInShihe())).json();
    const { id, version, createdAt: _c, updatedAt: _u, status: _s, statusHistory: _h, ...fields } = inst;
    const save = (name: string) => as['shihe.editor']!.request(`/api/admin/institutions/${id}`, { method: 'PUT', json: { fields: { ...fields, name }, expectedVersion: version } });
    const [a, b] = await Promise.all([save('浉河区启航跆拳道馆（新址）'), save('浉河区启航跆拳道俱乐部')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const body = await loser.json();
    expect(body.error.message).toContain('刚刚被其他人修改过');
    expect(body.error.current.version).toBe(2);
  });

  it('revokes a licence with reason and decision number, kept in the history', async () => {
    const inst = await (await as['shihe.editor']!.post('/api/admin/institutions', sportsInShihe())).json();
    const res = await as['shihe.editor']!.post(`/api/admin/institutions/${inst.id}/status`, {
      status: 'revoked',
      on: '2026-11-20',
      reason: '未取得消防安全检查合格意见擅自开展培训',
      decisionNumber: '信教体罚〔2026〕8号',
      expectedVersion: 1,
    });
    expect(res.status).toBe(200);
    const revoked = await res.json();
    expect(revoked.status).toBe('revoked');
    const detail = await (await as['shihe.editor']!.request(`/api/admin/institutions/${inst.id}`)).json();
    expect(detail.events[0]).toMatchObject({ action: 'status_changed', fromStatus: 'approved', toStatus: 'revoked', decisionNumber: '信教体罚〔2026〕8号', actor: { staffId: 'shihe.editor' } });
    // Another district's editor can neither read nor act on it.
    expect((await as['pingqiao.editor']!.request(`/api/admin/institutions/${inst.id}`)).status).toBe(403);
    expect((await as['pingqiao.editor']!.post(`/api/admin/institutions/${inst.id}/status`, { status: 'approved', on: '2026-11-21', reason: '整改完成', expectedVersion: 2 })).status).toBe(403);
  });

  it('requires sign-in and a CSRF token for every admin write', async () => {
    expect((await ctx.app.request('/api/admin/institutions?district=411502')).status).toBe(401);
    // A write from nobody is refused: 401 from our own origin, 403 from another site.
    const post = (origin: string) => ctx.app.request('/api/admin/institutions', { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(sportsInShihe()) });
    expect((await post('http://localhost')).status).toBe(401);
    expect((await post('https://evil.example')).status).toBe(403);
    expect((await as['shihe.editor']!.post('/api/admin/institutions', sportsInShihe(), { csrf: false })).status).toBe(403);
  });
});

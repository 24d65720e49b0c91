/**
 * requireStaff and scope: who may call what, and on which institutions;
 * every refusal is in the audit log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assertInScope, currentStaff, requireStaff } from '../../functions/auth/index.ts';
import { listAudit } from '../../functions/data/audit.ts';
import { getStaffRecord, listStaffByDepartment, putStaffRecord } from '../../functions/data/staff.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { DepartmentKinds, type DepartmentKind } from '../../shared/vocabulary.ts';
import { demoStaff, seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createTestApp } from '../support/app.ts';

const clock = new Date('2025-03-06T01:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
const signedIn: Record<string, StaffBrowser> = {};
const day = () => clock.toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await createTestApp({ now });
  // Stand-ins (added to the finished app, behind its /api/admin middleware) for the registry's routes.
  ctx.app.get('/api/admin/whoami', (c) => c.json(currentStaff(c)));
  ctx.app.post('/api/admin/publish', requireStaff({ roles: ['publisher'] }), (c) => c.json({ published: true }));
  ctx.app.post('/api/admin/edit', requireStaff({ roles: ['editor'] }), (c) => c.json({ edited: true }));
  ctx.app.post('/api/admin/institutions/:kind/:district', requireStaff({ roles: ['editor'] }), async (c) => {
    const kind = c.req.param('kind') as DepartmentKind;
    if (!DepartmentKinds.keys.includes(kind)) return c.json({}, 400);
    await assertInScope(c, { supervisingDepartmentKind: kind, districtCode: c.req.param('district'), institutionId: 'jg-test' });
    return c.json({ ok: true });
  });
  await seedDemoStaff(ctx.db);
  for (const username of ['shihe.editor', 'culture.editor', 'city.publisher', 'city.viewer']) {
    signedIn[username] = new StaffBrowser(ctx.app, { now });
    await signedIn[username].signIn(username);
  }
});

describe('requireStaff', () => {
  it('answers 401 when nobody is signed in, and audits it', async () => {
    const res = await ctx.app.request('/api/admin/whoami');
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.error).toEqual({ code: 'unauthorized', message: '请先登录' });
    const entries = await listAudit(ctx.db, day());
    expect(entries.find((e) => e.event === 'unauthenticated' && e.route === '/api/admin/whoami')).toMatchObject({ reason: 'no_session', method: 'GET' });
  });

  it('puts the signed-in member of staff in c.var.staff', async () => {
    const res = await signedIn['shihe.editor']!.request('/api/admin/whoami');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ username: 'shihe.editor', department: { id: 'education-411502' } });
  });

  it('answers 403 when the role is missing, says which, and audits it', async () => {
    const res = await signedIn['shihe.editor']!.post('/api/admin/publish', {});
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toContain('“发布”权限');
    const entries = await listAudit(ctx.db, day());
    expect(entries.find((e) => e.event === 'permission_denied' && e.route === '/api/admin/publish')).toMatchObject({
      username: 'shihe.editor',
      staffId: 'shihe.editor',
      departmentId: 'education-411502',
      method: 'POST',
      reason: 'missing_role:publisher',
    });
  });

  it('lets a publisher do what an editor may, but not a viewer', async () => {
    expect((await signedIn['city.publisher']!.post('/api/admin/publish', {})).status).toBe(200);
    expect((await signedIn['city.publisher']!.post('/api/admin/edit', {})).status).toBe(200);
    expect((await signedIn['city.viewer']!.post('/api/admin/edit', {})).status).toBe(403);
    expect((await signedIn['city.viewer']!.request('/api/admin/whoami')).status).toBe(200);
  });

  it('applies a role taken away on the very next request', async () => {
    const b = new StaffBrowser(ctx.app, { now });
    await b.signIn('pingqiao.editor');
    expect((await b.post('/api/admin/edit', {})).status).toBe(200);
    const record = (await getStaffRecord(ctx.db, 'pingqiao.editor'))!;
    await putStaffRecord(ctx.db, { ...record, roles: ['viewer'] }, { overwrite: true });
    expect((await b.post('/api/admin/edit', {})).status).toBe(403);
    await putStaffRecord(ctx.db, record, { overwrite: true });
  });
});

describe('assertInScope', () => {
  const cases: Array<[string, string, string, number]> = [
    ['shihe.editor', 'education', '411502', 200],
    ['shihe.editor', 'education', '411503', 403],
    ['shihe.editor', 'culture', '411502', 403],
    ['culture.editor', 'culture', '411528', 200],
    ['culture.editor', 'education', '411502', 403],
    ['city.publisher', 'education', '411525', 200],
  ];

  it.each(cases)('%s on a %s institution in %s → %i', async (username, kind, district, status) => {
    const res = await signedIn[username]!.post(`/api/admin/institutions/${kind}/${district}`, {});
    expect(res.status).toBe(status);
    if (status === 403) {
      const body = await res.json();
      expect(body.error.code).toBe('forbidden');
      expect(body.error.message).toContain('只能管理由本部门监管、且位于本部门辖区内的机构');
    }
  });

  it('audits each refusal with what was asked for', async () => {
    const entries = await listAudit(ctx.db, day());
    const denied = entries.filter((e) => e.event === 'permission_denied' && e.reason?.startsWith('out_of_scope'));
    expect(denied.map((e) => `${e.username} ${e.reason}`).sort()).toEqual([
      'culture.editor out_of_scope:education/411502/jg-test',
      'shihe.editor out_of_scope:culture/411502/jg-test',
      'shihe.editor out_of_scope:education/411503/jg-test',
    ]);
  });
});

describe('staff data', () => {
  it('lists a department’s accounts by username, without credentials', async () => {
    const staff = await listStaffByDepartment(ctx.db, 'education-411500');
    const expected = demoStaff.filter((d) => d.departmentId === 'education-411500').map((d) => d.username).sort();
    expect(expected).toContain('city.publisher');
    expect(staff.map((s) => s.username)).toEqual(expected);
    expect(JSON.stringify(staff)).not.toMatch(/passwordHash|totpSecret/);
  });

  it('never creates a second account under a username in use', async () => {
    const record = (await getStaffRecord(ctx.db, 'admin'))!;
    expect(await putStaffRecord(ctx.db, { ...record, roles: ['viewer'] })).toBe(false);
    expect((await getStaffRecord(ctx.db, 'admin'))!.roles).toEqual(['administrator']);
  });
});

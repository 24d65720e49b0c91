/**
 * Who may call the account administration endpoints: every demo role, a
 * district administrator and a city administrator, against accounts inside
 * and outside their area. 0 escalations: only an administrator whose
 * department kind and area cover the account (and not their own) gets 2xx;
 * every refusal is 403 (or 401 signed out) and audited.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccountWithCredentials } from '../../functions/accounts/service.ts';
import { caseServices } from '../../functions/cases/services.ts';
import { listAudit } from '../../functions/data/audit.ts';
import { getStaffRecord } from '../../functions/data/staff.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { totpCode } from '../../functions/auth/totp.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createTestApp } from '../support/app.ts';

let clock = new Date('2025-06-07T01:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
// Every sign-in and password runs scrypt (64 MiB, ~0.2 s on one core): generous on a shared machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const DISTRICT_ADMIN = { username: 'shihe.admin', password: 'district admin password 1', secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' };

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await seedDemoStaff(ctx.db);
  const deps = { db: ctx.db, keys: caseServices().keys, now: clock };
  await createAccountWithCredentials(deps, {
    username: DISTRICT_ADMIN.username,
    name: '浉河区管理员',
    departmentId: 'education-411502',
    roles: ['administrator'],
    password: DISTRICT_ADMIN.password,
    totpSecret: DISTRICT_ADMIN.secret,
  });
  // Targets: one in 浉河区 (education), one city-wide supervisor, one of another kind.
  for (const [username, departmentId, roles] of [
    ['t.shihe', 'education-411502', ['editor']],
    ['t.city', 'education-411500', ['supervisor']],
    ['t.culture', 'culture-411502', ['editor']],
  ] as const) {
    await createAccountWithCredentials(deps, { username, name: '目标', departmentId, roles: [...roles], password: 'a target password 12' });
  }
});

async function as(who: string | null): Promise<StaffBrowser> {
  const b = new StaffBrowser(ctx.app, { now });
  if (!who) return b;
  clock = new Date(clock.getTime() + 60_000);
  if (who === DISTRICT_ADMIN.username) {
    await b.login(who, DISTRICT_ADMIN.password);
    await b.totp(totpCode(DISTRICT_ADMIN.secret, clock));
  } else await b.signIn(who);
  return b;
}

type Call = (b: StaffBrowser, target: string) => Promise<Response>;
const version = async (u: string) => (await getStaffRecord(ctx.db, u))!.version;
const endpoints: Record<string, Call> = {
  list: (b) => b.request('/api/admin/accounts'),
  create: (b, target) => {
    const dept = { 't.shihe': 'education-411502', 't.city': 'education-411500', 't.culture': 'culture-411502' }[target]!;
    return b.post('/api/admin/accounts', { username: `new.${Math.random().toString(36).slice(2, 8)}`, name: '新', departmentId: dept, roles: ['supervisor'] });
  },
  get: (b, target) => b.request(`/api/admin/accounts/${target}`),
  change: async (b, target) => {
    const r = (await getStaffRecord(ctx.db, target))!;
    return b.request(`/api/admin/accounts/${target}`, { method: 'PUT', json: { version: r.version, name: r.name, departmentId: r.departmentId, roles: r.roles, disabled: false } });
  },
  reset: async (b, target) => b.post(`/api/admin/accounts/${target}/reset`, { version: await version(target) }),
  endSessions: (b, target) => b.post(`/api/admin/accounts/${target}/sessions/end`),
};

/** Who may reach which target: the city education administrator every education one; the district administrator only 浉河区 education. */
const reach: Record<string, string[]> = {
  admin: ['t.shihe', 't.city'],
  'shihe.admin': ['t.shihe'],
};

const actors = [null, 'shihe.editor', 'culture.editor', 'city.viewer', 'city.publisher', 'city.supervisor', 'shihe.admin', 'admin'];
const targets = ['t.shihe', 't.city', 't.culture'];

describe('account endpoints × roles × scopes', () => {
  const rows: { actor: string | null; endpoint: string; target: string; status: number; expected: number }[] = [];

  beforeAll(async () => {
    for (const actor of actors) {
      const b = await as(actor);
      for (const [endpoint, call] of Object.entries(endpoints)) {
        for (const target of endpoint === 'list' ? ['-'] : targets) {
          const res = await call(b, target);
          const allowed = actor !== null && (endpoint === 'list' ? actor in reach : (reach[actor] ?? []).includes(target));
          const expected = actor === null ? 401 : allowed ? (endpoint === 'create' ? 201 : 200) : 403;
          rows.push({ actor, endpoint, target, status: res.status, expected });
        }
      }
    }
  }, 240_000);

  it('answers every call as the table expects (0 escalations)', () => {
    expect(rows.length).toBe(actors.length * (1 + (Object.keys(endpoints).length - 1) * targets.length));
    expect(rows.filter((r) => r.status !== r.expected)).toEqual([]);
    expect(rows.filter((r) => r.status < 300 && !(r.actor && r.actor in reach))).toEqual([]);
  });

  it('audits every over-scope attempt', async () => {
    const audit = await listAudit(ctx.db, clock.toISOString().slice(0, 10));
    const outOfScope = audit.filter((e) => e.event === 'permission_denied' && e.reason?.startsWith('account:') && e.reason.endsWith('department_out_of_scope'));
    const expected = rows.filter((r) => r.actor && r.actor in reach && r.status === 403).length;
    expect(expected).toBeGreaterThan(0);
    expect(outOfScope.length).toBe(expected);
  });

  it('refuses an administrator’s change to their own account', async () => {
    const b = await as('admin');
    const r = (await getStaffRecord(ctx.db, 'admin'))!;
    const res = await b.request('/api/admin/accounts/admin', { method: 'PUT', json: { version: r.version, name: r.name, departmentId: r.departmentId, roles: ['administrator', 'supervisor'], disabled: false } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toContain('不能修改、停用或重置自己的账号');
  });
});

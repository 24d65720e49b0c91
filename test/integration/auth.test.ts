/**
 * Staff sign-in, by journey: password only, password and TOTP, wrong
 * answers, the session, signing out. Real app, real DynamoDB Local.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../functions/data/audit.ts';
import { getStaffRecord, putStaffRecord } from '../../functions/data/staff.ts';
import { CURRENT_PARAMS, hashPassword } from '../../functions/auth/password.ts';
import { SESSION_COOKIE_NAME } from '../../functions/auth/session.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { totpCode } from '../../functions/auth/totp.ts';
import { demoStaff, findDemoStaff, seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createTestApp } from '../support/app.ts';

let clock = new Date('2025-03-03T02:00:00.000Z');
const now = () => clock;
const later = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
let ctx: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  expect(await seedDemoStaff(ctx.db)).toBe(demoStaff.length);
});

const browser = (clientAddress = '198.51.100.1') => new StaffBrowser(ctx.app, { now, clientAddress });
const today = () => clock.toISOString().slice(0, 10);

describe('signing in with a password', () => {
  it('signs an editor in: cookie, staff summary, CSRF token, audit entry', async () => {
    const b = browser();
    const res = await b.login('shihe.editor', 'demo-shihe-editor');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'signed_in',
      staff: { username: 'shihe.editor', roles: ['editor'], department: { id: 'education-411502', name: '浉河区教育体育局', kind: 'education', regionCode: '411502' } },
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|totp|scrypt/i);

    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);

    const session = await b.request('/api/auth/session');
    expect(session.status).toBe(200);
    const info = await session.json();
    expect(info.staff.username).toBe('shihe.editor');
    expect(info.csrfToken).toBe(body.csrfToken);
    expect(new Date(info.expiresAt).getTime() - clock.getTime()).toBe(8 * 3600 * 1000);
    expect(new Date(info.idleExpiresAt).getTime() - clock.getTime()).toBe(30 * 60 * 1000);

    const entries = await listAudit(ctx.db, today());
    expect(entries.find((e) => e.event === 'login_succeeded' && e.username === 'shihe.editor')).toMatchObject({
      departmentId: 'education-411502',
      method: 'POST',
      route: '/api/auth/login',
    });
  });

  it('accepts the username in any case and with spaces around it', async () => {
    const res = await browser().login('  Shihe.Editor ', 'demo-shihe-editor');
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown username exactly alike', async () => {
    const wrong = await browser('198.51.100.2').login('pingqiao.editor', 'not-the-password');
    const unknown = await browser('198.51.100.3').login('no.such.person', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a).toEqual(b);
    expect(a.error.code).toBe('invalid_credentials');
    expect(a.error.message).toContain('用户名或密码不正确');
    expect([...wrong.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
    expect(wrong.headers.getSetCookie()).toEqual([]);
    expect(unknown.headers.getSetCookie()).toEqual([]);

    const entries = await listAudit(ctx.db, today());
    const failures = entries.filter((e) => e.event === 'login_failed');
    expect(failures.find((e) => e.reason === 'wrong_password')?.username).toBe('pingqiao.editor');
    const unknownEntry = failures.find((e) => e.reason === 'unknown_user');
    expect(unknownEntry?.username).toBeUndefined();
    expect(unknownEntry?.subjectKey).toMatch(/^[0-9a-f]{32}$/);
    // Nothing typed is stored: not the password, not the unknown name, not the address.
    const raw = JSON.stringify(entries);
    expect(raw).not.toContain('not-the-password');
    expect(raw).not.toContain('no.such.person');
    expect(raw).not.toContain('198.51.100');
  });

  it('refuses a disabled account the same way as a wrong password', async () => {
    const record = (await getStaffRecord(ctx.db, 'city.viewer'))!;
    await putStaffRecord(ctx.db, { ...record, username: 'gone.viewer', disabled: true });
    const res = await browser('198.51.100.30').login('gone.viewer', 'demo-city-viewer');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('invalid_credentials');
  });

  it('answers 400 with field messages when a field is missing', async () => {
    const res = await browser().post('/api/auth/login', { username: 'shihe.editor' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields.password).toBeDefined();
  });

  it('upgrades a hash made with weaker parameters on a successful sign-in', async () => {
    const weak = await hashPassword('an-old-style-password', { ln: CURRENT_PARAMS.ln - 1, r: 8, p: 1 });
    await putStaffRecord(ctx.db, { username: 'old.hash', name: '旧密码', departmentId: 'education-411502', roles: ['viewer'], disabled: false, passwordHash: weak, createdAt: clock.toISOString(), updatedAt: clock.toISOString() });
    expect((await browser().login('old.hash', 'an-old-style-password')).status).toBe(200);
    const after = (await getStaffRecord(ctx.db, 'old.hash'))!.passwordHash;
    expect(after?.startsWith(`$scrypt$ln=${CURRENT_PARAMS.ln},`)).toBe(true);
    expect((await browser().login('old.hash', 'an-old-style-password')).status).toBe(200);
  });
});

describe('signing in with a second factor (TOTP)', () => {
  const publisher = findDemoStaff('city.publisher')!;

  it('asks a publisher for the code, and only then signs them in', async () => {
    later(60);
    const b = browser();
    const res = await b.login('city.publisher', publisher.password);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('totp_required');
    expect(b.session).toBeDefined();

    // The pending session is not a sign-in.
    const pending = await b.request('/api/auth/session');
    expect(pending.status).toBe(401);
    expect((await pending.json()).error.code).toBe('totp_required');
    expect((await b.request('/api/admin/anything')).status).toBe(401);

    const pendingCookie = b.session;
    const done = await b.totp(totpCode(publisher.totpSecret!, clock));
    expect(done.status).toBe(200);
    expect((await done.json()).status).toBe('signed_in');
    expect(b.session).not.toBe(pendingCookie);
    const session = await b.request('/api/auth/session');
    expect(session.status).toBe(200);
    expect((await session.json()).staff.roles).toEqual(['publisher']);
  });

  it('refuses a wrong code, then accepts the right one', async () => {
    later(60);
    const b = browser('198.51.100.40');
    await b.login('city.publisher', publisher.password);
    const right = totpCode(publisher.totpSecret!, clock);
    const wrong = right === '000000' ? '111111' : '000000';
    const res = await b.totp(wrong);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('totp_invalid');
    expect((await b.totp(right)).status).toBe(200);
    const entries = await listAudit(ctx.db, today());
    expect(entries.some((e) => e.event === 'totp_failed' && e.username === 'city.publisher' && e.reason === 'wrong_code')).toBe(true);
  });

  it('accepts the code of the previous 30-second step (clock drift)', async () => {
    later(120);
    const b = browser();
    await b.login('admin', findDemoStaff('admin')!.password);
    const previous = totpCode(findDemoStaff('admin')!.totpSecret!, new Date(clock.getTime() - 30_000));
    expect((await b.totp(previous)).status).toBe(200);
  });

  it('never accepts the same code twice', async () => {
    later(120);
    const code = totpCode(publisher.totpSecret!, clock);
    const first = browser();
    await first.login('city.publisher', publisher.password);
    expect((await first.totp(code)).status).toBe(200);

    later(5); // same 30-second step
    const second = browser('198.51.100.41');
    await second.login('city.publisher', publisher.password);
    const replay = await second.totp(code);
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.code).toBe('totp_invalid');
    const entries = await listAudit(ctx.db, today());
    expect(entries.some((e) => e.event === 'totp_failed' && e.reason === 'code_reused')).toBe(true);
    // Nor an older one: the previous step's code is behind the one used.
    const older = await second.totp(totpCode(publisher.totpSecret!, new Date(clock.getTime() - 30_000)));
    expect(older.status).toBe(401);
    // The next step's code is fine.
    later(30);
    expect((await second.totp(totpCode(publisher.totpSecret!, clock))).status).toBe(200);
  });

  it('ends the pending sign-in after five wrong codes', async () => {
    later(120);
    const b = browser('198.51.100.42');
    await b.login('admin', findDemoStaff('admin')!.password);
    const right = totpCode(findDemoStaff('admin')!.totpSecret!, clock);
    const wrong = right === '123456' ? '654321' : '123456';
    for (let i = 0; i < 4; i++) expect((await b.totp(wrong)).status).toBe(401);
    // The fifth wrong code also reaches the username's lockout limit: the pending sign-in ends.
    const fifth = await b.totp(wrong);
    expect(fifth.status).toBe(429);
    expect((await fifth.json()).error.message).toContain('锁定');
    expect(b.session).toBeUndefined();
    expect((await b.totp(right)).status).toBe(401);
  });

  it('refuses the TOTP step without a pending sign-in', async () => {
    const res = await browser().post('/api/auth/totp', { code: '123456' });
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toContain('重新输入用户名和密码');
  });

  it('refuses to sign in a publisher who has no second factor yet', async () => {
    const record = (await getStaffRecord(ctx.db, 'shihe.editor'))!;
    await putStaffRecord(ctx.db, { ...record, username: 'new.publisher', roles: ['publisher'] });
    const res = await browser().login('new.publisher', 'demo-shihe-editor');
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('totp_not_enrolled');
  });
});

describe('signing out', () => {
  it('ends the session in the table, not just in the browser', async () => {
    const b = browser();
    await b.signIn('culture.editor');
    const stolen = b.session!;
    const csrf = b.csrfToken!;
    const res = await b.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE_NAME}=;`) && /Max-Age=0/.test(c))).toBe(true);
    expect(b.session).toBeUndefined();

    // Replaying the old cookie gets nowhere.
    const replay = new StaffBrowser(ctx.app, { now });
    replay.session = stolen;
    replay.csrfToken = csrf;
    expect((await replay.request('/api/auth/session')).status).toBe(401);
    const entries = await listAudit(ctx.db, today());
    expect(entries.some((e) => e.event === 'logout' && e.username === 'culture.editor')).toBe(true);
  });

  it('answers 204 when there was no session', async () => {
    expect((await browser().post('/api/auth/logout')).status).toBe(204);
  });

  it('ends the previous session when signing in again in the same browser', async () => {
    const b = browser();
    await b.signIn('shihe.editor');
    const first = b.session!;
    await b.signIn('shihe.editor');
    const old = new StaffBrowser(ctx.app, { now });
    old.session = first;
    expect((await old.request('/api/auth/session')).status).toBe(401);
  });
});

describe('the OpenAPI document', () => {
  it('documents the sign-in routes and the session cookie', async () => {
    const doc = await (await ctx.app.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/auth/totp', '/api/auth/logout', '/api/auth/session']));
    expect(doc.components.securitySchemes.staffSession).toMatchObject({ type: 'apiKey', in: 'cookie', name: SESSION_COOKIE_NAME });
  });
});

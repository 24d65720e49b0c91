/**
 * Account administration end to end on DynamoDB Local: an administrator
 * creates an account, the member uses the one-time set-up link (password
 * rule, TOTP enrolment, recovery codes), signs in; changes are conditional
 * on the version, disabling ends sessions at once, a reset issues a new link.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { listAudit } from '../../functions/data/audit.ts';
import { getStaffRecord, putStaffRecord } from '../../functions/data/staff.ts';
import { hashPassword } from '../../functions/auth/password.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { totpCode } from '../../functions/auth/totp.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createTestApp } from '../support/app.ts';

let clock = new Date('2025-05-06T01:00:00.000Z');
const now = () => clock;
const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
let ctx: Awaited<ReturnType<typeof createTestApp>>;
// Every sign-in and password runs scrypt (64 MiB, ~0.2 s on one core): generous on a shared machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const browser = () => new StaffBrowser(ctx.app, { now });
const PASSWORD = '浉河边的茶园到了春天最好看';

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await seedDemoStaff(ctx.db);
});

async function admin(): Promise<StaffBrowser> {
  const b = browser();
  later(1); // a fresh TOTP step for each sign-in
  await b.signIn('admin');
  return b;
}

interface Created {
  account: { username: string; version: number; status: string };
  setup: { path: string; code: string; expiresAt: string };
}

async function create(b: StaffBrowser, username: string, roles: string[] = ['editor'], departmentId = 'education-411502'): Promise<Created> {
  const res = await b.post('/api/admin/accounts', { username, name: '测试检查员', departmentId, roles });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Created;
}

/** Uses a set-up link as the member's page would: start, then finish with a password (and a code from the secret shown). */
async function setUp(username: string, code: string, password = PASSWORD) {
  const b = browser();
  const start = await b.post('/api/auth/setup/start', { username, code });
  expect(start.status, await start.clone().text()).toBe(200);
  const offered = (await start.json()) as { totp?: { secret: string; otpauthUri: string }; passwordRule: string };
  const finish = await b.post('/api/auth/setup/finish', {
    username,
    code,
    password,
    ...(offered.totp ? { totpCode: totpCode(offered.totp.secret, clock) } : {}),
  });
  return { offered, finish };
}

async function signIn(username: string, password: string, secret?: string): Promise<StaffBrowser> {
  const b = browser();
  later(1);
  const res = await b.login(username, password);
  expect(res.status, await res.clone().text()).toBe(200);
  if (secret) expect((await b.totp(totpCode(secret, clock))).status).toBe(200);
  return b;
}

describe('creating an account and its first sign-in', () => {
  it('creates a pending account with a one-time link in the fragment, and the member sets a password and signs in', async () => {
    const a = await admin();
    const created = await create(a, 'zhang.wei');
    expect(created.account.status).toBe('pending');
    expect(created.setup.path).toMatch(/^\/admin\/setup\/#u=zhang\.wei&c=[A-Za-z0-9_-]{43}$/);
    expect(new Date(created.setup.expiresAt).getTime() - clock.getTime()).toBe(72 * 3600_000);
    const stored = await getStaffRecord(ctx.db, 'zhang.wei');
    expect(JSON.stringify(stored)).not.toContain(created.setup.code); // only its hash

    // Before set-up, the account cannot sign in at all.
    expect((await browser().login('zhang.wei', PASSWORD)).status).toBe(401);

    later(1);
    const { offered, finish } = await setUp('zhang.wei', created.setup.code);
    expect(offered.totp).toBeUndefined(); // an editor needs no second factor
    expect(offered.passwordRule).toContain('至少12个字符');
    expect(finish.status).toBe(200);

    const member = await signIn('zhang.wei', PASSWORD);
    expect((await member.request('/api/auth/session')).status).toBe(200);

    // The link works once.
    const again = await browser().post('/api/auth/setup/start', { username: 'zhang.wei', code: created.setup.code });
    expect(again.status).toBe(400);
    expect((await again.json()).error.message).toContain('已经用过');

    const detail = await (await a.request('/api/admin/accounts/zhang.wei')).json();
    expect(detail.account.status).toBe('active');
    expect(detail.history.map((e: { kind: string }) => e.kind)).toEqual(['setup_completed', 'account_created']);
    expect(detail.history[1].by).toBe('admin');
    const audit = await listAudit(ctx.db, clock.toISOString().slice(0, 10));
    expect(audit.some((e) => e.event === 'account_created' && e.username === 'zhang.wei' && e.staffId === 'admin')).toBe(true);
    expect(audit.some((e) => e.event === 'setup_completed' && e.username === 'zhang.wei')).toBe(true);
  });

  it('says an expired link has expired and what to do', async () => {
    const a = await admin();
    const created = await create(a, 'late.member');
    later(72 * 60 + 1);
    const res = await browser().post('/api/auth/setup/start', { username: 'late.member', code: created.setup.code });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('setup_link_expired');
    expect(body.error.message).toContain('系统管理员重新生成');
  });

  it.each([
    ['short', '太短了', '至少需要12个字符'],
    ['common', 'qwerty123456', '太常见'],
    ['with the username', 'pw.rules 的密码很长很长', '不能包含用户名'],
  ])('refuses a password that is %s, field by field, and keeps the link usable', async (_, password, message) => {
    const a = await admin();
    const username = `pw.rules`;
    const existing = await getStaffRecord(ctx.db, username);
    const code = existing
      ? ((await (await a.post(`/api/admin/accounts/${username}/reset`, { version: existing.version })).json()) as Created).setup.code
      : (await create(a, username)).setup.code;
    const { finish } = await setUp(username, code, password);
    expect(finish.status).toBe(400);
    expect((await finish.json()).error.fields.password).toContain(message);
    const { finish: ok } = await setUp(username, code);
    expect(ok.status).toBe(200);
  });
});

describe('TOTP enrolment and recovery codes', () => {
  it('enrols a supervisor’s authenticator, stores the secret sealed, and gives 10 single-use recovery codes', async () => {
    const a = await admin();
    const created = await create(a, 'li.supervisor', ['supervisor'], 'education-411500');
    const b = browser();
    const start = await (await b.post('/api/auth/setup/start', { username: 'li.supervisor', code: created.setup.code })).json();
    expect(start.totp.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/);
    const secret: string = start.totp.secret;

    const wrong = await b.post('/api/auth/setup/finish', { username: 'li.supervisor', code: created.setup.code, password: PASSWORD, totpCode: '000000' });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields.totpCode).toContain('不正确');

    const done = await b.post('/api/auth/setup/finish', { username: 'li.supervisor', code: created.setup.code, password: PASSWORD, totpCode: totpCode(secret, clock) });
    expect(done.status).toBe(200);
    const { recoveryCodes } = (await done.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const stored = await getStaffRecord(ctx.db, 'li.supervisor');
    expect(stored?.totpSecret).toBeUndefined();
    expect(stored?.totpSealed?.sealed).toMatch(/^f1\./);
    expect(JSON.stringify(stored)).not.toContain(secret);
    for (const code of recoveryCodes) expect(JSON.stringify(stored)).not.toContain(code.replace('-', ''));

    // Signs in with the enrolled authenticator...
    await signIn('li.supervisor', PASSWORD, secret);
    // ...or with a recovery code instead, once.
    const r1 = browser();
    later(1);
    expect((await r1.login('li.supervisor', PASSWORD)).status).toBe(200);
    const used = await r1.post('/api/auth/recovery', { code: recoveryCodes[0] });
    expect(used.status).toBe(200);
    expect((await r1.request('/api/auth/session')).status).toBe(200);
    const r2 = browser();
    expect((await r2.login('li.supervisor', PASSWORD)).status).toBe(200);
    const reused = await r2.post('/api/auth/recovery', { code: recoveryCodes[0] });
    expect(reused.status).toBe(401);
    expect((await r2.post('/api/auth/recovery', { code: recoveryCodes[1] })).status).toBe(200);
    expect((await getStaffRecord(ctx.db, 'li.supervisor'))?.recoveryCodeHashes).toHaveLength(8);
  });

  it('seals a legacy plain-text secret at the account’s next sign-in', async () => {
    const at = clock.toISOString();
    const legacySecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await putStaffRecord(ctx.db, {
      username: 'legacy.publisher',
      name: '旧账号',
      departmentId: 'education-411500',
      roles: ['publisher'],
      disabled: false,
      passwordHash: await hashPassword('an old but long password'),
      totpSecret: legacySecret,
      createdAt: at,
      updatedAt: at,
    });
    await signIn('legacy.publisher', 'an old but long password', legacySecret);
    const stored = await getStaffRecord(ctx.db, 'legacy.publisher');
    expect(stored?.totpSecret).toBeUndefined();
    expect(stored?.totpSealed).toBeDefined();
    // ...and it still works, now sealed.
    await signIn('legacy.publisher', 'an old but long password', legacySecret);
  });

  it('seeds the demo accounts with sealed secrets, not plain ones', async () => {
    expect((await getStaffRecord(ctx.db, 'admin'))?.totpSecret).toBeUndefined();
    expect((await getStaffRecord(ctx.db, 'admin'))?.totpSealed).toBeDefined();
  });
});

describe('changes, conflicts, disabling and resets', () => {
  it('lets one of two administrators win a concurrent change; the other gets 409 with the fresh account', async () => {
    const a = await admin();
    const created = await create(a, 'two.admins');
    const change = (name: string) => ({ version: created.account.version, name, departmentId: 'education-411502', roles: ['editor'], disabled: false });
    const first = await a.request('/api/admin/accounts/two.admins', { method: 'PUT', json: change('王一') });
    expect(first.status).toBe(200);
    const second = await a.request('/api/admin/accounts/two.admins', { method: 'PUT', json: change('王二') });
    expect(second.status).toBe(409);
    const body = await second.json();
    expect(body.error.current).toMatchObject({ name: '王一', version: created.account.version + 1 });
  });

  it('refuses a username already taken, with a field message', async () => {
    const a = await admin();
    const res = await a.post('/api/admin/accounts', { username: 'shihe.editor', name: '重名', departmentId: 'education-411502', roles: ['editor'] });
    expect(res.status).toBe(409);
    expect((await res.json()).error.fields.username).toContain('已被使用');
  });

  it('answers bad input field by field in Chinese', async () => {
    const a = await admin();
    const res = await a.post('/api/admin/accounts', { username: '9x', name: '', departmentId: 'education-411502', roles: [] });
    expect(res.status).toBe(400);
    const { fields } = (await res.json()).error;
    expect(fields.username).toContain('用户名');
    expect(fields.name).toBe('请填写姓名');
    expect(fields.roles).toBe('请至少选择一个角色');
  });

  it('disabling ends the member’s open session at once', async () => {
    const a = await admin();
    const created = await create(a, 'leaving.soon');
    await setUp('leaving.soon', created.setup.code);
    const member = await signIn('leaving.soon', PASSWORD);
    expect((await member.request('/api/admin/cases')).status).not.toBe(401);

    const res = await a.request('/api/admin/accounts/leaving.soon', {
      method: 'PUT',
      json: { version: (await getStaffRecord(ctx.db, 'leaving.soon'))!.version, name: '测试检查员', departmentId: 'education-411502', roles: ['editor'], disabled: true },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('disabled');
    expect((await member.request('/api/admin/cases')).status).toBe(401);
    expect((await browser().login('leaving.soon', PASSWORD)).status).toBe(401);
    const audit = await listAudit(ctx.db, clock.toISOString().slice(0, 10));
    expect(audit.some((e) => e.event === 'account_disabled' && e.username === 'leaving.soon')).toBe(true);
  });

  it('a reset ends sessions, stops the old password, and issues a new link (the old one stops working)', async () => {
    const a = await admin();
    const created = await create(a, 'forgot.pw');
    await setUp('forgot.pw', created.setup.code);
    const member = await signIn('forgot.pw', PASSWORD);
    const version = (await getStaffRecord(ctx.db, 'forgot.pw'))!.version;
    const reset = await a.post('/api/admin/accounts/forgot.pw/reset', { version });
    expect(reset.status).toBe(200);
    const { setup } = (await reset.json()) as Created;
    expect((await member.request('/api/auth/session')).status).toBe(401);
    expect((await browser().login('forgot.pw', PASSWORD)).status).toBe(401);
    const { finish } = await setUp('forgot.pw', setup.code, '一个全新的而且足够长的密码');
    expect(finish.status).toBe(200);
    await signIn('forgot.pw', '一个全新的而且足够长的密码');
  });
});

describe('own password and sessions', () => {
  it('changes one’s own password with the current one (and TOTP code when enrolled)', async () => {
    const a = await admin();
    const created = await create(a, 'change.pw');
    await setUp('change.pw', created.setup.code);
    const member = await signIn('change.pw', PASSWORD);
    const wrong = await member.post('/api/auth/password', { currentPassword: 'not it at all', newPassword: '新的密码也要足够长才可以' });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields.currentPassword).toBe('当前密码不正确');
    const weak = await member.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: '123456789012' });
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.fields.newPassword).toBeDefined();
    expect((await member.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: '新的密码也要足够长才可以' })).status).toBe(204);
    await signIn('change.pw', '新的密码也要足够长才可以');
    const supervisor = browser();
    later(1);
    await supervisor.signIn('city.supervisor');
    const noCode = await supervisor.post('/api/auth/password', { currentPassword: 'demo-city-supervisor', newPassword: '督办员的新密码已经足够长了' });
    expect(noCode.status).toBe(400);
    expect((await noCode.json()).error.fields.totpCode).toBeDefined();
  });

  it('lists one’s own sessions (device, masked network) and ends one; an administrator ends them all', async () => {
    const a = await admin();
    const created = await create(a, 'many.devices');
    await setUp('many.devices', created.setup.code);
    const phone = browser();
    later(1);
    await phone.request('/api/auth/login', {
      method: 'POST',
      json: { username: 'many.devices', password: PASSWORD },
      headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0' },
    });
    const desk = await signIn('many.devices', PASSWORD);
    const list = await (await desk.request('/api/auth/sessions')).json();
    expect(list.sessions).toHaveLength(2);
    expect(list.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const other = list.sessions.find((s: { current: boolean }) => !s.current);
    expect(other.device).toBe('微信 · iOS');
    expect(JSON.stringify(list)).not.toContain(phone.session);

    // Another member cannot end it.
    const stranger = await signIn('zhang.wei', PASSWORD);
    expect((await stranger.post(`/api/auth/sessions/${other.id}/end`)).status).toBe(404);

    expect((await desk.post(`/api/auth/sessions/${other.id}/end`)).status).toBe(204);
    expect((await phone.request('/api/auth/session')).status).toBe(401);
    expect((await desk.request('/api/auth/session')).status).toBe(200);

    const ended = await a.post('/api/admin/accounts/many.devices/sessions/end');
    expect(await ended.json()).toEqual({ ended: 1 });
    expect((await desk.request('/api/auth/session')).status).toBe(401);
  });
});

/**
 * Guessing passwords: per-username lockout and per-network limits, with a
 * message that says when to try again, and no difference between real and
 * unknown usernames.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../functions/data/audit.ts';
import { readWindows } from '../../functions/data/rate-limit.ts';
import { LOGIN_BY_NETWORK, recordFailure } from '../../functions/auth/rate-limit.ts';
import { keyFor } from '../../functions/auth/keys.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createTestApp } from '../support/app.ts';

// 10:00 in Beijing.
let clock = new Date('2025-03-03T02:00:00.000Z');
const now = () => clock;
const at = (iso: string) => (clock = new Date(iso));
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let addresses = 0;
/** A browser on a network of its own, so per-network limits stay out of per-username tests. */
const browser = () => new StaffBrowser(ctx.app, { now, clientAddress: `203.0.113.${++addresses}` });

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await seedDemoStaff(ctx.db);
});

async function fail(username: string, times: number, b = browser()) {
  const answers: Response[] = [];
  for (let i = 0; i < times; i++) answers.push(await b.login(username, `wrong-password-${i}`));
  return answers;
}

describe('per-username lockout', () => {
  it('locks a username for 15 minutes on the fifth failure, and says until when', { timeout: 120_000 }, async () => {
    at('2025-03-03T02:00:00.000Z');
    const answers = await fail('shihe.editor', 5);
    expect(answers.slice(0, 4).map((r) => r.status)).toEqual([401, 401, 401, 401]);
    const locked = answers[4]!;
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    const body = await locked.json();
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toContain('15分钟后');
    expect(body.error.message).toContain('北京时间10:15之后');

    // Even the right password, from anywhere, waits.
    at('2025-03-03T02:05:00.000Z');
    const right = await browser().login('shihe.editor', 'demo-shihe-editor');
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBe('600');
    expect((await right.json()).error.message).toContain('10分钟后');

    // Other accounts are not affected.
    expect((await browser().login('pingqiao.editor', 'demo-pingqiao-editor')).status).toBe(200);

    const entries = await listAudit(ctx.db, '2025-03-03');
    expect(entries.filter((e) => e.event === 'locked_out' && e.username === 'shihe.editor').length).toBeGreaterThanOrEqual(2);
  });

  it('lets the right password in once the lock is over, and forgets the failures', async () => {
    at('2025-03-03T02:15:01.000Z');
    expect((await browser().login('shihe.editor', 'demo-shihe-editor')).status).toBe(200);
    // One more failure after the lock does not lock again.
    expect((await fail('shihe.editor', 1))[0]!.status).toBe(401);
    expect((await browser().login('shihe.editor', 'demo-shihe-editor')).status).toBe(200);
  });

  it('counts failures across a window boundary', async () => {
    at('2025-03-03T03:13:00.000Z');
    await fail('culture.editor', 3);
    at('2025-03-03T03:16:00.000Z');
    const answers = await fail('culture.editor', 2);
    expect(answers.map((r) => r.status)).toEqual([401, 429]);
  });

  it('locks an unknown username exactly like a real one', { timeout: 120_000 }, async () => {
    at('2025-03-03T04:00:00.000Z');
    const real = await fail('city.viewer', 6);
    const ghost = await fail('nobody.here', 6);
    expect(ghost.map((r) => r.status)).toEqual(real.map((r) => r.status));
    expect(ghost.map((r) => r.headers.get('retry-after'))).toEqual(real.map((r) => r.headers.get('retry-after')));
    const [a, b] = [await real[5]!.json(), await ghost[5]!.json()];
    expect(b).toEqual(a);
  });

  it('keys the counters by HMAC, never by the username or the address', async () => {
    const windows = (key: string, bucket = 'login-user') => readWindows(ctx.db, bucket, key, '2025-03-03T00:00:00.000Z');
    expect((await windows(keyFor('user', 'shihe.editor'))).length).toBeGreaterThan(0);
    expect((await windows(keyFor('user', 'nobody.here'))).length).toBeGreaterThan(0);
    expect(await windows('shihe.editor')).toEqual([]);
    expect(await windows('nobody.here')).toEqual([]);
    expect((await windows(keyFor('ip', '203.0.113.1'), 'login-ip')).length).toBeGreaterThan(0);
    expect(await windows('203.0.113.1', 'login-ip')).toEqual([]);
    expect(keyFor('user', 'shihe.editor')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('per-network limit', () => {
  // 18 failures are counted straight into the table (each sign-in costs a scrypt, and the suite shares two cores);
  // the last two go through the API, showing its failures count towards the same limit.
  const prime = async (network: string, failures: number) => {
    for (let i = 0; i < failures; i++) await recordFailure(ctx.db, LOGIN_BY_NETWORK, keyFor('ip', network), clock);
  };

  it('limits one network to 20 failures in 15 minutes, whatever the usernames', async () => {
    at('2025-03-03T05:00:00.000Z');
    await prime('192.0.2.77', 18);
    const network = new StaffBrowser(ctx.app, { now, clientAddress: '192.0.2.77' });
    expect((await network.login('guess19.user', 'password-guess')).status).toBe(401);
    expect((await network.login('guess20.user', 'password-guess')).status).toBe(429);

    const blocked = await network.login('admin', 'demo-administrator');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('900');
    expect((await blocked.json()).error.message).toContain('您所在网络');

    // Another network signs in as usual.
    expect((await new StaffBrowser(ctx.app, { now, clientAddress: '192.0.2.78' }).login('pingqiao.editor', 'demo-pingqiao-editor')).status).toBe(200);
  });

  it('treats the addresses of one IPv6 /64 as one network', async () => {
    at('2025-03-03T06:00:00.000Z');
    await prime('2001:db8:aa:bb::/64', 18);
    const one = new StaffBrowser(ctx.app, { now, clientAddress: '2001:db8:aa:bb::1' });
    const two = new StaffBrowser(ctx.app, { now, clientAddress: '2001:db8:aa:bb:ffff:1:2:3' });
    expect((await one.login('v6guess19.user', 'password-guess')).status).toBe(401);
    expect((await two.login('v6guess20.user', 'password-guess')).status).toBe(429);
  });
});

/**
 * How long a session lasts: 30 minutes without a request, 8 hours at most,
 * 5 minutes for a pending TOTP step; checked on every read, whatever
 * DynamoDB's TTL has or has not deleted yet.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../functions/data/audit.ts';
import { getSession } from '../../functions/data/sessions.ts';
import { getStaffRecord, putStaffRecord } from '../../functions/data/staff.ts';
import { sha256Hex } from '../../functions/auth/keys.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { totpCode } from '../../functions/auth/totp.ts';
import { findDemoStaff, seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createTestApp } from '../support/app.ts';

let clock = new Date('2025-03-04T01:00:00.000Z');
const now = () => clock;
const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
let ctx: Awaited<ReturnType<typeof createTestApp>>;
const browser = () => new StaffBrowser(ctx.app, { now });

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await seedDemoStaff(ctx.db);
});

/** The table's copy of a browser's session (stored under the token's hash), or undefined. */
async function storedSession(b: StaffBrowser) {
  return (await getSession(ctx.db, sha256Hex(b.session!))) ?? undefined;
}

describe('idle timeout (30 minutes)', () => {
  it('keeps a session alive while it is used, and ends it after 30 quiet minutes', async () => {
    const b = browser();
    await b.signIn('shihe.editor');
    const item = await storedSession(b);
    expect(item).toMatchObject({ stage: 'full', username: 'shihe.editor' });
    expect(item?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(item)).not.toContain(b.session);
    expect(item?.ttl).toBe(Math.floor(clock.getTime() / 1000) + 30 * 60);

    later(29);
    expect((await b.request('/api/auth/session')).status).toBe(200);
    // The request moved the idle timer (and the TTL) forward.
    expect((await storedSession(b))?.ttl).toBe(Math.floor(clock.getTime() / 1000) + 30 * 60);
    later(29);
    expect((await b.request('/api/auth/session')).status).toBe(200);

    later(31);
    const res = await b.request('/api/admin/anything');
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe('登录已超时，请重新登录');
    expect(b.session).toBeUndefined(); // the cookie was cleared
    const entries = await listAudit(ctx.db, clock.toISOString().slice(0, 10));
    expect(entries.some((e) => e.event === 'unauthenticated' && e.reason === 'session_idle')).toBe(true);
  });

  it('refuses an idle session even when the TTL has not deleted it yet', async () => {
    const b = browser();
    await b.signIn('pingqiao.editor');
    const cookie = b.session!;
    later(45);
    expect(await storedSession(b)).toBeDefined();
    expect((await b.request('/api/auth/session')).status).toBe(401);
    // ... and the ended session is gone from the table.
    const again = browser();
    again.session = cookie;
    expect(await storedSession(again)).toBeUndefined();
  });
});

describe('absolute limit (8 hours)', () => {
  it('ends a session 8 hours after sign-in, however busy', async () => {
    const b = browser();
    await b.signIn('culture.editor');
    for (let minutes = 0; minutes < 8 * 60 - 20; minutes += 20) {
      later(20);
      expect((await b.request('/api/auth/session')).status, `after ${minutes + 20} minutes`).toBe(200);
    }
    later(21); // 8 h 1 min
    const res = await b.request('/api/auth/session');
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe('登录已超时，请重新登录');
  });
});

describe('pending TOTP step (5 minutes)', () => {
  it('must be finished within 5 minutes', async () => {
    const b = browser();
    const publisher = findDemoStaff('city.publisher')!;
    await b.login('city.publisher', publisher.password);
    later(6);
    const res = await b.totp(totpCode(publisher.totpSecret!, clock));
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toContain('重新输入用户名和密码');
  });
});

describe('account changes take effect at once', () => {
  it('ends the sessions of a disabled account on their next request', async () => {
    const b = browser();
    await b.signIn('city.viewer');
    const record = (await getStaffRecord(ctx.db, 'city.viewer'))!;
    await putStaffRecord(ctx.db, { ...record, disabled: true }, { overwrite: true });
    expect((await b.request('/api/auth/session')).status).toBe(401);
    await putStaffRecord(ctx.db, record, { overwrite: true });
  });
});

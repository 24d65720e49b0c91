/**
 * CSRF: every state-changing request to /api/auth and /api/admin must come
 * from the site's own pages (Origin / Sec-Fetch-Site) and carry the
 * session's X-CSRF-Token; sign-in gets the origin check only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../functions/data/audit.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createTestApp } from '../support/app.ts';

const clock = new Date('2025-03-05T01:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let signedIn: StaffBrowser;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  // Stand-ins (added to the finished app, behind its /api/admin middleware) for routes other modules add: one under /api/admin, one public.
  ctx.app.post('/api/admin/echo', (c) => c.json({ ok: true }));
  ctx.app.post('/api/public-echo', (c) => c.json({ ok: true }));
  await seedDemoStaff(ctx.db);
  signedIn = new StaffBrowser(ctx.app, { now });
  await signedIn.signIn('shihe.editor');
});

describe('the CSRF token', () => {
  it('refuses a POST without the token, and audits it', async () => {
    const res = await signedIn.post('/api/admin/echo', {}, { csrf: false });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe('csrf_rejected');
    expect(body.error.message).toContain('请刷新页面后重试');
    const entries = await listAudit(ctx.db, '2025-03-05');
    expect(entries.some((e) => e.event === 'csrf_rejected' && e.reason === 'token_missing' && e.username === 'shihe.editor')).toBe(true);
  });

  it('refuses a POST with a wrong token', async () => {
    const res = await signedIn.post('/api/admin/echo', {}, { csrf: 'A'.repeat(43) });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf_rejected');
  });

  it('refuses the token of another session', async () => {
    const other = new StaffBrowser(ctx.app, { now });
    await other.signIn('pingqiao.editor');
    expect((await signedIn.post('/api/admin/echo', {}, { csrf: other.csrfToken! })).status).toBe(403);
  });

  it('lets the request through with the token from GET /api/auth/session', async () => {
    const info = await (await signedIn.request('/api/auth/session')).json();
    const res = await signedIn.post('/api/admin/echo', {}, { csrf: info.csrfToken });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('covers PUT, PATCH and DELETE too, but not GET', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      expect((await signedIn.request('/api/admin/echo', { method, csrf: false })).status, method).toBe(403);
    }
    expect((await signedIn.request('/api/auth/session', { csrf: false })).status).toBe(200);
  });

  it('protects the TOTP step with the token of the pending sign-in', async () => {
    const b = new StaffBrowser(ctx.app, { now });
    await b.login('city.publisher', 'demo-city-publisher');
    const res = await b.post('/api/auth/totp', { code: '123456' }, { csrf: false });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf_rejected');
  });

  it('protects signing out: a forged logout does not end the session', async () => {
    expect((await signedIn.post('/api/auth/logout', undefined, { csrf: false })).status).toBe(403);
    expect((await signedIn.request('/api/auth/session')).status).toBe(200);
  });
});

describe('where the request comes from', () => {
  it('refuses another site, even with the right token', async () => {
    const res = await signedIn.post('/api/admin/echo', {}, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf_rejected');
  });

  it('refuses Sec-Fetch-Site: cross-site and same-site', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const res = await signedIn.post('/api/admin/echo', {}, { headers: { 'sec-fetch-site': site } });
      expect(res.status, site).toBe(403);
    }
  });

  it('accepts Sec-Fetch-Site: same-origin without an Origin header', async () => {
    const res = await signedIn.post('/api/admin/echo', {}, { origin: null, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(res.status).toBe(200);
  });

  it('refuses a request that says nothing about where it comes from', async () => {
    expect((await signedIn.post('/api/admin/echo', {}, { origin: null })).status).toBe(403);
  });

  it('refuses a cross-site form post (the classic CSRF)', async () => {
    const res = await signedIn.request('/api/admin/echo', {
      method: 'POST',
      origin: 'https://evil.example',
      csrf: false,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    });
    expect(res.status).toBe(403);
  });

  it('checks the origin of sign-in, which has no token yet', async () => {
    const b = new StaffBrowser(ctx.app, { now });
    const foreign = await b.request('/api/auth/login', { method: 'POST', json: { username: 'shihe.editor', password: 'demo-shihe-editor' }, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(b.session).toBeUndefined();
    const none = await b.request('/api/auth/login', { method: 'POST', json: { username: 'shihe.editor', password: 'demo-shihe-editor' }, origin: null });
    expect(none.status).toBe(403);
    expect((await b.login('shihe.editor', 'demo-shihe-editor')).status).toBe(200);
    const entries = await listAudit(ctx.db, '2025-03-05');
    expect(entries.some((e) => e.event === 'csrf_rejected' && e.route === '/api/auth/login' && e.reason === 'origin_mismatch')).toBe(true);
  });

  it('leaves public endpoints alone', async () => {
    const res = await ctx.app.request('/api/public-echo', { method: 'POST', headers: { origin: 'https://elsewhere.example' } });
    expect(res.status).toBe(200);
  });

  it('answers 401, not 403, to a state-changing admin request with no session', async () => {
    const res = await new StaffBrowser(ctx.app, { now }).post('/api/admin/echo', {});
    expect(res.status).toBe(401);
  });
});

/**
 * For tests (this project's and the registry's): a tiny browser that keeps
 * the session cookie, sends the Origin and X-CSRF-Token headers a page of
 * the site would, and signs in demo accounts, TOTP step included.
 *
 *     const browser = new StaffBrowser(app);
 *     await browser.signIn('shihe.editor');
 *     const res = await browser.post('/api/admin/institutions', { ... });
 *
 * Kept with the test support, not in functions/: the app never uses it.
 */
import { CSRF_HEADER } from '../../functions/auth/csrf.ts';
import { SESSION_COOKIE_NAME } from '../../functions/auth/session.ts';
import { totpCode, TOTP_PERIOD_SECONDS } from '../../functions/auth/totp.ts';
import { findDemoStaff } from '../../scripts/demo/staff.ts';

interface Requestable {
  request(input: string, init?: RequestInit, env?: object): Response | Promise<Response>;
}

export interface BrowserRequest {
  method?: string;
  json?: unknown;
  headers?: Record<string, string>;
  /** Send the CSRF token (default), none (false), or this one. */
  csrf?: boolean | string;
  /** Origin header: the browser's own (default), another, or none (null). */
  origin?: string | null;
}

export class StaffBrowser {
  session: string | undefined;
  csrfToken: string | undefined;

  constructor(
    private readonly app: Requestable,
    readonly options: { origin?: string; clientAddress?: string; now?: () => Date } = {},
  ) {}

  get origin(): string {
    return this.options.origin ?? 'http://localhost';
  }

  async request(path: string, init: BrowserRequest = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    const origin = init.origin === undefined ? this.origin : init.origin;
    if (origin !== null) headers.origin = origin;
    if (this.session) headers.cookie = `${SESSION_COOKIE_NAME}=${this.session}`;
    const csrf = init.csrf === undefined ? true : init.csrf;
    if (typeof csrf === 'string') headers[CSRF_HEADER] = csrf;
    else if (csrf && this.csrfToken) headers[CSRF_HEADER] = this.csrfToken;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const env = this.options.clientAddress ? { incoming: { socket: { remoteAddress: this.options.clientAddress } } } : undefined;
    const res = await this.app.request(
      `http://localhost${path}`,
      { method: init.method ?? 'GET', headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) },
      env,
    );
    for (const cookie of res.headers.getSetCookie()) {
      const match = new RegExp(`^${SESSION_COOKIE_NAME}=([^;]*)`).exec(cookie);
      if (!match) continue;
      this.session = /max-age=0/i.test(cookie) || !match[1] ? undefined : match[1];
      if (!this.session) this.csrfToken = undefined;
    }
    return res;
  }

  post(path: string, json?: unknown, init: Omit<BrowserRequest, 'method' | 'json'> = {}): Promise<Response> {
    return this.request(path, { ...init, method: 'POST', ...(json !== undefined ? { json } : {}) });
  }

  /** POST /api/auth/login, keeping the CSRF token it answers with. */
  async login(username: string, password: string): Promise<Response> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.ok) this.csrfToken = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
    return res;
  }

  async totp(code: string): Promise<Response> {
    const res = await this.post('/api/auth/totp', { code });
    if (res.ok) this.csrfToken = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
    return res;
  }

  /**
   * Signs a demo account in (scripts/demo/staff.ts; seed them first), TOTP
   * step included. `at` picks the moment whose code is sent: the app's clock
   * by default. A code works once, so a second sign-in within 30 s needs a later `at`.
   */
  async signIn(username: string, at?: Date): Promise<void> {
    const demo = findDemoStaff(username);
    if (!demo) throw new Error(`${username} is not a demo account`);
    const res = await this.login(username, demo.password);
    if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { status: string };
    if (body.status === 'signed_in') return;
    if (!demo.totpSecret) throw new Error(`${username} needs a TOTP code but has no demo secret`);
    const when = at ?? this.options.now?.() ?? new Date();
    const done = await this.totp(totpCode(demo.totpSecret, when));
    if (!done.ok) throw new Error(`TOTP step of ${username} failed: ${done.status} ${await done.text()} (codes work once per ${TOTP_PERIOD_SECONDS} s)`);
  }
}

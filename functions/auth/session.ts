/**
 * Sessions: a random token in a cookie, its SHA-256 in the table.
 *
 * - Cookie `__Host-shouhu_session`: HttpOnly, Secure, SameSite=Strict,
 *   Path=/, no Domain (the `__Host-` prefix makes browsers insist on that).
 *   Browsers treat http://localhost as secure, so this works under npm start.
 * - A full session lasts 8 hours at most and ends after 30 minutes without
 *   a request. Activity moves `lastSeenAt` at most once a minute, with a
 *   conditional write, so busy pages do not write on every request.
 * - A pending session (password right, TOTP code still owed) lasts 5
 *   minutes and allows 5 wrong codes.
 * - Every read checks the times itself: DynamoDB's TTL deletes lazily.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../data/client.ts';
import { deleteSession, getSession, putSession, touchSession, type SessionRecord } from '../data/sessions.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { clientAddress, clientNetwork } from './client-ip.ts';
import { newToken, sha256Hex, TOKEN_PATTERN } from './keys.ts';
import type { LoadedSession } from './vars.ts';

export const SESSION_COOKIE = 'shouhu_session';
/** The cookie's name as browsers send it. */
export const SESSION_COOKIE_NAME = `__Host-${SESSION_COOKIE}`;

export const SESSION_ABSOLUTE_SECONDS = 8 * 3600;
export const SESSION_IDLE_SECONDS = 30 * 60;
export const PENDING_TOTP_SECONDS = 5 * 60;
export const MAX_TOTP_FAILURES = 5;
/** Activity refreshes the idle timer at most this often. */
const TOUCH_AFTER_SECONDS = 60;

const seconds = (n: number) => n * 1000;
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/** When a session ends if nothing more happens: its absolute end, or idle time after the last request. */
export function sessionEndsAt(session: Pick<SessionRecord, 'stage' | 'expiresAt' | 'lastSeenAt'>): Date {
  const absolute = new Date(session.expiresAt);
  if (session.stage === 'totp') return absolute;
  const idle = new Date(new Date(session.lastSeenAt).getTime() + seconds(SESSION_IDLE_SECONDS));
  return idle < absolute ? idle : absolute;
}

export type SessionProblem = 'none' | 'expired' | 'idle';

/** Is this session still usable at `now`? */
export function sessionProblem(session: SessionRecord, now: Date): SessionProblem | null {
  if (new Date(session.expiresAt) <= now) return 'expired';
  if (session.stage === 'full' && sessionEndsAt(session) <= now) return 'idle';
  return null;
}

function readToken(c: Context<AppEnv>): string | undefined {
  const token = getCookie(c, SESSION_COOKIE, 'host');
  return token && TOKEN_PATTERN.test(token) ? token : undefined;
}

function writeCookie(c: Context<AppEnv>, token: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, token, { prefix: 'host', httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: maxAgeSeconds });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { prefix: 'host', httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
}

/**
 * The request's session, loaded once per request and cached in `c.var.session`.
 * An ended session is deleted and its cookie cleared; `problem` says why there is none.
 */
export async function loadSession(c: Context<AppEnv>): Promise<{ session: LoadedSession | null; problem: SessionProblem | null }> {
  if (c.var.session !== undefined) return { session: c.var.session, problem: c.var.session ? null : 'none' };
  const token = readToken(c);
  if (!token) {
    c.set('session', null);
    return { session: null, problem: 'none' };
  }
  const tokenHash = sha256Hex(token);
  const stored = await getSession(c.var.db, tokenHash);
  if (!stored) {
    c.set('session', null);
    clearSessionCookie(c);
    return { session: null, problem: 'expired' };
  }
  const { ttl: _ttl, ...record } = stored;
  const problem = sessionProblem(record, c.var.now());
  if (problem) {
    await deleteSession(c.var.db, tokenHash);
    clearSessionCookie(c);
    c.set('session', null);
    return { session: null, problem };
  }
  const loaded = { record, tokenHash };
  c.set('session', loaded);
  return { session: loaded, problem: null };
}

/**
 * Starts a session (full, or pending the TOTP code) and sets its cookie,
 * ending the request's previous session if there was one: a new sign-in
 * never inherits an old token (no session fixation).
 */
export async function startSession(c: Context<AppEnv>, username: string, stage: SessionRecord['stage']): Promise<LoadedSession> {
  await endSession(c, { keepCookie: true });
  const now = c.var.now();
  const lifetime = stage === 'full' ? SESSION_ABSOLUTE_SECONDS : PENDING_TOTP_SECONDS;
  const token = newToken();
  const record: SessionRecord = {
    tokenHash: sha256Hex(token),
    stage,
    username,
    csrfToken: newToken(),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + seconds(lifetime)).toISOString(),
    totpFailures: 0,
    device: deviceLabel(c.req.header('user-agent')),
    network: maskedNetwork(clientAddress(c)),
  };
  await putSession(c.var.db, record, epoch(sessionEndsAt(record)));
  writeCookie(c, token, lifetime);
  const loaded = { record, tokenHash: record.tokenHash };
  c.set('session', loaded);
  return loaded;
}

/** The address a member sees in their session list: an IPv4 address's /24 (`10.1.2.x`), an IPv6 address's /64. */
export function maskedNetwork(address: string): string {
  const network = clientNetwork(address);
  const v4 = /^(\d+\.\d+\.\d+)\.\d+$/.exec(network);
  return (v4 ? `${v4[1]}.x` : network).slice(0, 60);
}

/** A short browser-and-system label from a User-Agent, e.g. `Chrome · Windows` (never the whole string). */
export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /MicroMessenger/.test(ua) ? '微信' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : '';
  const system = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return [browser, system].filter(Boolean).join(' · ') || '未知设备';
}

/** Ends the request's session, if any, in the table and (unless told otherwise) in the browser. */
export async function endSession(c: Context<AppEnv>, options: { keepCookie?: boolean } = {}): Promise<LoadedSession | null> {
  const token = readToken(c);
  const cached = c.var.session;
  const tokenHash = cached?.tokenHash ?? (token ? sha256Hex(token) : undefined);
  if (tokenHash) await deleteSession(c.var.db, tokenHash);
  if (!options.keepCookie && (token || cached)) clearSessionCookie(c);
  c.set('session', null);
  return cached ?? null;
}

/** Keeps an active full session alive: moves its idle timer forward, at most once a minute. */
export async function touch(db: Db, session: LoadedSession, now: Date): Promise<SessionRecord> {
  const { record } = session;
  if (record.stage !== 'full') return record;
  if (now.getTime() - new Date(record.lastSeenAt).getTime() < seconds(TOUCH_AFTER_SECONDS)) return record;
  const next = { ...record, lastSeenAt: now.toISOString() };
  await touchSession(db, session.tokenHash, { previousLastSeenAt: record.lastSeenAt, lastSeenAt: next.lastSeenAt, ttl: epoch(sessionEndsAt(next)) });
  session.record = next;
  return next;
}

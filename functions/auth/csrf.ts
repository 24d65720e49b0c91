/**
 * Cross-site request forgery protection for the staff API (/api/auth/*,
 * /api/admin/*), on every state-changing request (POST, PUT, PATCH, DELETE):
 *
 * 1. Where it comes from: `Sec-Fetch-Site`, when the browser sends it, must
 *    be `same-origin`; `Origin`, when sent, must be the site's origin
 *    (SITE_ORIGINS, else the API's own); a request carrying neither is
 *    refused. Hono's `csrf()` is not used: it only looks at form-like content
 *    types, and every request here is JSON.
 * 2. A per-session token: the `X-CSRF-Token` header must equal the session's
 *    token (from GET /api/auth/session, or the login answer), compared in
 *    constant time. Sign-in itself has no session yet, so it gets the origin
 *    check only. A request with no session at all passes on to the route,
 *    which answers 401 (there is nothing to forge without a session).
 *
 * Refusals are 403 `csrf_rejected`, audited.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../lib/errors.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { audit } from './audit.ts';
import { safeEqual } from './keys.ts';
import { loadSession } from './session.ts';
import { authSettings } from './settings.ts';

export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfOptions {
  /** Full paths that need the origin check but no token (sign-in, which has no session yet). */
  tokenExempt?: readonly string[];
  /** Allowed origins; default SITE_ORIGINS, else the origin the API was reached at. */
  allowedOrigins?: readonly string[];
}

function originProblem(c: Context<AppEnv>, allowed: readonly string[] | undefined): string | null {
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  if (!site && !origin) return 'origin_missing';
  if (site && site !== 'same-origin') return `sec_fetch_site:${site.slice(0, 20)}`;
  if (origin) {
    const ok = allowed ? allowed.includes(origin) : origin === new URL(c.req.url).origin;
    if (!ok) return 'origin_mismatch';
  }
  return null;
}

export function csrfProtection(options: CsrfOptions = {}) {
  const exempt = new Set(options.tokenExempt ?? []);
  const allowed = options.allowedOrigins ?? authSettings.allowedOrigins;
  return createMiddleware<AppEnv>(async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const refuse = async (reason: string, username?: string): Promise<never> => {
      await audit(c, 'csrf_rejected', { reason, ...(username ? { username, staffId: username } : {}) });
      throw new ApiError(403, 'csrf_rejected');
    };
    const problem = originProblem(c, allowed);
    if (problem) await refuse(problem);
    if (exempt.has(c.req.path)) return next();
    const { session } = await loadSession(c);
    if (!session) return next();
    const token = c.req.header(CSRF_HEADER);
    if (!token || !safeEqual(token, session.record.csrfToken)) await refuse(token ? 'token_mismatch' : 'token_missing', session.record.username);
    return next();
  });
}

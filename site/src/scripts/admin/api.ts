/**
 * The console's one way to reach the API: same-origin fetch with the session
 * cookie, JSON in and out, the X-CSRF-Token header on every write, and one
 * answer shape for success, API errors ({ error: { code, message, fields?,
 * current? } }, functions/lib/errors.ts), network failures and surprises.
 *
 * A 401 sends the page back to sign-in (with a message, and the way back)
 * unless the caller asks to handle it (the sign-in page itself).
 */
import { t } from '#shared/i18n/zh-CN.ts';

export interface ApiError {
  /** An API error code (shared/i18n/zh-CN.ts `errors`), or `network` / `unexpected`. */
  code: string;
  message: string;
  fields?: Record<string, string>;
  current?: unknown;
}

export type ApiAnswer<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; error: ApiError; body: unknown };

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A JSON body. */
  json?: unknown;
  /** A multipart body (the import's file). */
  form?: FormData;
  /** Raw bytes (a part of a background import's file), sent as application/octet-stream. */
  bytes?: Blob;
  /** `redirect` (default): go to sign-in and never settle; `return`: answer the 401 like any error. */
  on401?: 'redirect' | 'return';
}

const SIGN_IN = '/admin/';
let csrfToken: string | undefined;

/** The session's CSRF token, from GET /api/auth/session or the sign-in answer. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Why the sign-in page is shown: after signing out, or because the session ended. */
export type SignInNotice = 'signed-out' | 'expired';

/** Leaves for the sign-in page, which comes back here after signing in. */
export async function goToSignIn(notice: SignInNotice): Promise<never> {
  const params = new URLSearchParams({ notice });
  if (notice === 'expired' && location.pathname !== SIGN_IN) params.set('next', location.pathname + location.search);
  // Let the page finish loading first (the header's logo), so that leaving does not cut requests off.
  if (document.readyState !== 'complete') await new Promise((done) => window.addEventListener('load', done, { once: true }));
  location.assign(`${SIGN_IN}?${params}`);
  return new Promise<never>(() => {});
}

function isErrorBody(body: unknown): body is { error: ApiError } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as ApiError).message === 'string';
}

export async function api<T>(path: string, request: ApiRequest = {}): Promise<ApiAnswer<T>> {
  const method = request.method ?? (request.json !== undefined || request.form ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let body: BodyInit | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.form) {
    body = request.form;
  } else if (request.bytes) {
    headers['content-type'] = 'application/octet-stream';
    body = request.bytes;
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, error: { code: 'network', message: t.admin.network }, body: undefined };
  }

  // The body is read in full first, even before leaving for sign-in: a navigation would cut it off mid-way.
  let parsed: unknown;
  if (response.status !== 204) {
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
  }
  if (response.status === 401 && request.on401 !== 'return') return goToSignIn('expired');
  if (response.ok) return { ok: true, status: response.status, body: parsed as T };
  const error = isErrorBody(parsed) ? parsed.error : { code: 'unexpected', message: t.admin.unexpected(response.status) };
  return { ok: false, status: response.status, error, body: parsed };
}

/**
 * Staff sign-in: /api/auth. The CSRF guard (functions/auth/csrf.ts) runs in
 * front of this router (app.ts): login gets the origin check only, the other
 * state-changing routes need the session's X-CSRF-Token too.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { LoginInput, LoginResult, SessionInfo, TotpInput } from '#shared/schemas/staff.ts';
import { audit } from '../auth/audit.ts';
import { CSRF_HEADER } from '../auth/csrf.ts';
import { endSession, SESSION_COOKIE_NAME, sessionEndsAt } from '../auth/session.ts';
import { passwordStep, totpStep } from '../auth/sign-in.ts';
import { signedInStaff } from '../auth/staff.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const retryAfter = {
  'Retry-After': { description: 'Seconds until signing in may be tried again', schema: { type: 'integer' as const } },
};
const locked = { ...errorResponse('Too many failed attempts; `message` says when to try again'), headers: retryAfter };
const csrfRefused = errorResponse('`csrf_rejected`: not from the site’s own pages, or the X-CSRF-Token header is missing or wrong');

const login = createRoute({
  method: 'post',
  path: '/login',
  summary: 'Sign in with username and password',
  description:
    'Sets the session cookie. Accounts with a second factor (always for publishers and administrators) get `totp_required` and a short-lived pending session: send the code to POST /api/auth/totp next. Unknown usernames and wrong passwords get the same answer. Five failures for a username, or twenty from one network, within 15 minutes lock it for 15 minutes.',
  request: { body: { required: true, content: json(LoginInput) } },
  responses: {
    200: { description: 'Signed in, or the TOTP code is needed next', content: json(LoginResult) },
    400: errorResponse('The username or password field is missing'),
    401: errorResponse('`invalid_credentials`: the username or password is wrong'),
    403: errorResponse('`totp_not_enrolled`: the account must use a second factor but has none yet; or `csrf_rejected`'),
    429: locked,
  },
});

const totp = createRoute({
  method: 'post',
  path: '/totp',
  summary: 'Finish signing in with the 6-digit code from an authenticator app',
  security: [{ staffSession: [], csrfToken: [] }],
  request: { body: { required: true, content: json(TotpInput) } },
  responses: {
    200: { description: 'Signed in; the pending session is replaced by a full one', content: json(LoginResult) },
    400: errorResponse('The code is not 6 digits'),
    401: errorResponse('`totp_invalid`: wrong or already used code; `unauthorized`: no pending sign-in (start again)'),
    403: csrfRefused,
    429: locked,
  },
});

const logout = createRoute({
  method: 'post',
  path: '/logout',
  summary: 'Sign out: ends the session and clears its cookie',
  security: [{ staffSession: [], csrfToken: [] }],
  responses: {
    204: { description: 'Signed out (also when there was no session)' },
    403: csrfRefused,
  },
});

const session = createRoute({
  method: 'get',
  path: '/session',
  summary: 'Who is signed in, and the CSRF token for state-changing requests',
  security: [{ staffSession: [] }],
  responses: {
    200: { description: 'The signed-in member of staff', content: json(SessionInfo) },
    401: errorResponse('`unauthorized`: not signed in, or the session ended; `totp_required`: the code is still owed'),
  },
});

const router = createRouter();
router.openAPIRegistry.registerComponent('securitySchemes', 'staffSession', {
  type: 'apiKey',
  in: 'cookie',
  name: SESSION_COOKIE_NAME,
  description: 'Set by POST /api/auth/login; HttpOnly, Secure, SameSite=Strict',
});
router.openAPIRegistry.registerComponent('securitySchemes', 'csrfToken', {
  type: 'apiKey',
  in: 'header',
  name: CSRF_HEADER,
  description: 'The `csrfToken` of GET /api/auth/session (or of the login answer)',
});
router.use('*', async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
});

export const auth = router
  .openapi(login, async (c) => c.json(await passwordStep(c, c.req.valid('json')), 200))
  .openapi(totp, async (c) => c.json(await totpStep(c, c.req.valid('json').code), 200))
  .openapi(logout, async (c) => {
    const ended = await endSession(c);
    if (ended) await audit(c, 'logout', { username: ended.record.username, staffId: ended.record.username });
    return c.body(null, 204);
  })
  .openapi(session, async (c) => {
    const state = await signedInStaff(c);
    if (!state.ok) throw new ApiError(401, state.code, state.message);
    const { record } = state.session;
    return c.json(
      { staff: state.staff, csrfToken: record.csrfToken, expiresAt: record.expiresAt, idleExpiresAt: sessionEndsAt(record).toISOString() },
      200,
    );
  });

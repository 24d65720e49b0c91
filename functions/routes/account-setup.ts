/**
 * A member's own account: /api/auth.
 *
 * - /api/auth/setup/start, /finish: the first sign-in through the one-time
 *   set-up link (no session yet: the CSRF guard checks the origin only, the
 *   code is the credential). The page reads the code from the link's
 *   fragment (`#u=…&c=…`), which browsers never send to a server, and posts
 *   it in the body, so it never appears in access logs.
 * - /api/auth/recovery: the second sign-in step with a recovery code.
 * - /api/auth/password: change one's own password (current password + TOTP).
 * - /api/auth/sessions: one's own sessions, and ending one.
 *
 * Audited: `setup_completed`, `totp_enrolled`, `password_changed`,
 * `session_ended`, `recovery_code_used` (sign-in.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import { PasswordChangeInput, RecoveryCodes, RecoveryInput, SessionList, SetupCodeInput, SetupFinishInput, SetupStart } from '#shared/schemas/accounts.ts';
import { LoginResult } from '#shared/schemas/staff.ts';
import { audit, currentStaff, requireStaff } from '../auth/index.ts';
import { sha256Hex } from '../auth/keys.ts';
import { recoveryStep } from '../auth/sign-in.ts';
import { sessionProblem } from '../auth/session.ts';
import { changeOwnPassword, finishSetup, startSetup, type AccountDeps } from '../accounts/service.ts';
import { deleteSession, listSessionsOfStaff } from '../data/sessions.ts';
import { putAccountEvent } from '../data/staff.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const setupErrors = {
  400: errorResponse('`setup_link_used` (used, replaced by a newer link, or unknown) or `setup_link_expired` (after 72 hours): ask an administrator for a new link; `validation`: `fields` says which field is wrong (password rule, TOTP code)'),
  403: errorResponse('`csrf_rejected`: not from the site’s own pages'),
};

function deps(c: Context<AppEnv>): AccountDeps {
  return { db: c.var.db, keys: c.var.secrets, now: c.var.now() };
}

const start = createRoute({
  method: 'post',
  path: '/start',
  summary: 'Open a set-up link: who it is for, the password rule, and (when the roles need a second factor) a new TOTP secret to enrol',
  request: body(SetupCodeInput),
  responses: { 200: json(SetupStart, 'The link is valid'), ...setupErrors },
});
const finish = createRoute({
  method: 'post',
  path: '/finish',
  summary: 'Set the password (and confirm the TOTP code); uses the link up. Answers the recovery codes, shown once',
  request: body(SetupFinishInput),
  responses: { 200: json(RecoveryCodes, 'Set up; sign in next'), ...setupErrors },
});

export const accountSetup = createRouter()
  .openapi(start, async (c) => {
    const { username, code } = c.req.valid('json');
    c.header('Cache-Control', 'no-store');
    return c.json(await startSetup(deps(c), username, code), 200);
  })
  .openapi(finish, async (c) => {
    const input = c.req.valid('json');
    const done = await finishSetup(deps(c), { username: input.username, code: input.code, password: input.password, totpCode: input.totpCode });
    await audit(c, 'setup_completed', { username: input.username, staffId: input.username, departmentId: done.account.departmentId });
    if (done.totpEnrolled) await audit(c, 'totp_enrolled', { username: input.username, staffId: input.username, departmentId: done.account.departmentId });
    c.header('Cache-Control', 'no-store');
    return c.json({ recoveryCodes: done.recoveryCodes }, 200);
  });

const recovery = createRoute({
  method: 'post',
  path: '/recovery',
  summary: 'Finish signing in with a recovery code instead of the TOTP code (each code works once)',
  security: [{ staffSession: [], csrfToken: [] }],
  request: body(RecoveryInput),
  responses: {
    200: json(LoginResult, 'Signed in'),
    400: errorResponse('The code is not 10 letters and digits'),
    401: errorResponse('`totp_invalid`: wrong or used code; `unauthorized`: no pending sign-in'),
    403: errorResponse('`csrf_rejected`'),
    429: errorResponse('Too many failures'),
  },
});
const password = createRoute({
  method: 'post',
  path: '/password',
  summary: 'Change one’s own password: the current password, and the TOTP code when the account has one',
  security: [{ staffSession: [], csrfToken: [] }],
  middleware: [requireStaff()] as const,
  request: body(PasswordChangeInput),
  responses: {
    204: { description: 'Changed' },
    400: errorResponse('`validation`: wrong current password, wrong TOTP code, or the new password breaks the rule; `fields` says which'),
    401: errorResponse('Not signed in'),
    403: errorResponse('`csrf_rejected`'),
  },
});
const sessions = createRoute({
  method: 'get',
  path: '/sessions',
  summary: 'One’s own active sessions: device, network (masked), when signed in and last seen',
  security: [{ staffSession: [] }],
  middleware: [requireStaff()] as const,
  responses: { 200: json(SessionList, 'Newest first'), 401: errorResponse('Not signed in') },
});
const endOne = createRoute({
  method: 'post',
  path: '/sessions/{id}/end',
  summary: 'End one of one’s own sessions (the current one too: that signs out)',
  security: [{ staffSession: [], csrfToken: [] }],
  middleware: [requireStaff()] as const,
  request: { params: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/) }) },
  responses: { 204: { description: 'Ended' }, 401: errorResponse('Not signed in'), 403: errorResponse('`csrf_rejected`'), 404: errorResponse('No such session of this member') },
});

/** The id a session is shown under: derived from the token's hash, never the token or the hash itself. */
const sessionId = (tokenHash: string) => sha256Hex(`session-id:${tokenHash}`).slice(0, 32);

export const accountSelf = createRouter()
  .openapi(recovery, async (c) => c.json(await recoveryStep(c, c.req.valid('json').code), 200))
  .openapi(password, async (c) => {
    const staff = currentStaff(c);
    await changeOwnPassword(deps(c), staff.username, c.req.valid('json'));
    await audit(c, 'password_changed', { username: staff.username });
    return c.body(null, 204);
  })
  .openapi(sessions, async (c) => {
    const staff = currentStaff(c);
    const now = c.var.now();
    const current = c.var.session?.tokenHash;
    const all = await listSessionsOfStaff(c.var.db, staff.username);
    const active = all.filter((s) => s.stage === 'full' && sessionProblem(s, now) === null);
    active.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return c.json(
      {
        sessions: active.map((s) => ({
          id: sessionId(s.tokenHash),
          current: s.tokenHash === current,
          device: s.device ?? '未知设备',
          network: s.network ?? '未知',
          signedInAt: s.createdAt,
          lastSeenAt: s.lastSeenAt,
        })),
      },
      200,
    );
  })
  .openapi(endOne, async (c) => {
    const staff = currentStaff(c);
    const { id } = c.req.valid('param');
    const match = (await listSessionsOfStaff(c.var.db, staff.username)).find((s) => sessionId(s.tokenHash) === id);
    if (!match) throw new ApiError(404, 'not_found', t.accounts.sessionNotFound);
    await deleteSession(c.var.db, match.tokenHash);
    await putAccountEvent(c.var.db, staff.username, { at: c.var.now().toISOString(), kind: 'sessions_ended', by: staff.username, summary: '1' });
    await audit(c, 'session_ended', { username: staff.username, reason: 'own:1' });
    return c.body(null, 204);
  });

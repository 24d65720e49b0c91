import type { Context } from 'hono';
import { t, type ErrorCode } from '#shared/i18n/zh-CN.ts';
import { getStaffRecord } from '../data/staff.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { endSession, loadSession, touch } from './session.ts';
import type { LoadedSession, SignedInStaff } from './vars.ts';

export type SignInState =
  | { ok: true; staff: SignedInStaff; session: LoadedSession }
  | { ok: false; code: ErrorCode; message: string; reason: string; username?: string };

/**
 * Who is signed in on this request: a full, unexpired session of an account
 * that still exists and is not disabled. The account is read on every
 * request, so a role taken away or an account disabled takes effect at once.
 */
export async function signedInStaff(c: Context<AppEnv>): Promise<SignInState> {
  const { session, problem } = await loadSession(c);
  if (!session) {
    const message = problem === 'none' ? t.errors.unauthorized : t.auth.sessionExpired;
    return { ok: false, code: 'unauthorized', message, reason: problem === 'none' ? 'no_session' : `session_${problem}` };
  }
  const username = session.record.username;
  if (session.record.stage !== 'full') {
    return { ok: false, code: 'totp_required', message: t.errors.totp_required, reason: 'totp_pending', username };
  }
  const record = await getStaffRecord(c.var.db, username);
  // Sessions started before the account's sessions were ended (sign-in reset, "end all sessions") are refused,
  // whether or not their items are deleted yet.
  const revoked = record?.sessionsNotBefore !== undefined && session.record.createdAt < record.sessionsNotBefore;
  if (!record || record.disabled || revoked) {
    await endSession(c);
    const reason = !record ? 'account_missing' : record.disabled ? 'account_disabled' : 'session_revoked';
    return { ok: false, code: 'unauthorized', message: t.errors.unauthorized, reason, username };
  }
  await touch(c.var.db, session, c.var.now());
  // The summary names the department from the jurisdiction's configuration: loaded with the first signed-in request, not at cold start.
  const { staffSummary } = await import('./staff-summary.ts');
  return { ok: true, staff: staffSummary(record), session };
}

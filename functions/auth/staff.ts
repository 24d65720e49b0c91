import type { Context } from 'hono';
import { t, type ErrorCode } from '#shared/i18n/zh-CN.ts';
import { findDepartment } from '#shared/rules/scope.ts';
import type { StaffSummary } from '#shared/schemas/staff.ts';
import { getStaffRecord, type StaffRecord } from '../data/staff.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { endSession, loadSession, touch } from './session.ts';
import type { LoadedSession, SignedInStaff } from './vars.ts';

/** What the API says about a member of staff: never credentials. */
export function staffSummary(record: Pick<StaffRecord, 'username' | 'name' | 'roles' | 'departmentId'>): StaffSummary {
  const department = findDepartment(record.departmentId);
  return {
    username: record.username,
    name: record.name,
    roles: record.roles,
    department: department
      ? { id: department.id, name: department.name, kind: department.kind, regionCode: department.regionCode }
      : // An account whose department is gone keeps its id; scope checks then refuse everything.
        { id: record.departmentId, name: record.departmentId, kind: 'education', regionCode: '000000' },
  };
}

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
  return { ok: true, staff: staffSummary(record), session };
}

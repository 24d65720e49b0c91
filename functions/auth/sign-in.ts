/**
 * The two steps of signing in:
 *
 *   POST /api/auth/login {username, password}
 *     → signed_in (a full session), or
 *     → totp_required (a pending session, 5 minutes) for accounts with a
 *       second factor; publishers and administrators must have one;
 *   POST /api/auth/totp {code}
 *     → signed_in (the pending session is replaced by a full one).
 *
 * Unknown usernames, wrong passwords and disabled accounts get the same
 * answer after the same work (a dummy scrypt), are counted by the same
 * limits, and are told apart only in the audit log.
 */
import type { Context } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import { requiresTotp } from '#shared/rules/scope.ts';
import type { LoginInput, LoginResult } from '#shared/schemas/staff.ts';
import { acceptTotpStep, getStaffRecord, replacePasswordHash, type StaffRecord } from '../data/staff.ts';
import { countTotpFailure } from '../data/sessions.ts';
import { ApiError } from '../lib/errors.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { audit, type AuditDetails } from './audit.ts';
import { clientKey } from './client-ip.ts';
import { keyFor } from './keys.ts';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password.ts';
import {
  clearFailures,
  lockedUntil,
  lockoutMessage,
  LOGIN_BY_NETWORK,
  LOGIN_BY_USER,
  recordFailure,
  secondsUntil,
  type LimitPolicy,
} from './rate-limit.ts';
import { endSession, loadSession, MAX_TOTP_FAILURES, startSession } from './session.ts';
import { staffSummary } from './staff.ts';
import { verifyTotp } from './totp.ts';

interface Keys {
  user: string;
  network: string;
}

function keysFor(c: Context<AppEnv>, username: string): Keys {
  return { user: keyFor('user', username), network: clientKey(c) };
}

/** 429 with Retry-After and a message saying when to try again; audited as `locked_out`. */
async function refuseLocked(c: Context<AppEnv>, policy: LimitPolicy, until: Date, details: AuditDetails): Promise<never> {
  const now = c.var.now();
  await audit(c, 'locked_out', { ...details, reason: `${policy.bucket} until ${until.toISOString()}` });
  c.header('Retry-After', String(secondsUntil(until, now)));
  throw new ApiError(429, 'rate_limited', lockoutMessage(policy, until, now));
}

/** Refuses when either the account (known or not) or the client's network is locked. */
async function checkLocks(c: Context<AppEnv>, keys: Keys, details: AuditDetails): Promise<void> {
  const { db } = c.var;
  const now = c.var.now();
  const [user, network] = await Promise.all([
    lockedUntil(db, LOGIN_BY_USER, keys.user, now),
    lockedUntil(db, LOGIN_BY_NETWORK, keys.network, now),
  ]);
  if (user) await refuseLocked(c, LOGIN_BY_USER, user, details);
  if (network) await refuseLocked(c, LOGIN_BY_NETWORK, network, details);
}

/** Counts a failure against both limits; refuses with 429 if that locked either. */
async function countFailure(c: Context<AppEnv>, keys: Keys, details: AuditDetails): Promise<void> {
  const { db } = c.var;
  const now = c.var.now();
  const [user, network] = await Promise.all([
    recordFailure(db, LOGIN_BY_USER, keys.user, now),
    recordFailure(db, LOGIN_BY_NETWORK, keys.network, now),
  ]);
  if (user || network) await endSession(c);
  if (user) await refuseLocked(c, LOGIN_BY_USER, user, details);
  if (network) await refuseLocked(c, LOGIN_BY_NETWORK, network, details);
}

const who = (record: Pick<StaffRecord, 'username' | 'departmentId'>): AuditDetails => ({
  username: record.username,
  staffId: record.username,
  departmentId: record.departmentId,
});

async function finishSignIn(c: Context<AppEnv>, record: StaffRecord, keys: Keys, how: string): Promise<LoginResult> {
  await clearFailures(c.var.db, LOGIN_BY_USER, keys.user, c.var.now());
  const session = await startSession(c, record.username, 'full');
  await audit(c, 'login_succeeded', { ...who(record), reason: how });
  return { status: 'signed_in', staff: staffSummary(record), csrfToken: session.record.csrfToken };
}

export async function passwordStep(c: Context<AppEnv>, input: LoginInput): Promise<LoginResult> {
  const { db } = c.var;
  const keys = keysFor(c, input.username);
  const anonymous: AuditDetails = { subjectKey: keys.user.slice(0, 32) };
  const record = await getStaffRecord(db, input.username);
  await checkLocks(c, keys, record ? who(record) : anonymous);

  const passwordOk = record ? await verifyPassword(input.password, record.passwordHash) : await verifyAgainstDummy(input.password);
  if (!record || !passwordOk || record.disabled) {
    const reason = !record ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'account_disabled';
    const details = record ? who(record) : anonymous;
    await audit(c, 'login_failed', { ...details, reason });
    await countFailure(c, keys, details);
    throw new ApiError(401, 'invalid_credentials');
  }

  if (needsRehash(record.passwordHash)) {
    await replacePasswordHash(db, record.username, record.passwordHash, await hashPassword(input.password), c.var.now().toISOString());
  }

  const totpNeeded = requiresTotp(record.roles) || record.totpSecret !== undefined;
  if (!totpNeeded) return finishSignIn(c, record, keys, 'password');
  if (!record.totpSecret) {
    await audit(c, 'login_failed', { ...who(record), reason: 'totp_not_enrolled' });
    throw new ApiError(403, 'totp_not_enrolled');
  }
  const pending = await startSession(c, record.username, 'totp');
  return { status: 'totp_required', staff: staffSummary(record), csrfToken: pending.record.csrfToken };
}

export async function totpStep(c: Context<AppEnv>, code: string): Promise<LoginResult> {
  const { db } = c.var;
  const now = c.var.now();
  const { session } = await loadSession(c);
  if (!session || session.record.stage !== 'totp') {
    await audit(c, 'totp_failed', { reason: session ? 'not_pending' : 'no_pending_session' });
    throw new ApiError(401, 'unauthorized', t.auth.totpExpired);
  }
  const username = session.record.username;
  const keys = keysFor(c, username);
  const record = await getStaffRecord(db, username);
  if (!record || record.disabled || !record.totpSecret) {
    await endSession(c);
    await audit(c, 'totp_failed', { username, staffId: username, reason: 'account_unavailable' });
    throw new ApiError(401, 'unauthorized', t.auth.totpExpired);
  }
  await checkLocks(c, keys, who(record));

  const step = verifyTotp(record.totpSecret, code, now, { afterStep: record.totpLastStep });
  if (step !== null && (await acceptTotpStep(db, username, step))) return finishSignIn(c, record, keys, 'password+totp');

  const reused = verifyTotp(record.totpSecret, code, now) !== null;
  await audit(c, 'totp_failed', { ...who(record), reason: reused ? 'code_reused' : 'wrong_code' });
  const failures = await countTotpFailure(db, session.tokenHash);
  await countFailure(c, keys, who(record));
  if (failures >= MAX_TOTP_FAILURES) {
    await endSession(c);
    throw new ApiError(401, 'unauthorized', t.auth.tooManyTotpFailures);
  }
  throw new ApiError(401, 'totp_invalid');
}

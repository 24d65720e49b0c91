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
import { acceptTotpStep, consumeRecoveryCode, getStaffRecord, replacePasswordHash, saveStaffRecord, type StaffRecord } from '../data/staff.ts';
import { openTotpSecret, sealTotpSecret } from '../accounts/totp-secret.ts';
import { recoveryCodeHash } from '../accounts/service.ts';
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
import { staffSummary } from './staff-summary.ts';
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

  // An account still waiting for its set-up link has no password: it fails like a wrong one, after the same work.
  const passwordOk = record?.passwordHash ? await verifyPassword(input.password, record.passwordHash) : await verifyAgainstDummy(input.password);
  if (!record || !record.passwordHash || !passwordOk || record.disabled) {
    const reason = !record ? 'unknown_user' : !record.passwordHash ? 'setup_pending' : !passwordOk ? 'wrong_password' : 'account_disabled';
    const details = record ? who(record) : anonymous;
    await audit(c, 'login_failed', { ...details, reason });
    await countFailure(c, keys, details);
    throw new ApiError(401, 'invalid_credentials');
  }

  if (needsRehash(record.passwordHash)) {
    await replacePasswordHash(db, record.username, record.passwordHash, await hashPassword(input.password), c.var.now().toISOString());
  }

  const enrolled = record.totpSealed !== undefined || record.totpSecret !== undefined;
  const totpNeeded = requiresTotp(record.roles) || enrolled;
  if (!totpNeeded) return finishSignIn(c, record, keys, 'password');
  if (!enrolled) {
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
  const secret = record ? await openTotpSecret(c.var.secrets, username, record) : undefined;
  if (!record || record.disabled || !secret) {
    await endSession(c);
    await audit(c, 'totp_failed', { username, staffId: username, reason: 'account_unavailable' });
    throw new ApiError(401, 'unauthorized', t.auth.totpExpired);
  }
  await checkLocks(c, keys, who(record));

  const step = verifyTotp(secret, code, now, { afterStep: record.totpLastStep });
  if (step !== null && (await acceptTotpStep(db, username, step))) {
    await sealLegacySecret(c, record, secret);
    return finishSignIn(c, record, keys, 'password+totp');
  }

  const reused = verifyTotp(secret, code, now) !== null;
  await audit(c, 'totp_failed', { ...who(record), reason: reused ? 'code_reused' : 'wrong_code' });
  const failures = await countTotpFailure(db, session.tokenHash);
  await countFailure(c, keys, who(record));
  if (failures >= MAX_TOTP_FAILURES) {
    await endSession(c);
    throw new ApiError(401, 'unauthorized', t.auth.tooManyTotpFailures);
  }
  throw new ApiError(401, 'totp_invalid');
}

/**
 * Migration: an account whose TOTP secret is still stored in plain text
 * (written before secrets were sealed) gets it sealed at its first sign-in.
 * Conditional on the version read; if someone changed the account meanwhile,
 * the next sign-in tries again.
 */
async function sealLegacySecret(c: Context<AppEnv>, record: StaffRecord, secret: string): Promise<void> {
  if (record.totpSealed || !record.totpSecret) return;
  const fresh = await getStaffRecord(c.var.db, record.username);
  if (!fresh || fresh.totpSealed || fresh.totpSecret !== secret) return;
  const { totpSecret: _plain, ...rest } = fresh;
  await saveStaffRecord(c.var.db, { ...rest, totpSealed: await sealTotpSecret(c.var.secrets, record.username, secret) }, fresh.version);
}

/**
 * The second step with a recovery code instead of a TOTP code: each code
 * works once (removed from the account as it is used). Wrong codes count
 * like wrong TOTP codes.
 */
export async function recoveryStep(c: Context<AppEnv>, code: string): Promise<LoginResult> {
  const { db } = c.var;
  const { session } = await loadSession(c);
  if (!session || session.record.stage !== 'totp') {
    await audit(c, 'totp_failed', { reason: session ? 'not_pending' : 'no_pending_session' });
    throw new ApiError(401, 'unauthorized', t.auth.totpExpired);
  }
  const username = session.record.username;
  const keys = keysFor(c, username);
  const record = await getStaffRecord(db, username);
  if (!record || record.disabled) {
    await endSession(c);
    await audit(c, 'totp_failed', { username, staffId: username, reason: 'account_unavailable' });
    throw new ApiError(401, 'unauthorized', t.auth.totpExpired);
  }
  await checkLocks(c, keys, who(record));
  if (await consumeRecoveryCode(db, username, recoveryCodeHash(code))) {
    await audit(c, 'recovery_code_used', { ...who(record), reason: `left:${(record.recoveryCodeHashes?.length ?? 1) - 1}` });
    return finishSignIn(c, record, keys, 'password+recovery_code');
  }
  await audit(c, 'totp_failed', { ...who(record), reason: 'wrong_recovery_code' });
  const failures = await countTotpFailure(db, session.tokenHash);
  await countFailure(c, keys, who(record));
  if (failures >= MAX_TOTP_FAILURES) {
    await endSession(c);
    throw new ApiError(401, 'unauthorized', t.auth.tooManyTotpFailures);
  }
  throw new ApiError(401, 'totp_invalid', t.accounts.recoveryCodeWrong);
}

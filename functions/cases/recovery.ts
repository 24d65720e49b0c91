/**
 * 找回查询码: a family that lost the access code but left a mobile gets a new
 * code, after proving they hold that mobile.
 *
 * 1. Case number + mobile. The answer is the same whatever they match
 *    (RECOVERY_SENT); only when the case exists, still holds its personal
 *    data, and the mobile's keyed hash (stored with it at filing) matches,
 *    a 6-digit one-time code goes to that mobile through the Notifier, valid
 *    10 minutes, 5 tries. Requests are limited per network and per case
 *    number, counted whether or not anything matched.
 * 2. Case number + one-time code: a NEW access code, shown once; its hash
 *    replaces the old one (which stops working), in one transaction with the
 *    one-time code's removal.
 * Nothing here logs; the code is stored only as a keyed hash.
 */
import { randomInt } from 'node:crypto';
import { parseCaseNumber } from '#shared/rules/case-number.ts';
import { MobileNumber } from '#shared/schemas/common.ts';
import * as t from '#shared/i18n/zh-CN/index.ts';
import { keyFor, safeEqual } from '../auth/keys.ts';
import { lockedUntil, recordFailure, type LimitPolicy } from '../auth/rate-limit.ts';
import { getCase, getPersonalData } from '../data/cases.ts';
import type { Db } from '../data/client.ts';
import { completeRecovery, countWrongCode, deleteRecovery, getRecovery, putRecovery } from '../data/recovery.ts';
import { openEnvelope } from '../crypto/envelope.ts';
import type { Notifier } from '../notify/notifier.ts';
import { formatAccessCode, hashAccessCode } from './access-code.ts';
import { TrackInputInvalid, TrackLocked } from './errors.ts';
import type { CaseServices } from './services.ts';

export const RECOVERY_CODE_MINUTES = 10;
export const RECOVERY_MAX_ATTEMPTS = 5;
/** Requests from one network: 10 an hour. */
export const RECOVER_BY_NETWORK: LimitPolicy = { bucket: 'recover-ip', limit: 10, windowSeconds: 3600, lockSeconds: 3600 };
/** Requests for one case number: 3 an hour (each may send a message). */
export const RECOVER_BY_CASE: LimitPolicy = { bucket: 'recover-case', limit: 3, windowSeconds: 3600, lockSeconds: 3600 };
/** Wrong one-time codes from one network: 20 an hour. */
export const RECOVER_VERIFY_BY_NETWORK: LimitPolicy = { bucket: 'recover-verify-ip', limit: 20, windowSeconds: 3600, lockSeconds: 3600 };

/** The keyed hash of a mobile, as stored with the case's personal data. */
export const recoveryMobileKey = (mobile: string, secret: string) => keyFor('case-mobile', mobile.trim(), secret);
const codeKey = (caseNumber: string, code: string, secret: string) => keyFor('recovery-code', `${caseNumber}\u0000${code}`, secret);

/** The one-time code was wrong, expired, used up, or never sent: one answer for all. */
export class RecoveryCodeInvalid extends Error {
  constructor() {
    super('recovery code invalid');
  }
}

type Services = Pick<CaseServices, 'secret' | 'keys' | 'random'>;

export async function lock(db: Db, pairs: Array<[LimitPolicy, string]>, now: Date, count: boolean): Promise<void> {
  const locks = await Promise.all(pairs.map(([policy, key]) => (count ? recordFailure(db, policy, key, now) : lockedUntil(db, policy, key, now))));
  const until = locks.filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
  if (until) throw new TrackLocked(until);
}

/** Step 1. Resolves the same way whether or not anything matched (the caller answers RECOVERY_SENT). */
export async function requestRecovery(
  db: Db,
  services: Services,
  notifier: () => Notifier,
  request: { caseNumber: string; mobile: string; clientKey: string; now: Date },
): Promise<void> {
  const caseNumber = parseCaseNumber(request.caseNumber);
  const mobile = MobileNumber.safeParse(request.mobile);
  const fields: Record<string, string> = {};
  if (!caseNumber) fields.caseNumber = t.cases.track.badCaseNumber;
  if (!mobile.success) fields.mobile = mobile.error.issues[0]!.message;
  if (!caseNumber || !mobile.success) throw new TrackInputInvalid(fields);
  const { now } = request;
  // Resolved first: a provider that is not configured fails every request alike, matched or not.
  const sender = notifier();
  // Every request counts, matched or not: the limits say nothing about existence.
  await lock(db, [[RECOVER_BY_NETWORK, request.clientKey], [RECOVER_BY_CASE, keyFor('recover-case', caseNumber, services.secret)]], now, true);

  const stored = await getCase(db, caseNumber);
  const personal = stored?.record.hasPersonalData ? await getPersonalData(db, caseNumber) : null;
  if (!personal?.mobileKey || !personal.fields.contactMobile) return;
  if (!safeEqual(personal.mobileKey, recoveryMobileKey(mobile.data, services.secret))) return;

  const code = String(randomInt(1_000_000)).padStart(6, '0');
  await putRecovery(db, { caseNumber, codeKey: codeKey(caseNumber, code, services.secret), expiresAt: new Date(now.getTime() + RECOVERY_CODE_MINUTES * 60_000).toISOString() });
  const envelope = await openEnvelope(services.keys, { caseNumber }, personal.wrappedKey);
  let to: string;
  try {
    to = envelope.open('contactMobile', personal.fields.contactMobile);
  } finally {
    envelope.dispose();
  }
  try {
    await sender.send({ to, template: 'recovery_code', params: { code, minutes: String(RECOVERY_CODE_MINUTES) }, messageId: `${caseNumber}#recover#${now.getTime()}` });
  } catch {
    // The same answer as any other request: a failed send must not tell that something matched.
    console.warn(JSON.stringify({ recovery: 'send_failed' }));
  }
}

/** Step 2. The new access code (formatted), shown once; RecoveryCodeInvalid otherwise. */
export async function completeCodeRecovery(
  db: Db,
  services: Services,
  request: { caseNumber: string; code: string; clientKey: string; now: Date },
): Promise<{ caseNumber: string; accessCode: string }> {
  const caseNumber = parseCaseNumber(request.caseNumber);
  const code = request.code.replace(/\s/g, '');
  const fields: Record<string, string> = {};
  if (!caseNumber) fields.caseNumber = t.cases.track.badCaseNumber;
  if (!/^\d{6}$/.test(code)) fields.code = t.recovery.badCode;
  if (!caseNumber || Object.keys(fields).length) throw new TrackInputInvalid(fields);
  const { now } = request;
  await lock(db, [[RECOVER_VERIFY_BY_NETWORK, request.clientKey]], now, false);

  const recovery = await getRecovery(db, caseNumber);
  const fail = async () => {
    await recordFailure(db, RECOVER_VERIFY_BY_NETWORK, request.clientKey, now);
    throw new RecoveryCodeInvalid();
  };
  if (!recovery || recovery.expiresAt <= now.toISOString() || recovery.attempts >= RECOVERY_MAX_ATTEMPTS) {
    if (recovery) await deleteRecovery(db, caseNumber);
    return fail();
  }
  if (!safeEqual(recovery.codeKey, codeKey(caseNumber, code, services.secret))) {
    if ((await countWrongCode(db, caseNumber)) >= RECOVERY_MAX_ATTEMPTS) await deleteRecovery(db, caseNumber);
    return fail();
  }
  const stored = await getCase(db, caseNumber);
  if (!stored) return fail();
  const accessCode = services.random.accessCode();
  const done = await completeRecovery(db, { caseNumber, version: stored.record.version, accessCodeHash: await hashAccessCode(accessCode, services.secret), recovery });
  if (!done) return fail();
  return { caseNumber, accessCode: formatAccessCode(accessCode) };
}

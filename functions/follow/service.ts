/**
 * 关注机构: a parent follows a centre's status by text message, as
 * /track/recover/ proves a mobile (functions/cases/recovery.ts):
 *
 * 1. Centre + mobile. The answer is the same whether or not the number
 *    already follows it (FOLLOW_SENT); a 6-digit code goes to the mobile
 *    through the Notifier, valid 10 minutes, 5 tries. Requests are limited
 *    per network and per mobile, counted every time.
 * 2. Centre + mobile + code: the subscription is written (or renewed) with
 *    the mobile sealed under its own data key, for FOLLOW_RETENTION_DAYS.
 * 3. Unsubscribe by the signed link in each message (functions/follow/token.ts),
 *    without signing in; the answer is the same whether or not it still existed.
 *
 * Nothing here logs a mobile or a code; the code is stored only as a keyed hash.
 */
import { randomInt } from 'node:crypto';
import * as t from '#shared/i18n/zh-CN/index.ts';
import { FollowConfirm, FollowRequest } from '#shared/schemas/follow.ts';
import { keyFor, safeEqual } from '../auth/keys.ts';
import { recordFailure, type LimitPolicy } from '../auth/rate-limit.ts';
import { lock } from '../cases/recovery.ts';
import { TrackInputInvalid } from '../cases/errors.ts';
import type { CaseServices } from '../cases/services.ts';
import { newEnvelope } from '../crypto/envelope.ts';
import type { Db } from '../data/client.ts';
import { confirmFollow, countWrongFollowCode, deleteFollowCode, deleteSubscription, getFollowCode, listFollowers, putFollowCode, type Subscription } from '../data/follows.ts';
import { getInstitution } from '../data/institutions.ts';
import type { Notifier } from '../notify/notifier.ts';
import { followContext } from './mobile.ts';
import { followMobileKey, parseUnsubscribeToken, tokenMatches } from './token.ts';

export const FOLLOW_CODE_MINUTES = 10;
export const FOLLOW_MAX_ATTEMPTS = 5;
/** A subscription lasts a year from its last confirmation; then the parent follows again (minimal personal data kept). */
export const FOLLOW_RETENTION_DAYS = 365;
// `limit` counts the request that locks (functions/auth/rate-limit.ts): 11 lets 10 through.
/** Requests from one network: 10 an hour. */
export const FOLLOW_BY_NETWORK: LimitPolicy = { bucket: 'follow-ip', limit: 11, windowSeconds: 3600, lockSeconds: 3600 };
/** Requests for one mobile: 3 an hour (each sends a message). */
export const FOLLOW_BY_MOBILE: LimitPolicy = { bucket: 'follow-mobile', limit: 4, windowSeconds: 3600, lockSeconds: 3600 };
/** Wrong one-time codes from one network: 20 an hour. */
export const FOLLOW_VERIFY_BY_NETWORK: LimitPolicy = { bucket: 'follow-verify-ip', limit: 21, windowSeconds: 3600, lockSeconds: 3600 };

type Services = Pick<CaseServices, 'secret' | 'previousSecret' | 'keys'>;

const codeKey = (institutionId: string, mobileKey: string, code: string, secret: string) => keyFor('follow-code', `${institutionId}\u0000${mobileKey}\u0000${code}`, secret);

/** The code was wrong, expired, used up, or never sent: one answer for all. */
export class FollowCodeInvalid extends Error {
  constructor() {
    super('follow code invalid');
  }
}

function fieldsOf(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[String(issue.path[0] ?? '_')] ??= issue.message;
  return fields;
}

/** Step 1. Resolves the same way whether or not the number follows the centre already; the centre's name for the page. */
export async function requestFollow(
  db: Db,
  services: Services,
  notifier: () => Notifier,
  request: { institution: string; mobile: string; clientKey: string; now: Date },
): Promise<{ name: string }> {
  const parsed = FollowRequest.safeParse(request);
  if (!parsed.success) throw new TrackInputInvalid(fieldsOf(parsed.error.issues));
  const { institution: id, mobile } = parsed.data;
  const { now } = request;
  // The registry is public: an unknown centre may be said so.
  const inst = await getInstitution(db, id);
  if (!inst) throw new TrackInputInvalid({ institution: t.subscriptions.unknownInstitution });
  const sender = notifier();
  const mobileKey = followMobileKey(mobile, services.secret);
  await lock(db, [[FOLLOW_BY_NETWORK, request.clientKey], [FOLLOW_BY_MOBILE, mobileKey]], now, true);

  const code = String(randomInt(1_000_000)).padStart(6, '0');
  await putFollowCode(db, { institutionId: id, mobileKey, codeKey: codeKey(id, mobileKey, code, services.secret), expiresAt: new Date(now.getTime() + FOLLOW_CODE_MINUTES * 60_000).toISOString() });
  try {
    await sender.send({ to: mobile, template: 'follow_code', params: { name: inst.name, code, minutes: String(FOLLOW_CODE_MINUTES) }, messageId: `follow#${id}#${now.getTime()}` });
  } catch {
    console.warn(JSON.stringify({ follow: 'code_send_failed' }));
  }
  return { name: inst.name };
}

/** Step 2. The subscription as written (its expiry for the page); FollowCodeInvalid otherwise. */
export async function confirmFollowCode(
  db: Db,
  services: Services,
  request: { institution: string; mobile: string; code: string; clientKey: string; now: Date },
): Promise<{ name: string; expiresAt: string }> {
  const parsed = FollowConfirm.safeParse(request);
  if (!parsed.success) throw new TrackInputInvalid(fieldsOf(parsed.error.issues));
  const { institution: id, mobile, code } = parsed.data;
  const { now } = request;
  await lock(db, [[FOLLOW_VERIFY_BY_NETWORK, request.clientKey]], now, false);
  const mobileKey = followMobileKey(mobile, services.secret);
  const fail = async (): Promise<never> => {
    await recordFailure(db, FOLLOW_VERIFY_BY_NETWORK, request.clientKey, now);
    throw new FollowCodeInvalid();
  };
  const stored = await getFollowCode(db, id, mobileKey);
  if (!stored || stored.expiresAt <= now.toISOString() || stored.attempts >= FOLLOW_MAX_ATTEMPTS) {
    if (stored) await deleteFollowCode(db, id, mobileKey);
    return fail();
  }
  if (!safeEqual(stored.codeKey, codeKey(id, mobileKey, code, services.secret))) {
    if ((await countWrongFollowCode(db, id, mobileKey)) >= FOLLOW_MAX_ATTEMPTS) await deleteFollowCode(db, id, mobileKey);
    return fail();
  }
  const inst = await getInstitution(db, id);
  if (!inst) return fail();
  const envelope = await newEnvelope(services.keys, followContext(id, mobileKey));
  let subscription: Subscription;
  try {
    subscription = {
      institutionId: id,
      mobileKey,
      wrappedKey: envelope.wrappedKey,
      sealedMobile: envelope.seal('mobile', mobile),
      confirmedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + FOLLOW_RETENTION_DAYS * 86_400_000).toISOString(),
    };
  } finally {
    envelope.dispose();
  }
  if (!(await confirmFollow(db, subscription, stored))) return fail();
  return { name: inst.name, expiresAt: subscription.expiresAt };
}

/** A link whose token is not even well formed. */
export class UnsubscribeTokenInvalid extends Error {
  constructor() {
    super('unsubscribe token invalid');
  }
}

/**
 * Step 3. Removes the subscription the token names; the same answer whether
 * it still existed or not (a link clicked twice). The centre's name, when
 * known, for the page.
 */
export async function unsubscribe(db: Db, services: Pick<Services, 'secret' | 'previousSecret'>, token: string, now: Date): Promise<void> {
  const parsed = parseUnsubscribeToken(token);
  if (!parsed) throw new UnsubscribeTokenInvalid();
  const { items } = await listFollowers(db, parsed.institutionId, now, { keyPrefix: parsed.keyPrefix, limit: 10 });
  const secrets = [services.secret, services.previousSecret];
  for (const sub of items) {
    if (tokenMatches(parsed.token, parsed.institutionId, sub.mobileKey, secrets)) await deleteSubscription(db, sub.institutionId, sub.mobileKey);
  }
}

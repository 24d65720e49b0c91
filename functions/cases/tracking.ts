/**
 * 查进度: a family's case number and access code give the case's public
 * timeline. With either one wrong, the answer is the same (TrackNotFound),
 * whether or not the case exists: an unknown number is checked against a
 * dummy hash so it costs the same time, and failures are counted the same.
 *
 * Guessing is slowed down per client network, never per case alone: a
 * stranger must not be able to lock a family out of its own case by trying
 * wrong codes from anywhere (issue 10). Checked before the code is (so a
 * locked client learns nothing), failures only, fixed windows
 * (functions/auth/rate-limit.ts), keys are HMACs (the table holds neither
 * the client's address nor which case numbers were tried):
 *
 * - per network: 30 failures in 15 minutes lock it for 15 minutes, and 200
 *   in a day lock it until the day is over (the backoff for a persistent
 *   guesser, who gets 429 with when to try again);
 * - per case number and network: 5 failures in 15 minutes lock that pair;
 *   once a case has had 10 failures in 15 minutes from anywhere (it is being
 *   guessed), one failure locks the pair for 15 minutes, and the pair's
 *   failures count towards a 24-hour lock after 20 in a day.
 *
 * The family, on its own network, is never locked by what others do: its
 * right code is always checked and always answered. Why guessing stays
 * infeasible: the code is 40 random bits (2^40 ≈ 1.1e12). A case being
 * guessed allows each network at most 96 failures a day on it (one per 15
 * minutes; fewer with the 20-a-day pair cap: 20). Even 100,000 networks
 * together try at most 2e6 codes a day on one case: a chance of 1.8e-6 a
 * day, under 0.07% in a year of sustained attack. A case under attack is
 * logged (its HMAC key only) for the operator.
 */
import { parseCaseNumber } from '#shared/rules/case-number.ts';
import type { CaseTimeline } from '#shared/schemas/cases.ts';
import { t } from '#shared/i18n/zh-CN.ts';
import { keyFor } from '../auth/keys.ts';
import { lockedUntil, recordFailure, type LimitPolicy } from '../auth/rate-limit.ts';
import { getCase, listCaseEvents } from '../data/cases.ts';
import type { Db } from '../data/client.ts';
import { normaliseAccessCode, verifyAccessCode, verifyAgainstDummy } from './access-code.ts';
import { TrackInputInvalid, TrackLocked, TrackNotFound } from './errors.ts';
import type { CaseServices } from './services.ts';
import { publicTimeline } from './timeline.ts';

const MINUTES_15 = 15 * 60;
const DAY = 24 * 3600;

/** Thirty failures from one network in 15 minutes (a school's or a household's shared address has room). */
export const TRACK_BY_NETWORK: LimitPolicy = { bucket: 'track-ip', limit: 30, windowSeconds: MINUTES_15, lockSeconds: MINUTES_15 };
/** The backoff for a network that keeps guessing: 200 failures in a day lock it for a day. */
export const TRACK_BY_NETWORK_DAY: LimitPolicy = { bucket: 'track-ip-day', limit: 200, windowSeconds: DAY, lockSeconds: DAY };
/** One case number from one network: 5 failures in 15 minutes (a family mistyping has room). */
export const TRACK_BY_CASE_AND_NETWORK: LimitPolicy = { bucket: 'track-pair', limit: 5, windowSeconds: MINUTES_15, lockSeconds: MINUTES_15 };
/** …while the case is being guessed: one failure locks the pair for 15 minutes. */
export const TRACK_BY_CASE_AND_NETWORK_UNDER_ATTACK: LimitPolicy = { bucket: 'track-pair-hot', limit: 1, windowSeconds: MINUTES_15, lockSeconds: MINUTES_15 };
/** …and 20 failures in a day lock the pair for a day. */
export const TRACK_BY_CASE_AND_NETWORK_DAY: LimitPolicy = { bucket: 'track-pair-day', limit: 20, windowSeconds: DAY, lockSeconds: DAY };
/**
 * Failures on one case number from anywhere: never refuses anyone; its
 * "lock" only marks the case as being guessed, which tightens the pair limit.
 */
export const TRACK_BY_CASE: LimitPolicy = { bucket: 'track-case', limit: 10, windowSeconds: MINUTES_15, lockSeconds: MINUTES_15 };

export interface TrackRequest {
  caseNumber: string;
  accessCode: string;
  /** HMAC of the client's network (functions/auth/client-ip.ts `clientKey`). */
  clientKey: string;
  now: Date;
}

export async function trackCase(db: Db, services: Pick<CaseServices, 'secret' | 'previousSecret' | 'jurisdiction'>, request: TrackRequest): Promise<CaseTimeline> {
  const caseNumber = parseCaseNumber(request.caseNumber);
  const code = normaliseAccessCode(request.accessCode);
  const fields: Record<string, string> = {};
  if (!caseNumber) fields.caseNumber = t.cases.track.badCaseNumber;
  if (!code) fields.accessCode = t.cases.track.badAccessCode;
  if (!caseNumber || !code) throw new TrackInputInvalid(fields);

  const { now } = request;
  const caseKey = keyFor('track-case', caseNumber, services.secret);
  const pairKey = keyFor('track-pair', `${caseNumber}|${request.clientKey}`, services.secret);
  const locks = await Promise.all([
    lockedUntil(db, TRACK_BY_NETWORK, request.clientKey, now),
    lockedUntil(db, TRACK_BY_NETWORK_DAY, request.clientKey, now),
    lockedUntil(db, TRACK_BY_CASE_AND_NETWORK, pairKey, now),
    lockedUntil(db, TRACK_BY_CASE_AND_NETWORK_UNDER_ATTACK, pairKey, now),
    lockedUntil(db, TRACK_BY_CASE_AND_NETWORK_DAY, pairKey, now),
  ]);
  const lock = locks.filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
  if (lock) throw new TrackLocked(lock);

  const stored = await getCase(db, caseNumber);
  const keys = { secret: services.secret, previousSecret: services.previousSecret };
  const ok = stored ? await verifyAccessCode(code, stored.accessCodeHash, keys) : await verifyAgainstDummy(code, keys);
  if (!stored || !ok) {
    const underAttack = await recordFailure(db, TRACK_BY_CASE, caseKey, now);
    if (underAttack) console.warn(JSON.stringify({ level: 'warn', msg: 'track_case_guessed', caseKey: caseKey.slice(0, 16) }));
    await Promise.all([
      recordFailure(db, TRACK_BY_NETWORK, request.clientKey, now),
      recordFailure(db, TRACK_BY_NETWORK_DAY, request.clientKey, now),
      recordFailure(db, TRACK_BY_CASE_AND_NETWORK, pairKey, now),
      recordFailure(db, TRACK_BY_CASE_AND_NETWORK_DAY, pairKey, now),
      ...(underAttack ? [recordFailure(db, TRACK_BY_CASE_AND_NETWORK_UNDER_ATTACK, pairKey, now)] : []),
    ]);
    throw new TrackNotFound();
  }
  return publicTimeline(stored.record, await listCaseEvents(db, caseNumber), services.jurisdiction);
}

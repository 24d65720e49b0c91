/**
 * 查进度: a family's case number and access code give the case's public
 * timeline. With either one wrong, the answer is the same (TrackNotFound),
 * whether or not the case exists: an unknown number is checked against a
 * dummy hash so it costs the same time, and failures are counted the same.
 *
 * Guessing is slowed down per client network and per case number (failures
 * only, fixed windows, functions/auth/rate-limit.ts): after the limit the key
 * is locked and every lookup for it, right or wrong, gets TrackLocked until
 * the lock ends. Keys are HMACs, so the table holds neither the client's
 * address nor which case numbers were tried.
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

/** Thirty failures from one network in 15 minutes (a school's or a household's shared address has room). */
export const TRACK_BY_NETWORK: LimitPolicy = { bucket: 'track-ip', limit: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
/** Ten failures for one case number in 15 minutes: 40 random bits stay out of reach from any number of networks. */
export const TRACK_BY_CASE: LimitPolicy = { bucket: 'track-case', limit: 10, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

export interface TrackRequest {
  caseNumber: string;
  accessCode: string;
  /** HMAC of the client's network (functions/auth/client-ip.ts `clientKey`). */
  clientKey: string;
  now: Date;
}

export async function trackCase(db: Db, services: Pick<CaseServices, 'secret' | 'jurisdiction'>, request: TrackRequest): Promise<CaseTimeline> {
  const caseNumber = parseCaseNumber(request.caseNumber);
  const code = normaliseAccessCode(request.accessCode);
  const fields: Record<string, string> = {};
  if (!caseNumber) fields.caseNumber = t.cases.track.badCaseNumber;
  if (!code) fields.accessCode = t.cases.track.badAccessCode;
  if (!caseNumber || !code) throw new TrackInputInvalid(fields);

  const { now } = request;
  const caseKey = keyFor('track-case', caseNumber, services.secret);
  const locks = await Promise.all([
    lockedUntil(db, TRACK_BY_NETWORK, request.clientKey, now),
    lockedUntil(db, TRACK_BY_CASE, caseKey, now),
  ]);
  const lock = locks.filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
  if (lock) throw new TrackLocked(lock);

  const stored = await getCase(db, caseNumber);
  const ok = stored ? await verifyAccessCode(code, stored.accessCodeHash) : await verifyAgainstDummy(code);
  if (!stored || !ok) {
    await Promise.all([recordFailure(db, TRACK_BY_NETWORK, request.clientKey, now), recordFailure(db, TRACK_BY_CASE, caseKey, now)]);
    throw new TrackNotFound();
  }
  return publicTimeline(stored.record, await listCaseEvents(db, caseNumber), services.jurisdiction);
}

/**
 * The feedback form's pass (评价凭证): after a family has tracked a concluded
 * case with its number and access code, the page carries this token instead
 * of the access code, so the code is never written back into a page. It names
 * the case and an expiry, signed with a key derived from the server secret;
 * it lets its holder give feedback on that one case for two hours, nothing else.
 */
import type { CaseTimeline } from '#shared/schemas/cases.ts';
import { keyFor, safeEqual } from '../auth/keys.ts';

export const FEEDBACK_TOKEN_SECONDS = 2 * 60 * 60;

const sign = (secret: string, caseNumber: string, exp: number) => keyFor('feedback-form', `${caseNumber}|${exp}`, secret);

export function feedbackToken(secret: string, caseNumber: string, now: Date): string {
  const exp = Math.floor(now.getTime() / 1000) + FEEDBACK_TOKEN_SECONDS;
  return `${exp}.${sign(secret, caseNumber, exp)}`;
}

/** True for a token made for this case that has not expired. */
export function verifyFeedbackToken(secret: string, caseNumber: string, token: string, now: Date): boolean {
  const m = /^(\d{10})\.([0-9a-f]{64})$/.exec(token);
  if (!m) return false;
  const exp = Number(m[1]);
  if (exp * 1000 <= now.getTime()) return false;
  return safeEqual(m[2]!, sign(secret, caseNumber, exp));
}

/** The timeline as the family's page or the API answers it: with a pass while feedback is open (a concluded case). */
export function withFeedbackPass(timeline: CaseTimeline, secret: string, now: Date): CaseTimeline {
  const { feedbackToken: _old, ...rest } = timeline;
  return timeline.state === 'concluded' ? { ...rest, feedbackToken: feedbackToken(secret, timeline.caseNumber, now) } : rest;
}

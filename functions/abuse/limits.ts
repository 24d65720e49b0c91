/**
 * Submission limits: how many new cases one network, and one mobile number,
 * may file in a window. Counted in the table's rate-limit windows
 * (functions/data/rate-limit.ts, one atomic ADD per count) under keyed HMACs
 * of the network and of the number, never the plain values. Windows are
 * fixed and aligned to Beijing time, so the message can say exactly when
 * filing works again ("after 15:00", "after 00:00 tomorrow").
 *
 * Only new submissions are counted: a repeat of a filed form is answered
 * from its idempotency record before any check (functions/cases/intake.ts).
 */
import type { Db } from '../data/client.ts';
import { addToWindow } from '../data/rate-limit.ts';
import { BEIJING_OFFSET_MS } from '#shared/rules/beijing-time.ts';

export interface SubmissionLimit {
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/**
 * - With a solved proof of work: 60 an hour from one network. Many families
 *   share an address (a mobile carrier's NAT, a school, a housing estate):
 *   the work, not the address, is what holds a script back. Sized for a
 *   surge (issue 15): when a centre collapses its families often meet (at
 *   the centre's door, a school hall, a district office) and file from one
 *   Wi-Fi or one carrier NAT address within the hour; 20, the former limit,
 *   would have turned most of a meeting of 50 families away until the next
 *   hour. 60 is one filing a minute from one address, each with its own
 *   solved work, each mobile number still at most 5 a day.
 * - Without one (the form posted by a browser without JavaScript, which
 *   cannot do the work): 5 an hour from one network, counted apart, so a
 *   flood without the work cannot use up the families' allowance, and such
 *   families are rare enough that 5 is room for a household.
 * - One mobile number: 5 a day (Beijing time), whatever the network.
 */
export const SUBMISSION_LIMITS = {
  network: { bucket: 'submit-ip', limit: 60, windowSeconds: 3600 },
  networkWithoutPow: { bucket: 'submit-ip-nopow', limit: 5, windowSeconds: 3600 },
  mobile: { bucket: 'submit-mobile', limit: 5, windowSeconds: 86_400 },
} satisfies Record<string, SubmissionLimit>;
export type SubmissionLimits = typeof SUBMISSION_LIMITS;

/** The window holding `at`, aligned to Beijing time (UTC+8 all year). */
export function windowOf(at: Date, windowSeconds: number): { start: Date; end: Date } {
  const ms = windowSeconds * 1000;
  const start = Math.floor((at.getTime() + BEIJING_OFFSET_MS) / ms) * ms - BEIJING_OFFSET_MS;
  return { start: new Date(start), end: new Date(start + ms) };
}

/** Counts one submission; answers null while within the limit, else when the window (and the refusal) ends. */
export async function countSubmission(db: Db, policy: SubmissionLimit, key: string, now: Date): Promise<Date | null> {
  const { start, end } = windowOf(now, policy.windowSeconds);
  const count = await addToWindow(db, policy.bucket, key, start.toISOString(), Math.floor(end.getTime() / 1000) + 3600);
  return count > policy.limit ? end : null;
}

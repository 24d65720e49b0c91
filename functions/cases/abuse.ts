/**
 * The seam for abuse controls (rate limits per client address and per phone
 * number, a honeypot, a proof-of-work challenge): one check, passed to the
 * intake service, asked once per new submission (a replay of an idempotent
 * submission is not asked again, so a family retrying always gets its receipt).
 *
 * The implementation is `createAbuseControls` (functions/abuse/controls.ts:
 * honeypot, self-hosted proof of work, per-network and per-number limits),
 * which the entries pass in (`createApp({ cases: { abuse } })`); the default
 * here, `allowAll`, lets everything through (tests of other concerns, and
 * benchmarks). Whatever a check answers, a report of harm to a child
 * (`child_harm`) is never refused: it is stored, routed and flagged
 * `abuseSuspected` for a person to look at (functions/cases/intake.ts).
 *
 * What a check can read: JSON submissions pass the request's headers
 * (`Idempotency-Key`, `X-Proof-Of-Work`, `Content-Type`) and the JSON body;
 * the site's forms (functions/routes/case-pages.ts) pass the request's
 * headers with `Idempotency-Key` set to the form's key, and their text
 * fields as the body (`website`: the honeypot, `pow`: the solved challenge).
 */

export interface AbuseCheckInput {
  caseType: 'complaint' | 'refund_dispute';
  /** The complaint kind; absent for refund disputes. */
  kind?: string;
  /** HMAC of the client's network (functions/auth/client-ip.ts `clientKey`). */
  clientKey: string;
  /** HMAC of the contact's mobile number (purpose `mobile`), when one was given; never the number. */
  mobileKey?: string;
  /** The request's headers (proof-of-work solution, origin). */
  headers: Headers;
  /**
   * The body as sent, before validation (honeypot fields are not in the schema).
   * Holds personal data: read what you need, never log or store it.
   */
  rawBody: unknown;
  now: Date;
}

export type AbuseVerdict =
  | { allow: true }
  | {
      allow: false;
      /** Short, machine-readable, recorded on a kept case: `rate_ip`, `honeypot`, `pow_missing`… */
      reason: string;
      /** What a refused family is told: 429 with Retry-After, or 400/403. */
      status: 400 | 403 | 429;
      /** Chinese, saying what to do, and when to try again for 429. */
      message: string;
      retryAfterSeconds?: number;
    };

export interface AbuseCheck {
  check(input: AbuseCheckInput): Promise<AbuseVerdict>;
}

export const allowAll: AbuseCheck = {
  async check() {
    return { allow: true };
  },
};

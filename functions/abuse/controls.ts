/**
 * The abuse controls behind the intake seam (functions/cases/abuse.ts),
 * asked once per new submission, cheapest first:
 *
 * 1. Honeypot: the form's hidden `website` field (the JSON body's too) is
 *    left empty by people and filled by naive bots. Refused with 400 and a
 *    plain message, never answered with a fake receipt: a person whose
 *    browser autofilled the hidden field gets the form back, emptied, and
 *    loses nothing; a fake receipt would silently drop a real complaint.
 * 2. Proof of work (functions/abuse/pow.ts): a JSON submission must carry a
 *    solved challenge (header X-Proof-Of-Work; the site's script always
 *    sends one). A form posted without one is a browser without JavaScript,
 *    which cannot do the work: it is accepted, under the stricter
 *    per-network limit below. A solution that is forged, expired, or already
 *    used by another form is refused (400); the same form may present its
 *    own solution again (a retry), which files nothing new.
 * 3. Rate limits (functions/abuse/limits.ts): per network (60 an hour with
 *    the work, 5 without) and per mobile number (5 a day); 429 with
 *    Retry-After and the time, in Beijing time, to try again.
 *
 * Whatever this answers, a report of harm to a child is kept, routed and
 * flagged for a person (functions/cases/intake.ts): these checks can slow
 * a family down, never silence that report.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { CaseFormFields, POW_HEADER } from '#shared/schemas/cases.ts';
import { beijingClock } from '../auth/rate-limit.ts';
import type { AbuseCheck, AbuseCheckInput, AbuseVerdict } from '../cases/abuse.ts';
import type { Db } from '../data/client.ts';
import { claimPowSolution } from '../data/pow.ts';
import { countSubmission, SUBMISSION_LIMITS, type SubmissionLimits } from './limits.ts';
import { powSettings, verifyPow, type PowSettings } from './pow.ts';
import { beijingDate } from '#shared/rules/beijing-time.ts';

export interface AbuseControlsOptions {
  db: Db;
  /** Server secret for the challenge signatures; default AUTH_SECRET (GET /api/challenge signs with the same). */
  secret?: string;
  limits?: Partial<SubmissionLimits>;
  pow?: Partial<Omit<PowSettings, 'secret'>>;
}

const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
const a = t.cases.abuse;

type Refusal = Extract<AbuseVerdict, { allow: false }>;
const refuse = (reason: string, status: Refusal['status'], message: string, retryAfterSeconds?: number): Refusal => ({
  allow: false,
  reason,
  status,
  message,
  ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
});

/** "15:00" today, or "11月24日 00:00" on a later day (Beijing time). */
export function beijingWhen(until: Date, now: Date): string {
  const day = beijingDate;
  const clock = beijingClock(until);
  if (day(until) === day(now)) return clock;
  const [, month, date] = day(until).split('-').map(Number);
  return `${month}月${date}日 ${clock}`;
}

function field(raw: unknown, name: string): string | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const value = (raw as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export function createAbuseControls(options: AbuseControlsOptions): AbuseCheck {
  const { db } = options;
  const limits = { ...SUBMISSION_LIMITS, ...options.limits };
  const pow = powSettings(options);

  const limited = (reason: string, until: Date, now: Date, message: (when: string, minutes: number) => string): Refusal => {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    return refuse(reason, 429, message(beijingWhen(until, now), Math.ceil(seconds / 60)), seconds);
  };

  return {
    async check(input: AbuseCheckInput): Promise<AbuseVerdict> {
      const { now } = input;
      if (field(input.rawBody, CaseFormFields.honeypot)?.trim()) return refuse('honeypot', 400, a.honeypot);

      const payload = input.headers.get(POW_HEADER) ?? field(input.rawBody, CaseFormFields.pow);
      const isForm = FORM_TYPE.test(input.headers.get('content-type') ?? '');
      let worked = false;
      if (payload?.trim()) {
        const verdict = await verifyPow(payload.trim(), pow, now);
        if (!verdict.ok) return refuse(verdict.reason, 400, verdict.reason === 'pow_expired' ? a.powExpired : a.powInvalid);
        const formKey = input.headers.get('idempotency-key') ?? '';
        const claim = await claimPowSolution(db, { signature: verdict.signature, formKey, expiresAt: verdict.expiresAt, now });
        if (claim === 'taken') return refuse('pow_replayed', 400, a.powReplayed);
        worked = true;
      } else if (!isForm) {
        return refuse('pow_missing', 400, a.powMissing);
      }

      const network = worked ? limits.network : limits.networkWithoutPow;
      const networkUntil = await countSubmission(db, network, input.clientKey, now);
      if (networkUntil) return limited(worked ? 'rate_ip' : 'rate_ip_nopow', networkUntil, now, a.rateNetwork);
      if (input.mobileKey) {
        const mobileUntil = await countSubmission(db, limits.mobile, input.mobileKey, now);
        if (mobileUntil) return limited('rate_mobile', mobileUntil, now, a.rateMobile);
      }
      return { allow: true };
    },
  };
}

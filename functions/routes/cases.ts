/**
 * The public case API: file a complaint (POST /api/complaints), file a refund
 * dispute (POST /api/refund-disputes), follow a case (POST /api/track).
 *
 * JSON only: any other content type (a form post, text/plain) is refused
 * with 415 before the body is read, so another site cannot file on a
 * family's behalf with a plain HTML form (a cross-site JSON request needs a
 * CORS preflight, which this API never grants). Bodies are capped at 64 KB
 * by the app. Answers are never cached (a receipt holds the access code).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import {
  CaseFeedbackInput,
  CaseReceipt,
  CaseTimeline,
  ComplaintInput,
  IdempotencyKey,
  RecoveredAccessCode,
  RecoveryRequestInput,
  RecoverySent,
  RecoveryVerifyInput,
  RefundDisputeInput,
  TrackInput,
} from '#shared/schemas/cases.ts';
import { clientKey } from '../auth/client-ip.ts';
import { beijingClock, secondsUntil } from '../auth/rate-limit.ts';
import {
  IdempotencyMismatch,
  IntakeBusy,
  SubmissionRefused,
  TrackInputInvalid,
  TrackLocked,
  TrackNotFound,
  UnknownInstitution,
} from '../cases/errors.ts';
import { submitCase, type Submission } from '../cases/intake.ts';
import { caseServices, type CaseServiceOptions } from '../cases/services.ts';
import { trackCase } from '../cases/tracking.ts';
import { completeCodeRecovery, RecoveryCodeInvalid, requestRecovery } from '../cases/recovery.ts';
import { readNotifyConfig } from '../config.ts';
import { notifierFromConfig } from '../notify/from-config.ts';
import type { Notifier } from '../notify/notifier.ts';
import { publicTimeline } from '../cases/timeline.ts';
import { withFeedbackPass } from '../cases/feedback-token.ts';
import { CaseConflict, FeedbackNotOpen, giveFeedback, TriageBusy } from '../cases/transitions.ts';
import { listCaseEvents } from '../data/cases.ts';
import { StoreUnavailable } from '../data/unavailable.ts';
import { ApiError, unavailableAnswer } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** 415 for anything but JSON, checked before any validator reads the body. */
export const jsonOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) throw new ApiError(415, 'unsupported_media_type');
  await next();
};

const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
};

const retryAfter = { 'Retry-After': { description: 'Seconds until trying again makes sense', schema: { type: 'integer' as const } } };
const intakeErrors = {
  400: errorResponse('`validation`: the body or the Idempotency-Key header is not valid; `fields` says what to fix, field by field'),
  409: errorResponse('`conflict`: this Idempotency-Key was used before with a different body; nothing was filed'),
  413: errorResponse('`payload_too_large`: the body is over 64 KB'),
  415: errorResponse('`unsupported_media_type`: only `application/json` is accepted'),
  429: { ...errorResponse('`rate_limited`: too many submissions; `message` says when to try again (abuse controls)'), headers: retryAfter },
  503: errorResponse('`unavailable`: could not be written just now; nothing was filed, send the same request again'),
};
const receiptResponse = {
  description:
    'Filed (or, for a repeated Idempotency-Key with the same body, filed before: the same receipt, with header `Idempotent-Replayed: true`). The access code is shown here only.',
  headers: { 'Idempotent-Replayed': { description: '`true` when this answers a repeat', schema: { type: 'string' as const } } },
  content: { 'application/json': { schema: CaseReceipt } },
};
const idempotencyHeader = z.object({ 'idempotency-key': IdempotencyKey });

const complaint = createRoute({
  method: 'post',
  path: '/complaints',
  summary: 'File a complaint or report (投诉举报)',
  description:
    'Routed on receipt to the department responsible (by kind, institution category and district), with priority and deadlines. A contact is optional (anonymous reports are accepted). Harm to a child (`child_harm`) goes to the police as an emergency and is never refused by abuse controls.',
  middleware: [jsonOnly, noStore] as const,
  request: { headers: idempotencyHeader, body: { required: true, content: { 'application/json': { schema: ComplaintInput } } } },
  responses: { 201: receiptResponse, ...intakeErrors },
});

const refundDispute = createRoute({
  method: 'post',
  path: '/refund-disputes',
  summary: 'File a refund dispute (退费纠纷)',
  description:
    'A contact is required. The receipt estimates what is owed for unconsumed lessons, checks the charge against the fee rules, and gives the dates that matter, each line with its rule and source.',
  middleware: [jsonOnly, noStore] as const,
  request: { headers: idempotencyHeader, body: { required: true, content: { 'application/json': { schema: RefundDisputeInput } } } },
  responses: { 201: receiptResponse, ...intakeErrors },
});

const track = createRoute({
  method: 'post',
  path: '/track',
  summary: "A case's public timeline, with its case number and access code (查进度)",
  description:
    'A wrong case number and a wrong access code get the same 404, whether or not the case exists. Failed lookups are limited per client network and per case number (15-minute windows); then 429 with Retry-After.',
  middleware: [jsonOnly, noStore] as const,
  request: { body: { required: true, content: { 'application/json': { schema: TrackInput } } } },
  responses: {
    200: { description: 'The public timeline', content: { 'application/json': { schema: CaseTimeline } } },
    400: errorResponse('`validation`: the case number fails its check character, or the access code is not 8 letters or digits'),
    404: errorResponse('`not_found`: no case with this number and code (the same answer for either one wrong)'),
    415: intakeErrors[415],
    429: { ...errorResponse('`rate_limited`: too many failed lookups; `message` says when to try again'), headers: retryAfter },
  },
});

const feedback = createRoute({
  method: 'post',
  path: '/track/feedback',
  summary: 'The family’s feedback on a concluded case: satisfied or not (评价), with its case number and access code',
  description:
    'Checked exactly as /api/track (the same 404 for a wrong number or code, the same limits on failed lookups). Only for a concluded case. Satisfied: the case is closed. Not satisfied: it is reopened once, to a supervisor; a second time it is closed, and the timeline says where to go next. Answers the public timeline as it now is.',
  middleware: [jsonOnly, noStore] as const,
  request: { body: { required: true, content: { 'application/json': { schema: CaseFeedbackInput } } } },
  responses: {
    200: { description: 'Recorded: the public timeline', content: { 'application/json': { schema: CaseTimeline } } },
    400: errorResponse('`validation`: the case number, access code, or `satisfied` is missing or malformed'),
    404: errorResponse('`not_found`: no case with this number and code (the same answer for either one wrong)'),
    409: errorResponse('`conflict`: the case is not concluded (still being handled, or feedback was already given)'),
    415: intakeErrors[415],
    429: { ...errorResponse('`rate_limited`: too many failed lookups; `message` says when to try again'), headers: retryAfter },
    503: errorResponse('`unavailable`: could not be recorded just now; send it again'),
  },
});

const recover = createRoute({
  method: 'post',
  path: '/track/recover',
  summary: 'Recover a lost access code, step 1: send a one-time code to the mobile given when filing (找回查询码)',
  description:
    'The answer is the same whether or not the case exists and the mobile matches; only when both do, a 6-digit code (10 minutes, 5 tries) is sent by text message. Limited per client network and per case number, matched or not; then 429 with Retry-After.',
  middleware: [jsonOnly, noStore] as const,
  request: { body: { required: true, content: { 'application/json': { schema: RecoveryRequestInput } } } },
  responses: {
    202: { description: 'If the details match, a code was sent', content: { 'application/json': { schema: RecoverySent } } },
    400: errorResponse('`validation`: the case number fails its check character, or the mobile is not a mainland mobile number'),
    415: intakeErrors[415],
    429: { ...errorResponse('`rate_limited`: too many requests; `message` says when to try again'), headers: retryAfter },
    503: errorResponse('`unavailable`: text messages cannot be sent just now'),
  },
});

const recoverVerify = createRoute({
  method: 'post',
  path: '/track/recover/verify',
  summary: 'Recover a lost access code, step 2: the one-time code gives a new access code, shown once (the old one stops working)',
  middleware: [jsonOnly, noStore] as const,
  request: { body: { required: true, content: { 'application/json': { schema: RecoveryVerifyInput } } } },
  responses: {
    200: { description: 'The new access code, shown here only', content: { 'application/json': { schema: RecoveredAccessCode } } },
    400: errorResponse('`validation`: the case number or the code is malformed'),
    404: errorResponse('`not_found`: the code is wrong, expired or used up (one answer for all)'),
    415: intakeErrors[415],
    429: { ...errorResponse('`rate_limited`: too many wrong codes from this network'), headers: retryAfter },
  },
});

let configuredNotifier: Notifier | undefined;
/** The notifier for recovery codes: the services' own (tests), else the configured one; 503 when none is configured. */
export function recoveryNotifier(own: Notifier | undefined): () => Notifier {
  return () => {
    if (own) return own;
    try {
      configuredNotifier ??= notifierFromConfig(readNotifyConfig());
      return configuredNotifier;
    } catch {
      throw new ApiError(503, 'unavailable', t.recovery.unavailable);
    }
  };
}

/** Service outcomes as answers a family can act on. */
function translate(c: Context<AppEnv>, error: unknown): never {
  if (error instanceof UnknownInstitution) {
    throw new ApiError(400, 'validation', undefined, { 'institution.institutionId': t.cases.intake.unknownInstitution });
  }
  if (error instanceof IdempotencyMismatch) throw new ApiError(409, 'conflict', t.cases.intake.idempotencyMismatch);
  if (error instanceof SubmissionRefused) {
    const { status, message, retryAfterSeconds } = error.verdict;
    if (retryAfterSeconds !== undefined) c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
    throw new ApiError(status, status === 429 ? 'rate_limited' : status === 403 ? 'forbidden' : 'validation', message || t.cases.intake.refused);
  }
  if (error instanceof IntakeBusy) throw new ApiError(503, 'unavailable');
  if (error instanceof StoreUnavailable) {
    unavailableAnswer(c, error.outcome);
    throw new ApiError(503, 'unavailable', error.outcome === 'not_written' ? t.outage.caseNotFiled : t.outage.caseUnknown);
  }
  if (error instanceof TrackInputInvalid) throw new ApiError(400, 'validation', undefined, error.fields);
  if (error instanceof TrackNotFound) throw new ApiError(404, 'not_found', t.cases.track.notFound);
  if (error instanceof TrackLocked) {
    const now = c.var.now();
    c.header('Retry-After', String(secondsUntil(error.until, now)));
    const shown = new Date(Math.ceil(error.until.getTime() / 60_000) * 60_000);
    throw new ApiError(429, 'rate_limited', t.cases.track.locked(Math.ceil(secondsUntil(error.until, now) / 60), beijingClock(shown)));
  }
  throw error;
}

/** The public case routes, mounted at /api (functions/app.ts). */
export function publicCases(options: CaseServiceOptions = {}) {
  const services = caseServices(options);

  async function file(c: Context<AppEnv>, submission: Submission, idempotencyKey: string) {
    try {
      const { receipt, replayed } = await submitCase(c.var.db, services, submission, {
        idempotencyKey,
        request: { clientKey: clientKey(c), headers: c.req.raw.headers, rawBody: await c.req.json() },
        now: c.var.now(),
      });
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return receipt;
    } catch (error) {
      translate(c, error);
    }
  }

  return createRouter()
    .openapi(complaint, async (c) => {
      const receipt = await file(c, { type: 'complaint', input: c.req.valid('json') }, c.req.valid('header')['idempotency-key']);
      return c.json(receipt, 201);
    })
    .openapi(refundDispute, async (c) => {
      const receipt = await file(c, { type: 'refund_dispute', input: c.req.valid('json') }, c.req.valid('header')['idempotency-key']);
      return c.json(receipt, 201);
    })
    .openapi(track, async (c) => {
      const body = c.req.valid('json');
      try {
        const now = c.var.now();
        const timeline = await trackCase(c.var.db, services, { ...body, clientKey: clientKey(c), now });
        // A concluded case's answer carries the feedback form's pass, for the tracking page's script.
        return c.json(withFeedbackPass(timeline, services.secret, now), 200);
      } catch (error) {
        translate(c, error);
      }
    })
    .openapi(recover, async (c) => {
      try {
        await requestRecovery(c.var.db, services, recoveryNotifier(services.notifier), { ...c.req.valid('json'), clientKey: clientKey(c), now: c.var.now() });
      } catch (error) {
        translate(c, error);
      }
      return c.json({ message: t.recovery.sent }, 202);
    })
    .openapi(recoverVerify, async (c) => {
      try {
        return c.json(await completeCodeRecovery(c.var.db, services, { ...c.req.valid('json'), clientKey: clientKey(c), now: c.var.now() }), 200);
      } catch (error) {
        if (error instanceof RecoveryCodeInvalid) throw new ApiError(404, 'not_found', t.recovery.codeInvalid);
        translate(c, error);
      }
    })
    .openapi(feedback, async (c) => {
      const { satisfied, comment, ...pair } = c.req.valid('json');
      const now = c.var.now();
      try {
        // The same check as /api/track (tracking.ts): number and code, rate limits, one answer for either wrong.
        const verified = await trackCase(c.var.db, services, { ...pair, clientKey: clientKey(c), now });
        const stored = await giveFeedback(c.var.db, { caseNumber: verified.caseNumber, satisfied, ...(comment ? { comment } : {}), now }, services.jurisdiction);
        return c.json(publicTimeline(stored.record, await listCaseEvents(c.var.db, stored.record.caseNumber), services.jurisdiction), 200);
      } catch (error) {
        if (error instanceof FeedbackNotOpen || error instanceof CaseConflict) throw new ApiError(409, 'conflict', t.triage.refused.feedbackNotConcluded);
        if (error instanceof TriageBusy) throw new ApiError(503, 'unavailable', t.triage.refused.busy);
        translate(c, error);
      }
    });
}

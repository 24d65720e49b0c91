import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { t, type ErrorCode } from '#shared/i18n/zh-CN.ts';
import { SecretUnavailableError } from '../secrets/source.ts';
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableOutcome, type WriteOutcome } from '../data/unavailable.ts';

/**
 * The one error shape every endpoint answers with:
 * `{ error: { code, message, fields? } }`, `fields` mapping a dotted path to
 * a message a person can act on.
 */
export interface ErrorBody {
  /** `current`: on a conflict (409), the record as it now is, so the loser can see what changed. */
  error: { code: ErrorCode; message: string; fields?: Record<string, string>; current?: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message?: string,
    readonly fields?: Record<string, string>,
    readonly current?: unknown,
  ) {
    super(message ?? t.errors[code]);
  }
}

export function errorBody(code: ErrorCode, message?: string, fields?: Record<string, string>, current?: unknown): ErrorBody {
  return { error: { code, message: message ?? t.errors[code], ...(fields ? { fields } : {}), ...(current !== undefined ? { current } : {}) } };
}

/** A zod error as field messages: the first message for each path. */
export function fieldsFromZod(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.map(String).join('.') : '_';
    fields[path] ??= issue.message;
  }
  return fields;
}

const statusCodes: Partial<Record<number, ErrorCode>> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** The message for an outage: "not done" only when certain, else "we cannot tell; retrying is safe". */
export const unavailableMessage = (outcome: WriteOutcome) => (outcome === 'not_written' ? t.outage.notDone : t.outage.unknown);

/** Sets Retry-After for a 503 and answers its status and message. */
export function unavailableAnswer(c: Context, outcome: WriteOutcome): { status: 503; message: string } {
  c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  return { status: 503, message: unavailableMessage(outcome) };
}

/**
 * The error boundary: known errors keep their status; the database not
 * answering (functions/data/unavailable.ts) is a 503 with Retry-After;
 * anything else is a 500 that leaks nothing.
 */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    if (err.status === 503 && !c.res.headers.has('Retry-After')) c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return c.json(errorBody(err.code, err.message, err.fields, err.current), err.status);
  }
  // A secret that could not be read (Secrets Manager unreachable at a cold start): a failing dependency, not a bug.
  if (err instanceof SecretUnavailableError) {
    console.error(JSON.stringify({ level: 'error', msg: 'secret unavailable', name: err.name }));
    c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return c.json(errorBody('unavailable', t.outage.notDone), 503);
  }
  const outcome = unavailableOutcome(err);
  if (outcome) {
    console.error(JSON.stringify({ level: 'warn', msg: 'database_unavailable', name: err.name, outcome }));
    const { status, message } = unavailableAnswer(c, outcome);
    return c.json(errorBody('unavailable', message), status);
  }
  if (err instanceof HTTPException) {
    const code = statusCodes[err.status] ?? 'internal';
    if (err.status === 503) c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return c.json(errorBody(code), err.status);
  }
  // Log the error's kind and stack only: request bodies may hold personal data and are never logged.
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled', name: err.name, stack: err.stack }));
  return c.json(errorBody('internal'), 500);
}

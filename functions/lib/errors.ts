import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { codeForStatus, errorMessage, type ErrorCode } from '#shared/errors.ts';
// The outage area of the strings, by its module: the API's cold start reads this one.
import { outage } from '#shared/i18n/zh-CN/outage.ts';
import { requests } from '#shared/i18n/zh-CN/requests.ts';
import { errorDocument } from './error-page.ts';
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
    super(message ?? errorMessage(code));
  }
}

export function errorBody(code: ErrorCode, message?: string, fields?: Record<string, string>, current?: unknown): ErrorBody {
  return { error: { code, message: message ?? errorMessage(code), ...(fields ? { fields } : {}), ...(current !== undefined ? { current } : {}) } };
}

/** A zod error as field messages: the first message for each path (`_`: the body itself, when it is not an object). */
export function fieldsFromZod(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.map(String).join('.') : '_';
    fields[path] ??= path === '_' && issue.code === 'invalid_type' ? requests.notAnObject : issue.message;
  }
  return fields;
}

/** The message for an outage: "not done" only when certain, else "we cannot tell; retrying is safe". */
export const unavailableMessage = (outcome: WriteOutcome) => (outcome === 'not_written' ? outage.notDone : outage.unknown);

/** Sets Retry-After for a 503 and answers its status and message. */
export function unavailableAnswer(c: Context, outcome: WriteOutcome): { status: 503; message: string } {
  c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  return { status: 503, message: unavailableMessage(outcome) };
}

/** An error as the service answers it: its status, permanent code (shared/errors.ts) and words. */
export interface Problem {
  status: ContentfulStatusCode;
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
  current?: unknown;
}

/**
 * What an error means to the person who asked: known errors keep their
 * status; the database or a secret not answering is a 503 with Retry-After;
 * anything else is a 500 that leaks nothing. Logs the error's kind (and, for
 * a bug, its stack) only: request bodies may hold personal data and are
 * never logged.
 */
export function problemOf(err: Error, c: Context): Problem {
  if (err instanceof ApiError) {
    if (err.status === 503 && !c.res.headers.has('Retry-After')) c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return { status: err.status, code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}), ...(err.current !== undefined ? { current: err.current } : {}) };
  }
  // A secret that could not be read (Secrets Manager unreachable at a cold start): a failing dependency, not a bug.
  if (err instanceof SecretUnavailableError) {
    console.error(JSON.stringify({ level: 'error', msg: 'secret unavailable', name: err.name }));
    c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return { status: 503, code: 'unavailable', message: outage.notDone };
  }
  const outcome = unavailableOutcome(err);
  if (outcome) {
    console.error(JSON.stringify({ level: 'warn', msg: 'database_unavailable', name: err.name, outcome }));
    const { status, message } = unavailableAnswer(c, outcome);
    return { status, code: 'unavailable', message };
  }
  if (err instanceof HTTPException) {
    const code = codeForStatus(err.status);
    if (err.status === 503) c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return { status: err.status, code, message: errorMessage(code) };
  }
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled', name: err.name, stack: err.stack }));
  return { status: 500, code: 'internal', message: errorMessage('internal') };
}

/**
 * The one error boundary: any error as the answer a person or a program
 * reads, from one catalogue. `'json'` for the API (the body
 * `{ error: { code, message, fields? } }`); `{ page }` for the pages (a page
 * in Chinese in a bare shell that depends on no store, never a stack trace).
 */
export function answerError(c: Context, err: Error, as: 'json' | { page: { description: string } }): Response {
  const problem = problemOf(err, c);
  if (as === 'json') return c.json(errorBody(problem.code, problem.message, problem.fields, problem.current), problem.status);
  return c.html(errorDocument(problem, as.page.description), problem.status);
}

/** The API's error boundary (app.onError). */
export const handleError = (err: Error, c: Context): Response => answerError(c, err, 'json');

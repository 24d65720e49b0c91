/**
 * Which errors mean "the database is not answering" (an outage, a network
 * fault, throttling the SDK's own retries could not ride out), as opposed to
 * a bug. The app's error boundaries (functions/lib/errors.ts, the pages'
 * onError) answer these with 503 `unavailable` and Retry-After, never 500.
 *
 * `outcome` says whether a write that failed this way may still have been
 * applied: a request refused before the service acted on it (connection
 * refused, throttled, a transaction cancelled for throttling) certainly
 * wrote nothing; a request that timed out or lost its connection, or a 5xx
 * from the service, may have committed. The family is told the truth
 * accordingly (functions/routes/case-pages.ts): "not filed" only when certain.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Seconds a client is asked to wait before retrying after a 503. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export type WriteOutcome = 'not_written' | 'unknown';

/** Refused before any work: nothing was written. */
const REFUSED_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Failed on the way or on the service's side: may have been applied. */
const UNKNOWN_NAMES = new Set(['InternalServerError', 'InternalFailure', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
const UNKNOWN_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * An index the table does not have yet, or is still filling: the queue's combination indexes are
 * added to an existing stack one deploy at a time (docs/deploy.md), and until then a read of one
 * is refused like a read in an outage (503, "try again later"), not answered as a bug. Nothing
 * is written by such a read.
 */
const INDEX_NOT_READY = /does not have the specified index|backfilling global secondary index/i;

interface ErrorLike {
  message?: unknown;
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function classify(error: unknown, depth: number): WriteOutcome | null {
  if (!error || typeof error !== 'object' || depth > 4) return null;
  const e = error as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  if (REFUSED_NAMES.has(name) || REFUSED_CODES.has(code)) return 'not_written';
  if (name === 'ValidationException' && typeof e.message === 'string' && INDEX_NOT_READY.test(e.message)) return 'not_written';
  if (UNKNOWN_NAMES.has(name) || UNKNOWN_CODES.has(code)) return 'unknown';
  if (error instanceof TransactionCanceledException) {
    const codes = (error.CancellationReasons ?? []).map((r) => r.Code);
    return codes.includes('ThrottlingError') || codes.includes('ProvisionedThroughputExceeded') ? 'not_written' : null;
  }
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && status >= 500) return status === 503 ? 'not_written' : 'unknown';
  // Node's connect errors (both address families refused) come as an AggregateError; fetch wraps its cause.
  const nested = [...(Array.isArray(e.errors) ? e.errors : []), e.cause];
  let found: WriteOutcome | null = null;
  for (const inner of nested) {
    const outcome = classify(inner, depth + 1);
    if (outcome === 'unknown') return 'unknown';
    if (outcome) found = outcome;
  }
  return found;
}

/** Null when the error is not the database being unavailable; else whether a write may have happened. */
export function storeUnavailable(error: unknown): WriteOutcome | null {
  return classify(error, 0);
}

/** The database did not answer (see `storeUnavailable`); `outcome` as there. Thrown by services that know more than the SDK's error. */
export class StoreUnavailable extends Error {
  constructor(
    readonly outcome: WriteOutcome,
    options?: { cause?: unknown },
  ) {
    super('database unavailable', options);
  }
}

/** The outcome of any error that means an outage, a StoreUnavailable included; null otherwise. */
export function unavailableOutcome(error: unknown): WriteOutcome | null {
  if (error instanceof StoreUnavailable) return error.outcome;
  return storeUnavailable(error);
}

/**
 * The error catalogue: every error the service answers, by a permanent code.
 *
 * A code is part of the contract (the JSON API's `error.code`, the site's
 * scripts, other apps and the tests key on it): it is never renamed or
 * reused; a new kind of error gets a new code here. Each entry has the HTTP
 * status it is usually answered with; the message a person reads (what
 * happened and what to do) is in the strings, `errors[code]`
 * (shared/i18n/zh-CN/errors.ts).
 *
 * Answered as JSON or as a page by one function, `answerError`
 * (functions/lib/errors.ts).
 */
// The errors' area of the strings only: the API's cold start reads this module (docs/benchmarks.md, "Lambda bundles").
import { errors } from './i18n/zh-CN/errors.ts';

export const ERROR_STATUS = {
  validation: 400,
  not_found: 404,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  payload_too_large: 413,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
  invalid_credentials: 401,
  totp_required: 401,
  totp_invalid: 401,
  totp_not_enrolled: 403,
  csrf_rejected: 403,
  origin_refused: 403,
  setup_link_used: 400,
  setup_link_expired: 400,
} as const satisfies Record<keyof typeof errors, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every code, for the OpenAPI document's enum. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The code for a bare HTTP status (an HTTPException from middleware): the first code usually answered with it. */
export function codeForStatus(status: number): ErrorCode {
  const generic: Partial<Record<number, ErrorCode>> = {
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
  return generic[status] ?? 'internal';
}

/** The message a person reads for a code. */
export const errorMessage = (code: ErrorCode): string => errors[code];

import { describe, expect, it } from 'vitest';
import { t } from './i18n/zh-CN.ts';
import { codeForStatus, ERROR_CODES, ERROR_STATUS, errorMessage } from './errors.ts';

describe('the error catalogue', () => {
  it('has a message in the strings for every code, and a code for every message', () => {
    expect(new Set(ERROR_CODES)).toEqual(new Set(Object.keys(t.errors)));
    for (const code of ERROR_CODES) expect(errorMessage(code)).toMatch(/\S/);
  });

  it('keeps the permanent codes and their statuses', () => {
    expect(ERROR_STATUS).toMatchObject({ validation: 400, not_found: 404, conflict: 409, rate_limited: 429, unavailable: 503, internal: 500, csrf_rejected: 403, origin_refused: 403 });
  });

  it('names a bare status by its generic code, and anything unknown as internal', () => {
    expect(codeForStatus(413)).toBe('payload_too_large');
    expect(codeForStatus(401)).toBe('unauthorized');
    expect(codeForStatus(418)).toBe('internal');
  });
});

import { describe, expect, it } from 'vitest';
import { t } from '../i18n/zh-CN.ts';
import { parseCaseNumber } from './case-number.ts';
import { EXAMPLE_ACCESS_CODE, EXAMPLE_CASE_NUMBER, formatAccessCode } from './receipt-format.ts';

describe('one format for case numbers and access codes, examples included', () => {
  it('the example case number is itself a valid case number, in the receipt’s format', () => {
    expect(EXAMPLE_CASE_NUMBER).toBe('2611-3852-0917-7');
    expect(parseCaseNumber(EXAMPLE_CASE_NUMBER)).toBe(EXAMPLE_CASE_NUMBER);
  });

  it('prints an access code in two groups of four', () => {
    expect(formatAccessCode('K7QM4XPD')).toBe('K7QM-4XPD');
    expect(EXAMPLE_ACCESS_CODE).toBe('K7QM-4XPD');
  });

  it('every hint and message that gives an example uses the same examples', () => {
    const { track, trackPage } = t.cases;
    for (const text of [trackPage.caseNumberHint, track.badCaseNumber]) expect(text).toContain(EXAMPLE_CASE_NUMBER);
    for (const text of [trackPage.accessCodeHint, track.badAccessCode]) expect(text).toContain(EXAMPLE_ACCESS_CODE);
    // No other case-number-shaped example hides in the strings.
    const all = JSON.stringify(t, (_key, value: unknown) => (typeof value === 'function' ? undefined : value));
    const shaped = [...all.matchAll(/\d{4}-\d{4}-\d{4}-[\dX]/g)].map((m) => m[0]);
    expect(new Set(shaped)).toEqual(new Set([EXAMPLE_CASE_NUMBER]));
  });
});

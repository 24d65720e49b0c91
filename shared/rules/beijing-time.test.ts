import { describe, expect, it } from 'vitest';
import { beijingChineseDateTime, beijingClock, beijingDate, beijingDateTime, beijingMonth } from './beijing-time.ts';

describe('Beijing time', () => {
  // 16:05 UTC on 30 November is 00:05 on 1 December in Beijing: day, month and clock all roll over.
  const at = '2026-11-30T16:05:00.000Z';
  it('is UTC+8 for every form the service writes', () => {
    expect(beijingDate(at)).toBe('2026-12-01');
    expect(beijingMonth(at)).toBe('2026-12');
    expect(beijingClock(new Date(at))).toBe('00:05');
    expect(beijingDateTime(Date.parse(at))).toBe('2026-12-01 00:05');
    expect(beijingChineseDateTime(at)).toBe('2026年12月1日 00:05');
  });
  it('has no daylight saving: midsummer is UTC+8 too', () => {
    expect(beijingDateTime('2026-07-01T02:00:00Z')).toBe('2026-07-01 10:00');
  });
});

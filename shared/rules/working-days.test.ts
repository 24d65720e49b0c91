import { describe, expect, it } from 'vitest';
import { CN_NATIONAL_CALENDAR as cn } from '../jurisdiction/calendar-cn.ts';
import { WorkingCalendar } from '../jurisdiction/types.ts';
import {
  addHours,
  addWorkingDays,
  calendarCovers,
  cstDate,
  endOfCstDay,
  extendForPause,
  isWorkingDay,
  workingDaysBetween,
} from './working-days.ts';

/** 23:59:59 CST of a date, written out by hand so the tests do not lean on endOfCstDay. */
const endOf = (date: string) => `${date}T15:59:59.000Z`;

describe('the national calendar (data)', () => {
  it.each([
    ['2025-02-08', true, '春节调休上班的星期六'],
    ['2025-01-26', true, '春节调休上班的星期日'],
    ['2025-04-27', true, '劳动节调休上班的星期日'],
    ['2025-09-28', true, '国庆调休上班的星期日'],
    ['2025-10-11', true, '国庆调休上班的星期六'],
    ['2025-02-09', false, '普通星期日'],
    ['2025-01-01', false, '元旦（星期三）'],
    ['2025-10-08', false, '国庆假期最后一天（星期三）'],
    ['2025-06-02', false, '端午（星期一）'],
    ['2025-10-09', true, '节后第一个工作日'],
    ['2026-01-04', true, '元旦调休上班的星期日'],
    ['2026-02-14', true, '春节调休上班的星期六'],
    ['2026-02-23', false, '春节假期最后一天（星期一）'],
    ['2026-02-28', true, '春节调休上班的星期六'],
    ['2026-05-09', true, '劳动节调休上班的星期六'],
    ['2026-09-20', true, '国庆调休上班的星期日'],
    ['2026-09-25', false, '中秋（星期五）'],
    ['2026-10-07', false, '国庆假期最后一天（星期三）'],
    ['2026-10-10', true, '国庆调休上班的星期六'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, cn)).toBe(expected);
  });

  it('has 248 working days in 2025 and in 2026', () => {
    expect(workingDaysBetween('2024-12-31', '2025-12-31', cn)).toBe(248);
    expect(workingDaysBetween('2025-12-31', '2026-12-31', cn)).toBe(248);
  });

  it('says which years it covers; beyond them it knows weekends only', () => {
    expect(calendarCovers('2025-06-01', cn)).toBe(true);
    expect(calendarCovers('2026-12-31T15:00:00Z', cn)).toBe(true);
    expect(calendarCovers('2026-12-31T16:00:00Z', cn)).toBe(false); // already 2027 in Beijing
    expect(isWorkingDay('2027-01-01', cn)).toBe(true); // a Friday, and 2027's notice is not loaded
  });

  it('rejects a make-up working day that is not a weekend day', () => {
    const bad = {
      id: 'bad',
      name: 'bad',
      weekend: [0, 6],
      years: [{ ...cn.years[0]!, makeUpWorkdays: [{ date: '2025-02-07', for: '春节' }] }],
    };
    expect(() => WorkingCalendar.parse(bad)).toThrow(/not a weekend day/);
  });

  it('takes a corrected year as a pure data change', () => {
    const corrected = WorkingCalendar.parse({
      ...cn,
      years: [...cn.years, { year: 2027, source: { document: 'test', effectiveFrom: '2026-11-01' }, status: 'provisional', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }], makeUpWorkdays: [] }],
    });
    expect(isWorkingDay('2027-01-01', corrected)).toBe(false);
    expect(isWorkingDay('2027-01-01', cn)).toBe(true);
  });
});

describe('China Standard Time', () => {
  it('reads the CST date of a timestamp', () => {
    expect(cstDate('2025-01-26T16:30:00Z')).toBe('2025-01-27');
    expect(cstDate('2025-01-26T15:59:59Z')).toBe('2025-01-26');
    expect(cstDate('2025-01-27T00:30:00+08:00')).toBe('2025-01-27');
    expect(cstDate('2025-01-27')).toBe('2025-01-27');
  });

  it('ends a day at 23:59:59 CST', () => {
    expect(endOfCstDay('2025-02-12')).toBe('2025-02-12T15:59:59.000Z');
  });

  it('rejects timestamps without a zone and days that do not exist', () => {
    expect(() => cstDate('2025-01-27T10:00:00')).toThrow(RangeError);
    expect(() => cstDate('2025-02-30')).toThrow(RangeError);
  });
});

describe('addWorkingDays: "within n working days", the day of receipt not counted', () => {
  it.each([
    // [received, n, deadline day, why]
    ['2025-03-10T09:00:00+08:00', 7, '2025-03-19', 'an ordinary Monday: one weekend in between'],
    ['2025-03-14T18:00:00+08:00', 1, '2025-03-17', 'a Friday evening: next working day is Monday'],
    ['2025-03-15T10:00:00+08:00', 1, '2025-03-17', 'a Saturday'],
    ['2025-01-27T10:00:00+08:00', 7, '2025-02-12', 'the day before 春节 2025: the holiday and Sunday skipped, make-up Saturday 2-8 counted'],
    ['2025-01-24T10:00:00+08:00', 7, '2025-02-10', 'the Friday before: make-up Sunday 1-26 counts'],
    ['2025-09-26T10:00:00+08:00', 7, '2025-10-13', 'before 国庆 2025: make-up 9-28 and 10-11 counted'],
    ['2025-10-03T10:00:00+08:00', 7, '2025-10-16', 'received on a holiday: counting starts after it'],
    ['2025-09-30T23:59:00+08:00', 1, '2025-10-09', 'late at night before the holiday'],
    ['2025-09-30T16:30:00Z', 1, '2025-10-09', 'UTC 16:30 on 9-30 is already 10-01 in Beijing'],
    ['2025-12-31T10:00:00+08:00', 1, '2026-01-04', 'the year boundary: 元旦 2026 skipped, make-up Sunday 1-4'],
    ['2025-12-30T10:00:00+08:00', 3, '2026-01-05', 'the year boundary, three working days'],
    ['2026-02-12T10:00:00+08:00', 7, '2026-02-28', '春节 2026: make-up Saturdays 2-14 and 2-28 counted'],
    ['2026-09-18T10:00:00+08:00', 7, '2026-09-29', '中秋 2026, make-up Sunday 9-20 counted'],
    ['2026-09-18T10:00:00+08:00', 10, '2026-10-09', '中秋 then 国庆 2026'],
    ['2025-01-27', 0, '2025-01-27', 'n = 0: the end of the day itself'],
  ])('%s + %i → %s (%s)', (received, n, day) => {
    expect(addWorkingDays(received, n, cn)).toBe(endOf(day));
  });

  it('counts 45 working days across National Day', () => {
    // 9-26 → 10-13 is 7 (above); then 38 more ordinary working days = 7.6 weeks.
    expect(addWorkingDays('2025-09-26T10:00:00+08:00', 45, cn)).toBe(endOf('2025-12-04'));
  });

  it('rejects negative or fractional counts', () => {
    expect(() => addWorkingDays('2025-01-27', -1, cn)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-27', 1.5, cn)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('is the inverse of addWorkingDays', () => {
    for (const start of ['2025-01-24T10:00:00+08:00', '2025-10-03T10:00:00+08:00', '2025-12-30T10:00:00+08:00', '2026-02-12']) {
      for (const n of [0, 1, 5, 7, 15, 45]) {
        expect(workingDaysBetween(start, addWorkingDays(start, n, cn), cn), `${start} + ${n}`).toBe(n);
      }
    }
  });

  it('counts nothing inside a holiday, and is negative backwards', () => {
    expect(workingDaysBetween('2025-09-30', '2025-10-08', cn)).toBe(0);
    expect(workingDaysBetween('2025-10-13', '2025-09-26', cn)).toBe(-7);
    expect(workingDaysBetween('2025-10-13', '2025-10-13', cn)).toBe(0);
  });
});

describe('addHours (emergencies)', () => {
  it('runs through nights and holidays, no daylight saving', () => {
    expect(addHours('2025-01-28T23:00:00+08:00', 2)).toBe('2025-01-28T17:00:00.000Z');
    expect(addHours('2025-10-01T00:00:00Z', 24)).toBe('2025-10-02T00:00:00.000Z');
  });
});

describe('extendForPause', () => {
  it('moves an end-of-day deadline on by the paused working days', () => {
    expect(extendForPause(endOf('2025-09-30'), 1, cn)).toBe(endOf('2025-10-09'));
    expect(extendForPause(endOf('2025-09-26'), 2, cn)).toBe(endOf('2025-09-29'));
    expect(extendForPause(endOf('2025-09-26'), 0, cn)).toBe(endOf('2025-09-26'));
  });

  it('keeps the time of day of an hours deadline', () => {
    // 12:00 CST on 9-30 → two working days later is 10-10 (10-01..10-08 are holidays).
    expect(extendForPause('2025-09-30T04:00:00.000Z', 2, cn)).toBe('2025-10-10T04:00:00.000Z');
  });
});

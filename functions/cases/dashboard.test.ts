import { describe, expect, it } from 'vitest';
import { isoWeek, lastWeeks, weekStartsOn } from '../data/stats.ts';
import { dashboardScope, medianOf } from './dashboard.ts';

describe('medians from working-day buckets', () => {
  const buckets = (entries: Record<number, number>) => new Map(Object.entries(entries).map(([day, n]) => [`acceptDays:${day}`, n]));

  it('takes the middle value, averaging the two middle ones of an even count', () => {
    expect(medianOf(buckets({ 1: 1, 2: 1, 9: 1 }), 'acceptDays:')).toEqual({ median: 2, count: 3 });
    expect(medianOf(buckets({ 1: 2, 3: 2 }), 'acceptDays:')).toEqual({ median: 2, count: 4 });
    expect(medianOf(buckets({ 0: 5, 60: 1 }), 'acceptDays:')).toEqual({ median: 0, count: 6 });
  });

  it('is null with nothing counted, and ignores other counters', () => {
    expect(medianOf(new Map([['concludeDays:3', 4], ['received', 9]]), 'acceptDays:')).toEqual({ median: null, count: 0 });
  });
});

describe('ISO weeks in China Standard Time', () => {
  it('puts Sunday night UTC in the next week when it is Monday in Beijing', () => {
    expect(isoWeek('2026-11-22T15:59:59Z')).toBe('2026-W47'); // Sunday 23:59:59 Beijing
    expect(isoWeek('2026-11-22T16:00:00Z')).toBe('2026-W48'); // Monday 00:00 Beijing
  });

  it('counts week 1 as the week of the year’s first Thursday, across the turn of the year', () => {
    expect(isoWeek('2026-01-01T04:00:00Z')).toBe('2026-W01');
    expect(isoWeek('2027-01-01T04:00:00Z')).toBe('2026-W53');
    expect(weekStartsOn('2026-W01')).toBe('2025-12-29');
    expect(weekStartsOn('2026-W48')).toBe('2026-11-23');
  });

  it('lists the last weeks, oldest first', () => {
    expect(lastWeeks(new Date('2026-11-25T04:00:00Z'), 3)).toEqual(['2026-W46', '2026-W47', '2026-W48']);
  });
});

describe('the dashboard’s scope', () => {
  it('is the whole city for a city-level department, one district for a district office', () => {
    expect(dashboardScope('education-411500').districtCodes).toHaveLength(10);
    expect(dashboardScope('education-411500').label).toBe('信阳市全市');
    expect(dashboardScope('education-411503')).toEqual({ districtCodes: ['411503'], label: '平桥区' });
  });
});

import { describe, expect, it } from 'vitest';
import { departmentsOf, jurisdiction } from '#shared/jurisdiction/index.ts';
import type { StatsRow } from '../data/stats.ts';
import { SMALL_COUNT, summariseTimeliness } from './timeliness.ts';

const weeks = ['2026-W46', '2026-W47'];
const row = (departmentId: string, week: string, counters: Record<string, number>, districtCode = '411502'): StatsRow => ({ week, districtCode, departmentId, counters });

describe("each department's timeliness, for the public", () => {
  const figures = summariseTimeliness(
    [
      // Ten cases over two weeks: 8 answered (6 on time), 5 concluded (4 on time), feedback 3 + 2.
      row('education-411502', '2026-W46', { received: 6, answered: 5, answeredOnTime: 4, 'acceptDays:1': 3, 'acceptDays:3': 2, concluded: 5, concludedOnTime: 4, 'concludeDays:10': 5, satisfied: 3, unsatisfied: 2 }),
      row('education-411502', '2026-W47', { received: 4, answered: 3, answeredOnTime: 2, 'acceptDays:2': 3 }),
      // Three cases: the count is withheld, and so is every figure made from fewer than five.
      row('culture-411500', '2026-W47', { received: 3, answered: 3, answeredOnTime: 3, 'acceptDays:1': 3 }, '411503'),
    ],
    weeks,
    jurisdiction,
  );
  const byId = Object.fromEntries(figures.departments.map((d) => [d.departmentId, d]));

  it('adds up the weeks and gives shares, medians and satisfaction', () => {
    const d = byId['education-411502']!;
    expect(d.received).toEqual({ value: 10 });
    expect(d.answeredOnTime).toEqual({ value: 6 / 8 });
    expect(d.concludedOnTime).toEqual({ value: 4 / 5 });
    // Accept days 1,1,1,2,2,2,3,3: the median falls between the 4th and 5th, both 2.
    expect(d.medianAcceptDays).toEqual({ value: 2 });
    expect(d.medianConcludeDays).toEqual({ value: 10 });
    expect(d.satisfied).toEqual({ value: 3 / 5 });
    expect(d.name).toContain('浉河区');
  });

  it(`withholds every figure made from fewer than ${SMALL_COUNT} cases`, () => {
    const d = byId['culture-411500']!;
    expect(d.received).toEqual({ suppressed: true });
    expect(d.answeredOnTime).toEqual({ suppressed: true });
    expect(d.medianAcceptDays).toEqual({ suppressed: true });
    // Nothing to base it on is "none", not withheld.
    expect(d.concludedOnTime).toBeNull();
    expect(d.satisfied).toBeNull();
  });

  it('lists only departments that received cases, in the configured order, with the period', () => {
    const configured = departmentsOf(jurisdiction).map((d) => d.id);
    const listed = figures.departments.map((d) => d.departmentId);
    expect([...listed].sort()).toEqual(['culture-411500', 'education-411502']);
    expect(listed).toEqual([...listed].sort((a, b) => configured.indexOf(a) - configured.indexOf(b)));
    expect(figures.from).toBe('2026-11-09');
    expect(figures.to).toBe('2026-11-16');
    expect(summariseTimeliness([], weeks, jurisdiction).departments).toEqual([]);
  });
});

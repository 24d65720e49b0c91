/**
 * 办理情况: how quickly and how well each department answers families, for
 * the public (CFPB's "timely response" column, extended). Computed from the
 * weekly counters every case step adds to (functions/data/stats.ts), never
 * from cases: no personal data can reach it, and it costs one query per week.
 *
 * Per department, over the last 52 ISO weeks: cases received, the share
 * answered (accepted or declined) within the accept deadline, the share
 * concluded within the concluding deadline, the median working days to
 * accept and to conclude, and the share of families who said they were
 * satisfied. A figure computed from fewer than SMALL_COUNT cases is not
 * published (a department that received two cases in a year could otherwise
 * let a reader guess whose case it was, and a share of two says nothing).
 */
import { jurisdiction as defaultJurisdiction, type Jurisdiction, departmentsOf } from '#shared/jurisdiction/index.ts';
import type { Db } from '../data/client.ts';
import { lastWeeks, readStats, weekStartsOn, type StatsRow } from '../data/stats.ts';
import { medianOf } from './median.ts';

/** Fewer cases than this behind a figure, and the figure is withheld. */
export const SMALL_COUNT = 5;
/** Twelve months, in ISO weeks. */
export const TIMELINESS_WEEKS = 52;

/** A count, or `suppressed` when it is below SMALL_COUNT (but not zero: "none" is safe to say). */
export type Published<T> = { value: T } | { suppressed: true };

export interface DepartmentTimeliness {
  departmentId: string;
  name: string;
  /** Cases received (shown as "fewer than 5" when small). */
  received: Published<number>;
  /** Share of answered cases answered within the deadline (0..1). */
  answeredOnTime: Published<number> | null;
  concludedOnTime: Published<number> | null;
  /** Median working days from receipt to acceptance, and to conclusion. */
  medianAcceptDays: Published<number> | null;
  medianConcludeDays: Published<number> | null;
  /** Share of families who gave feedback and said they were satisfied. */
  satisfied: Published<number> | null;
}

export interface Timeliness {
  /** First day of the first week, and the last week's first day (Beijing dates). */
  from: string;
  to: string;
  departments: DepartmentTimeliness[];
}

const publish = <T>(value: T, basedOn: number): Published<T> => (basedOn >= SMALL_COUNT ? { value } : { suppressed: true });
/** A share or median: null when nothing to base it on, withheld when too little. */
const derived = (value: number | null, basedOn: number): Published<number> | null => (value === null || basedOn === 0 ? null : publish(value, basedOn));

/** The figures from counter rows (pure: tested without a database). */
export function summariseTimeliness(rows: readonly StatsRow[], weeks: readonly string[], j: Jurisdiction = defaultJurisdiction): Timeliness {
  const totals = new Map<string, Map<string, number>>();
  for (const row of rows) {
    let t = totals.get(row.departmentId);
    if (!t) totals.set(row.departmentId, (t = new Map()));
    for (const [name, n] of Object.entries(row.counters)) t.set(name, (t.get(name) ?? 0) + n);
  }
  const departments = departmentsOf(j)
    .filter((d) => totals.has(d.id))
    .map((d): DepartmentTimeliness => {
      const t = totals.get(d.id)!;
      const get = (name: string) => t.get(name) ?? 0;
      const received = get('received');
      const answered = get('answered');
      const concluded = get('concluded');
      const feedback = get('satisfied') + get('unsatisfied');
      const accept = medianOf(t, 'acceptDays:');
      const conclude = medianOf(t, 'concludeDays:');
      return {
        departmentId: d.id,
        name: d.name,
        received: received === 0 ? { value: 0 } : publish(received, received),
        answeredOnTime: derived(answered ? get('answeredOnTime') / answered : null, answered),
        concludedOnTime: derived(concluded ? get('concludedOnTime') / concluded : null, concluded),
        medianAcceptDays: derived(accept.median, accept.count),
        medianConcludeDays: derived(conclude.median, conclude.count),
        satisfied: derived(feedback ? get('satisfied') / feedback : null, feedback),
      };
    })
    .filter((d) => !('value' in d.received) || d.received.value > 0);
  return { from: weekStartsOn(weeks[0]!), to: weekStartsOn(weeks.at(-1)!), departments };
}

/** The last twelve months' figures, from the counters (52 queries, one per week). */
export async function departmentTimeliness(db: Db, now: Date, j: Jurisdiction = defaultJurisdiction): Promise<Timeliness> {
  const weeks = lastWeeks(now, TIMELINESS_WEEKS);
  return summariseTimeliness(await readStats(db, weeks), weeks, j);
}

/**
 * 统计看板: the supervisors' figures, from the weekly counters that every case
 * step adds to in its own transaction (functions/data/stats.ts): one query
 * per week, never a scan of the cases.
 *
 * - cases received by kind, lead department, district and week;
 * - the share answered within the accept deadline (accepted or declined in
 *   time) and concluded within the concluding deadline;
 * - the median working days from receipt to acceptance and to conclusion
 *   (from per-day buckets, exact to the working day);
 * - the institutions with the most substantiated (or partly substantiated)
 *   complaints;
 * - and the same counters as CSV, one row per week, district, department and measure.
 *
 * Scope: a city-level department's supervisor sees every district; a
 * district office's, its own district.
 */
import * as t from '#shared/i18n/zh-CN/index.ts';
import { districtName, jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import { CaseOutcomes } from '#shared/rules/case-transitions.ts';
import { scopeOf } from '#shared/rules/scope.ts';
import type { CaseDashboard } from '#shared/schemas/cases.ts';
import { ComplaintKinds, type ComplaintKind } from '#shared/vocabulary.ts';
import type { Db } from '../data/client.ts';
import { getRiskCounters } from '../data/risk.ts';
import { lastWeeks, MAX_DAYS_BUCKET, readStats, weekStartsOn, type StatsRow } from '../data/stats.ts';
import { medianOf } from './median.ts';
import { departmentName } from './routing.ts';

export { medianOf } from './median.ts';

const d = t.triage.dashboard;

export const DEFAULT_WEEKS = 12;
export const MAX_WEEKS = 52;

/** The districts a department's supervisor sees figures for. */
export function dashboardScope(departmentId: string, j: Jurisdiction = defaultJurisdiction): { districtCodes: string[]; label: string } {
  const codes = scopeOf({ departmentId }, j)?.districtCodes ?? [];
  const all = codes.length === j.districts.length;
  return { districtCodes: codes, label: all ? `${j.name}${d.allDistricts}` : codes.map((c) => districtName(c, j.districts) ?? c).join('、') };
}

function kindLabel(kind: string): string {
  if (kind === 'refund_dispute') return t.cases.types.refund_dispute;
  return (ComplaintKinds.keys as readonly string[]).includes(kind) ? ComplaintKinds.label(kind as ComplaintKind) : kind;
}

const sumInto = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
const byCount = (a: { count: number; label: string }, b: { count: number; label: string }) => b.count - a.count || a.label.localeCompare(b.label, 'zh-CN');

export async function caseDashboard(
  db: Db,
  options: { departmentId: string; now: Date; weeks?: number; j?: Jurisdiction },
): Promise<CaseDashboard> {
  const j = options.j ?? defaultJurisdiction;
  const scope = dashboardScope(options.departmentId, j);
  const weeks = lastWeeks(options.now, Math.min(Math.max(options.weeks ?? DEFAULT_WEEKS, 1), MAX_WEEKS));
  const rows = await readStats(db, weeks, { districtCodes: scope.districtCodes });

  const totals = new Map<string, number>();
  const perWeek = new Map<string, Map<string, number>>(weeks.map((w) => [w, new Map()]));
  const byDepartment = new Map<string, number>();
  const byDistrict = new Map<string, number>();
  for (const row of rows) {
    const week = perWeek.get(row.week);
    for (const [name, n] of Object.entries(row.counters)) {
      sumInto(totals, name, n);
      if (week) sumInto(week, name, n);
    }
    const received = row.counters.received ?? 0;
    if (received) {
      sumInto(byDepartment, row.departmentId, received);
      sumInto(byDistrict, row.districtCode, received);
    }
  }
  const get = (m: Map<string, number>, name: string) => m.get(name) ?? 0;
  const byKind = [...totals]
    .filter(([name, n]) => name.startsWith('received:') && n > 0)
    .map(([name, count]) => ({ key: name.slice('received:'.length), label: kindLabel(name.slice('received:'.length)), count }))
    .sort(byCount);

  const substantiated = [...totals]
    .filter(([name, n]) => name.startsWith('subst:') && n > 0)
    .map(([name, n]) => ({ institutionId: name.slice('subst:'.length), substantiated: n }))
    .sort((a, b) => b.substantiated - a.substantiated || a.institutionId.localeCompare(b.institutionId))
    .slice(0, 10);
  const names = await Promise.all(substantiated.map(async (s) => (await getRiskCounters(db, s.institutionId))?.name ?? s.institutionId));

  const answered = get(totals, 'answered');
  const concluded = get(totals, 'concluded');
  const accept = medianOf(totals, 'acceptDays:');
  const conclude = medianOf(totals, 'concludeDays:');
  return {
    weeks: weeks.map((week) => {
      const w = perWeek.get(week)!;
      return {
        week,
        startsOn: weekStartsOn(week),
        received: get(w, 'received'),
        answered: get(w, 'answered'),
        answeredOnTime: get(w, 'answeredOnTime'),
        concluded: get(w, 'concluded'),
        concludedOnTime: get(w, 'concludedOnTime'),
      };
    }),
    byKind,
    byDepartment: [...byDepartment].map(([key, count]) => ({ key, label: departmentName(key, j), count })).sort(byCount),
    byDistrict: [...byDistrict].map(([key, count]) => ({ key, label: districtName(key, j.districts) ?? key, count })).sort(byCount),
    outcomes: CaseOutcomes.map((o) => ({ key: o, label: t.triage.outcomes[o], count: get(totals, `outcome:${o}`) })),
    onTime: {
      answered,
      answeredOnTime: get(totals, 'answeredOnTime'),
      answeredShare: answered ? get(totals, 'answeredOnTime') / answered : null,
      concluded,
      concludedOnTime: get(totals, 'concludedOnTime'),
      concludedShare: concluded ? get(totals, 'concludedOnTime') / concluded : null,
    },
    medians: { acceptWorkingDays: accept.median, accepted: accept.count, concludeWorkingDays: conclude.median, concluded: conclude.count },
    topInstitutions: substantiated.map((s, i) => ({ ...s, name: names[i]! })),
    scope,
  };
}

/** A counter's name in words, for the CSV. */
function metricLabel(name: string): string {
  const [metric, key] = name.split(':', 2) as [string, string | undefined];
  const m = d.metrics as Record<string, string>;
  if (key === undefined) return m[metric] ?? metric;
  if (metric === 'received') return `${m.received}：${kindLabel(key)}`;
  if (metric === 'outcome') return `办理结果：${(t.triage.outcomes as Record<string, string>)[key] ?? key}`;
  if (metric === 'acceptDays') return `受理用时${key === String(MAX_DAYS_BUCKET) ? `${key}个工作日及以上` : `${key}个工作日`}的案件`;
  if (metric === 'concludeDays') return `办结用时${key === String(MAX_DAYS_BUCKET) ? `${key}个工作日及以上` : `${key}个工作日`}的案件`;
  if (metric === 'subst') return `查实投诉：机构 ${key}`;
  return name;
}

const csvField = (value: string | number) => {
  const text = String(value);
  // Quote every text field; neutralise a leading formula character (CSV injection in spreadsheets).
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return typeof value === 'number' ? text : `"${safe.replace(/"/g, '""')}"`;
};

/** The counters as CSV (UTF-8 with BOM, for spreadsheet programs): one line per week, district, department and measure. */
export async function dashboardCsv(db: Db, options: { departmentId: string; now: Date; weeks?: number; j?: Jurisdiction }): Promise<string> {
  const j = options.j ?? defaultJurisdiction;
  const scope = dashboardScope(options.departmentId, j);
  const weeks = lastWeeks(options.now, Math.min(Math.max(options.weeks ?? DEFAULT_WEEKS, 1), MAX_WEEKS));
  const rows: StatsRow[] = await readStats(db, weeks, { districtCodes: scope.districtCodes });
  const lines = [d.csvHeader.map(csvField).join(',')];
  for (const row of rows) {
    for (const [name, value] of Object.entries(row.counters).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(
        [row.week, weekStartsOn(row.week), row.districtCode, districtName(row.districtCode, j.districts) ?? '', row.departmentId, departmentName(row.departmentId, j), metricLabel(name), value]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Case statistics (统计看板): counters per ISO week (China Standard Time),
 * district and department, added to in the same transaction as the case
 * step they count (functions/data/cases.ts), so the dashboard never scans
 * cases and never drifts from them.
 *
 * | access pattern                                  | operation                      | key condition                                         |
 * |-------------------------------------------------|--------------------------------|-------------------------------------------------------|
 * | count a case step                               | Update ADD, in the step's tx   | pk = STATS#<yyyy-Www>, sk = <districtCode>#<deptId>#<shard> |
 * | a week's counters (every district, department)  | Query, shards summed           | pk = STATS#<yyyy-Www>                                 |
 *
 * Counters are attributes of the item, named `<metric>` or `<metric>:<key>`:
 * `received`, `received:<kind>` (a complaint kind or `refund_dispute`),
 * `answered`, `answeredOnTime`, `declined`, `transferred`, `concluded`,
 * `concludedOnTime`, `outcome:<outcome>`, `acceptDays:<n>` and
 * `concludeDays:<n>` (working days from receipt, 0…60, 60 meaning 60 or
 * more: the medians come from these), `subst:<institutionId>` (substantiated
 * or partly substantiated complaints), `merged`, `satisfied`, `unsatisfied`,
 * `reopened`, `amountRecovered` (fen).
 *
 * Sharded: each step adds to one of STATS_SHARDS items of its (week,
 * district, department), drawn at random, and the readers sum them. One
 * item per office was in every filing's and triage step's transaction, and
 * concurrent transactions on one item cancel each other
 * (TransactionConflict): under a surge most of them, answered 503 after the
 * callers' retries ran out (bench/faults.ts, docs/benchmarks.md). With 16
 * shards two concurrent steps of one office meet on an item one time in 16.
 * Items written before the shards (sk = <districtCode>#<deptId>, no shard)
 * are read and summed the same way: the row comes from the item's
 * attributes, never its sort key. The partition stays `STATS#<week>`, so
 * the publisher's read grant (Query on `STATS#*`, infra/constructs/jobs.ts)
 * is unchanged.
 */
import { randomInt } from 'node:crypto';
import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Db } from './client.ts';
import { beijingWallClock } from '#shared/rules/beijing-time.ts';

const SCHEMA_VERSION = 1;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The largest working-day bucket: 60 means "60 or more". */
export const MAX_DAYS_BUCKET = 60;

/** Items per (week, district, department) that a step's counters go to: see the header. */
export const STATS_SHARDS = 16;

export const statsKeys = {
  week: (week: string) => `STATS#${week}`,
  /** The item before the shards (still read and summed). */
  item: (week: string, districtCode: string, departmentId: string) => ({ pk: `STATS#${week}`, sk: `${districtCode}#${departmentId}` }),
  shard: (week: string, districtCode: string, departmentId: string, shard: number) => ({
    pk: `STATS#${week}`,
    sk: `${districtCode}#${departmentId}#${String(shard).padStart(2, '0')}`,
  }),
};

/** A shard drawn at random: two concurrent steps rarely meet on one item. */
export function drawStatsShard(): number {
  return randomInt(STATS_SHARDS);
}

/** The CST ISO week of a timestamp: `2026-W47` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(at: string | Date): string {
  const day = beijingWallClock(at);
  const date = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(date + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (YYYY-MM-DD) an ISO week starts on. */
export function weekStartsOn(week: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new RangeError(`Not an ISO week: ${week}`);
  const year = Number(m[1]);
  const jan4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(mondayOfWeek1 + (Number(m[2]) - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** The `count` ISO weeks ending with the week of `now`, oldest first. */
export function lastWeeks(now: Date, count: number): string[] {
  const weeks: string[] = [];
  for (let i = count - 1; i >= 0; i--) weeks.push(isoWeek(new Date(now.getTime() - i * 7 * 86_400_000)));
  return [...new Set(weeks)];
}

export interface CountStats {
  at: string;
  districtCode: string;
  departmentId: string;
  /** Counter name → amount to add (negative to take away). */
  add: Record<string, number>;
  /** Which shard (tests); drawn at random when not given. */
  shard?: number;
}

/** The Update that adds to a week's counters, for a case step's transaction. Nothing to add: undefined. */
export function countStats(tableName: string, input: CountStats): TransactItem | undefined {
  const entries = Object.entries(input.add).filter(([, n]) => n !== 0);
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':entity': 'stats',
    ':v': SCHEMA_VERSION,
    ':week': isoWeek(input.at),
    ':district': input.districtCode,
    ':dept': input.departmentId,
  };
  const adds = entries.map(([name, amount], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = amount;
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: statsKeys.shard(isoWeek(input.at), input.districtCode, input.departmentId, input.shard ?? drawStatsShard()),
      UpdateExpression: `ADD ${adds.join(', ')} SET entity = :entity, schemaVersion = :v, week = :week, districtCode = :district, departmentId = :dept`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export interface StatsRow {
  week: string;
  districtCode: string;
  departmentId: string;
  counters: Record<string, number>;
}

const Row = z.object({ week: z.string(), districtCode: z.string(), departmentId: z.string() });
const KEYS = new Set(['pk', 'sk', 'entity', 'schemaVersion', 'week', 'districtCode', 'departmentId']);

/** The counters of these weeks, one row per (week, district, department), its shards summed (optionally only these districts). */
export async function readStats(db: Db, weeks: readonly string[], options: { districtCodes?: readonly string[] } = {}): Promise<StatsRow[]> {
  const byOffice = new Map<string, StatsRow>();
  const districts = options.districtCodes ? new Set(options.districtCodes) : undefined;
  await Promise.all(
    weeks.map(async (week) => {
      let cursor: Record<string, unknown> | undefined;
      do {
        const out = await db.doc.send(
          new QueryCommand({
            TableName: db.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': statsKeys.week(week) },
            ExclusiveStartKey: cursor,
          }),
        );
        for (const item of out.Items ?? []) {
          const row = Row.parse(item);
          if (districts && !districts.has(row.districtCode)) continue;
          const key = `${row.week}|${row.districtCode}|${row.departmentId}`;
          const into = byOffice.get(key) ?? { ...row, counters: {} };
          for (const [name, value] of Object.entries(item)) if (!KEYS.has(name) && typeof value === 'number') into.counters[name] = (into.counters[name] ?? 0) + value;
          byOffice.set(key, into);
        }
        cursor = out.LastEvaluatedKey;
      } while (cursor);
    }),
  );
  return [...byOffice.values()].sort((a, b) => a.week.localeCompare(b.week) || a.districtCode.localeCompare(b.districtCode) || a.departmentId.localeCompare(b.departmentId));
}

/**
 * The median of the working days the stats count (functions/data/stats.ts), in a
 * module of its own: the staff dashboard (./dashboard.ts) and the public
 * timeliness figures (./timeliness.ts, which the publisher renders hourly)
 * both read it, and the publisher need not load the dashboard's case schemas
 * and strings for it.
 */
import { MAX_DAYS_BUCKET } from '../data/stats.ts';

/** The median of a histogram of whole working days (`<prefix><n>` counters); null when empty. */
export function medianOf(totals: Map<string, number>, prefix: string): { median: number | null; count: number } {
  const buckets: number[] = Array.from({ length: MAX_DAYS_BUCKET + 1 }, () => 0);
  for (const [name, n] of totals) {
    if (!name.startsWith(prefix)) continue;
    const day = Number(name.slice(prefix.length));
    if (Number.isInteger(day) && day >= 0 && day <= MAX_DAYS_BUCKET) buckets[day]! += n;
  }
  const count = buckets.reduce((a, b) => a + b, 0);
  if (count === 0) return { median: null, count };
  // The lower and upper middle values, averaged (an even count can fall between two days).
  const at = (rank: number) => {
    let seen = 0;
    for (let day = 0; day < buckets.length; day++) {
      seen += buckets[day]!;
      if (seen >= rank) return day;
    }
    return MAX_DAYS_BUCKET;
  };
  const lower = at(Math.floor((count + 1) / 2));
  const upper = at(Math.floor(count / 2) + 1);
  return { median: (lower + upper) / 2, count };
}

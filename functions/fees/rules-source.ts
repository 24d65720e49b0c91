/**
 * The fee rules the checker applies, read for requests: the jurisdiction's
 * configured rules plus the published guidance in DynamoDB, kept in memory
 * for at most 10 s per table (as the search snapshot is), so a spike of
 * checks costs one query every 10 s per Lambda, not one per check. A write
 * through this process (functions/routes/fee-guidance-admin.ts) forgets the
 * copy at once; other processes see it within the 10 s.
 */
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import type { FeeRule } from '#shared/jurisdiction/types.ts';
import type { Db } from '../data/client.ts';
import { allFeeGuidance } from '../data/fee-guidance.ts';
import { feeRulesOf } from './guidance.ts';

export const FEE_RULES_MAX_AGE_MS = 10_000;

const cache = new WeakMap<Db, { rules: Promise<FeeRule[]>; readAt: number }>();

export async function currentFeeRules(db: Db, options: { maxAgeMs?: number } = {}): Promise<FeeRule[]> {
  const maxAge = options.maxAgeMs ?? FEE_RULES_MAX_AGE_MS;
  const cached = cache.get(db);
  if (cached && Date.now() - cached.readAt < maxAge) return cached.rules;
  const rules = allFeeGuidance(db).then((guidance) => feeRulesOf(jurisdiction, guidance));
  cache.set(db, { rules, readAt: Date.now() });
  // A failed read is not kept: the next request tries again.
  rules.catch(() => cache.delete(db));
  return rules;
}

/** After a write: the next check reads the table again. */
export function forgetFeeRules(db: Db): void {
  cache.delete(db);
}

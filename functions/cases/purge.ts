/**
 * Retention: deletes the personal data (the encrypted item, and the masked
 * contact on the record and queue entries) of cases closed more than
 * `retentionDays` ago, except those on legal hold. The case itself, its
 * narrative and its events stay. Run it daily (a scheduled Lambda in AWS);
 * it is idempotent, and a case that changes while it runs is left for the
 * next run.
 */
import { CaseChanged, getCase, listClosedWithPersonalData, purgePersonalData } from '../data/cases.ts';
import type { Db } from '../data/client.ts';

export interface PurgeResult {
  purged: string[];
  keptOnLegalHold: string[];
}

export async function purgeExpiredPersonalData(db: Db, options: { now: Date; retentionDays: number }): Promise<PurgeResult> {
  if (!Number.isInteger(options.retentionDays) || options.retentionDays < 1) throw new RangeError('retentionDays must be a whole number ≥ 1');
  const cutoff = new Date(options.now.getTime() - options.retentionDays * 86_400_000).toISOString();
  const result: PurgeResult = { purged: [], keptOnLegalHold: [] };
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await listClosedWithPersonalData(db, { closedBefore: cutoff, ...(cursor ? { cursor } : {}) });
    for (const caseNumber of page.caseNumbers) {
      const stored = await getCase(db, caseNumber);
      // The index is eventually consistent: check the record itself.
      if (!stored?.record.closedAt || stored.record.closedAt >= cutoff || !stored.record.hasPersonalData) continue;
      if (stored.record.legalHold) {
        result.keptOnLegalHold.push(caseNumber);
        continue;
      }
      try {
        await purgePersonalData(db, stored, { at: options.now, retentionDays: options.retentionDays });
        result.purged.push(caseNumber);
      } catch (error) {
        if (!(error instanceof CaseChanged)) throw error;
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return result;
}

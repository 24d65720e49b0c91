/**
 * Retention: deletes the personal data (the encrypted item, the masked
 * contact on the record and queue entries, and the attached photos and PDFs
 * with their items) of cases closed more than `retentionDays` ago, except
 * those on legal hold. The case itself, its narrative and its events stay.
 * Run it daily (a scheduled Lambda in AWS); it is idempotent, and a case
 * that changes while it runs is left for the next run.
 *
 * A case's files are deleted first, then its items in one transaction: a
 * run that stops between the two leaves the items, so the next run finds
 * the case again and deletes the (already gone) files again, which is no
 * error. In AWS the bucket is versioned: a deleted file's bytes are kept as
 * a noncurrent version for 30 days, then expire (infra/constructs/cases.ts).
 */
import { CaseChanged, getCase, listAttachments, listClosedWithPersonalData, purgePersonalData } from '../data/cases.ts';
import type { Db } from '../data/client.ts';
import type { PrivateStore } from '../storage/private-store.ts';

export interface PurgeResult {
  purged: string[];
  keptOnLegalHold: string[];
}

export interface PurgeOptions {
  now: Date;
  retentionDays: number;
  /** Where the attachments' bytes are kept (the attachments bucket in AWS). */
  attachments: Pick<PrivateStore, 'delete'>;
}

export async function purgeExpiredPersonalData(db: Db, options: PurgeOptions): Promise<PurgeResult> {
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
      const files = await listAttachments(db, caseNumber);
      for (const file of files) await options.attachments.delete(file.storageKey);
      try {
        await purgePersonalData(db, stored, { at: options.now, retentionDays: options.retentionDays, attachmentIds: files.map((f) => f.id) });
        result.purged.push(caseNumber);
      } catch (error) {
        if (!(error instanceof CaseChanged)) throw error;
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return result;
}

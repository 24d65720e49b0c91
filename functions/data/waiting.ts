/**
 * How long the publisher is behind: the oldest change still waiting in its
 * sparse index (gsi2), over the three things it publishes.
 *
 * Access patterns:
 * - oldest waiting institution: Query gsi2, gsi2pk = DIRTY, ascending, 1 item;
 *   gsi2sk = <updatedAt>#<id>, so the time is when the change was made;
 * - oldest due notice: Query gsi2, gsi2pk = NOTICE_DUE, gsi2sk <= <now>#~,
 *   ascending, 1 item; gsi2sk = <dueAt>#<slug> (due in the future is not late);
 * - oldest changed fee guidance: Query gsi2, gsi2pk = FEES_DUE, ascending, 1 item;
 *   gsi2sk = <changedAt>#<id>.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';
import { feeGuidanceKeys } from './fee-guidance.ts';
import { institutionKeys } from './institutions.ts';
import { noticeKeys } from './notices.ts';

async function oldestIn(db: Db, partition: string, notAfter?: string): Promise<number | undefined> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: notAfter ? 'gsi2pk = :pk AND gsi2sk <= :max' : 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': partition, ...(notAfter ? { ':max': notAfter } : {}) },
      ProjectionExpression: 'gsi2sk',
      ScanIndexForward: true,
      Limit: 1,
    }),
  );
  const sk = out.Items?.[0]?.gsi2sk as string | undefined;
  const at = sk ? Date.parse(sk.split('#')[0]!) : NaN;
  return Number.isNaN(at) ? undefined : at;
}

/** Seconds since the oldest change that waits for the publisher; 0 when nothing waits. */
export async function publisherLagSeconds(db: Db, now: Date): Promise<number> {
  const times = await Promise.all([
    oldestIn(db, institutionKeys.dirty),
    oldestIn(db, noticeKeys.due, `${now.toISOString()}#~`),
    oldestIn(db, feeGuidanceKeys.due),
  ]);
  const oldest = Math.min(...times.filter((t): t is number => t !== undefined));
  return Number.isFinite(oldest) ? Math.max(0, Math.round((now.getTime() - oldest) / 1000)) : 0;
}

/**
 * Outboxes on the sparse index gsi2 whose items are sent under a lease: the
 * families' messages (messages.ts) and the followers' (follows.ts). One
 * definition of the three steps both take, each module giving its own keys:
 *
 * | access pattern                      | operation                                    | key condition                                    |
 * |-------------------------------------|----------------------------------------------|--------------------------------------------------|
 * | items due now, oldest first         | Query gsi2                                   | gsi2pk = <pending>, gsi2sk < <now>~              |
 * | claim one (a lease)                 | UpdateItem, conditional on the gsi2sk read   | gsi2sk := <leaseUntil>#…, attempts + 1           |
 * | settle (sent, skipped, failed, later) | UpdateItem, conditional on the lease id    | REMOVE gsi2pk/gsi2sk (or a later gsi2sk)         |
 *
 * A claim moves the item's index key to when the lease runs out, so a sender
 * that dies holding it leaves it due again then.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';
import { conditionHeld } from './conditional.ts';

/** One item of an outbox: its key, and its gsi2sk for a time. */
export interface LeasedItem {
  key: { pk: string; sk: string };
  /** The index key that makes the item due at `iso`. */
  dueAt: (iso: string) => string;
}

export type LeaseOutcome =
  | { status: 'sent'; at: Date; providerId: string }
  | { status: 'skipped' | 'failed'; at: Date; reason: string }
  | { status: 'pending'; retryAt: Date; reason: string };

/** The items of the outbox `pending` due by `now` (new, retry time reached, or a lease that ran out), oldest first. */
export async function queryDue(db: Db, pending: string, now: Date, limit: number): Promise<Record<string, unknown>[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :bound',
      ExpressionAttributeValues: { ':pk': pending, ':bound': `${now.toISOString()}~` },
      Limit: limit,
    }),
  );
  return out.Items ?? [];
}

/**
 * Claims a due item for `leaseMs` and counts the attempt; false when another
 * sender claimed it first (its index key is no longer the one read, `dueKey`).
 */
export function claimLease(db: Db, pending: string, item: LeasedItem & { dueKey: string }, input: { leaseId: string; now: Date; leaseMs: number }): Promise<boolean> {
  const until = new Date(input.now.getTime() + input.leaseMs).toISOString();
  return conditionHeld(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: item.key,
        UpdateExpression: 'SET gsi2sk = :until, leaseId = :lease, attempts = attempts + :one',
        ConditionExpression: 'gsi2pk = :pending AND gsi2sk = :seen',
        ExpressionAttributeValues: { ':until': item.dueAt(until), ':lease': input.leaseId, ':one': 1, ':pending': pending, ':seen': item.dueKey },
      }),
    ),
  );
}

/**
 * Settles a claimed item, only while the lease is still ours: sent, skipped
 * or failed (out of the index for good), or pending again at `retryAt`.
 * False when the lease was lost (ran out and another sender took it).
 */
export function settleLease(db: Db, item: LeasedItem, leaseId: string, outcome: LeaseOutcome): Promise<boolean> {
  const values: Record<string, unknown> = { ':lease': leaseId, ':status': outcome.status };
  let update: string;
  if (outcome.status === 'pending') {
    update = 'SET #status = :status, gsi2sk = :due, #reason = :reason REMOVE leaseId';
    values[':due'] = item.dueAt(outcome.retryAt.toISOString());
    values[':reason'] = outcome.reason;
  } else if (outcome.status === 'sent') {
    update = 'SET #status = :status, sentAt = :at, providerId = :pid REMOVE gsi2pk, gsi2sk, leaseId';
    values[':at'] = outcome.at.toISOString();
    values[':pid'] = outcome.providerId;
  } else {
    update = 'SET #status = :status, settledAt = :at, #reason = :reason REMOVE gsi2pk, gsi2sk, leaseId';
    values[':at'] = outcome.at.toISOString();
    values[':reason'] = outcome.reason;
  }
  return conditionHeld(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: item.key,
        UpdateExpression: update,
        ConditionExpression: 'leaseId = :lease',
        ExpressionAttributeNames: { '#status': 'status', ...(outcome.status === 'sent' ? {} : { '#reason': 'reason' }) },
        ExpressionAttributeValues: values,
      }),
    ),
  );
}

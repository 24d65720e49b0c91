/**
 * Leases: one run at a time of a job (the publisher, the retention purge)
 * without Lambda's reserved concurrency, which new accounts often cannot
 * spare. A run takes the lease, renews it while it works and gives it back;
 * a run that finds it held exits at once. A run that dies holding it (a
 * timeout, a crash) blocks others only until the lease expires.
 *
 * Access patterns:
 * - take a lease: put the item if it is absent or its lease has expired;
 * - renew it: put it again, only if we still hold it;
 * - release it: delete it, only if we still hold it;
 * - read it (operators, tests): GetItem.
 *
 * Keys: pk `LOCK#<name>`, sk `LOCK`; `owner` (random per run), `expiresAt`
 * (epoch milliseconds). Only PutItem and DeleteItem, so a job's IAM grant
 * (infra/constructs/jobs.ts) adds no new action on its other items.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';

export const lockKey = (name: string) => ({ pk: `LOCK#${name}`, sk: 'LOCK' });

async function conditional(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

function putLease(db: Db, name: string, owner: string, expiresAt: number, condition: { expression: string; values: Record<string, unknown> }) {
  return conditional(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...lockKey(name), entity: 'lock', owner, expiresAt },
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: condition.values,
      }),
    ),
  );
}

/** Takes the lease when nobody holds it or the holder's lease has expired; false when it is held. */
export function acquireLease(db: Db, name: string, owner: string, leaseMs: number, now: number): Promise<boolean> {
  return putLease(db, name, owner, now + leaseMs, {
    expression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :owner',
    values: { ':now': now, ':owner': owner },
  });
}

/** Extends our lease; false when it was lost (expired and taken by another run). */
export function renewLease(db: Db, name: string, owner: string, leaseMs: number, now: number): Promise<boolean> {
  return putLease(db, name, owner, now + leaseMs, { expression: '#owner = :owner', values: { ':owner': owner } });
}

/** Gives the lease back, if it is still ours. */
export function releaseLease(db: Db, name: string, owner: string): Promise<boolean> {
  return conditional(() =>
    db.doc.send(
      new DeleteCommand({
        TableName: db.tableName,
        Key: lockKey(name),
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }),
    ),
  );
}

/** Who holds a lease and until when (epoch ms); undefined when nobody does. */
export async function readLease(db: Db, name: string): Promise<{ owner: string; expiresAt: number } | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: lockKey(name), ConsistentRead: true }));
  return out.Item ? { owner: String(out.Item.owner), expiresAt: Number(out.Item.expiresAt) } : undefined;
}

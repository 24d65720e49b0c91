/**
 * Rate-limit and lockout counters in the single table: one item per
 * (bucket, key, fixed window), counted with an atomic ADD and deleted by TTL
 * after the window (and any lock it carries) is over. Keys are HMACs of the
 * IP or username (functions/auth/keys.ts), never the plain values.
 *
 * | access pattern                          | operation        | key condition                                   |
 * |-----------------------------------------|------------------|-------------------------------------------------|
 * | the recent windows of a key             | Query (strong)   | pk = RATE#<bucket>#<key>, sk >= <window start>  |
 * | count one more                          | UpdateItem ADD   | pk = RATE#<bucket>#<key>, sk = <window start>   |
 * | lock the key until a time               | UpdateItem, cond | lockedUntil absent                              |
 * | forget a key's windows (after success)  | DeleteItem       | pk = RATE#<bucket>#<key>, sk = <window start>   |
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Db } from './client.ts';

const SCHEMA_VERSION = 1;

export const rateKeys = {
  pk: (bucket: string, key: string) => `RATE#${bucket}#${key}`,
};

export const RateWindow = z.object({
  /** ISO time the window starts at (the sort key). */
  windowStart: z.string(),
  count: z.number().int().nonnegative(),
  /** Set once the limit was reached in this window: the key is refused until then. */
  lockedUntil: z.iso.datetime().optional(),
});
export type RateWindow = z.infer<typeof RateWindow>;

const RateItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('rate'),
  schemaVersion: z.literal(SCHEMA_VERSION),
  count: z.number().int().nonnegative(),
  lockedUntil: z.iso.datetime().optional(),
});

/** The key's windows starting at or after `sinceWindowStart`, oldest first. */
export async function readWindows(db: Db, bucket: string, key: string, sinceWindowStart: string): Promise<RateWindow[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': rateKeys.pk(bucket, key), ':since': sinceWindowStart },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => {
    const parsed = RateItem.parse(item);
    return { windowStart: parsed.sk, count: parsed.count, ...(parsed.lockedUntil ? { lockedUntil: parsed.lockedUntil } : {}) };
  });
}

/** Adds one to a window's count, atomically; answers the new count. */
export async function addToWindow(db: Db, bucket: string, key: string, windowStart: string, ttl: number): Promise<number> {
  const out = await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: { pk: rateKeys.pk(bucket, key), sk: windowStart },
      UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl), entity = :entity, schemaVersion = :v',
      ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':ttl': ttl, ':entity': 'rate', ':v': SCHEMA_VERSION },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(out.Attributes?.count ?? 1);
}

/**
 * Locks the key until `lockedUntil`, unless this window already holds a lock
 * (concurrent failures do not keep extending it). The window's TTL is pushed
 * out so the item outlives its lock. Answers the lock in force.
 */
export async function lockWindow(
  db: Db,
  bucket: string,
  key: string,
  windowStart: string,
  lockedUntil: string,
  ttl: number,
): Promise<string> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { pk: rateKeys.pk(bucket, key), sk: windowStart },
        UpdateExpression: 'SET lockedUntil = :until, #ttl = :ttl',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(lockedUntil)',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':until': lockedUntil, ':ttl': ttl },
      }),
    );
    return lockedUntil;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const windows = await readWindows(db, bucket, key, windowStart);
    return windows.find((w) => w.windowStart === windowStart)?.lockedUntil ?? lockedUntil;
  }
}

export async function deleteWindows(db: Db, bucket: string, key: string, windowStarts: readonly string[]): Promise<void> {
  await Promise.all(
    windowStarts.map((sk) => db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: { pk: rateKeys.pk(bucket, key), sk } }))),
  );
}

/**
 * BatchGetItem over any number of keys of the table: 100 keys a call (the
 * service's limit), up to 8 calls at once, retrying with backoff what
 * DynamoDB leaves unprocessed. The items come back in no particular order.
 * Used by the import (who holds these codes) and the publisher (a slice's
 * records, consistent).
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';

const BATCH_GET_LIMIT = 100;

export type ItemKey = { pk: string; sk: string };

export async function batchGet(db: Db, keys: ItemKey[], consistent: boolean): Promise<Record<string, unknown>[]> {
  const chunks: ItemKey[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) chunks.push(keys.slice(i, i + BATCH_GET_LIMIT));
  const out: Record<string, unknown>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending: ItemKey[] = chunks[next++]!;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        if (attempt > 8) throw new Error('BatchGetItem left keys unprocessed after 8 retries');
        const res = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: pending, ConsistentRead: consistent } } }));
        out.push(...((res.Responses?.[db.tableName] ?? []) as Record<string, unknown>[]));
        pending = (res.UnprocessedKeys?.[db.tableName]?.Keys ?? []) as ItemKey[];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, chunks.length) }, worker));
  return out;
}

/**
 * Every item of one partition whose sort key starts with a prefix, page by
 * page, consistently read and parsed: a case's events, a plan's events.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';

export async function queryAllByPrefix<T>(db: Db, pk: string, skPrefix: string, parse: (item: Record<string, unknown>) => T): Promise<T[]> {
  const found: T[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of out.Items ?? []) found.push(parse(item));
    cursor = out.LastEvaluatedKey;
  } while (cursor);
  return found;
}

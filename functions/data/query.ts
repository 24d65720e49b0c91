/**
 * Every item of one partition, page by page, parsed: of the table, whose
 * sort key starts with a prefix and consistently read (a case's events, a
 * plan's events), or of an index (a department's accounts, an account's
 * sessions).
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';

async function queryAll<T>(db: Db, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>, parse: (item: Record<string, unknown>) => T): Promise<T[]> {
  const found: T[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(new QueryCommand({ TableName: db.tableName, ...input, ExclusiveStartKey: cursor }));
    for (const item of out.Items ?? []) found.push(parse(item));
    cursor = out.LastEvaluatedKey;
  } while (cursor);
  return found;
}

export function queryAllByPrefix<T>(db: Db, pk: string, skPrefix: string, parse: (item: Record<string, unknown>) => T): Promise<T[]> {
  return queryAll(db, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix }, ConsistentRead: true }, parse);
}

/** Every item under one partition key of an index (`gsi1`: its key is `gsi1pk`); eventually consistent, as indexes are. */
export function queryAllInIndex<T>(db: Db, index: 'gsi1' | 'gsi2', pk: string, parse: (item: Record<string, unknown>) => T): Promise<T[]> {
  return queryAll(db, { IndexName: index, KeyConditionExpression: `${index}pk = :pk`, ExpressionAttributeValues: { ':pk': pk } }, parse);
}

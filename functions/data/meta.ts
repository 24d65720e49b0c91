import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';

/** True when the table holds no item at all (a fresh database). */
export async function isTableEmpty(db: Db): Promise<boolean> {
  const out = await db.doc.send(new ScanCommand({ TableName: db.tableName, Limit: 1, ProjectionExpression: 'pk' }));
  return (out.Items?.length ?? 0) === 0;
}

export interface Meta {
  demoDataVersion: number;
  loadedAt: string;
}

export async function putMeta(db: Db, meta: Meta): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: 'META', sk: 'META', entity: 'meta', ...meta } }));
}

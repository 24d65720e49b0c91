/**
 * An update that holds only if the item is still at the version the caller
 * acted on: true when it was applied, false when a newer write came first
 * (that write then keeps its own state). Used to settle the publisher's
 * sparse "waiting" indexes without ever hiding a newer change.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';

export async function updateIfVersion(
  db: Db,
  key: { pk: string; sk: string },
  version: number,
  update: { expression: string; values?: Record<string, unknown> },
): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: key,
        UpdateExpression: update.expression,
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ...update.values, ':v': version },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Conditional writes that answer whether they held: true when applied, false
 * when the condition failed (a newer write came first, the item is gone, the
 * name is taken); any other failure is thrown.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';

/** Runs one conditional write: false when its condition failed. */
export async function conditionHeld(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * An update that holds only if the item is still at the version the caller
 * acted on (that newer write then keeps its own state). Used to settle the
 * publisher's sparse "waiting" indexes without ever hiding a newer change.
 */
export function updateIfVersion(db: Db, key: { pk: string; sk: string }, version: number, update: { expression: string; values?: Record<string, unknown> }): Promise<boolean> {
  return conditionHeld(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: key,
        UpdateExpression: update.expression,
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ...update.values, ':v': version },
      }),
    ),
  );
}

/**
 * Adds one to a one-time code's `attempts` (a wrong code typed) and answers the count now;
 * infinity when the code's item is gone (used, replaced or expired), so the caller refuses.
 */
export async function countAttempt(db: Db, key: { pk: string; sk: string }): Promise<number> {
  try {
    const out = await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: key,
        UpdateExpression: 'ADD attempts :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.attempts ?? 0);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return Number.POSITIVE_INFINITY;
    throw error;
  }
}

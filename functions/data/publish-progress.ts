/**
 * Where the publisher's full re-render stands (functions/publish/republish.ts):
 * which render it is doing (the shell's hash and the public origin), how far
 * it got (a cursor over the institutions), and whether it is done. Written
 * after every slice of pages, so a run that stops (its time is up, Lambda's
 * timeout, a crash) is continued by the next from the last slice written,
 * never from the first page.
 *
 * Access patterns:
 * - read the progress: GetItem, consistent;
 * - checkpoint it: PutItem, conditional on the render it is for (a newer
 *   render started meanwhile is never overwritten by an older one's cursor).
 *
 * Keys: pk `PUBLISH#republish`, sk `PROGRESS`.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Db } from './client.ts';

export const publishProgressKey = { pk: 'PUBLISH#republish', sk: 'PROGRESS' };

export const RepublishProgress = z.object({
  /** What every page is rendered with: the shell's SHA-256 and the public origin. */
  renderKey: z.string(),
  /** Which (department kind, district) pair the cursor is in, by position in the jurisdiction's list. */
  pair: z.number().int().min(0),
  /** Where to go on within that pair (a gsi1 cursor); absent: from its first institution. */
  cursor: z.string().optional(),
  /** Pages rendered so far in this render (written or left unchanged). */
  pages: z.number().int().min(0),
  done: z.boolean(),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type RepublishProgress = z.infer<typeof RepublishProgress>;

export async function readRepublishProgress(db: Db): Promise<RepublishProgress | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: publishProgressKey, ConsistentRead: true }));
  if (!out.Item) return null;
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = out.Item;
  return RepublishProgress.parse(rest);
}

/**
 * Writes the progress; `previousKey` is the render the caller read (undefined:
 * there was none). False when another render was recorded meanwhile.
 */
export async function saveRepublishProgress(db: Db, progress: RepublishProgress, previousKey: string | undefined): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...publishProgressKey, entity: 'publish_progress', ...RepublishProgress.parse(progress) },
        ConditionExpression: previousKey === undefined ? 'attribute_not_exists(pk)' : 'renderKey = :key',
        ...(previousKey === undefined ? {} : { ExpressionAttributeValues: { ':key': previousKey } }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

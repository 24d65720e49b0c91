/**
 * Solved proof-of-work challenges (GET /api/challenge), remembered until
 * they expire so that no solution files more than one form.
 *
 * | access pattern                               | operation            | key condition                                     |
 * |----------------------------------------------|----------------------|---------------------------------------------------|
 * | use a solution for a form (first use wins)    | PutItem, conditional | pk = POW#<sha256(signature)>, sk = POW            |
 *
 * The put succeeds when the solution is unused, or already held by the same
 * form (its idempotency key, stored as a SHA-256): a retry of one form may
 * present its solution again, which files nothing new (the idempotency
 * record answers it); any other form presenting it is refused. `ttl` is the
 * challenge's expiry: after it, the challenge itself is refused, so the item
 * is no longer needed and DynamoDB deletes it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import type { Db } from './client.ts';

const SCHEMA_VERSION = 1;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const powKeys = {
  solution: (signature: string) => ({ pk: `POW#${sha256(signature)}`, sk: 'POW' }),
};

export type PowClaim = 'claimed' | 'taken';

/**
 * Claims a solved challenge (identified by its signature) for one form.
 * `expiresAt` is the challenge's own expiry, in epoch seconds.
 */
export async function claimPowSolution(db: Db, input: { signature: string; formKey: string; expiresAt: number; now: Date }): Promise<PowClaim> {
  const owner = sha256(input.formKey);
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...powKeys.solution(input.signature),
          entity: 'pow_solution',
          schemaVersion: SCHEMA_VERSION,
          owner,
          usedAt: input.now.toISOString(),
          ttl: input.expiresAt,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }),
    );
    return 'claimed';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'taken';
    throw error;
  }
}

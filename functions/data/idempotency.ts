/**
 * Idempotency records for submissions: one per form (its random
 * `Idempotency-Key`), written in the same transaction as the case it
 * created, so a record exists exactly when its case does. A retry finds it
 * and gets the same receipt; the receipt (with the access code) is kept
 * encrypted under the case's data key, and the record expires by TTL.
 *
 * | access pattern                          | operation            | key condition                        |
 * |-----------------------------------------|----------------------|--------------------------------------|
 * | has this form been submitted?           | GetItem (strong)     | pk = IDEM#<sha256(key)>, sk = IDEM   |
 * | claim the key with the new case         | Put in the case's transaction, cond. absent or expired |
 * | hold the key while filing (in flight)   | PutItem, cond. absent or expired | pk = IDEM#<sha256(key)>, sk = CLAIM |
 * | let go of it (the filing failed)        | DeleteItem, cond. still ours     | pk = IDEM#<sha256(key)>, sk = CLAIM |
 *
 * The in-flight claim is what keeps concurrent duplicates (a double click,
 * 50 retries at once) from each being counted against the family's limits:
 * only the holder runs the abuse check and the transaction; the others wait
 * for its record and replay it (functions/cases/intake.ts). A claim lapses
 * by itself after `expiresAt`, so a crashed holder never blocks the form.
 *
 * The key is stored only as its SHA-256 (like session tokens): the table
 * never holds what would let someone replay a submission. `fingerprint` is
 * an HMAC of the canonical body (server secret), never a plain hash: a plain
 * hash of a body with a phone number in it could be brute-forced.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './client.ts';

const SCHEMA_VERSION = 1;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const idempotencyKeys = {
  record: (key: string) => ({ pk: `IDEM#${createHash('sha256').update(key).digest('hex')}`, sk: 'IDEM' }),
  claim: (key: string) => ({ pk: `IDEM#${createHash('sha256').update(key).digest('hex')}`, sk: 'CLAIM' }),
};

export const IdempotencyRecord = z.object({
  /** What was submitted: `complaint` or `refund_dispute`. */
  scope: z.string(),
  /** HMAC-SHA-256 of the canonical body, hex. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  caseNumber: z.string(),
  /** The receipt, sealed under the case's data key (functions/crypto/envelope.ts). */
  receipt: z.object({ wrappedKey: z.string(), sealed: z.string() }),
  createdAt: z.iso.datetime(),
  /** Epoch seconds; DynamoDB deletes the record some time after. */
  ttl: z.number().int(),
});
export type IdempotencyRecord = z.infer<typeof IdempotencyRecord>;

const Item = IdempotencyRecord.extend({ entity: z.literal('idempotency'), schemaVersion: z.literal(SCHEMA_VERSION) });

/** The record for a key, unless there is none or it has expired (TTL deletion runs late). */
export async function getIdempotencyRecord(db: Db, key: string, now: Date): Promise<IdempotencyRecord | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: idempotencyKeys.record(key), ConsistentRead: true }));
  if (!out.Item) return null;
  const { entity: _e, schemaVersion: _v, ...record } = Item.parse(out.Item);
  return record.ttl > Math.floor(now.getTime() / 1000) ? record : null;
}

/** The Put that claims a key, for the case's transaction: fails when the key is taken and has not expired. */
export function claimIdempotencyKey(tableName: string, key: string, record: IdempotencyRecord, now: Date): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...idempotencyKeys.record(key), entity: 'idempotency', schemaVersion: SCHEMA_VERSION, ...IdempotencyRecord.parse(record) },
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
    },
  };
}

/** An in-flight claim on a key: `token` to let go of it, or null when another request holds it. */
export async function claimInFlight(db: Db, key: string, now: Date, holdSeconds: number): Promise<{ token: string } | null> {
  const token = randomUUID();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...idempotencyKeys.claim(key), entity: 'idempotency_claim', schemaVersion: SCHEMA_VERSION, token, ttl: nowSeconds + holdSeconds },
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': nowSeconds },
      }),
    );
    return { token };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}

/** Lets go of a claim that is still ours (the filing failed before its transaction wrote the record). */
export async function releaseClaim(db: Db, key: string, token: string): Promise<void> {
  try {
    await db.doc.send(
      new DeleteCommand({
        TableName: db.tableName,
        Key: idempotencyKeys.claim(key),
        ConditionExpression: '#token = :token',
        ExpressionAttributeNames: { '#token': 'token' },
        ExpressionAttributeValues: { ':token': token },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

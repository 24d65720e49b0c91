/**
 * Recovering a lost access code (找回查询码): the one-time code sent to the
 * family's mobile, beside the case.
 *
 * | access pattern                               | operation                  | key condition                         |
 * |----------------------------------------------|----------------------------|---------------------------------------|
 * | start a recovery (replaces an earlier one)   | PutItem (TTL)              | pk = CASE#<number>, sk = RECOVER      |
 * | read it                                      | GetItem (strong)           | same                                  |
 * | a wrong code                                 | UpdateItem ADD attempts    | same, while it exists                 |
 * | the right code: a new access code hash       | TransactWriteItems         | CASE on its version (hash, version+1) + Delete RECOVER (attempts, expiry, code hash as read) |
 *
 * Only the code's keyed hash is stored, never the code.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';
import { countAttempt } from './conditional.ts';

export interface RecoveryItem {
  caseNumber: string;
  codeKey: string;
  expiresAt: string;
  attempts: number;
}

const key = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'RECOVER' });

export async function putRecovery(db: Db, item: Omit<RecoveryItem, 'attempts'>): Promise<void> {
  const ttl = Math.floor(Date.parse(item.expiresAt) / 1000) + 3600;
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...key(item.caseNumber), entity: 'case_recovery', schemaVersion: 1, ...item, attempts: 0, ttl } }));
}

export async function getRecovery(db: Db, caseNumber: string): Promise<RecoveryItem | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: key(caseNumber), ConsistentRead: true }));
  if (!out.Item) return null;
  return { caseNumber, codeKey: String(out.Item.codeKey), expiresAt: String(out.Item.expiresAt), attempts: Number(out.Item.attempts ?? 0) };
}

/** Counts a wrong code; the attempts now. */
export async function countWrongCode(db: Db, caseNumber: string): Promise<number> {
  return countAttempt(db, key(caseNumber));
}

export async function deleteRecovery(db: Db, caseNumber: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: key(caseNumber) }));
}

/**
 * The right code: the case's access code hash replaced (the old code stops
 * working) and the recovery used up, in one transaction, conditional on the
 * case's version (a step written meanwhile would otherwise put the old hash
 * back) and on the recovery as read. False when either changed.
 */
export async function completeRecovery(
  db: Db,
  input: { caseNumber: string; version: number; accessCodeHash: string; recovery: RecoveryItem },
): Promise<boolean> {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.tableName,
              Key: { pk: `CASE#${input.caseNumber}`, sk: 'CASE' },
              UpdateExpression: 'SET accessCodeHash = :hash, version = version + :one',
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':hash': input.accessCodeHash, ':one': 1, ':v': input.version },
            },
          },
          {
            Delete: {
              TableName: db.tableName,
              Key: key(input.caseNumber),
              ConditionExpression: 'codeKey = :code AND attempts = :attempts',
              ExpressionAttributeValues: { ':code': input.recovery.codeKey, ':attempts': input.recovery.attempts },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

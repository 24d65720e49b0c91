/**
 * Staff sessions in the single table. The cookie holds a random token; the
 * table only its SHA-256, so a copy of the table cannot be replayed as
 * cookies. `ttl` lets DynamoDB delete ended sessions, lazily: every read
 * checks the times itself (functions/auth/session.ts).
 *
 * | access pattern                        | operation        | key condition                               |
 * |---------------------------------------|------------------|---------------------------------------------|
 * | the session of a cookie               | GetItem (strong) | pk = SESSION#<sha256 hex>, sk = SESSION     |
 * | keep an active session alive          | UpdateItem, cond | lastSeenAt = the value read                 |
 * | count a wrong TOTP code               | UpdateItem ADD   | pk exists                                   |
 * | sign out, or replace a pending one    | DeleteItem       | pk = SESSION#<sha256 hex>                   |
 * | a member's sessions (list, end all)   | Query gsi1       | gsi1pk = STAFFSESSION#<username>, by start  |
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Db } from './client.ts';
import { conditionHeld } from './conditional.ts';
import { queryAllInIndex } from './query.ts';

const SCHEMA_VERSION = 1;

export const sessionKeys = {
  record: (tokenHash: string) => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' }),
  /** gsi1: every session of one account, oldest first. */
  byStaff: (username: string) => `STAFFSESSION#${username}`,
};

export const SessionRecord = z.object({
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** `totp`: the password was right, the second factor is still owed. `full`: signed in. */
  stage: z.enum(['totp', 'full']),
  username: z.string(),
  /** Sent back in X-CSRF-Token on every state-changing request of this session. */
  csrfToken: z.string().min(32),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  /** Absolute end, whatever the activity. */
  expiresAt: z.iso.datetime(),
  /** Wrong TOTP codes entered in this (pending) session. */
  totpFailures: z.number().int().nonnegative().default(0),
  /** What the member sees in their session list: the browser and system (from the User-Agent), and the network (address masked: /24, or /48 for IPv6). */
  device: z.string().max(80).optional(),
  network: z.string().max(60).optional(),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

const SessionItem = SessionRecord.extend({
  entity: z.literal('session'),
  schemaVersion: z.literal(SCHEMA_VERSION),
  ttl: z.number().int(),
});

export async function putSession(db: Db, session: SessionRecord, ttl: number): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: {
        ...sessionKeys.record(session.tokenHash),
        gsi1pk: sessionKeys.byStaff(session.username),
        gsi1sk: `${session.createdAt}#${session.tokenHash}`,
        entity: 'session',
        schemaVersion: SCHEMA_VERSION,
        ttl,
        ...SessionRecord.parse(session),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** The session stored under a token's hash, with the TTL DynamoDB will delete it at (epoch seconds). */
export async function getSession(db: Db, tokenHash: string): Promise<(SessionRecord & { ttl: number }) | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: sessionKeys.record(tokenHash), ConsistentRead: true }));
  if (!out.Item) return null;
  const { entity: _e, schemaVersion: _v, ...session } = SessionItem.parse(out.Item);
  return session;
}

/**
 * Moves `lastSeenAt` (and the TTL) forward, only if nobody else did since it
 * was read and the session still exists. False: someone else refreshed or
 * ended it first; either way there is nothing more to do.
 */
export async function touchSession(
  db: Db,
  tokenHash: string,
  change: { previousLastSeenAt: string; lastSeenAt: string; ttl: number },
): Promise<boolean> {
  return conditionHeld(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: sessionKeys.record(tokenHash),
        UpdateExpression: 'SET lastSeenAt = :now, #ttl = :ttl',
        ConditionExpression: 'attribute_exists(pk) AND lastSeenAt = :previous',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': change.lastSeenAt, ':previous': change.previousLastSeenAt, ':ttl': change.ttl },
      }),
    ),
  );
}

/** Counts a wrong TOTP code against a pending session; answers the new count (0 if the session is gone). */
export async function countTotpFailure(db: Db, tokenHash: string): Promise<number> {
  try {
    const out = await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: sessionKeys.record(tokenHash),
        UpdateExpression: 'ADD totpFailures :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.totpFailures ?? 0);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 0;
    throw error;
  }
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: sessionKeys.record(tokenHash) }));
}

/** Every stored session of an account (ended ones DynamoDB has not deleted yet included: callers check the times). */
export async function listSessionsOfStaff(db: Db, username: string): Promise<SessionRecord[]> {
  return queryAllInIndex(db, 'gsi1', sessionKeys.byStaff(username), (item): SessionRecord => {
    const { entity: _e, schemaVersion: _v, ttl: _t, ...session } = SessionItem.parse(item);
    return session;
  });
}

/** Ends every session of an account; answers how many there were. */
export async function deleteSessionsOfStaff(db: Db, username: string): Promise<number> {
  const sessions = await listSessionsOfStaff(db, username);
  await Promise.all(sessions.map((s) => deleteSession(db, s.tokenHash)));
  return sessions.length;
}

/**
 * 关注机构: parents following a centre's status by text message. Everything
 * sits in the centre's own partition, FOLLOW#<institution id>; a follower is
 * known only by the keyed hash of the mobile (`mobileKey`, HMAC with the
 * server secret), and the mobile itself is sealed under its own data key
 * (envelope encryption, as a case's contact is), opened only to send.
 *
 * | access pattern                                   | operation                         | key condition                                      |
 * |--------------------------------------------------|-----------------------------------|----------------------------------------------------|
 * | ask to follow: a one-time code (replaces one)    | PutItem (TTL)                     | pk = FOLLOW#<id>, sk = CODE#<mobileKey>            |
 * | read it                                          | GetItem (strong)                  | same                                               |
 * | a wrong code                                     | UpdateItem ADD attempts           | same, while it exists                              |
 * | the right code: follow (or renew)                | TransactWriteItems                | Put SUB#<mobileKey> + Delete CODE#<mobileKey> (code hash and attempts as read) |
 * | a centre's followers (fan-out)                   | Query, a page at a time           | pk = FOLLOW#<id>, sk begins_with SUB#              |
 * | the follower an unsubscribe token names          | Query                             | pk = FOLLOW#<id>, sk begins_with SUB#<16 hex>      |
 * | one follower (at send time)                      | GetItem (strong)                  | pk = FOLLOW#<id>, sk = SUB#<mobileKey>             |
 * | unsubscribe                                      | DeleteItem                        | same                                               |
 * | status changes not yet fanned out, oldest first  | Query gsi2 (sparse)               | gsi2pk = FOLLOW#CHANGED (the institution's change event, written in the change's own transaction: data/institutions.ts) |
 * | a message per follower of one change             | PutItem, attribute_not_exists     | pk = FOLLOW#<id>, sk = MSG#<version>#<mobileKey>   |
 * | the change fanned out                            | UpdateItem REMOVE gsi2pk, gsi2sk  | pk = INST#<id>, sk = EVT#<version>                 |
 * | messages due now (pending, lease run out)        | Query gsi2 (sparse)               | gsi2pk = FOLLOW#MSG, gsi2sk < <now>~               |
 * | claim one (a lease) / settle it                  | UpdateItem, conditional           | as messages.ts does for cases' messages            |
 *
 * Expiry: a code 10 minutes (its item an hour later, by TTL); a subscription
 * FOLLOW_RETENTION_DAYS after it was last confirmed (TTL; reads also skip an
 * expired one, since TTL deletes late); a message item 90 days after it was
 * written. The message items hold no mobile, only its keyed hash.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';
import { countAttempt } from './conditional.ts';
import { claimLease, queryDue, settleLease, type LeasedItem, type LeaseOutcome } from './leases.ts';
import { decodeCursor, encodeCursor } from './paging.ts';

const SCHEMA_VERSION = 1;
export const FOLLOW_CHANGED = 'FOLLOW#CHANGED';
const MSG_PENDING = 'FOLLOW#MSG';
const MESSAGE_TTL_DAYS = 90;

export const followKeys = {
  partition: (institutionId: string) => `FOLLOW#${institutionId}`,
  code: (institutionId: string, mobileKey: string) => ({ pk: `FOLLOW#${institutionId}`, sk: `CODE#${mobileKey}` }),
  subscription: (institutionId: string, mobileKey: string) => ({ pk: `FOLLOW#${institutionId}`, sk: `SUB#${mobileKey}` }),
  message: (institutionId: string, version: number, mobileKey: string) => ({ pk: `FOLLOW#${institutionId}`, sk: `MSG#${String(version).padStart(8, '0')}#${mobileKey}` }),
  due: (at: string, institutionId: string, version: number, mobileKey: string) => `${at}#${institutionId}#${version}#${mobileKey.slice(0, 16)}`,
  /** The attributes a status change event carries until it is fanned out (data/institutions.ts adds them in the change's transaction). */
  changed: (at: string, institutionId: string, version: number) => ({ gsi2pk: FOLLOW_CHANGED, gsi2sk: `${at}#${institutionId}#${String(version).padStart(8, '0')}` }),
};

const ttlOf = (iso: string, extraSeconds = 0) => Math.floor(Date.parse(iso) / 1000) + extraSeconds;

async function conditional(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------
// One-time codes
// ---------------------------------------------------------------------------

export interface FollowCode {
  institutionId: string;
  mobileKey: string;
  codeKey: string;
  expiresAt: string;
  attempts: number;
}

export async function putFollowCode(db: Db, item: Omit<FollowCode, 'attempts'>): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...followKeys.code(item.institutionId, item.mobileKey), entity: 'follow_code', schemaVersion: SCHEMA_VERSION, ...item, attempts: 0, ttl: ttlOf(item.expiresAt, 3600) },
    }),
  );
}

export async function getFollowCode(db: Db, institutionId: string, mobileKey: string): Promise<FollowCode | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: followKeys.code(institutionId, mobileKey), ConsistentRead: true }));
  if (!out.Item) return null;
  return { institutionId, mobileKey, codeKey: String(out.Item.codeKey), expiresAt: String(out.Item.expiresAt), attempts: Number(out.Item.attempts ?? 0) };
}

/** Counts a wrong code; the attempts now (infinity when the code is gone). */
export async function countWrongFollowCode(db: Db, institutionId: string, mobileKey: string): Promise<number> {
  return countAttempt(db, followKeys.code(institutionId, mobileKey));
}

export async function deleteFollowCode(db: Db, institutionId: string, mobileKey: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: followKeys.code(institutionId, mobileKey) }));
}

// ---------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------

export interface Subscription {
  institutionId: string;
  mobileKey: string;
  /** The mobile, sealed: `{ wrappedKey, mobile }` (functions/follow/service.ts opens it). */
  wrappedKey: string;
  sealedMobile: string;
  confirmedAt: string;
  expiresAt: string;
}

const toSubscription = (item: Record<string, unknown>): Subscription => ({
  institutionId: String(item.institutionId),
  mobileKey: String(item.mobileKey),
  wrappedKey: String(item.wrappedKey),
  sealedMobile: String(item.sealedMobile),
  confirmedAt: String(item.confirmedAt),
  expiresAt: String(item.expiresAt),
});

/**
 * The right code: the subscription written (or renewed) and the code used
 * up, in one transaction conditional on the code as read. False when the
 * code changed meanwhile (a new one was sent, or it was used).
 */
export async function confirmFollow(db: Db, subscription: Subscription, code: FollowCode): Promise<boolean> {
  return conditional(() =>
    db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: {
                ...followKeys.subscription(subscription.institutionId, subscription.mobileKey),
                entity: 'follow_subscription',
                schemaVersion: SCHEMA_VERSION,
                ...subscription,
                ttl: ttlOf(subscription.expiresAt),
              },
            },
          },
          {
            Delete: {
              TableName: db.tableName,
              Key: followKeys.code(code.institutionId, code.mobileKey),
              ConditionExpression: 'codeKey = :code AND attempts = :attempts',
              ExpressionAttributeValues: { ':code': code.codeKey, ':attempts': code.attempts },
            },
          },
        ],
      }),
    ),
  );
}

export async function getSubscription(db: Db, institutionId: string, mobileKey: string, now: Date): Promise<Subscription | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: followKeys.subscription(institutionId, mobileKey), ConsistentRead: true }));
  if (!out.Item || String(out.Item.expiresAt) <= now.toISOString()) return null;
  return toSubscription(out.Item);
}

/** A centre's current followers, a page at a time (expired ones left out). */
export async function listFollowers(db: Db, institutionId: string, now: Date, options: { keyPrefix?: string; cursor?: string; limit?: number } = {}): Promise<{ items: Subscription[]; cursor?: string }> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
      ExpressionAttributeValues: { ':pk': followKeys.partition(institutionId), ':sub': `SUB#${options.keyPrefix ?? ''}` },
      ExclusiveStartKey: decodeCursor(options.cursor),
      Limit: options.limit ?? 200,
      ConsistentRead: true,
    }),
  );
  const cursor = encodeCursor(out.LastEvaluatedKey);
  const items = (out.Items ?? []).map(toSubscription).filter((s) => s.expiresAt > now.toISOString());
  return { items, ...(cursor ? { cursor } : {}) };
}

export async function deleteSubscription(db: Db, institutionId: string, mobileKey: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: followKeys.subscription(institutionId, mobileKey) }));
}

// ---------------------------------------------------------------------------
// Status changes to fan out, and the messages they make
// ---------------------------------------------------------------------------

export interface PendingChange {
  institutionId: string;
  version: number;
  at: string;
  toStatus: string;
}

/** Status changes waiting to be fanned out to followers, oldest first. */
export async function listChangesToFanOut(db: Db, limit = 25): Promise<PendingChange[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': FOLLOW_CHANGED },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((item) => ({ institutionId: String(item.institutionId), version: Number(item.version), at: String(item.at), toStatus: String(item.toStatus) }));
}

/** One follower's message about one change; false when it was already written (a fan-out run again). */
export function putFollowMessage(db: Db, input: { institutionId: string; version: number; mobileKey: string; name: string; toStatus: string; at: string }): Promise<boolean> {
  return conditional(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...followKeys.message(input.institutionId, input.version, input.mobileKey),
          entity: 'follow_message',
          schemaVersion: SCHEMA_VERSION,
          ...input,
          status: 'pending',
          attempts: 0,
          gsi2pk: MSG_PENDING,
          gsi2sk: followKeys.due(input.at, input.institutionId, input.version, input.mobileKey),
          ttl: ttlOf(input.at, MESSAGE_TTL_DAYS * 86_400),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/** The change is fanned out: off the index. */
export async function settleChange(db: Db, change: Pick<PendingChange, 'institutionId' | 'version'>): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: { pk: `INST#${change.institutionId}`, sk: `EVT#${String(change.version).padStart(8, '0')}` },
      UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'attribute_exists(pk)',
    }),
  ).catch((error: unknown) => {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  });
}

export interface FollowMessage {
  institutionId: string;
  version: number;
  mobileKey: string;
  name: string;
  toStatus: string;
  status: 'pending' | 'sent' | 'skipped' | 'failed';
  attempts: number;
  dueKey: string;
  reason?: string;
}

const toMessage = (item: Record<string, unknown>): FollowMessage => ({
  institutionId: String(item.institutionId),
  version: Number(item.version),
  mobileKey: String(item.mobileKey),
  name: String(item.name),
  toStatus: String(item.toStatus),
  status: item.status as FollowMessage['status'],
  attempts: Number(item.attempts ?? 0),
  dueKey: String(item.gsi2sk ?? ''),
  ...(item.reason ? { reason: String(item.reason) } : {}),
});

const leased = (message: Pick<FollowMessage, 'institutionId' | 'version' | 'mobileKey'>): LeasedItem => ({
  key: followKeys.message(message.institutionId, message.version, message.mobileKey),
  dueAt: (at) => followKeys.due(at, message.institutionId, message.version, message.mobileKey),
});

export async function listDueFollowMessages(db: Db, now: Date, limit = 25): Promise<FollowMessage[]> {
  return (await queryDue(db, MSG_PENDING, now, limit)).map(toMessage);
}

/** A centre's follow messages (tests, operators). */
export async function listFollowMessages(db: Db, institutionId: string): Promise<FollowMessage[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: { ':pk': followKeys.partition(institutionId), ':msg': 'MSG#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map(toMessage);
}

/** Claims a due message for `leaseMs` (leases.ts); false when another sender claimed it first. */
export function claimFollowMessage(db: Db, message: FollowMessage, input: { leaseId: string; now: Date; leaseMs: number }): Promise<boolean> {
  return claimLease(db, MSG_PENDING, { ...leased(message), dueKey: message.dueKey }, input);
}

/** Settles a claimed message while the lease is ours (leases.ts); false when the lease was lost. */
export function settleFollowMessage(db: Db, message: Pick<FollowMessage, 'institutionId' | 'version' | 'mobileKey'>, leaseId: string, outcome: LeaseOutcome): Promise<boolean> {
  return settleLease(db, leased(message), leaseId, outcome);
}

/**
 * Safety notices (安全提醒) in the single table.
 *
 * | access pattern                                   | operation            | key condition                                        |
 * |--------------------------------------------------|----------------------|------------------------------------------------------|
 * | get a notice by slug                             | GetItem              | pk = NOTICE#<slug>, sk = NOTICE                      |
 * | its history (events with revisions), newest first| Query, descending    | pk = NOTICE#<slug>, sk begins_with EVT#              |
 * | every notice, latest change first (staff, publisher) | Query gsi1, desc | gsi1pk = NOTICES, gsi1sk = <updatedAt>#<slug>         |
 * | notices whose public state is due to change      | Query gsi2 (sparse)  | gsi2pk = NOTICE_DUE, gsi2sk <= <now>#~               |
 *
 * Every write is a transaction of the record and an event keyed by the new
 * version, conditional on the version the writer read (the state machine is
 * shared/rules/notices.ts). Every write also puts the notice in the
 * sparse DUE index at "now", so the publisher looks at it; the publisher
 * then moves it to the next moment its public state changes by the clock
 * (publishAt, expiresAt), or out of the index.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { Actor } from '#shared/schemas/common.ts';
import { NoticeContent, SafetyNotice } from '#shared/schemas/guidance.ts';
import { NoticeActions, type NoticeEvent } from '#shared/rules/notice-events.ts';
import type { Transition } from '#shared/rules/notices.ts';
import type { Db } from './client.ts';
import { decodeCursor, encodeCursor } from './paging.ts';
import { updateIfVersion } from './conditional.ts';
import { VersionConflict } from './errors.ts';

const SCHEMA_VERSION = 1;

export const noticeKeys = {
  record: (slug: string) => ({ pk: `NOTICE#${slug}`, sk: 'NOTICE' }),
  event: (slug: string, version: number) => ({ pk: `NOTICE#${slug}`, sk: `EVT#${String(version).padStart(8, '0')}` }),
  all: 'NOTICES',
  due: 'NOTICE_DUE',
};

/** The slug is already someone else's notice. */
export class SlugTaken extends Error {
  constructor(readonly slug: string) {
    super(`slug taken: ${slug}`);
  }
}

export const NoticeEventSchema = z
  .object({
    slug: z.string(),
    version: z.number().int(),
    revision: z.number().int(),
    at: z.string(),
    action: z.enum(NoticeActions),
    actor: Actor,
    approvedBy: Actor.optional(),
    note: z.string().optional(),
    content: NoticeContent.optional(),
  })
  .meta({ id: 'NoticeEvent', description: '安全提醒的一次变更：谁、何时、做了什么；修改时附该版内容' });

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'entity', 'schemaVersion', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);

function parseNotice(item: Record<string, unknown>): SafetyNotice {
  return SafetyNotice.parse(Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))));
}

function recordItem(notice: SafetyNotice) {
  return {
    ...noticeKeys.record(notice.slug),
    entity: 'notice',
    schemaVersion: SCHEMA_VERSION,
    gsi1pk: noticeKeys.all,
    gsi1sk: `${notice.updatedAt}#${notice.slug}`,
    // Due now: the publisher looks at every change.
    gsi2pk: noticeKeys.due,
    gsi2sk: `${notice.updatedAt}#${notice.slug}`,
    ...notice,
  };
}

function eventItem(event: NoticeEvent) {
  return { ...noticeKeys.event(event.slug, event.version), entity: 'notice_event', schemaVersion: SCHEMA_VERSION, ...event };
}

export async function getNotice(db: Db, slug: string): Promise<SafetyNotice | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: noticeKeys.record(slug), ConsistentRead: true }));
  return out.Item ? parseNotice(out.Item) : null;
}

/**
 * Writes a transition (shared/rules/notices.ts): the new record and its
 * event, only if the record is still at the version the transition started
 * from (for a new notice: only if the slug is free).
 */
export async function saveNotice(db: Db, { next, event }: Transition): Promise<SafetyNotice> {
  const isNew = next.version === 1;
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: recordItem(next),
              ...(isNew
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': next.version - 1 } }),
            },
          },
          { Put: { TableName: db.tableName, Item: eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      if (isNew) throw new SlugTaken(next.slug);
      throw new VersionConflict(await getNotice(db, next.slug));
    }
    throw error;
  }
  return next;
}

/** A notice's history, newest first: every event, edits with the content of their revision. */
export async function listNoticeEvents(db: Db, slug: string, limit = 100): Promise<NoticeEvent[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': noticeKeys.record(slug).pk, ':evt': 'EVT#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((item) => NoticeEventSchema.parse(item) as NoticeEvent);
}


/** Notices, latest change first, a page at a time. */
export async function listNotices(db: Db, options: { limit?: number; cursor?: string } = {}): Promise<{ items: SafetyNotice[]; cursor?: string }> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': noticeKeys.all },
      ScanIndexForward: false,
      Limit: options.limit ?? 50,
      ExclusiveStartKey: decodeCursor(options.cursor),
    }),
  );
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return { items: (out.Items ?? []).map(parseNotice), ...(cursor ? { cursor } : {}) };
}

/** Every notice (the publisher renders from all of them; a city has hundreds, not millions). */
export async function allNotices(db: Db): Promise<SafetyNotice[]> {
  const all: SafetyNotice[] = [];
  let cursor: string | undefined;
  do {
    const page = await listNotices(db, { limit: 500, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

/** Notices whose public state may have changed by `now`: changed since published, or a publish or expiry time passed. */
export async function listDueNotices(db: Db, now: Date, limit = 200): Promise<SafetyNotice[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now',
      ExpressionAttributeValues: { ':due': noticeKeys.due, ':now': `${now.toISOString()}#~` },
      Limit: limit,
    }),
  );
  // The index is eventually consistent: read each record itself for its latest version.
  const slugs = [...new Set((out.Items ?? []).map((item) => item.slug as string))];
  const records = await Promise.all(slugs.map((slug) => getNotice(db, slug)));
  return records.filter((r): r is SafetyNotice => r !== null);
}

/**
 * After publishing a version: the next moment it is due (its publish or
 * expiry time), or out of the index. Conditional on the version published:
 * a newer write stays due now.
 */
export async function settleNoticeDue(db: Db, slug: string, version: number, nextDueAt: string | undefined): Promise<boolean> {
  return updateIfVersion(
    db,
    noticeKeys.record(slug),
    version,
    nextDueAt
      ? { expression: 'SET gsi2pk = :due, gsi2sk = :sk', values: { ':due': noticeKeys.due, ':sk': `${nextDueAt}#${slug}` } }
      : { expression: 'REMOVE gsi2pk, gsi2sk' },
  );
}

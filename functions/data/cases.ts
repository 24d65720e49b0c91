/**
 * Complaints and refund disputes (案件) in the single table.
 *
 * | access pattern                                         | operation                  | key condition                                                    |
 * |--------------------------------------------------------|----------------------------|------------------------------------------------------------------|
 * | file a case with its first routing (all or nothing)    | TransactWriteItems         | the items below + IDEM# + RISK#, case and key conditional        |
 * | get a case (tracking, staff)                           | GetItem (strong)           | pk = CASE#<number>, sk = CASE                                    |
 * | a case's events, in order                              | Query                      | pk = CASE#<number>, sk begins_with EVT#                          |
 * | a case's personal data (encrypted)                     | GetItem (strong)           | pk = CASE#<number>, sk = PII                                     |
 * | a department's open queue, by priority then deadline   | Query gsi1                 | gsi1pk = QUEUE#<departmentId>, gsi1sk = <rank>#<acceptBy>#<number>|
 * | closed cases still holding personal data, oldest first | Query gsi2 (sparse)        | gsi2pk = PII#CLOSED, gsi2sk < <cutoff>                           |
 * | close a case / set a legal hold / purge personal data  | TransactWriteItems, cond.  | case version + its queue items + an event                        |
 *
 * Items of one case share its partition: the record (`CASE`), its events
 * (`EVT#<seq>`), its personal data (`PII`, ciphertext only, written only
 * when the family gave any) and one queue entry per department that sees it
 * (`QUEUE#<departmentId>`, carrying the list's summary so a queue page is one
 * query). The record never holds personal data: only the masked contact
 * (138****1234, 张*) that lists show.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { CaseEvent, CaseRecord, StaffCaseSummary } from '#shared/schemas/cases.ts';
import type { Actor } from '#shared/schemas/common.ts';
import { Priorities } from '#shared/vocabulary.ts';
import type { Db } from './client.ts';
import { claimIdempotencyKey, type IdempotencyRecord } from './idempotency.ts';
import { countCase, type CountCase } from './risk.ts';

const SCHEMA_VERSION = 1;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const caseKeys = {
  record: (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'CASE' }),
  event: (caseNumber: string, seq: number) => ({ pk: `CASE#${caseNumber}`, sk: `EVT#${String(seq).padStart(4, '0')}` }),
  personal: (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'PII' }),
  queue: (caseNumber: string, departmentId: string) => ({ pk: `CASE#${caseNumber}`, sk: `QUEUE#${departmentId}` }),
  /** gsi1: a department's open cases. */
  openQueue: (departmentId: string) => `QUEUE#${departmentId}`,
  /** gsi1: a department's closed cases (kept for the console's history). */
  closedQueue: (departmentId: string) => `QUEUEDONE#${departmentId}`,
  /** Priority first (emergency 0, urgent 1, normal 2), then the accept deadline, then the number. */
  queueSort: (priority: (typeof Priorities.keys)[number], acceptBy: string, caseNumber: string) =>
    `${Priorities.keys.indexOf(priority)}#${acceptBy}#${caseNumber}`,
  /** gsi2 (sparse): closed cases that still hold personal data. */
  closedWithPersonalData: 'PII#CLOSED',
};

/** Which departments see a case in their queue, and as what. */
export const QueueEntry = z.object({ departmentId: z.string(), role: z.enum(['lead', 'co_handling']) });
export type QueueEntry = z.infer<typeof QueueEntry>;

/** The encrypted personal-data item: field ciphertexts under the case's data key (functions/crypto/envelope.ts). */
export const PersonalDataItem = z.object({
  caseNumber: z.string(),
  /** Which key provider wrapped the data key (never secret), e.g. `kms:alias/shouhu-cases`. */
  keyProvider: z.string(),
  wrappedKey: z.string(),
  /** Field name → ciphertext: `contactName`, `contactMobile`, `childAgeBand`, each only when given. */
  fields: z.record(z.string(), z.string()),
  createdAt: z.iso.datetime(),
});
export type PersonalDataItem = z.infer<typeof PersonalDataItem>;

const RecordItem = CaseRecord.extend({
  entity: z.literal('case'),
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** PHC-style scrypt hash of the access code (functions/cases/access-code.ts). */
  accessCodeHash: z.string().startsWith('$scrypt$'),
  queue: z.array(QueueEntry).min(1),
  eventSeq: z.number().int().positive(),
});

export interface StoredCase {
  record: CaseRecord;
  accessCodeHash: string;
  queue: QueueEntry[];
  eventSeq: number;
}

/** The case's number was taken in the meantime (numbers are random): draw another. */
export class CaseNumberTaken extends Error {
  constructor() {
    super('case number taken');
  }
}
/** Another request claimed the idempotency key first: read its record. */
export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('idempotency key taken');
  }
}
/** Concurrent transactions on the same items (a risk counter, a key): try again shortly. */
export class WriteConflict extends Error {
  constructor() {
    super('transaction conflict');
  }
}
/** The case changed since it was read (or a legal hold stands): read again. */
export class CaseChanged extends Error {
  constructor() {
    super('case changed');
  }
}

function recordItem(stored: StoredCase) {
  const record = CaseRecord.parse(stored.record);
  const closedWithData = record.closedAt && record.hasPersonalData;
  return {
    ...caseKeys.record(record.caseNumber),
    entity: 'case',
    schemaVersion: SCHEMA_VERSION,
    ...record,
    accessCodeHash: stored.accessCodeHash,
    queue: stored.queue,
    eventSeq: stored.eventSeq,
    ...(closedWithData ? { gsi2pk: caseKeys.closedWithPersonalData, gsi2sk: `${record.closedAt}#${record.caseNumber}` } : {}),
  };
}

function eventItem(caseNumber: string, event: CaseEvent) {
  return { ...caseKeys.event(caseNumber, event.seq), entity: 'case_event', schemaVersion: SCHEMA_VERSION, caseNumber, ...CaseEvent.parse(event) };
}

/** The summary a queue page shows, for one department. */
export function queueSummary(record: CaseRecord, role: QueueEntry['role']): StaffCaseSummary {
  return StaffCaseSummary.parse({
    caseNumber: record.caseNumber,
    type: record.type,
    ...(record.complaint ? { kind: record.complaint.kind } : {}),
    state: record.state,
    priority: record.routing.priority,
    acceptBy: record.routing.acceptBy,
    concludeBy: record.routing.concludeBy,
    submittedAt: record.submittedAt,
    districtCode: record.districtCode,
    institutionName: record.institution.name,
    role,
    leadDepartmentId: record.leadDepartmentId,
    contact: record.contactMasked ?? null,
    abuseSuspected: record.abuseSuspected,
  });
}

function queueItem(record: CaseRecord, entry: QueueEntry) {
  const open = !record.closedAt;
  return {
    ...caseKeys.queue(record.caseNumber, entry.departmentId),
    entity: 'case_queue',
    schemaVersion: SCHEMA_VERSION,
    departmentId: entry.departmentId,
    gsi1pk: open ? caseKeys.openQueue(entry.departmentId) : caseKeys.closedQueue(entry.departmentId),
    gsi1sk: caseKeys.queueSort(record.routing.priority, record.routing.acceptBy, record.caseNumber),
    summary: queueSummary(record, entry.role),
  };
}

function withTable(db: Db, items: TransactItem[]): TransactItem[] {
  for (const item of items) {
    for (const op of Object.values(item)) if (op && typeof op === 'object' && 'TableName' in op) op.TableName = db.tableName;
  }
  return items;
}

type Reason = { Code?: string | undefined };
const reasonsOf = (error: TransactionCanceledException): Reason[] => (error.CancellationReasons ?? []) as Reason[];

export interface NewCase {
  record: CaseRecord;
  accessCodeHash: string;
  /** The first events (submitted, routed), seq 1… */
  events: CaseEvent[];
  /** The sealed personal data, when the family gave any. */
  personal?: PersonalDataItem;
  queue: QueueEntry[];
  idempotency: { key: string; record: IdempotencyRecord };
  /** The institution's risk counters, when it is on the list. */
  risk?: CountCase;
  now: Date;
}

/**
 * Writes a new case in one transaction: the record, its first events, its
 * personal data, its queue entries, the idempotency record and the risk
 * counters. Never half: a failed condition or any error writes nothing.
 */
export async function createCase(db: Db, input: NewCase): Promise<void> {
  const n = input.record.caseNumber;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: '',
        Item: recordItem({ record: input.record, accessCodeHash: input.accessCodeHash, queue: input.queue, eventSeq: input.events.length }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    claimIdempotencyKey('', input.idempotency.key, input.idempotency.record, input.now),
    ...input.events.map((event) => ({ Put: { TableName: '', Item: eventItem(n, event) } })),
    ...(input.personal
      ? [{ Put: { TableName: '', Item: { ...caseKeys.personal(n), entity: 'case_personal_data', schemaVersion: SCHEMA_VERSION, ...PersonalDataItem.parse(input.personal) } } }]
      : []),
    ...input.queue.map((entry) => ({ Put: { TableName: '', Item: queueItem(input.record, entry) } })),
    ...(input.risk ? [countCase('', input.risk)] : []),
  ];
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: withTable(db, items) }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = reasonsOf(error);
    if (reasons[1]?.Code === 'ConditionalCheckFailed') throw new IdempotencyKeyTaken();
    if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new CaseNumberTaken();
    if (reasons.some((r) => r.Code === 'TransactionConflict')) throw new WriteConflict();
    throw error;
  }
}

function parseRecordItem(item: Record<string, unknown>): StoredCase {
  const parsed = RecordItem.parse(item);
  return { record: CaseRecord.parse(parsed), accessCodeHash: parsed.accessCodeHash, queue: parsed.queue, eventSeq: parsed.eventSeq };
}

export async function getCase(db: Db, caseNumber: string): Promise<StoredCase | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: caseKeys.record(caseNumber), ConsistentRead: true }));
  return out.Item ? parseRecordItem(out.Item) : null;
}

/** A case's events, oldest first. */
export async function listCaseEvents(db: Db, caseNumber: string): Promise<CaseEvent[]> {
  const events: CaseEvent[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
        ExpressionAttributeValues: { ':pk': caseKeys.record(caseNumber).pk, ':evt': 'EVT#' },
        ConsistentRead: true,
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of out.Items ?? []) events.push(CaseEvent.parse(item));
    cursor = out.LastEvaluatedKey;
  } while (cursor);
  return events;
}

export async function getPersonalData(db: Db, caseNumber: string): Promise<PersonalDataItem | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: caseKeys.personal(caseNumber), ConsistentRead: true }));
  return out.Item ? PersonalDataItem.parse(out.Item) : null;
}

// ---------------------------------------------------------------------------
// Queues
// ---------------------------------------------------------------------------

export interface Page<T> {
  items: T[];
  cursor?: string;
}

const CursorKey = z.object({ pk: z.string(), sk: z.string(), gsi1pk: z.string(), gsi1sk: z.string() }).strict();

/** Encodes a page's last key; a cursor only continues the queue it came from. */
function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export class BadCursor extends Error {
  constructor() {
    super('bad cursor');
  }
}

function decodeCursor(cursor: string | undefined, gsi1pk: string): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = CursorKey.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (key.gsi1pk !== gsi1pk) throw new BadCursor();
    return key;
  } catch {
    throw new BadCursor();
  }
}

/** A department's open cases, most urgent first, then by the accept deadline; a page at a time. */
export async function listQueue(
  db: Db,
  options: { departmentId: string; limit?: number; cursor?: string; closed?: boolean },
): Promise<Page<StaffCaseSummary>> {
  const gsi1pk = options.closed ? caseKeys.closedQueue(options.departmentId) : caseKeys.openQueue(options.departmentId);
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1pk },
      Limit: Math.min(Math.max(options.limit ?? 50, 1), 100),
      ExclusiveStartKey: decodeCursor(options.cursor, gsi1pk),
    }),
  );
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return { items: (out.Items ?? []).map((item) => StaffCaseSummary.parse(item.summary)), ...(cursor ? { cursor } : {}) };
}

// ---------------------------------------------------------------------------
// Changes after filing: each conditional on the version read, with its event
// ---------------------------------------------------------------------------

async function writeChange(
  db: Db,
  current: StoredCase,
  next: CaseRecord,
  event: CaseEvent,
  options: { extra?: TransactItem[]; notOnLegalHold?: boolean } = {},
): Promise<void> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: '',
        Item: recordItem({ ...current, record: next, eventSeq: event.seq }),
        ConditionExpression: options.notOnLegalHold ? 'version = :expected AND legalHold = :false' : 'version = :expected',
        ExpressionAttributeValues: { ':expected': current.record.version, ...(options.notOnLegalHold ? { ':false': false } : {}) },
      },
    },
    { Put: { TableName: '', Item: eventItem(next.caseNumber, event), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...current.queue.map((entry) => ({ Put: { TableName: '', Item: queueItem(next, entry) } })),
    ...(options.extra ?? []),
  ];
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: withTable(db, items) }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      throw reasonsOf(error).some((r) => r.Code === 'TransactionConflict') ? new WriteConflict() : new CaseChanged();
    }
    throw error;
  }
}

/**
 * Closes a case (the minimal state change: the console of the next issue
 * adds the rest of the workflow). From then on its personal data counts
 * down to deletion (`listClosedWithPersonalData`).
 */
export async function closeCase(
  db: Db,
  input: { caseNumber: string; at: Date; state?: 'closed' | 'concluded' | 'not_accepted'; actor?: Actor },
): Promise<CaseRecord> {
  const current = await getCase(db, input.caseNumber);
  if (!current) throw new CaseChanged();
  const at = input.at.toISOString();
  const to = input.state ?? 'closed';
  const next: CaseRecord = { ...current.record, state: to, closedAt: at, version: current.record.version + 1 };
  const seq = current.eventSeq + 1;
  await writeChange(db, current, next, {
    type: 'state_changed',
    seq,
    at,
    visibility: 'public',
    from: current.record.state,
    to,
    ...(input.actor ? { actor: input.actor } : {}),
  });
  return next;
}

/** Puts a case on legal hold (its personal data is kept past retention) or lifts the hold. */
export async function setLegalHold(
  db: Db,
  input: { caseNumber: string; hold: boolean; reason: string; at: Date; actor?: Actor },
): Promise<CaseRecord> {
  const current = await getCase(db, input.caseNumber);
  if (!current) throw new CaseChanged();
  const next: CaseRecord = { ...current.record, legalHold: input.hold, version: current.record.version + 1 };
  await writeChange(db, current, next, {
    type: 'legal_hold',
    seq: current.eventSeq + 1,
    at: input.at.toISOString(),
    visibility: 'internal',
    hold: input.hold,
    reason: input.reason,
    ...(input.actor ? { actor: input.actor } : {}),
  });
  return next;
}

/** Closed cases that still hold personal data, closed before `closedBefore`, oldest first. */
export async function listClosedWithPersonalData(
  db: Db,
  options: { closedBefore: string; limit?: number; cursor?: Record<string, unknown> },
): Promise<{ caseNumbers: string[]; cursor?: Record<string, unknown> }> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
      ExpressionAttributeValues: { ':pk': caseKeys.closedWithPersonalData, ':before': options.closedBefore },
      ProjectionExpression: 'caseNumber',
      Limit: options.limit ?? 100,
      ExclusiveStartKey: options.cursor,
    }),
  );
  return {
    caseNumbers: (out.Items ?? []).map((item) => String(item.caseNumber)),
    ...(out.LastEvaluatedKey ? { cursor: out.LastEvaluatedKey } : {}),
  };
}

/**
 * Deletes a closed case's personal data: the encrypted item, and the masked
 * contact on the record and its queue entries, with an internal event.
 * Refused (CaseChanged) when the case changed since `current` was read or a
 * legal hold stands, checked in the same transaction.
 */
export async function purgePersonalData(db: Db, current: StoredCase, input: { at: Date; retentionDays: number }): Promise<void> {
  const { contactMasked: _m, ...rest } = current.record;
  const at = input.at.toISOString();
  const next: CaseRecord = { ...rest, hasPersonalData: false, personalDataPurgedAt: at, version: current.record.version + 1 };
  await writeChange(
    db,
    current,
    next,
    { type: 'personal_data_purged', seq: current.eventSeq + 1, at, visibility: 'internal', retentionDays: input.retentionDays },
    { extra: [{ Delete: { TableName: '', Key: caseKeys.personal(current.record.caseNumber) } }], notOnLegalHold: true },
  );
}

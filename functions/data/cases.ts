// Why one file (about 890 lines): every case step writes the record, its events and
// its queue entries in one transaction, and the queue queries below read those
// same entries; the key scheme (caseKeys), the entry's summary (queueSummary)
// and both sides must change together, so they are kept in one place. The
// seams for a later split are the section rules: queue reads (listQueue,
// countQueue), case steps, attachments.
/**
 * Complaints and refund disputes (案件) in the single table.
 *
 * | access pattern                                         | operation                  | key condition                                                    |
 * |--------------------------------------------------------|----------------------------|------------------------------------------------------------------|
 * | file a case with its first routing (all or nothing)    | TransactWriteItems         | the items below + IDEM# + RISK#, case and key conditional        |
 * | get a case (tracking, staff)                           | GetItem (strong)           | pk = CASE#<number>, sk = CASE                                    |
 * | a case's events, in order                              | Query                      | pk = CASE#<number>, sk begins_with EVT#                          |
 * | the step that wrote an event (did a lost answer land?) | GetItem (strong), `step`   | pk = CASE#<number>, sk = EVT#<seq>                               |
 * | a case's personal data (encrypted)                     | GetItem (strong)           | pk = CASE#<number>, sk = PII                                     |
 * | a department's open queue, most urgent, then due first | Query gsi1, paged          | gsi1pk = QUEUE#<deptId>, gsi1sk = <rank>#<dueBy>#<number> (paused: <rank>#P#<dueBy>#<number>) |
 * | … of one kind (or refund disputes)                     | Query gsi1, paged          | gsi1pk = QUEUE#<deptId>#kind#<kind>, same sort key               |
 * | … about one listed institution (filter, related cases) | Query gsi1, paged          | gsi1pk = QUEUE#<deptId>#inst#<institutionId>, same sort key      |
 * | … in one district / in one state                       | Query gsi1, paged          | gsi1pk = QUEUE#<deptId>#district#<code> / QUEUE#<deptId>#state#<state>, same sort key |
 * | any of these lists submitted in a date range, latest first | Query gsi2, descending, paged | gsi2pk = the list's gsi1pk, gsi2sk BETWEEN <from> AND <to>#~ (`<submittedAt>#<number>`) |
 * | two or more of kind, institution, district, state (with dates or not) | Query combo<n> (by urgency) / combo<n>d (by date), paged | combo<n>pk = QUEUE#<deptId>#kind#<kind>#district#<code>… (QUEUE_COMBOS: which entry, which n), sort key gsi1sk / gsi2sk |
 * | overdue / due soon / paused, per priority (at a glance)| Query gsi1, Select COUNT, up to GLANCE_CAP + 1 | gsi1pk = QUEUE#<deptId>, gsi1sk BETWEEN <rank># AND <rank>#<now> (…) |
 * | a department's closed cases, latest first              | Query gsi1, descending     | gsi1pk = QUEUEDONE#<deptId>[#kind#…|#inst#…|#district#…|#state#…], gsi1sk = <closedAt>#<number> |
 * | closed cases still holding personal data, oldest first | Query gsi2 (sparse)        | gsi2pk = PII#CLOSED, gsi2sk < <cutoff>                           |
 * | write a case's queue and index entries once (backfill)  | Query gsi1 (lead's lists), then per case GetItem + TransactWriteItems on its version | gsi1pk = QUEUE#<deptId> / QUEUEDONE#<deptId> |
 * | a case step (transition, merge, mirror onto duplicates, close, legal hold, purge) | TransactWriteItems, cond. | each case on its version + its events + its queue entries (put, moved, deleted) + STATS# + RISK# + MSG# (functions/data/messages.ts) |
 *
 * Items of one case share its partition: the record (`CASE`), its events
 * (`EVT#<seq>`), its personal data (`PII`, ciphertext only, written only
 * when the family gave any) and, per department that sees it, a queue entry
 * (`QUEUE#<departmentId>`). Beside the case's partition, its index entries
 * (`CASEIDX#<number>` / `QUEUE#<departmentId>#kind`, `…#district`,
 * `…#state`, and `…#inst` for a listed institution) put it in the lists by
 * kind, district, state and institution; every entry is on gsi2 too, in the
 * same partition by submission time. The entries carry, between them, one key
 * per combination of two or more of those lists (QUEUE_COMBOS), in three
 * more pairs of indexes. Each entry carries the list's summary,
 * so a queue page is one query. A merged duplicate keeps only the main
 * entry, in its departments' closed lists. Every step rewrites them with the
 * record, in one transaction (sizes: docs/data-model.md, "Transaction
 * sizes"); `rewriteQueueEntries` writes them once for cases filed before.
 * The record never holds personal data: only the masked
 * contact (138****1234, 张*) that lists show.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
// The parts this module reads, not every case schema (cases.ts): a job that reads cases builds only these at cold start.
import { CaseAttachment } from '#shared/schemas/cases/attachments.ts';
import { CaseEvent, CaseRecord } from '#shared/schemas/cases/record.ts';
import { StaffCaseSummary } from '#shared/schemas/cases/staff.ts';
import type { Actor } from '#shared/schemas/common.ts';
import { deadlineRuns, dueOf } from '#shared/rules/deadlines.ts';
import { Priorities } from '#shared/vocabulary.ts';
import type { Db } from './client.ts';
import { queryAllByPrefix } from './query.ts';
import { encodeCursor } from './paging.ts';
import { claimIdempotencyKey, type IdempotencyRecord } from './idempotency.ts';
import { countCase, type CountCase } from './risk.ts';
import { countStats } from './stats.ts';

const SCHEMA_VERSION = 1;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The lists beside a department's queue, each an index partition of its own (T2, T3, T4). */
export const QUEUE_FACETS = ['kind', 'inst', 'district', 'state'] as const;
export type QueueFacet = (typeof QUEUE_FACETS)[number];

export const caseKeys = {
  record: (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'CASE' }),
  event: (caseNumber: string, seq: number) => ({ pk: `CASE#${caseNumber}`, sk: `EVT#${String(seq).padStart(4, '0')}` }),
  personal: (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'PII' }),
  queue: (caseNumber: string, departmentId: string) => ({ pk: `CASE#${caseNumber}`, sk: `QUEUE#${departmentId}` }),
  /** gsi1: a department's open cases. */
  openQueue: (departmentId: string) => `QUEUE#${departmentId}`,
  /** gsi1: a department's closed cases (kept for the console's history). */
  closedQueue: (departmentId: string) => `QUEUEDONE#${departmentId}`,
  /** The index entries beside a queue entry (by kind, institution, district, state), in a partition of their own beside the case's. */
  queueFacet: (caseNumber: string, departmentId: string, facet: QueueFacet) => ({ pk: `CASEIDX#${caseNumber}`, sk: `QUEUE#${departmentId}#${facet}` }),
  /** gsi1 (and gsi2): a department's cases of one kind (open, or closed), about one institution, in one district, in one state. */
  facetQueue: (departmentId: string, open: boolean, facet: QueueFacet, value: string) =>
    `${open ? 'QUEUE' : 'QUEUEDONE'}#${departmentId}#${facet}#${value}`,
  /**
   * combo<n>pk (indexes combo<n> by urgency, combo<n>d by date): a department's cases matching two or more
   * of kind, institution, district, state (open, or closed), the facets in QUEUE_FACETS' order, e.g.
   * `QUEUE#<deptId>#kind#fees#district#411502` (T4c).
   */
  comboQueue: (departmentId: string, open: boolean, values: ReadonlyArray<readonly [QueueFacet, string]>) =>
    `${open ? 'QUEUE' : 'QUEUEDONE'}#${departmentId}${values.map(([facet, value]) => `#${facet}#${value}`).join('')}`,
  /** gsi2 of every queue and index entry: the same list (`gsi2pk = gsi1pk`), by submission time, so a date range is a key condition. */
  submittedSort: (submittedAt: string, caseNumber: string) => `${submittedAt}#${caseNumber}`,
  /**
   * Priority first (emergency 0, urgent 1, normal 2), then the deadline that
   * runs now (accepting, then concluding), then the number. A paused case
   * sorts after the running ones of its priority (`P` after every date), so
   * counting overdue cases is a key range.
   */
  queueSort: (priority: (typeof Priorities.keys)[number], dueBy: string, caseNumber: string, paused = false) =>
    `${Priorities.keys.indexOf(priority)}#${paused ? 'P#' : ''}${dueBy}#${caseNumber}`,
  /** Closed lists: by when the case closed (or was merged), read latest first. */
  doneSort: (doneAt: string, caseNumber: string) => `${doneAt}#${caseNumber}`,
  /** gsi2 (sparse): closed cases that still hold personal data. */
  closedWithPersonalData: 'PII#CLOSED',
};

/**
 * Where each combination of two or more lists (T4c) is keyed: on which of a
 * case's entries per office (the main one or an index entry) and in which of
 * the three slots (`combo<slot>pk`, indexes combo<slot> and combo<slot>d). One
 * key per combination and office, spread over the entries a case has anyway,
 * so a combination costs no item in a step's transaction; a combination
 * naming the institution only when it is listed (on the entry that is there
 * then). Facets in QUEUE_FACETS' order.
 */
export const QUEUE_COMBOS: ReadonlyArray<{ facets: readonly QueueFacet[]; on: QueueFacet | 'main'; slot: 1 | 2 | 3 }> = [
  { facets: ['kind', 'district'], on: 'main', slot: 1 },
  { facets: ['district', 'state'], on: 'main', slot: 2 },
  { facets: ['kind', 'state'], on: 'main', slot: 3 },
  { facets: ['kind', 'district', 'state'], on: 'district', slot: 1 },
  { facets: ['inst', 'district'], on: 'inst', slot: 1 },
  { facets: ['kind', 'inst'], on: 'inst', slot: 2 },
  { facets: ['inst', 'state'], on: 'inst', slot: 3 },
  { facets: ['kind', 'inst', 'district'], on: 'kind', slot: 1 },
  { facets: ['kind', 'inst', 'state'], on: 'kind', slot: 2 },
  { facets: ['inst', 'district', 'state'], on: 'state', slot: 1 },
  { facets: ['kind', 'inst', 'district', 'state'], on: 'state', slot: 2 },
];

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
  /** HMAC-SHA-256 (server secret) of the mobile given, for recovering a lost access code (functions/cases/recovery.ts): compared, never reversed. */
  mobileKey: z.string().optional(),
  createdAt: z.iso.datetime(),
});
export type PersonalDataItem = z.infer<typeof PersonalDataItem>;

const RecordItem = CaseRecord.extend({
  entity: z.literal('case'),
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** PHC-style scrypt hash of the access code (functions/cases/access-code.ts). */
  /** `$hmac-sha256$…` (functions/cases/access-code.ts), or `$scrypt$…` for codes stored before. */
  accessCodeHash: z.string().refine((s) => s.startsWith('$hmac-sha256$') || s.startsWith('$scrypt$')),
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
/** The case changed since it was read (or a legal hold stands): read again. `caseNumber`: which one, when a step wrote several. */
export class CaseChanged extends Error {
  constructor(readonly caseNumber?: string) {
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

/** Does the case sit in its departments' open lists? While its deadline runs (shared/rules/deadlines.ts). */
export const inOpenQueue = (record: CaseRecord): boolean => deadlineRuns(record);

/** The summary a queue page shows, for one department. */
export function queueSummary(record: CaseRecord, role: QueueEntry['role']): StaffCaseSummary {
  return StaffCaseSummary.parse({
    ...dueOf(record),
    ...(record.institution.id ? { institutionId: record.institution.id } : {}),
    ...(record.assignee ? { assignee: record.assignee } : {}),
    ...(record.pause ? { paused: true } : {}),
    ...(record.reopened ? { reopened: true } : {}),
    ...(record.mergedInto ? { mergedInto: record.mergedInto } : {}),
    ...(record.closedAt ? { closedAt: record.closedAt } : {}),
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

/** The kind a queue filters on: the complaint's kind, or `refund_dispute`. */
export function queueKind(record: Pick<CaseRecord, 'type' | 'complaint'>): string {
  return record.complaint?.kind ?? record.type;
}

/** The value a case has in each list beside the queue (none for `inst` when the institution is not listed). */
function facetValue(record: CaseRecord, facet: QueueFacet): string | undefined {
  switch (facet) {
    case 'kind':
      return queueKind(record);
    case 'inst':
      return record.institution.id;
    case 'district':
      return record.districtCode;
    case 'state':
      return record.state;
  }
}

/**
 * A department's queue entry and its index entries: each carries the
 * summary, and the attributes filters test (state, kind, district,
 * institution, submission time). On gsi1 by urgency (open) or by closing
 * (closed); on gsi2 the same partition by submission time.
 */
function queueItems(record: CaseRecord, entry: QueueEntry): Record<string, unknown>[] {
  const open = inOpenQueue(record);
  const due = dueOf(record);
  const gsi1sk = open
    ? caseKeys.queueSort(record.routing.priority, due.dueBy, record.caseNumber, Boolean(record.pause))
    : caseKeys.doneSort(record.closedAt ?? record.mergedAt ?? record.submittedAt, record.caseNumber);
  const common = {
    entity: 'case_queue',
    schemaVersion: SCHEMA_VERSION,
    caseNumber: record.caseNumber,
    departmentId: entry.departmentId,
    state: record.state,
    kind: queueKind(record),
    districtCode: record.districtCode,
    submittedAt: record.submittedAt,
    ...(record.institution.id ? { institutionId: record.institution.id } : {}),
    gsi1sk,
    gsi2sk: caseKeys.submittedSort(record.submittedAt, record.caseNumber),
    summary: queueSummary(record, entry.role),
  };
  const main = open ? caseKeys.openQueue(entry.departmentId) : caseKeys.closedQueue(entry.departmentId);
  const { gsi2sk, ...withoutDate } = common;
  // A merged duplicate is found through its original, not by the filters (dates included): its main entry only, on gsi1 only.
  if (record.mergedInto) return [{ ...caseKeys.queue(record.caseNumber, entry.departmentId), ...withoutDate, gsi1pk: main }];
  const combos = (on: QueueFacet | 'main') => {
    const keys: Record<string, string> = {};
    for (const combo of QUEUE_COMBOS) {
      if (combo.on !== on) continue;
      const values = combo.facets.map((facet) => [facet, facetValue(record, facet)] as const);
      if (values.some(([, value]) => value === undefined)) continue;
      keys[`combo${combo.slot}pk`] = caseKeys.comboQueue(entry.departmentId, open, values as Array<readonly [QueueFacet, string]>);
    }
    return keys;
  };
  const items: Record<string, unknown>[] = [{ ...caseKeys.queue(record.caseNumber, entry.departmentId), ...common, gsi1pk: main, gsi2pk: main, gsi2sk, ...combos('main') }];
  for (const facet of QUEUE_FACETS) {
    const value = facetValue(record, facet);
    if (value === undefined) continue;
    const list = caseKeys.facetQueue(entry.departmentId, open, facet, value);
    items.push({ ...caseKeys.queueFacet(record.caseNumber, entry.departmentId, facet), ...common, gsi1pk: list, gsi2pk: list, ...combos(facet) });
  }
  return items;
}

/** The keys of a case's queue and index entries, as its record and queue imply (what a step replaces or deletes). */
function queueKeysOf(record: CaseRecord, queue: readonly QueueEntry[]): Array<{ pk: string; sk: string }> {
  return queue.flatMap((entry) => queueItems(record, entry)).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
}

/** TransactWriteItems' limit: a step writing more is refused by DynamoDB (docs/data-model.md, "Transaction sizes"). */
export const TRANSACTION_LIMIT = 100;

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
  /** The institution's risk counters, when it is on the list (the case chooses the shard). */
  risk?: Omit<CountCase, 'caseNumber'>;
  /** More items for the same transaction: the outbox's "received" message (functions/data/messages.ts `messagePut`). */
  extra?: TransactItem[];
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
    ...input.queue.flatMap((entry) => queueItems(input.record, entry).map((Item) => ({ Put: { TableName: '', Item } }))),
    ...(input.risk
      ? [
          countCase('', {
            ...input.risk,
            caseNumber: n,
            name: input.record.institution.name,
            districtCode: input.record.districtCode,
            ...(input.record.institution.category ? { category: input.record.institution.category } : {}),
          }),
        ]
      : []),
    // The dashboard's counters (functions/data/stats.ts), in the same transaction.
    ...[
      countStats('', {
        at: input.record.submittedAt,
        districtCode: input.record.districtCode,
        departmentId: input.record.leadDepartmentId,
        add: { received: 1, [`received:${queueKind(input.record)}`]: 1 },
      }),
    ].filter((item): item is TransactItem => item !== undefined),
    // The "received" message, when the family asked for messages (functions/data/messages.ts).
    ...(input.extra ?? []),
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
  return queryAllByPrefix(db, caseKeys.record(caseNumber).pk, 'EVT#', (item) => CaseEvent.parse(item));
}

/** The token of the step that wrote a case's event (CaseWrite `token`), if any (functions/cases/step.ts: was a step whose answer was lost written?). */
export async function stepTokenAt(db: Db, caseNumber: string, seq: number): Promise<string | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: caseKeys.event(caseNumber, seq), ProjectionExpression: 'step', ConsistentRead: true }));
  return typeof out.Item?.step === 'string' ? out.Item.step : undefined;
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

/** A page's last key: the item's key and the list's (index) key, nothing else. */
const CursorKey = z.record(z.string(), z.string());

export class BadCursor extends Error {
  constructor() {
    super('bad cursor');
  }
}

/** A cursor only continues the list (index and partition) it came from; anything else is refused. */
function decodeCursor(cursor: string | undefined, list: { pkName: string; skName: string; partition: string }): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = CursorKey.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    const names = Object.keys(key).sort();
    const expected = [...new Set(['pk', 'sk', list.pkName, list.skName])].sort();
    if (names.join() !== expected.join() || key[list.pkName] !== list.partition) throw new BadCursor();
    return key;
  } catch {
    throw new BadCursor();
  }
}

/** What a queue can be narrowed to (shared/schemas/cases.ts `CaseQueueFilter`). */
export interface QueueFilter {
  state?: string;
  kind?: string;
  district?: string;
  institutionId?: string;
  /** Submitted at or after (ISO timestamp). */
  submittedFrom?: string;
  /** Submitted at or before (ISO timestamp). */
  submittedTo?: string;
}

/**
 * Which list serves a filter, by its key: the whole queue, the list of the
 * one facet it names (T2–T4) or of the combination it names (T4c, one of
 * QUEUE_COMBOS); by submission time when it names dates (gsi2, combo<n>d),
 * by urgency otherwise (gsi1, combo<n>).
 */
function queueListFor(departmentId: string, open: boolean, filter: QueueFilter) {
  const given: Record<QueueFacet, string | undefined> = { kind: filter.kind, inst: filter.institutionId, district: filter.district, state: filter.state };
  const named = QUEUE_FACETS.filter((facet) => given[facet] !== undefined).map((facet) => [facet, given[facet]!] as const);
  const byDate = filter.submittedFrom !== undefined || filter.submittedTo !== undefined;
  const skName = byDate ? 'gsi2sk' : 'gsi1sk';
  if (named.length === 0) {
    const partition = open ? caseKeys.openQueue(departmentId) : caseKeys.closedQueue(departmentId);
    return byDate ? { index: 'gsi2', pkName: 'gsi2pk', skName, partition } : { index: 'gsi1', pkName: 'gsi1pk', skName, partition };
  }
  if (named.length === 1) {
    const [facet, value] = named[0]!;
    const partition = caseKeys.facetQueue(departmentId, open, facet, value);
    return byDate ? { index: 'gsi2', pkName: 'gsi2pk', skName, partition } : { index: 'gsi1', pkName: 'gsi1pk', skName, partition };
  }
  const facets = named.map(([facet]) => facet).join();
  const combo = QUEUE_COMBOS.find((c) => c.facets.join() === facets)!;
  return { index: `combo${combo.slot}${byDate ? 'd' : ''}`, pkName: `combo${combo.slot}pk`, skName, partition: caseKeys.comboQueue(departmentId, open, named) };
}

/**
 * A department's cases, a page at a time from the index: open ones most
 * urgent first, then due first; closed ones latest first; with dates, the
 * cases submitted in them, latest first. A kind, an institution, a district
 * or a state, or any two or more of them, pick an index partition of their
 * own (T2–T4, T4c), and dates are a range of its sort key, so every filter
 * answers full pages from one Query of a page.
 */
export async function listQueue(
  db: Db,
  options: { departmentId: string; limit?: number; cursor?: string; closed?: boolean; filter?: QueueFilter },
): Promise<Page<StaffCaseSummary>> {
  const open = !options.closed;
  const filter = options.filter ?? {};
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 100);
  const list = queueListFor(options.departmentId, open, filter);
  const { pkName, skName } = list;

  let keyCondition = `${pkName} = :pk`;
  const values: Record<string, unknown> = { ':pk': list.partition };
  if (skName === 'gsi2sk') {
    // `<from>` sorts before every `<submittedAt>#<n>` at or after it; `<to>#~` after every one at or before it.
    values[':from'] = filter.submittedFrom ?? '0';
    values[':to'] = `${filter.submittedTo ?? '9'}#~`;
    keyCondition += ` AND ${skName} BETWEEN :from AND :to`;
  }
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: list.index,
      KeyConditionExpression: keyCondition,
      ExpressionAttributeValues: values,
      // By urgency: the most urgent first (open), the latest closed first; by date: the latest submitted first.
      ScanIndexForward: skName === 'gsi1sk' && open,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(options.cursor, list),
    }),
  );
  const cursor = out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined;
  return {
    items: (out.Items ?? []).map((item) => StaffCaseSummary.parse(item.summary)),
    ...(cursor ? { cursor } : {}),
  };
}

/**
 * Writes a case's queue and index entries as its record implies, on the
 * version read (CaseChanged if a step moved it on meanwhile: that step
 * wrote them). For cases filed before an index existed (the district and
 * state lists, the lists by date); idempotent: the same items again.
 */
export async function rewriteQueueEntries(db: Db, stored: StoredCase): Promise<void> {
  const items: TransactItem[] = [
    { ConditionCheck: { TableName: '', Key: caseKeys.record(stored.record.caseNumber), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': stored.record.version } } },
    ...stored.queue.flatMap((entry) => queueItems(stored.record, entry)).map((Item) => ({ Put: { TableName: '', Item } })),
  ];
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: withTable(db, items) }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    throw reasonsOf(error).some((r) => r.Code === 'TransactionConflict') ? new WriteConflict() : new CaseChanged(stored.record.caseNumber);
  }
}

/**
 * One page of the backfill: the cases a department leads, from its open
 * or closed list (gsi1, by key: no scan), each case's entries rewritten
 * (`rewriteQueueEntries`); a case is rewritten from its lead department's
 * list only, once per run. Resumable: the next page starts at `cursor`
 * (absent at the end of the list).
 */
export async function backfillQueuePage(
  db: Db,
  options: { departmentId: string; closed: boolean; cursor?: Record<string, unknown>; limit?: number },
): Promise<{ rewritten: number; cursor?: Record<string, unknown> }> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': options.closed ? caseKeys.closedQueue(options.departmentId) : caseKeys.openQueue(options.departmentId) },
      ProjectionExpression: 'caseNumber, summary.leadDepartmentId',
      Limit: options.limit ?? 100,
      ExclusiveStartKey: options.cursor,
    }),
  );
  let rewritten = 0;
  for (const item of out.Items ?? []) {
    if ((item.summary as { leadDepartmentId?: string } | undefined)?.leadDepartmentId !== options.departmentId) continue;
    for (let attempt = 1; ; attempt++) {
      const stored = await getCase(db, String(item.caseNumber));
      if (!stored) break;
      try {
        await rewriteQueueEntries(db, stored);
        rewritten++;
        break;
      } catch (error) {
        // Moved on by a step meanwhile: read it again (the step wrote the entries its record implies, so once more is harmless).
        if (!(error instanceof CaseChanged || error instanceof WriteConflict) || attempt >= 5) throw error;
      }
    }
  }
  return { rewritten, ...(out.LastEvaluatedKey ? { cursor: out.LastEvaluatedKey } : {}) };
}

/** The at-a-glance counts count up to this many cases per question and priority, then say "at least" (a COUNT query reads every entry it counts). */
export const GLANCE_CAP = 1000;

export type GlanceQuestion = 'overdue' | 'dueSoon' | 'paused';

/**
 * At a glance: a department's open cases past their deadline, due before
 * `soonBefore`, and paused, counted per priority on the queue's sort key
 * (nine small COUNT queries). DynamoDB reads every entry a COUNT counts, so
 * each count stops after `cap` cases (per priority): a question in
 * `atLeast` has at least the number given (bench/cases-scale.ts,
 * docs/benchmarks.md "A million cases").
 */
export async function countQueue(
  db: Db,
  options: { departmentId: string; now: string; soonBefore: string; cap?: number },
): Promise<{ overdue: number; dueSoon: number; paused: number; atLeast?: GlanceQuestion[] }> {
  const pk = caseKeys.openQueue(options.departmentId);
  const cap = options.cap ?? GLANCE_CAP;
  /** Up to cap + 1 entries: more than `cap` means "at least". */
  const count = async (condition: string, values: Record<string, unknown>) => {
    let total = 0;
    let cursor: Record<string, unknown> | undefined;
    do {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: `gsi1pk = :pk AND ${condition}`,
          ExpressionAttributeValues: { ':pk': pk, ...values },
          Select: 'COUNT',
          Limit: cap + 1 - total,
          ExclusiveStartKey: cursor,
        }),
      );
      total += out.Count ?? 0;
      cursor = out.LastEvaluatedKey;
    } while (cursor && total <= cap);
    return total;
  };
  const ranks = Priorities.keys.map((_, rank) => String(rank));
  const [overdue, dueSoon, paused] = await Promise.all([
    Promise.all(ranks.map((r) => count('gsi1sk BETWEEN :a AND :b', { ':a': `${r}#`, ':b': `${r}#${options.now}` }))),
    // Due at `soonBefore` itself counts (a deadline is the last second of a day): `~` sorts after the case number.
    Promise.all(ranks.map((r) => count('gsi1sk BETWEEN :a AND :b', { ':a': `${r}#${options.now}`, ':b': `${r}#${options.soonBefore}#~` }))),
    // A key range, not begins_with: the same keys in DynamoDB, but DynamoDB Local reads a whole index partition for
    // begins_with (127 ms against 5 ms for an empty answer at a million cases, bench/cases-scale.ts).
    Promise.all(ranks.map((r) => count('gsi1sk BETWEEN :a AND :b', { ':a': `${r}#P#`, ':b': `${r}#P#~` }))),
  ]);
  const counts = { overdue, dueSoon, paused };
  const sum = (ns: number[]) => ns.reduce((a, n) => a + Math.min(n, cap), 0);
  const atLeast = (Object.keys(counts) as GlanceQuestion[]).filter((q) => counts[q].some((n) => n > cap));
  return { overdue: sum(overdue), dueSoon: sum(dueSoon), paused: sum(paused), ...(atLeast.length ? { atLeast } : {}) };
}

// ---------------------------------------------------------------------------
// Changes after filing: each case conditional on the version read, with its events
// ---------------------------------------------------------------------------

/** One case's part of a step: its record as read and as it becomes, the events to append, and where it is queued. */
export interface CaseWrite {
  current: StoredCase;
  next: CaseRecord;
  /** Appended in order; their `seq` continue from `current.eventSeq`. */
  events: CaseEvent[];
  /** The departments that see it after the step (default: as before). Entries no longer there are deleted. */
  queue?: QueueEntry[];
  /** Refused when a legal hold stands (purging personal data). */
  notOnLegalHold?: boolean;
  /** Unique to this attempt, stored on its events (`step`): tells whether a transaction whose answer was lost was written (`stepTokenAt`). */
  token?: string;
}

function caseWriteItems(write: CaseWrite): TransactItem[] {
  const { current, next } = write;
  const queue = write.queue ?? current.queue;
  const n = next.caseNumber;
  const lastSeq = write.events.at(-1)?.seq ?? current.eventSeq;
  const put = queue.flatMap((entry) => queueItems(next, entry));
  const putKeys = new Set(put.map((item) => `${String(item.pk)}|${String(item.sk)}`));
  // Entries the case had (as its record read implies) that it no longer has: departments that no longer see it,
  // index entries of a case merged into another or of an institution no longer named. Only those: each is an item in the transaction.
  const stale = queueKeysOf(current.record, current.queue).filter((key) => !putKeys.has(`${key.pk}|${key.sk}`));
  return [
    {
      Put: {
        TableName: '',
        Item: recordItem({ record: next, accessCodeHash: current.accessCodeHash, queue, eventSeq: lastSeq }),
        ConditionExpression: write.notOnLegalHold ? 'version = :expected AND legalHold = :false' : 'version = :expected',
        ExpressionAttributeValues: { ':expected': current.record.version, ...(write.notOnLegalHold ? { ':false': false } : {}) },
      },
    },
    ...write.events.map((event) => ({ Put: { TableName: '', Item: { ...eventItem(n, event), ...(write.token ? { step: write.token } : {}) }, ConditionExpression: 'attribute_not_exists(pk)' } })),
    ...put.map((Item) => ({ Put: { TableName: '', Item } })),
    ...stale.map((Key) => ({ Delete: { TableName: '', Key } })),
  ];
}

/**
 * Writes a case step in one transaction: each case's record (on the version
 * read), its events and its queue entries, and the counters (`extra`:
 * stats, risk). A case changed meanwhile: CaseChanged naming it; a
 * concurrent transaction on a shared item (a counter): WriteConflict, try again.
 */
export async function writeCaseStep(db: Db, step: { writes: CaseWrite[]; extra?: Array<TransactItem | undefined> }): Promise<void> {
  const owners: Array<string | undefined> = [];
  const items: TransactItem[] = [];
  for (const write of step.writes) {
    const own = caseWriteItems(write);
    items.push(...own);
    owners.push(...own.map(() => write.next.caseNumber));
  }
  for (const item of step.extra ?? []) if (item) items.push(item);
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: withTable(db, items) }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = reasonsOf(error);
    const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
    if (failed >= 0 && failed < owners.length) throw new CaseChanged(owners[failed]);
    if (reasons.some((r) => r.Code === 'TransactionConflict')) throw new WriteConflict();
    throw new CaseChanged();
  }
}

async function writeChange(
  db: Db,
  current: StoredCase,
  next: CaseRecord,
  event: CaseEvent,
  options: { extra?: TransactItem[]; notOnLegalHold?: boolean } = {},
): Promise<void> {
  await writeCaseStep(db, { writes: [{ current, next, events: [event], ...(options.notOnLegalHold ? { notOnLegalHold: true } : {}) }], extra: options.extra ?? [] });
}

/**
 * Closes a case directly, outside the transition table (kept for the
 * retention tests and tools; staff and families close cases through
 * functions/cases/transitions.ts, which also counts the step). From then
 * on its personal data counts down to deletion (`listClosedWithPersonalData`).
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
export async function purgePersonalData(
  db: Db,
  current: StoredCase,
  input: { at: Date; retentionDays: number; /** The attachments whose bytes were deleted: their items go too. */ attachmentIds?: readonly string[] },
): Promise<void> {
  const { contactMasked: _m, ...rest } = current.record;
  const at = input.at.toISOString();
  const next: CaseRecord = { ...rest, hasPersonalData: false, personalDataPurgedAt: at, version: current.record.version + 1 };
  await writeChange(
    db,
    current,
    next,
    { type: 'personal_data_purged', seq: current.eventSeq + 1, at, visibility: 'internal', retentionDays: input.retentionDays },
    {
      extra: [
        { Delete: { TableName: '', Key: caseKeys.personal(current.record.caseNumber) } },
        ...(input.attachmentIds ?? []).map((id) => ({ Delete: { TableName: '', Key: attachmentKeys.item(current.record.caseNumber, id) } })),
      ],
      notOnLegalHold: true,
    },
  );
}

// ---------------------------------------------------------------------------
// Attachments: each file's metadata beside the case (`ATT#<id>`); the bytes
// live in the private store (functions/storage/private-store.ts), never in
// the public one. Written after the case, only while it exists; the same
// file written again (a retry of the same form) overwrites its own item.
// ---------------------------------------------------------------------------

/** An attachment as stored: what staff see (`CaseAttachment`), and where its bytes are kept. */
export const StoredAttachment = CaseAttachment.extend({ storageKey: z.string().min(1).max(300) });
export type StoredAttachment = z.infer<typeof StoredAttachment>;

const AttachmentItem = StoredAttachment.extend({ entity: z.literal('case_attachment'), schemaVersion: z.literal(SCHEMA_VERSION), caseNumber: z.string() });

export const attachmentKeys = {
  item: (caseNumber: string, id: string) => ({ pk: `CASE#${caseNumber}`, sk: `ATT#${id}` }),
};

/** Records a case's attachments, all or none, only while the case exists (CaseChanged otherwise). */
export async function recordAttachments(db: Db, caseNumber: string, attachments: readonly StoredAttachment[]): Promise<void> {
  if (attachments.length === 0) return;
  const items: TransactItem[] = [
    { ConditionCheck: { TableName: '', Key: caseKeys.record(caseNumber), ConditionExpression: 'attribute_exists(pk)' } },
    ...attachments.map((a) => ({
      Put: {
        TableName: '',
        Item: { ...attachmentKeys.item(caseNumber, a.id), entity: 'case_attachment', schemaVersion: SCHEMA_VERSION, caseNumber, ...StoredAttachment.parse(a) },
      },
    })),
  ];
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: withTable(db, items) }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    throw reasonsOf(error).some((r) => r.Code === 'TransactionConflict') ? new WriteConflict() : new CaseChanged();
  }
}

/** A case's attachments, by id. */
export async function listAttachments(db: Db, caseNumber: string): Promise<StoredAttachment[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :att)',
      ExpressionAttributeValues: { ':pk': caseKeys.record(caseNumber).pk, ':att': 'ATT#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => {
    const { entity: _e, schemaVersion: _v, caseNumber: _n, ...rest } = AttachmentItem.parse(item);
    return rest;
  });
}

export async function getAttachment(db: Db, caseNumber: string, id: string): Promise<StoredAttachment | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: attachmentKeys.item(caseNumber, id), ConsistentRead: true }));
  if (!out.Item) return null;
  const { entity: _e, schemaVersion: _v, caseNumber: _n, ...rest } = AttachmentItem.parse(out.Item);
  return rest;
}

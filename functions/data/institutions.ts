/**
 * Institutions (校外培训机构) in the single table.
 *
 * | access pattern                               | operation                         | key condition                                  |
 * |----------------------------------------------|-----------------------------------|------------------------------------------------|
 * | get an institution by id                     | GetItem                           | pk = INST#<id>, sk = INST                      |
 * |   (its inspections and sanctions are on the record: they change its version and wake the publisher) |  |  |
 * | its change history, newest first             | Query, descending                 | pk = INST#<id>, sk begins_with EVT# (by version)|
 * | find by credit code (uniqueness, import)     | GetItem                           | pk = CREDIT#<code>, sk = UNIQUE                |
 * | find by licence number (uniqueness, import)  | GetItem                           | pk = LICENCE#<number>, sk = UNIQUE             |
 * | staff list: by supervising dept and district | Query gsi1                        | gsi1pk = SUP#<kind>#<district>, by name        |
 * | institutions waiting to be published         | Query gsi2 (sparse)               | gsi2pk = DIRTY, by updatedAt                   |
 * | every institution (snapshot, export)         | Query gsi1 per (kind, district)   | as above, over the jurisdiction's pairs        |
 * | status changes to tell followers (data/follows.ts) | Query gsi2 (sparse)         | gsi2pk = FOLLOW#CHANGED on the change's event  |
 * | every institution's id, a page at a time     | Query gsi1 per (kind, district), projecting id | as above (the publisher's re-render)  |
 * | an institution and whether it still waits    | GetItem, consistent               | pk = INST#<id>, sk = INST (gsi2pk present?)    |
 * | many of them at once (a page of the publisher's lists) | BatchGetItem, consistent, 100 keys a call | as above                  |
 *
 * Every write is a transaction of the record, its uniqueness claims and a
 * change event, conditional on the version the writer read.
 */
import { randomBytes } from 'node:crypto';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { Institution, type Inspection, type InstitutionFields, type Sanction, type StatusChange } from '#shared/schemas/institution.ts';
import type { Actor } from '#shared/schemas/common.ts';
import { changedFields, supervisingDepartment } from '#shared/rules/institution.ts';
import type { InstitutionStatus } from '#shared/vocabulary.ts';
import type { Db } from './client.ts';
import { NotFound, UniqueConflict, VersionConflict } from './errors.ts';
import { decodeCursor, encodeCursor } from './paging.ts';
import { updateIfVersion } from './conditional.ts';
import { followKeys } from './follows.ts';
import { batchGet } from './batch-get.ts';

const SCHEMA_VERSION = 1;

export const institutionKeys = {
  record: (id: string) => ({ pk: `INST#${id}`, sk: 'INST' }),
  /** One event per version: the version orders them and no two writes can record the same one. */
  event: (id: string, version: number) => ({ pk: `INST#${id}`, sk: `EVT#${String(version).padStart(8, '0')}` }),
  creditCode: (code: string) => ({ pk: `CREDIT#${code}`, sk: 'UNIQUE' }),
  licence: (number: string) => ({ pk: `LICENCE#${number}`, sk: 'UNIQUE' }),
  supervision: (kind: string, district: string) => `SUP#${kind}#${district}`,
  dirty: 'DIRTY',
};

/** A recorded change to an institution: who, when, and what. */
export const InstitutionEvent = z.object({
  institutionId: z.string(),
  at: z.string(),
  action: z.enum(['created', 'updated', 'status_changed', 'inspection_recorded', 'sanction_recorded', 'sanction_published']),
  actor: z.object({ staffId: z.string(), name: z.string(), departmentId: z.string() }),
  changedFields: z.array(z.string()),
  fromStatus: z.string().optional(),
  toStatus: z.string().optional(),
  reason: z.string().optional(),
  decisionNumber: z.string().optional(),
  version: z.number().int(),
});
export type InstitutionEvent = z.infer<typeof InstitutionEvent>;

/** The record's item as every write stores it (keys, indexes, the record), e.g. for seeding a benchmark's table. */
export function recordItem(inst: Institution) {
  return {
    ...institutionKeys.record(inst.id),
    entity: 'institution',
    schemaVersion: SCHEMA_VERSION,
    gsi1pk: institutionKeys.supervision(supervisingDepartment(inst), inst.districtCode),
    gsi1sk: `${inst.name}#${inst.id}`,
    // Sparse index: present until the publisher has published this version.
    gsi2pk: institutionKeys.dirty,
    gsi2sk: `${inst.updatedAt}#${inst.id}`,
    ...inst,
  };
}

function eventItem(event: InstitutionEvent) {
  // A status change waits (sparse gsi2) to be told to the centre's followers: written in the change's own transaction (data/follows.ts).
  const follow = event.action === 'status_changed' ? followKeys.changed(event.at, event.institutionId, event.version) : {};
  return { ...institutionKeys.event(event.institutionId, event.version), entity: 'institution_event', schemaVersion: SCHEMA_VERSION, ...event, ...follow };
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'entity', 'schemaVersion', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'publishedVersion'];

function parseInstitution(item: Record<string, unknown>): Institution {
  const rest = Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.includes(k)));
  return Institution.parse(rest);
}

export async function getInstitution(db: Db, id: string): Promise<Institution | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: institutionKeys.record(id), ConsistentRead: true }));
  return out.Item ? parseInstitution(out.Item) : null;
}

export async function findIdByCreditCode(db: Db, code: string): Promise<string | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: institutionKeys.creditCode(code) }));
  return (out.Item?.institutionId as string | undefined) ?? null;
}

export async function findIdByLicenceNumber(db: Db, number: string): Promise<string | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: institutionKeys.licence(number) }));
  return (out.Item?.institutionId as string | undefined) ?? null;
}

/** Which uniqueness claim failed? Looks the claims up again after a cancelled transaction. */
async function explainConflict(db: Db, id: string, fields: InstitutionFields): Promise<Error> {
  const byCode = await findIdByCreditCode(db, fields.registration.creditCode);
  if (byCode && byCode !== id) return new UniqueConflict('creditCode', byCode);
  const byLicence = await findIdByLicenceNumber(db, fields.licence.number);
  if (byLicence && byLicence !== id) return new UniqueConflict('licenceNumber', byLicence);
  return new VersionConflict(await getInstitution(db, id));
}

function uniqueClaims(id: string, fields: InstitutionFields, previous?: InstitutionFields): NonNullable<TransactWriteCommandInput['TransactItems']> {
  const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [];
  const claim = (key: { pk: string; sk: string }) => ({
    Put: {
      TableName: '',
      Item: { ...key, entity: 'unique_claim', institutionId: id },
      ConditionExpression: 'attribute_not_exists(pk) OR institutionId = :id',
      ExpressionAttributeValues: { ':id': id },
    },
  });
  const release = (key: { pk: string; sk: string }) => ({
    Delete: { TableName: '', Key: key, ConditionExpression: 'institutionId = :id', ExpressionAttributeValues: { ':id': id } },
  });
  if (!previous || previous.registration.creditCode !== fields.registration.creditCode) {
    items.push(claim(institutionKeys.creditCode(fields.registration.creditCode)));
    if (previous) items.push(release(institutionKeys.creditCode(previous.registration.creditCode)));
  }
  if (!previous || previous.licence.number !== fields.licence.number) {
    items.push(claim(institutionKeys.licence(fields.licence.number)));
    if (previous) items.push(release(institutionKeys.licence(previous.licence.number)));
  }
  return items;
}

async function transact(db: Db, items: NonNullable<TransactWriteCommandInput['TransactItems']>) {
  for (const item of items) {
    for (const op of Object.values(item)) if (op && typeof op === 'object' && 'TableName' in op) op.TableName = db.tableName;
  }
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

export interface CreateInstitution {
  id: string;
  fields: InstitutionFields;
  status: InstitutionStatus;
  actor: Actor;
  now: Date;
}

/** Creates an institution with its uniqueness claims and a 'created' event, all or nothing. */
export async function createInstitution(db: Db, input: CreateInstitution): Promise<Institution> {
  const at = input.now.toISOString();
  const inst = Institution.parse({
    ...input.fields,
    id: input.id,
    status: input.status,
    statusHistory: [{ status: input.status, on: at.slice(0, 10), reason: '列入名单' }],
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
  const event: InstitutionEvent = {
    institutionId: inst.id,
    at,
    action: 'created',
    actor: input.actor,
    changedFields: [],
    toStatus: inst.status,
    version: 1,
  };
  try {
    await transact(db, [
      { Put: { TableName: '', Item: recordItem(inst), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...uniqueClaims(inst.id, inst),
      { Put: { TableName: '', Item: eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw await explainConflict(db, inst.id, inst);
    throw error;
  }
  return inst;
}

export interface UpdateInstitution {
  id: string;
  fields: InstitutionFields;
  expectedVersion: number;
  actor: Actor;
  now: Date;
}

/** Replaces an institution's editable fields, only if it is still at the version the editor read. */
export async function updateInstitution(db: Db, input: UpdateInstitution): Promise<Institution> {
  const current = await getInstitution(db, input.id);
  if (!current) throw new NotFound();
  if (current.version !== input.expectedVersion) throw new VersionConflict(current);
  const at = input.now.toISOString();
  // Inspections and sanctions change only through their own steps (recordInspection, recordSanction, publishSanction).
  const next = Institution.parse({
    ...current,
    ...input.fields,
    inspections: current.inspections,
    sanctions: current.sanctions,
    updatedAt: at,
    version: current.version + 1,
  });
  return writeNext(db, current, next, {
    institutionId: current.id,
    at,
    action: 'updated',
    actor: input.actor,
    changedFields: changedFields(fieldsOf(current), fieldsOf(next)),
    version: next.version,
  });
}

export interface ChangeStatus {
  id: string;
  change: StatusChange;
  expectedVersion: number;
  actor: Actor;
  now: Date;
}

/** Records a status change (整改, 吊销, 注销, 黑名单 …) with its reason and decision number. */
export async function changeStatus(db: Db, input: ChangeStatus): Promise<Institution> {
  const current = await getInstitution(db, input.id);
  if (!current) throw new NotFound();
  if (current.version !== input.expectedVersion) throw new VersionConflict(current);
  const at = input.now.toISOString();
  const next = Institution.parse({
    ...current,
    status: input.change.status,
    statusHistory: [...current.statusHistory, input.change],
    updatedAt: at,
    version: current.version + 1,
  });
  return writeNext(db, current, next, {
    institutionId: current.id,
    at,
    action: 'status_changed',
    actor: input.actor,
    changedFields: ['status'],
    fromStatus: current.status,
    toStatus: next.status,
    reason: input.change.reason,
    ...(input.change.decisionNumber ? { decisionNumber: input.change.decisionNumber } : {}),
    version: next.version,
  });
}

export interface RecordOnInstitution<T> {
  id: string;
  expectedVersion: number;
  actor: Actor;
  now: Date;
  item: T;
}

/** Adds an inspection (with an id) to an institution at the version the editor read; an event says who and when. */
export async function recordInspection(db: Db, input: RecordOnInstitution<Omit<Inspection, 'id'>>): Promise<{ institution: Institution; id: string }> {
  const current = await currentAt(db, input.id, input.expectedVersion);
  const id = newItemId();
  const at = input.now.toISOString();
  const next = Institution.parse({ ...current, inspections: [...current.inspections, { ...input.item, id }], updatedAt: at, version: current.version + 1 });
  const institution = await writeNext(db, current, next, {
    institutionId: current.id,
    at,
    action: 'inspection_recorded',
    actor: input.actor,
    changedFields: ['inspections'],
    reason: `${input.item.on} ${input.item.result}`,
    version: next.version,
  });
  return { institution, id };
}

/** Adds a sanction, not yet published, to an institution at the version the editor read. */
export async function recordSanction(db: Db, input: RecordOnInstitution<Omit<Sanction, 'id' | 'published' | 'publishedOn'>>): Promise<{ institution: Institution; id: string }> {
  const current = await currentAt(db, input.id, input.expectedVersion);
  const id = newItemId();
  const at = input.now.toISOString();
  const sanction: Sanction = { ...input.item, id, published: false };
  const next = Institution.parse({ ...current, sanctions: [...current.sanctions, sanction], updatedAt: at, version: current.version + 1 });
  const institution = await writeNext(db, current, next, {
    institutionId: current.id,
    at,
    action: 'sanction_recorded',
    actor: input.actor,
    changedFields: ['sanctions'],
    reason: input.item.kind,
    decisionNumber: input.item.decisionNumber,
    version: next.version,
  });
  return { institution, id };
}

/** Publishes a recorded sanction (the publisher then shows it on the centre page); NotFound when there is no such sanction. */
export async function publishSanction(db: Db, input: RecordOnInstitution<{ sanctionId: string }>): Promise<Institution> {
  const current = await currentAt(db, input.id, input.expectedVersion);
  const found = current.sanctions.find((x) => x.id === input.item.sanctionId);
  if (!found) throw new NotFound();
  if (found.published) return current;
  const at = input.now.toISOString();
  const next = Institution.parse({
    ...current,
    sanctions: current.sanctions.map((x) => (x === found ? { ...x, published: true, publishedOn: at.slice(0, 10) } : x)),
    updatedAt: at,
    version: current.version + 1,
  });
  return writeNext(db, current, next, {
    institutionId: current.id,
    at,
    action: 'sanction_published',
    actor: input.actor,
    changedFields: ['sanctions'],
    decisionNumber: found.decisionNumber,
    version: next.version,
  });
}

async function currentAt(db: Db, id: string, expectedVersion: number): Promise<Institution> {
  const current = await getInstitution(db, id);
  if (!current) throw new NotFound();
  if (current.version !== expectedVersion) throw new VersionConflict(current);
  return current;
}

const newItemId = () => randomBytes(8).toString('hex');

function fieldsOf(inst: Institution): Record<string, unknown> {
  const { id: _id, status: _s, statusHistory: _h, createdAt: _c, updatedAt: _u, version: _v, ...fields } = inst;
  return fields;
}

async function writeNext(db: Db, current: Institution, next: Institution, event: InstitutionEvent): Promise<Institution> {
  try {
    await transact(db, [
      {
        Put: {
          TableName: '',
          Item: recordItem(next),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': current.version },
        },
      },
      ...uniqueClaims(next.id, next, current),
      { Put: { TableName: '', Item: eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw await explainConflict(db, next.id, next);
    throw error;
  }
  return next;
}

/** The change history of an institution, newest first. */
export async function listInstitutionEvents(db: Db, id: string, limit = 50): Promise<InstitutionEvent[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': `INST#${id}`, ':evt': 'EVT#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((item) => InstitutionEvent.parse(item));
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}


type SupervisionPage = { kind: string; districtCode: string; limit?: number; cursor?: string };

/** One page of the supervision index (gsi1) for a department kind and district, by name: its items as stored, and the cursor. */
async function querySupervision(db: Db, options: SupervisionPage, defaults: { limit: number; projection?: string }) {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': institutionKeys.supervision(options.kind, options.districtCode) },
      ...(defaults.projection ? { ProjectionExpression: defaults.projection } : {}),
      Limit: options.limit ?? defaults.limit,
      ExclusiveStartKey: decodeCursor(options.cursor),
    }),
  );
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return { items: out.Items ?? [], ...(cursor ? { cursor } : {}) };
}

/** Institutions supervised by one department kind in one district, by name, a page at a time. */
export async function listBySupervision(db: Db, options: SupervisionPage): Promise<Page<Institution>> {
  const page = await querySupervision(db, options, { limit: 50 });
  return { ...page, items: page.items.map(parseInstitution) };
}

/** Ids of the institutions supervised by one department kind in one district, by name, a page at a time (the key attributes only). */
export async function listIdsBySupervision(db: Db, options: SupervisionPage): Promise<Page<string>> {
  const page = await querySupervision(db, options, { limit: 500, projection: 'id' });
  return { ...page, items: page.items.map((item) => item.id as string) };
}

const forPublishing = (item: Record<string, unknown>) => ({ institution: parseInstitution(item), waiting: item.gsi2pk === institutionKeys.dirty });

/**
 * The records themselves, for publishing, in a few calls (BatchGetItem,
 * consistent: each record as last written, never the index's copy), with
 * whether each still waits to be published (its gsi2 key is there until
 * markPublished); in the order of `ids`, an id with no record left out.
 */
export async function getManyForPublishing(db: Db, ids: readonly string[]): Promise<Array<{ institution: Institution; waiting: boolean }>> {
  const items = await batchGet(db, [...new Set(ids)].map(institutionKeys.record), true);
  const byId = new Map(items.map((item) => [item.id as string, item]));
  return ids.flatMap((id) => {
    const item = byId.get(id);
    return item ? [forPublishing(item)] : [];
  });
}

/**
 * Institutions changed since they were last published, oldest change first, a
 * page at a time. The index is eventually consistent: each record is read
 * itself, and one already published (the index not yet caught up) is left out.
 * `resumeAt` is a cursor just past the last entry read, also at the end of the
 * list (where `cursor` is absent), so a caller that has not yet marked what it
 * read can go on with what arrives later without reading it again.
 */
export async function listUnpublished(db: Db, limit = 100, cursor?: string): Promise<Page<Institution> & { resumeAt?: string }> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :dirty',
      ExpressionAttributeValues: { ':dirty': institutionKeys.dirty },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor),
    }),
  );
  const ids = (out.Items ?? []).map((item) => item.id as string);
  const records = await getManyForPublishing(db, ids);
  const next = encodeCursor(out.LastEvaluatedKey);
  const last = out.Items?.at(-1);
  const resumeAt = last ? encodeCursor({ pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk }) : cursor;
  return { items: records.filter((r) => r.waiting).map((r) => r.institution), ...(next ? { cursor: next } : {}), ...(resumeAt ? { resumeAt } : {}) };
}

/** Marks a version as published; a newer write in the meantime keeps the record waiting. */
export async function markPublished(db: Db, id: string, version: number): Promise<boolean> {
  return updateIfVersion(db, institutionKeys.record(id), version, { expression: 'REMOVE gsi2pk, gsi2sk SET publishedVersion = :v' });
}

/** Every institution, by walking the supervision index over every (department kind, district) pair. */
export async function* allInstitutions(db: Db, pairs: Array<{ kind: string; districtCode: string }>): AsyncGenerator<Institution> {
  for (const pair of pairs) {
    let cursor: string | undefined;
    do {
      const page = await listBySupervision(db, { ...pair, limit: 500, ...(cursor ? { cursor } : {}) });
      yield* page.items;
      cursor = page.cursor;
    } while (cursor);
  }
}

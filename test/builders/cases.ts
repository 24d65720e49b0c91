/**
 * Test data for complaints and refund disputes, a way to post them as the
 * site would, and a raw view of the table (to prove what is, and is not,
 * stored in it).
 */
import { randomUUID } from 'node:crypto';
// eslint-disable-next-line no-restricted-imports -- tests read and plant raw items to prove what the data layer stores; the app never does this
import { DeleteCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createApp, type AppDeps } from '../../functions/app.ts';
import type { Db } from '../../functions/data/client.ts';
import { createInstitution } from '../../functions/data/institutions.ts';
import type { Institution, InstitutionFields } from '../../shared/schemas/institution.ts';
import { createTestDb } from '../support/db.ts';
import { createTestStore } from '../support/app.ts';
import { makeInstitutionFields, testActor } from './institution.ts';

export const newKey = () => randomUUID();

/** A valid complaint about an unlisted institution in 浉河区; override what the test is about. */
export function makeComplaint(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'fees',
    institution: { unlistedName: '浉河区某某教育咨询有限公司', unlistedAddress: '浉河区东方红大道88号3楼' },
    districtCode: '411502',
    happenedOn: '2026-11-15',
    description: '机构要求一次性缴纳一年的学费共9600元，并让我们转账到老师的个人微信。',
    contact: { name: '王女士', mobile: '13812345678' },
    consent: true,
    ...overrides,
  };
}

/** A valid refund dispute (contact required); override what the test is about. */
export function makeRefundDispute(overrides: Record<string, unknown> = {}) {
  return {
    institution: { unlistedName: '浉河区星光舞蹈培训中心', unlistedAddress: '浉河区民权路18号', unlistedCategory: 'arts' },
    districtCode: '411502',
    contractOn: '2026-09-01',
    modelContractUsed: true,
    paymentMethod: 'supervised_account',
    amountPaid: 480_000,
    lessonsBought: 48,
    lessonsConsumed: 12,
    pricePerLesson: 10_000,
    amountAsked: 360_000,
    institutionResponse: '机构说老师离职了，课暂停，退费要等三个月。',
    contact: { name: '李先生', mobile: '13998765432' },
    consent: true,
    ...overrides,
  };
}

interface Requestable {
  request(input: string, init?: RequestInit, env?: object): Response | Promise<Response>;
}

export interface PostOptions {
  key?: string | null;
  /** Client address the app sees (the socket's). */
  ip?: string;
  contentType?: string;
  /** Send this text as the body instead of JSON. */
  rawBody?: string;
}

/** POSTs JSON as the site's form script does: with a random Idempotency-Key unless told otherwise. */
export function postJson(app: Requestable, path: string, body: unknown, options: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  const key = options.key === undefined ? newKey() : options.key;
  if (key !== null) headers['idempotency-key'] = key;
  return Promise.resolve(
    app.request(
      `http://localhost${path}`,
      { method: 'POST', headers, body: options.rawBody ?? JSON.stringify(body) },
      { incoming: { socket: { remoteAddress: options.ip ?? '198.51.100.1' } } },
    ),
  );
}

/** The real app on a fresh table, with case services of the test's choosing. */
export async function createCasesApp(options: { now?: () => Date; cases?: AppDeps['cases'] } = {}) {
  const db = await createTestDb();
  const { store } = createTestStore();
  const app = createApp({ db, store, ...(options.now ? { now: options.now } : {}), ...(options.cases ? { cases: options.cases } : {}) });
  return { app, db };
}

/** Puts an institution on the registry directly. */
export async function listInstitution(db: Db, overrides: Partial<InstitutionFields> = {}, now = new Date('2026-01-05T00:00:00Z')): Promise<Institution> {
  const id = `jg-test-${randomUUID().slice(0, 8)}`;
  return createInstitution(db, { id, fields: makeInstitutionFields(overrides), status: 'approved', actor: testActor, now });
}

// ---------------------------------------------------------------------------
// The raw table
// ---------------------------------------------------------------------------

export async function scanAll(db: Db): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(new ScanCommand({ TableName: db.tableName, ExclusiveStartKey: cursor, ConsistentRead: true }));
    items.push(...(out.Items ?? []));
    cursor = out.LastEvaluatedKey;
  } while (cursor);
  return items;
}

export async function partition(db: Db, pk: string): Promise<Record<string, unknown>[]> {
  const out = await db.doc.send(
    new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
  );
  return out.Items ?? [];
}

/** Items of the case entities (case, events, personal data, queue entries, idempotency records). */
export async function caseItems(db: Db): Promise<Record<string, unknown>[]> {
  return (await scanAll(db)).filter((i) => typeof i.entity === 'string' && (i.entity.startsWith('case') || i.entity === 'idempotency'));
}

export async function putRaw(db: Db, item: Record<string, unknown>): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: item }));
}

export async function deleteRaw(db: Db, key: { pk: string; sk: string }): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: key }));
}

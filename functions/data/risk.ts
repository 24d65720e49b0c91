/**
 * Risk counters (风险台账): one item per listed institution, counted as
 * cases arrive, in the same transaction as the case, so the counts never
 * drift from the cases behind them. Many refund disputes against one
 * institution are one risk ("冒烟", "爆雷"); the ledger (functions/cases/risk-ledger.ts)
 * ranks them, and supervisors record a plan per institution (一企一策).
 *
 * | access pattern                                   | operation                      | key condition                                      |
 * |--------------------------------------------------|--------------------------------|----------------------------------------------------|
 * | count a new case                                 | Update ADD, in the case's tx   | pk = RISK#<institutionId>, sk = RISK#<shard of the case> |
 * | a case step changes the counters (closes a dispute, substantiates a complaint) | Update ADD, in the step's tx | pk = RISK#<institutionId>, sk = RISK#<shard of the case> |
 * | an institution's counters (shards summed)        | Query (strong)                 | pk = RISK#<institutionId>, sk begins_with RISK     |
 * | institutions with counters, per district         | Query gsi1, then each one's counters | gsi1pk = RISKD#<districtCode>, by institutionId |
 * | an institution's plan (一企一策)                   | GetItem (strong)               | pk = RISK#<institutionId>, sk = PLAN               |
 * | a plan's history                                 | Query                          | pk = RISK#<institutionId>, sk begins_with PLANEVT# |
 * | change a plan                                    | TransactWriteItems, cond.      | the plan on its version + its event                |
 *
 * `openDisputes` and `amountInDispute` count disputes not yet closed: a
 * dispute that is concluded or not accepted is taken off (and put back if
 * the family's dissatisfaction reopens it). The district is the case's, as
 * the family gave it, from the institution's first case.
 *
 * Complaints are also counted per calendar month (China Standard Time), in
 * attributes `complaints@YYYY-MM`, so "recent complaints" is the sum of the
 * last few months without a read-modify-write.
 *
 * Sharded (issue 15, a surge against one institution): one counter item per
 * institution sat in every filing's transaction, and when hundreds of
 * families file against one centre that has collapsed, concurrent
 * transactions on it cancel each other (TransactionConflict). A case is
 * counted in one of RISK_SHARDS items, chosen by a hash of its case number,
 * and every later step of that case adjusts the same item; readers sum an
 * institution's items (one Query). The item written before the shards
 * (sk = RISK) is summed with them. Each shard takes its district from its
 * own first case (`firstCaseAt`); the institution's district is that of its
 * earliest shard, so the district listing, which finds institutions by any
 * shard, reads each one's sum and keeps those whose district it is: every
 * institution is listed in exactly one district, with exact figures.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { RiskPlan, RiskPlanEvent } from '#shared/schemas/cases/risk.ts';
import { InstitutionCategories } from '#shared/vocabulary.ts';
import type { Db } from './client.ts';
import { queryAllByPrefix } from './query.ts';
import { beijingMonth } from '#shared/rules/beijing-time.ts';

const SCHEMA_VERSION = 1;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Items an institution's counters are spread over: see the header. */
export const RISK_SHARDS = 16;

/** The shard a case is counted in, from its case number (FNV-1a): the same for every step of the case. */
export function riskShardOf(caseNumber: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < caseNumber.length; i++) h = Math.imul(h ^ caseNumber.charCodeAt(i), 0x01000193);
  return (h >>> 0) % RISK_SHARDS;
}

export const riskKeys = {
  /** The item before the shards (still read and summed). */
  record: (institutionId: string) => ({ pk: `RISK#${institutionId}`, sk: 'RISK' }),
  shard: (institutionId: string, shard: number) => ({ pk: `RISK#${institutionId}`, sk: `RISK#${String(shard).padStart(2, '0')}` }),
  /** gsi1: the institutions with counters in a district. */
  district: (districtCode: string) => `RISKD#${districtCode}`,
  /** gsi1, before the ledger (kept for items written then): per department. */
  department: (departmentId: string) => `RISK#${departmentId}`,
  month: (yyyyMm: string) => `complaints@${yyyyMm}`,
  plan: (institutionId: string) => ({ pk: `RISK#${institutionId}`, sk: 'PLAN' }),
  planEvent: (institutionId: string, version: number) => ({ pk: `RISK#${institutionId}`, sk: `PLANEVT#${String(version).padStart(8, '0')}` }),
};

export interface RiskCounters {
  institutionId: string;
  /** Refund disputes not yet closed. */
  openDisputes: number;
  totalDisputes: number;
  /** Sum of what families ask back in their disputes, in fen. */
  amountInDispute: number;
  complaints: number;
  /** Complaints per CST month, `YYYY-MM` → count. */
  complaintsByMonth: Record<string, number>;
  lastCaseAt: string;
  /** Recovered for families in concluded disputes, in fen. */
  amountRecovered: number;
  /** Complaints concluded as substantiated or partly substantiated. */
  substantiated: number;
  name?: string | undefined;
  districtCode?: string | undefined;
  category?: (typeof InstitutionCategories.keys)[number] | undefined;
}

const Item = z.object({
  institutionId: z.string(),
  openDisputes: z.number().int().default(0),
  totalDisputes: z.number().int().default(0),
  amountInDispute: z.number().int().default(0),
  complaints: z.number().int().default(0),
  amountRecovered: z.number().int().default(0),
  substantiated: z.number().int().default(0),
  /** Unset on a shard only a later step of an older case wrote to. */
  lastCaseAt: z.string().optional(),
  /** The shard's first case (unset on the item before the shards, which counts as the earliest). */
  firstCaseAt: z.string().optional(),
  name: z.string().optional(),
  districtCode: z.string().optional(),
  category: z.enum(InstitutionCategories.keys).optional(),
});

export interface CountCase {
  institutionId: string;
  /** The case counted: it chooses the shard. */
  caseNumber: string;
  /** The department leading the case: the ledger is listed per department. */
  departmentId: string;
  type: 'complaint' | 'refund_dispute';
  /** For a refund dispute: what the family asks back, in fen. */
  amountAsked?: number;
  at: string;
  /** The institution as the case records it, for the ledger's rows (set by the case's transaction). */
  name?: string;
  districtCode?: string;
  category?: string;
}

/** The Update that counts one new case, for the case's transaction. */
export function countCase(tableName: string, input: CountCase): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':one': 1,
    ':at': input.at,
    ':id': input.institutionId,
    ':entity': 'risk_counter',
    ':v': SCHEMA_VERSION,
    ':gpk': riskKeys.department(input.departmentId),
  };
  let add: string;
  if (input.type === 'refund_dispute') {
    add = 'openDisputes :one, totalDisputes :one, amountInDispute :amount';
    values[':amount'] = input.amountAsked ?? 0;
  } else {
    names['#month'] = riskKeys.month(cstMonth(input.at));
    add = 'complaints :one, #month :one';
  }
  const set = ['lastCaseAt = :at', 'firstCaseAt = if_not_exists(firstCaseAt, :at)', 'institutionId = :id', 'entity = :entity', 'schemaVersion = :v', 'gsi1pk = if_not_exists(gsi1pk, :gpk)', 'gsi1sk = :id'];
  if (input.districtCode) {
    values[':gpk'] = riskKeys.district(input.districtCode);
    values[':district'] = input.districtCode;
    set.push('districtCode = if_not_exists(districtCode, :district)');
  }
  if (input.name) {
    values[':name'] = input.name;
    set.push('#name = :name');
    names['#name'] = 'name';
  }
  if (input.category) {
    values[':category'] = input.category;
    set.push('category = :category');
  }
  return {
    Update: {
      TableName: tableName,
      Key: riskKeys.shard(input.institutionId, riskShardOf(input.caseNumber)),
      UpdateExpression: `ADD ${add} SET ${set.join(', ')}`,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * The Update that a case step makes to an institution's counters, for the
 * step's transaction: e.g. `{ openDisputes: -1, amountInDispute: -360000 }`
 * when a dispute is concluded, on the shard the case was counted in. Only
 * for institutions that have counters (listed ones). Unconditional: a case
 * counted before the shards (in the item `RISK`) adjusts a shard that may
 * not exist yet, and the sum is still exact.
 */
export function adjustRisk(tableName: string, institutionId: string, caseNumber: string, add: Record<string, number>): TransactItem | undefined {
  const entries = Object.entries(add).filter(([, n]) => n !== 0);
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':id': institutionId, ':entity': 'risk_counter', ':v': SCHEMA_VERSION };
  const adds = entries.map(([name, amount], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = amount;
    return `#a${i} :a${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: riskKeys.shard(institutionId, riskShardOf(caseNumber)),
      UpdateExpression: `ADD ${adds.join(', ')} SET institutionId = :id, entity = :entity, schemaVersion = :v`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The CST calendar month of a timestamp: `YYYY-MM`. */
export function cstMonth(at: string): string {
  return beijingMonth(at);
}

/** An institution's items (its shards, and the item before them) summed; null when it has none. */
export function sumShards(raws: ReadonlyArray<Record<string, unknown>>): RiskCounters | null {
  if (raws.length === 0) return null;
  const items = raws.map((raw) => ({ raw, item: Item.parse(raw) }));
  const total: RiskCounters = {
    institutionId: items[0]!.item.institutionId,
    openDisputes: 0,
    totalDisputes: 0,
    amountInDispute: 0,
    complaints: 0,
    complaintsByMonth: {},
    lastCaseAt: '',
    amountRecovered: 0,
    substantiated: 0,
  };
  // The district: the earliest shard's (the item before the shards first); the name and category: the latest case's.
  let earliest: string | undefined;
  for (const { raw, item } of items) {
    total.openDisputes += item.openDisputes;
    total.totalDisputes += item.totalDisputes;
    total.amountInDispute += item.amountInDispute;
    total.complaints += item.complaints;
    total.amountRecovered += item.amountRecovered;
    total.substantiated += item.substantiated;
    for (const [name, value] of Object.entries(raw)) {
      const m = /^complaints@(\d{4}-\d{2})$/.exec(name);
      if (m && typeof value === 'number') total.complaintsByMonth[m[1]!] = (total.complaintsByMonth[m[1]!] ?? 0) + value;
    }
    if (item.lastCaseAt && item.lastCaseAt >= total.lastCaseAt) {
      total.lastCaseAt = item.lastCaseAt;
      if (item.name) total.name = item.name;
      if (item.category) total.category = item.category;
    }
    const first = item.firstCaseAt ?? '';
    if (item.districtCode && (earliest === undefined || first < earliest)) {
      earliest = first;
      total.districtCode = item.districtCode;
    }
  }
  return total;
}

export async function getRiskCounters(db: Db, institutionId: string): Promise<RiskCounters | null> {
  return sumShards(await queryAllByPrefix(db, riskKeys.record(institutionId).pk, 'RISK', (item) => item));
}

/** Institutions whose counters are read at once by the district listing. */
const LISTING_CONCURRENCY = 16;

/**
 * Every institution with counters in a district (the ledger ranks them: a
 * few hundred at most per district): those with any shard in the district,
 * each one's shards summed, kept when the district is theirs (header).
 */
export async function listRiskByDistrict(db: Db, districtCode: string): Promise<RiskCounters[]> {
  const ids = new Set<string>();
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': riskKeys.district(districtCode) },
        ProjectionExpression: 'institutionId',
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) if (typeof item.institutionId === 'string') ids.add(item.institutionId);
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  const queue = [...ids];
  const out: RiskCounters[] = [];
  await Promise.all(
    Array.from({ length: Math.min(LISTING_CONCURRENCY, queue.length) }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const counters = await getRiskCounters(db, id);
        if (counters?.districtCode === districtCode) out.push(counters);
      }
    }),
  );
  return out.sort((a, b) => a.institutionId.localeCompare(b.institutionId));
}

// ---------------------------------------------------------------------------
// 一企一策: one plan per institution, changed on its version, each change an event
// ---------------------------------------------------------------------------

export async function getRiskPlan(db: Db, institutionId: string): Promise<RiskPlan | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: riskKeys.plan(institutionId), ConsistentRead: true }));
  return out.Item ? RiskPlan.parse(out.Item) : null;
}

/** Which of these institutions have a plan (the ledger asks for its flagged rows only: a handful of reads, in parallel). */
export async function plansExist(db: Db, institutionIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  await Promise.all(
    institutionIds.map(async (id) => {
      const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: riskKeys.plan(id), ProjectionExpression: 'pk' }));
      if (out.Item) found.add(id);
    }),
  );
  return found;
}

export async function listRiskPlanEvents(db: Db, institutionId: string): Promise<RiskPlanEvent[]> {
  return queryAllByPrefix(db, riskKeys.plan(institutionId).pk, 'PLANEVT#', (item) => RiskPlanEvent.parse(item));
}

/** The plan changed since it was read (or was created meanwhile): read it again. */
export class PlanChanged extends Error {
  constructor() {
    super('plan changed');
  }
}

/** Writes a plan's new version (`expectedVersion` 0: a new plan) and its event, all or nothing. */
export async function saveRiskPlan(db: Db, plan: RiskPlan, event: RiskPlanEvent, expectedVersion: number): Promise<void> {
  const valid = RiskPlan.parse(plan);
  const condition =
    expectedVersion === 0
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } };
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: db.tableName, Item: { ...riskKeys.plan(valid.institutionId), entity: 'risk_plan', schemaVersion: SCHEMA_VERSION, ...valid }, ...condition } },
          {
            Put: {
              TableName: db.tableName,
              Item: { ...riskKeys.planEvent(valid.institutionId, event.version), entity: 'risk_plan_event', schemaVersion: SCHEMA_VERSION, ...RiskPlanEvent.parse(event) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw new PlanChanged();
    throw error;
  }
}

/** Complaints in the last `months` CST calendar months, this one included. */
export function recentComplaints(counters: RiskCounters, now: Date, months = 3): number {
  const current = cstMonth(now.toISOString());
  let [y, m] = current.split('-').map(Number) as [number, number];
  let total = 0;
  for (let i = 0; i < months; i++) {
    total += counters.complaintsByMonth[`${y}-${String(m).padStart(2, '0')}`] ?? 0;
    if (--m === 0) {
      m = 12;
      y--;
    }
  }
  return total;
}

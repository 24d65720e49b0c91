/**
 * Risk counters (风险台账): one item per listed institution, counted as
 * cases arrive, in the same transaction as the case, so the counts never
 * drift from the cases behind them. Many refund disputes against one
 * institution are one risk ("冒烟", "爆雷"); the ledger (functions/cases/risk-ledger.ts)
 * ranks them, and supervisors record a plan per institution (一企一策).
 *
 * | access pattern                                   | operation                      | key condition                                      |
 * |--------------------------------------------------|--------------------------------|----------------------------------------------------|
 * | count a new case                                 | Update ADD, in the case's tx   | pk = RISK#<institutionId>, sk = RISK               |
 * | a case step changes the counters (closes a dispute, substantiates a complaint) | Update ADD, in the step's tx | pk = RISK#<institutionId>, sk = RISK |
 * | an institution's counters                        | GetItem                        | pk = RISK#<institutionId>, sk = RISK               |
 * | institutions with counters, per district         | Query gsi1                     | gsi1pk = RISKD#<districtCode>, by institutionId    |
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
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { RiskPlan, RiskPlanEvent } from '#shared/schemas/cases.ts';
import { InstitutionCategories } from '#shared/vocabulary.ts';
import type { Db } from './client.ts';
import { queryAllByPrefix } from './query.ts';
import { beijingMonth } from '#shared/rules/beijing-time.ts';

const SCHEMA_VERSION = 1;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const riskKeys = {
  record: (institutionId: string) => ({ pk: `RISK#${institutionId}`, sk: 'RISK' }),
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
  lastCaseAt: z.string(),
  name: z.string().optional(),
  districtCode: z.string().optional(),
  category: z.enum(InstitutionCategories.keys).optional(),
});

export interface CountCase {
  institutionId: string;
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
  const set = ['lastCaseAt = :at', 'institutionId = :id', 'entity = :entity', 'schemaVersion = :v', 'gsi1pk = if_not_exists(gsi1pk, :gpk)', 'gsi1sk = :id'];
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
      Key: riskKeys.record(input.institutionId),
      UpdateExpression: `ADD ${add} SET ${set.join(', ')}`,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * The Update that a case step makes to an institution's counters, for the
 * step's transaction: e.g. `{ openDisputes: -1, amountInDispute: -360000 }`
 * when a dispute is concluded. Only for institutions that have counters (listed ones).
 */
export function adjustRisk(tableName: string, institutionId: string, add: Record<string, number>): TransactItem | undefined {
  const entries = Object.entries(add).filter(([, n]) => n !== 0);
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = entries.map(([name, amount], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = amount;
    return `#a${i} :a${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: riskKeys.record(institutionId),
      UpdateExpression: `ADD ${adds.join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The CST calendar month of a timestamp: `YYYY-MM`. */
export function cstMonth(at: string): string {
  return beijingMonth(at);
}

function parseCounters(raw: Record<string, unknown>): RiskCounters {
  const item = Item.parse(raw);
  const complaintsByMonth: Record<string, number> = {};
  for (const [name, value] of Object.entries(raw)) {
    const m = /^complaints@(\d{4}-\d{2})$/.exec(name);
    if (m && typeof value === 'number') complaintsByMonth[m[1]!] = value;
  }
  return { ...item, complaintsByMonth };
}

export async function getRiskCounters(db: Db, institutionId: string): Promise<RiskCounters | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: riskKeys.record(institutionId), ConsistentRead: true }));
  return out.Item ? parseCounters(out.Item) : null;
}

/** Every institution with counters in a district (the ledger ranks them: a few hundred at most per district). */
export async function listRiskByDistrict(db: Db, districtCode: string): Promise<RiskCounters[]> {
  const out: RiskCounters[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': riskKeys.district(districtCode) },
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) out.push(parseCounters(item));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return out;
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

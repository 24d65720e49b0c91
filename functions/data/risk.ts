/**
 * Risk counters (风险台账): one item per listed institution, counted as
 * cases arrive, in the same transaction as the case, so the counts never
 * drift from the cases behind them. Many refund disputes against one
 * institution are one risk ("冒烟", "爆雷"); the next issue shows the ledger.
 *
 * | access pattern                              | operation                     | key condition                                  |
 * |---------------------------------------------|-------------------------------|------------------------------------------------|
 * | count a new case                            | Update ADD, in the case's tx  | pk = RISK#<institutionId>, sk = RISK           |
 * | an institution's counters                   | GetItem                       | pk = RISK#<institutionId>, sk = RISK           |
 * | institutions with counters, per department  | Query gsi1                    | gsi1pk = RISK#<departmentId>, by institutionId |
 *
 * Complaints are also counted per calendar month (China Standard Time), in
 * attributes `complaints@YYYY-MM`, so "recent complaints" is the sum of the
 * last few months without a read-modify-write.
 */
import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Db } from './client.ts';

const SCHEMA_VERSION = 1;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const riskKeys = {
  record: (institutionId: string) => ({ pk: `RISK#${institutionId}`, sk: 'RISK' }),
  department: (departmentId: string) => `RISK#${departmentId}`,
  month: (yyyyMm: string) => `complaints@${yyyyMm}`,
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
}

const Item = z.object({
  institutionId: z.string(),
  openDisputes: z.number().int().default(0),
  totalDisputes: z.number().int().default(0),
  amountInDispute: z.number().int().default(0),
  complaints: z.number().int().default(0),
  lastCaseAt: z.string(),
});

export interface CountCase {
  institutionId: string;
  /** The department leading the case: the ledger is listed per department. */
  departmentId: string;
  type: 'complaint' | 'refund_dispute';
  /** For a refund dispute: what the family asks back, in fen. */
  amountAsked?: number;
  at: string;
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
  return {
    Update: {
      TableName: tableName,
      Key: riskKeys.record(input.institutionId),
      UpdateExpression: `ADD ${add} SET lastCaseAt = :at, institutionId = :id, entity = :entity, schemaVersion = :v, gsi1pk = if_not_exists(gsi1pk, :gpk), gsi1sk = :id`,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  };
}

/** The CST calendar month of a timestamp: `YYYY-MM`. */
export function cstMonth(at: string): string {
  return new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 7);
}

export async function getRiskCounters(db: Db, institutionId: string): Promise<RiskCounters | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: riskKeys.record(institutionId), ConsistentRead: true }));
  if (!out.Item) return null;
  const item = Item.parse(out.Item);
  const complaintsByMonth: Record<string, number> = {};
  for (const [name, value] of Object.entries(out.Item)) {
    const m = /^complaints@(\d{4}-\d{2})$/.exec(name);
    if (m && typeof value === 'number') complaintsByMonth[m[1]!] = value;
  }
  return { ...item, complaintsByMonth };
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

/**
 * 风险台账: institutions showing signs of collapse ("冒烟", "爆雷"), ranked
 * from the counters each case keeps up to date in its own transaction
 * (functions/data/risk.ts): open refund disputes, the amount in dispute,
 * recent complaints. An institution past any threshold is flagged for
 * review; supervisors record a plan for it (一企一策) and follow it, item by
 * item, each change an event.
 *
 * Scope: a department sees the institutions it supervises (their category's
 * department kind, as the registry's scope) in the districts it covers. The
 * ledger reads the counters of those districts (one query each, a few
 * hundred small items at most) and ranks them in memory: never the cases.
 *
 * Thresholds are configuration per jurisdiction (`riskThresholds` of
 * shared/jurisdiction/, with their basis), replaceable for a deployment or a
 * test through the router's options.
 */
import { randomUUID } from 'node:crypto';
import { t } from '#shared/i18n/zh-CN.ts';
import { jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import { formatYuan } from '#shared/rules/fees.ts';
import { scopeOf } from '#shared/rules/scope.ts';
import type { Actor } from '#shared/schemas/common.ts';
import {
  type RiskThresholds,
  type PlanItemStatus,
  type RiskLedgerRow,
  type RiskPlan,
  type RiskPlanEvent,
} from '#shared/schemas/cases.ts';
import type { Db } from '../data/client.ts';
import {
  getRiskCounters,
  getRiskPlan,
  listRiskByDistrict,
  listRiskPlanEvents,
  PlanChanged,
  plansExist,
  recentComplaints,
  saveRiskPlan,
  type RiskCounters,
} from '../data/risk.ts';

/** The thresholds of the jurisdiction this deployment serves (shared/jurisdiction/risk-thresholds.ts). */
export const FALLBACK_THRESHOLDS: RiskThresholds = defaultJurisdiction.riskThresholds;

/** A jurisdiction's thresholds (its configuration), unless the router's options replace them (a deployment or a test). */
export function thresholdsFor(j: Jurisdiction = defaultJurisdiction, override?: RiskThresholds): RiskThresholds {
  return override ?? j.riskThresholds;
}

/** Why a row is flagged, in words (the console and the registry page show these). */
function reasonText(reason: RiskLedgerRow['reasons'][number], counters: RiskCounters, recent: number, thresholds: RiskThresholds): string {
  const r = t.triage.risk.reasons;
  if (reason === 'open_disputes') return r.open_disputes(counters.openDisputes, thresholds.openDisputes);
  if (reason === 'amount_in_dispute') return r.amount_in_dispute(formatYuan(counters.amountInDispute), formatYuan(thresholds.amountInDispute));
  return r.recent_complaints(recent, thresholds.recentMonths, thresholds.recentComplaints);
}

/** One institution's row: its counters, and whether (and why) it is flagged. */
export function ledgerRow(counters: RiskCounters, thresholds: RiskThresholds, now: Date, hasPlan: boolean): RiskLedgerRow {
  const recent = recentComplaints(counters, now, thresholds.recentMonths);
  const reasons: RiskLedgerRow['reasons'] = [];
  if (counters.openDisputes >= thresholds.openDisputes) reasons.push('open_disputes');
  if (counters.amountInDispute >= thresholds.amountInDispute) reasons.push('amount_in_dispute');
  if (recent >= thresholds.recentComplaints) reasons.push('recent_complaints');
  return {
    institutionId: counters.institutionId,
    name: counters.name ?? counters.institutionId,
    ...(counters.districtCode ? { districtCode: counters.districtCode } : {}),
    ...(counters.category ? { category: counters.category } : {}),
    openDisputes: counters.openDisputes,
    totalDisputes: counters.totalDisputes,
    amountInDispute: counters.amountInDispute,
    amountRecovered: counters.amountRecovered,
    complaints: counters.complaints,
    recentComplaints: recent,
    substantiated: counters.substantiated,
    flagged: reasons.length > 0,
    reasons,
    reasonTexts: reasons.map((reason) => reasonText(reason, counters, recent, thresholds)),
    hasPlan,
    lastCaseAt: counters.lastCaseAt,
  };
}

/** Flagged first; then by open disputes, amount in dispute, recent complaints; then by name. */
export function rankLedger(rows: RiskLedgerRow[]): RiskLedgerRow[] {
  return [...rows].sort(
    (a, b) =>
      Number(b.flagged) - Number(a.flagged) ||
      b.openDisputes - a.openDisputes ||
      b.amountInDispute - a.amountInDispute ||
      b.recentComplaints - a.recentComplaints ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
}

/** The ledger of the institutions a department supervises, in the districts it covers. */
export async function riskLedger(
  db: Db,
  options: { departmentId: string; now: Date; thresholds: RiskThresholds; j?: Jurisdiction },
): Promise<RiskLedgerRow[]> {
  const j = options.j ?? defaultJurisdiction;
  const scope = scopeOf({ departmentId: options.departmentId }, j);
  if (!scope) return [];
  const perDistrict = await Promise.all(scope.districtCodes.map((code) => listRiskByDistrict(db, code)));
  const mine = perDistrict.flat().filter((c) => c.category !== undefined && j.supervision[c.category] === scope.kind);
  const draft = mine.map((c) => ledgerRow(c, options.thresholds, options.now, false));
  // Plans are for flagged institutions: only theirs are looked up.
  const withPlans = await plansExist(db, draft.filter((r) => r.flagged).map((r) => r.institutionId));
  return rankLedger(draft.map((row) => (withPlans.has(row.institutionId) ? { ...row, hasPlan: true } : row)));
}

export async function institutionRisk(db: Db, institutionId: string, options: { now: Date; thresholds: RiskThresholds }) {
  const [counters, plan, planEvents] = await Promise.all([getRiskCounters(db, institutionId), getRiskPlan(db, institutionId), listRiskPlanEvents(db, institutionId)]);
  return {
    institutionId,
    ledger: counters ? ledgerRow(counters, options.thresholds, options.now, plan !== null) : null,
    thresholds: options.thresholds,
    plan,
    planEvents,
  };
}

// ---------------------------------------------------------------------------
// 一企一策
// ---------------------------------------------------------------------------

/** The plan was changed by someone else since it was read (or is missing): here it is as it now is. */
export class PlanConflict extends Error {
  constructor(readonly current: RiskPlan | null) {
    super('plan changed');
  }
}

export class PlanItemNotFound extends Error {
  constructor() {
    super('no such plan item');
  }
}

async function save(db: Db, plan: RiskPlan, event: RiskPlanEvent, expectedVersion: number): Promise<RiskPlan> {
  try {
    await saveRiskPlan(db, plan, event, expectedVersion);
    return plan;
  } catch (error) {
    if (error instanceof PlanChanged) throw new PlanConflict(await getRiskPlan(db, plan.institutionId));
    throw error;
  }
}

async function current(db: Db, institutionId: string, expectedVersion: number): Promise<RiskPlan> {
  const plan = await getRiskPlan(db, institutionId);
  if (!plan || plan.version !== expectedVersion) throw new PlanConflict(plan);
  return plan;
}

/** Creates the plan (expectedVersion 0) or changes its summary. */
export async function savePlanSummary(
  db: Db,
  input: { institutionId: string; summary: string; expectedVersion: number; actor: Actor; now: Date },
): Promise<RiskPlan> {
  const at = input.now.toISOString();
  if (input.expectedVersion === 0) {
    const existing = await getRiskPlan(db, input.institutionId);
    if (existing) throw new PlanConflict(existing);
    const plan: RiskPlan = { institutionId: input.institutionId, summary: input.summary, items: [], createdAt: at, createdBy: input.actor, updatedAt: at, version: 1 };
    return save(db, plan, { version: 1, at, actor: input.actor, action: 'created', text: input.summary }, 0);
  }
  const plan = await current(db, input.institutionId, input.expectedVersion);
  const next: RiskPlan = { ...plan, summary: input.summary, updatedAt: at, version: plan.version + 1 };
  return save(db, next, { version: next.version, at, actor: input.actor, action: 'summary_changed', text: input.summary }, plan.version);
}

export async function addPlanItem(
  db: Db,
  input: { institutionId: string; text: string; dueOn: string; expectedVersion: number; actor: Actor; now: Date },
): Promise<RiskPlan> {
  const at = input.now.toISOString();
  const plan = await current(db, input.institutionId, input.expectedVersion);
  const item = { id: randomUUID().slice(0, 8), text: input.text, dueOn: input.dueOn, status: 'planned' as const, updatedAt: at, updatedBy: input.actor.name };
  const next: RiskPlan = { ...plan, items: [...plan.items, item], updatedAt: at, version: plan.version + 1 };
  return save(db, next, { version: next.version, at, actor: input.actor, action: 'item_added', itemId: item.id, text: item.text, to: 'planned' }, plan.version);
}

export async function setPlanItemStatus(
  db: Db,
  input: { institutionId: string; itemId: string; status: PlanItemStatus; note?: string; expectedVersion: number; actor: Actor; now: Date },
): Promise<RiskPlan> {
  const at = input.now.toISOString();
  const plan = await current(db, input.institutionId, input.expectedVersion);
  const item = plan.items.find((i) => i.id === input.itemId);
  if (!item) throw new PlanItemNotFound();
  const next: RiskPlan = {
    ...plan,
    items: plan.items.map((i) => (i.id === item.id ? { ...i, status: input.status, updatedAt: at, updatedBy: input.actor.name } : i)),
    updatedAt: at,
    version: plan.version + 1,
  };
  return save(
    db,
    next,
    { version: next.version, at, actor: input.actor, action: 'item_status_changed', itemId: item.id, text: item.text, from: item.status, to: input.status, ...(input.note ? { note: input.note } : {}) },
    plan.version,
  );
}

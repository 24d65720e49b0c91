/**
 * The risk ledger (风险台账) and plans (一企一策).
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import { InstitutionCategories } from '../../vocabulary.ts';
import { Actor, IsoDate, Timestamp } from '../common.ts';
import { plainText } from './fields.ts';
import { RiskThresholds } from '../../jurisdiction/risk-thresholds-schema.ts';

// Risk ledger (风险台账) and plans (一企一策)

export const RiskReasons = ['open_disputes', 'amount_in_dispute', 'recent_complaints'] as const;

/** When an institution is flagged for review: configuration per jurisdiction (shared/jurisdiction/types.ts), with its basis. */
export { RiskThresholds };

export const RiskLedgerRow = z
  .object({
    institutionId: z.string(),
    name: z.string(),
    districtCode: z.string().optional(),
    category: z.enum(InstitutionCategories.keys).optional(),
    openDisputes: z.number().int(),
    totalDisputes: z.number().int(),
    /** Asked back in open disputes, in fen. */
    amountInDispute: z.number().int(),
    /** Recovered for families in concluded disputes, in fen. */
    amountRecovered: z.number().int(),
    complaints: z.number().int(),
    recentComplaints: z.number().int(),
    substantiated: z.number().int(),
    flagged: z.boolean(),
    reasons: z.array(z.enum(RiskReasons)),
    /** The reasons in words, e.g. 未结退费纠纷5件，达到预警线3件. */
    reasonTexts: z.array(z.string()),
    hasPlan: z.boolean(),
    lastCaseAt: Timestamp,
  })
  .meta({ id: 'RiskLedgerRow', description: '风险台账中的一家机构' });
export type RiskLedgerRow = z.infer<typeof RiskLedgerRow>;

export const RiskLedger = z
  .object({ thresholds: RiskThresholds, items: z.array(RiskLedgerRow) })
  .meta({ id: 'RiskLedger', description: '风险台账：按未结退费纠纷、争议金额和近期投诉排序' });

export const PlanItemStatuses = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type PlanItemStatus = (typeof PlanItemStatuses)[number];

export const RiskPlanItem = z.object({
  id: z.string(),
  text: z.string(),
  dueOn: IsoDate,
  status: z.enum(PlanItemStatuses),
  updatedAt: Timestamp,
  updatedBy: z.string(),
});
export type RiskPlanItem = z.infer<typeof RiskPlanItem>;

/** 一企一策: a supervisor's plan for one flagged institution. */
export const RiskPlan = z
  .object({
    institutionId: z.string(),
    summary: z.string(),
    items: z.array(RiskPlanItem),
    createdAt: Timestamp,
    createdBy: Actor,
    updatedAt: Timestamp,
    version: z.number().int().positive(),
  })
  .meta({ id: 'RiskPlan', description: '一企一策处置方案' });
export type RiskPlan = z.infer<typeof RiskPlan>;

export const RiskPlanEvent = z
  .object({
    version: z.number().int().positive(),
    at: Timestamp,
    actor: Actor,
    action: z.enum(['created', 'summary_changed', 'item_added', 'item_status_changed']),
    itemId: z.string().optional(),
    text: z.string().optional(),
    from: z.enum(PlanItemStatuses).optional(),
    to: z.enum(PlanItemStatuses).optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'RiskPlanEvent', description: '处置方案的变更记录' });
export type RiskPlanEvent = z.infer<typeof RiskPlanEvent>;

export const InstitutionRisk = z
  .object({
    institutionId: z.string(),
    /** Null: no case has been filed about it. */
    ledger: RiskLedgerRow.nullable(),
    thresholds: RiskThresholds,
    plan: RiskPlan.nullable(),
    planEvents: z.array(RiskPlanEvent),
  })
  .meta({ id: 'InstitutionRisk', description: '一家机构的风险台账记录与处置方案（机构名单页面据此显示预警）' });

export const RiskPlanInput = z
  .object({
    summary: plainText({ min: 4, max: 2000, minMessage: '请写明处置方案的概要（至少4个字）' }),
    /** 0 to create the plan; else the plan's version as read. */
    expectedVersion: z.number().int().nonnegative(),
  })
  .meta({ id: 'RiskPlanInput' });
export const RiskPlanItemInput = z
  .object({
    text: plainText({ min: 2, max: 500, minMessage: '请写明要做的事项' }),
    dueOn: z.iso.date({ error: '请填写完成期限，格式为 YYYY-MM-DD' }),
    expectedVersion: z.number().int().positive(),
  })
  .meta({ id: 'RiskPlanItemInput' });
export const RiskPlanItemStatusInput = z
  .object({
    status: z.enum(PlanItemStatuses, { error: '请选择事项的状态' }),
    note: plainText({ max: 500 }).optional(),
    expectedVersion: z.number().int().positive(),
  })
  .meta({ id: 'RiskPlanItemStatusInput' });

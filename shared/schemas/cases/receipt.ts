/**
 * What the family is told on filing: the receipt, and the refund assessment in it.
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import { ComplaintKinds, Priorities } from '../../vocabulary.ts';
import { IsoDate, Timestamp } from '../common.ts';

const SourceSchema = z.object({ document: z.string(), effectiveFrom: IsoDate });

/** One finding of the fee checker (shared/rules/fees.ts `checkCharge`). */
export const FeeFindingSchema = z
  .object({
    rule: z.string(),
    title: z.string(),
    outcome: z.enum(['ok', 'breaks', 'not_applicable']),
    message: z.string(),
    source: SourceSchema,
    /** For a rule the known facts could not decide: the facts that would (shared/rules/fees.ts `CHARGE_FACTS`). */
    needs: z.array(z.string()).optional(),
  })
  .meta({ id: 'FeeFinding', description: '收费核对结果：每条规定一项，附规定来源' });

const BasisItemSchema = z.object({ message: z.string(), source: SourceSchema.optional() });

/** `estimateRefund`'s answer: what is likely owed, with the rule behind each line. */
export const RefundEstimateSchema = z
  .object({
    unconsumedLessons: z.number().int(),
    owed: z.number().int().meta({ description: 'In fen' }),
    basis: z.array(BasisItemSchema.extend({ source: SourceSchema })),
    fullRefundWindowApplies: z.boolean(),
  })
  .meta({ id: 'RefundEstimate', description: '退费估算' });

/** `refundDates`' answer: the dates that matter after asking for a refund. */
export const RefundDatesSchema = z
  .object({
    institutionAnswerBy: Timestamp,
    deemedAgreedAfter: IsoDate,
    escalateIfUnpaidBy: IsoDate,
    basis: z.array(BasisItemSchema),
  })
  .meta({ id: 'RefundDates', description: '退费的关键日期' });

export const RefundAssessment = z
  .object({
    estimate: RefundEstimateSchema,
    dates: RefundDatesSchema,
    /** Null when the institution's category is unknown: the fee rules depend on it. */
    chargeFindings: z.array(FeeFindingSchema).nullable(),
    /** True when any finding says the charge itself broke a rule. */
    chargeBrokeRules: z.boolean(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'RefundAssessment', description: '退费估算、收费核对与关键日期' });
export type RefundAssessment = z.infer<typeof RefundAssessment>;

const DepartmentRefSchema = z.object({ id: z.string(), name: z.string() });

/** What the family keeps: the case number and access code (shown once), and where the case went. */
export const CaseReceipt = z
  .object({
    caseNumber: z.string().meta({ example: '2611-3852-0917-5' }),
    accessCode: z.string().meta({ description: 'Shown once; stored only as a hash', example: 'K7QM-4XPD' }),
    type: z.enum(['complaint', 'refund_dispute']),
    kind: z.enum(ComplaintKinds.keys).optional(),
    submittedAt: Timestamp,
    leadDepartment: DepartmentRefSchema,
    coHandling: z.array(DepartmentRefSchema),
    priority: z.enum(Priorities.keys),
    acceptBy: Timestamp,
    concludeBy: Timestamp,
    /** Plain Chinese: what happens next, and how to follow the case. */
    nextSteps: z.array(z.string()),
    /** Harm to a child: call 110 now if the child is in danger. */
    emergency: z.string().optional(),
    refund: RefundAssessment.optional(),
  })
  .meta({ id: 'CaseReceipt', description: '受理回执：案件编号和查询码只显示这一次，请妥善保存' });
export type CaseReceipt = z.infer<typeof CaseReceipt>;

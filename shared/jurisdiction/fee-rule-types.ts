/**
 * The fee rules' shapes (收费规则) and a rule's source: part of a
 * jurisdiction's configuration (./types.ts re-exports them), in a module of
 * their own so that the fee guidance schema (shared/schemas/guidance.ts)
 * builds only these, not every jurisdiction schema.
 */
import { z } from 'zod';
import { InstitutionCategories, PaymentFinancings, PaymentMethods } from '../vocabulary.ts';

/** A rule's provenance: every threshold names the document it comes from and when it took effect. */
export const Source = z.object({
  document: z.string().min(1),
  effectiveFrom: z.iso.date(),
});
export type Source = z.infer<typeof Source>;

export const RegionCode = z.string().regex(/^\d{6}$/);
export const FenAmount = z.number().int().nonnegative();
export const Category = z.enum(InstitutionCategories.keys);

// ---------------------------------------------------------------------------
// 收费规则: fee thresholds, each with its source, versioned by effective date.
// ---------------------------------------------------------------------------

const feeRuleBase = {
  /** Stable across versions: a later version with the same id replaces an earlier one from its effective date. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Short Chinese name, shown beside the finding. */
  title: z.string().min(1),
  /** The categories the rule applies to. */
  categories: z.array(Category).min(1),
  /** Omitted: every district of the jurisdiction. */
  districtCodes: z.array(RegionCode).min(1).optional(),
  /** The document, and the day this version takes effect. */
  source: Source,
};

/** 一次收费不超过 N 课时. */
export const MaxPrepaidHoursRule = z.object({ ...feeRuleBase, check: z.literal('max_prepaid_hours'), maxHours: z.number().int().positive() });
/** 一次收费时间跨度不超过 N 个月 (calendar months of the course period). */
export const MaxPrepaidMonthsRule = z.object({ ...feeRuleBase, check: z.literal('max_prepaid_months'), maxMonths: z.number().int().positive() });
/** 一次收费不超过 N 分. */
export const MaxAmountRule = z.object({ ...feeRuleBase, check: z.literal('max_amount_per_collection'), maxAmount: FenAmount });
/** 预收费须全部进入专用账户: these payment methods put the money outside it (体外循环). */
export const SupervisedAccountRule = z.object({
  ...feeRuleBase,
  check: z.literal('supervised_account'),
  outsideMethods: z.array(z.enum(PaymentMethods.keys)).min(1),
});
/** 不得使用培训贷: these ways of financing a course break it (omitted: a training loan, and instalments a third party advances). */
export const NoTrainingLoanRule = z.object({
  ...feeRuleBase,
  check: z.literal('no_training_loan'),
  forbiddenFinancing: z.array(z.enum(PaymentFinancings.keys)).min(1).optional(),
});
/** 政府指导价: base price per class hour, and how far above it a price may go (no floor). */
export const GuidancePriceRule = z.object({
  ...feeRuleBase,
  check: z.literal('guidance_price'),
  basePricePerHour: FenAmount,
  maxAbovePercent: z.number().int().min(0).max(100),
});
/** 培训结束时间: offline (线下) or online (线上) classes end by this time of day (China Standard Time, HH:MM). */
export const ClassEndTimeRule = z.object({
  ...feeRuleBase,
  check: z.literal('class_end_time'),
  mode: z.enum(['offline', 'online']),
  endsBy: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
});

export const FeeRule = z.discriminatedUnion('check', [
  MaxPrepaidHoursRule,
  MaxPrepaidMonthsRule,
  MaxAmountRule,
  SupervisedAccountRule,
  NoTrainingLoanRule,
  GuidancePriceRule,
  ClassEndTimeRule,
]);
export type FeeRule = z.infer<typeof FeeRule>;

/**
 * Versions of a rule are told apart by effective date and area: the same id
 * may have a version per district (a district's guidance price, a district's
 * tightening) on the same date, but two versions of one id on one date must
 * not cover the same district (no districts: every district).
 */
export const FeeRules = z.array(FeeRule).superRefine((rules, ctx) => {
  const versions = new Map<string, Array<readonly string[] | undefined>>();
  const checkOf = new Map<string, string>();
  for (const r of rules) {
    const key = `${r.id}@${r.source.effectiveFrom}`;
    const areas = versions.get(key) ?? [];
    const overlaps = areas.some((other) => !other || !r.districtCodes || other.some((code) => r.districtCodes!.includes(code)));
    if (overlaps) ctx.addIssue({ code: 'custom', message: `fee rule ${key} appears twice` });
    versions.set(key, [...areas, r.districtCodes]);
    const check = checkOf.get(r.id);
    if (check !== undefined && check !== r.check) ctx.addIssue({ code: 'custom', message: `fee rule ${r.id} changes its check` });
    checkOf.set(r.id, r.check);
  }
});


/**
 * 收费指引 as data: turning what a regulator writes (`FeeGuidanceInput`) into
 * `FeeRule` rows, and the rules the checker applies (configured + published).
 * Pure functions; the rules themselves are checked by shared/rules/fees.ts
 * `checkCharge`, the one implementation.
 */
import * as t from '#shared/i18n/zh-CN/index.ts';
import { combineFeeRules } from '#shared/jurisdiction/fee-rules.ts';
import { districtName, FeeRule, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import { formatYuan } from '#shared/rules/fees.ts';
import type { Actor } from '#shared/schemas/common.ts';
import type { FeeGuidance, FeeGuidanceInput, GuidanceRuleInput } from '#shared/schemas/guidance.ts';
import { InstitutionCategories, type InstitutionCategory } from '#shared/vocabulary.ts';

const f = t.fees;

/** A published rule that cannot join the rules: the message says why, for the field it names. */
export class GuidanceRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The title a rule gets when the regulator gives none. */
export function defaultRuleTitle(rule: Pick<GuidanceRuleInput, 'check'> & { mode?: string }): string {
  switch (rule.check) {
    case 'max_prepaid_hours':
      return '单次收费课时上限';
    case 'max_prepaid_months':
      return '单次收费时间跨度上限';
    case 'max_amount_per_collection':
      return '单次收费金额上限';
    case 'guidance_price':
      return '政府指导价';
    case 'class_end_time':
      return rule.mode === 'online' ? '线上培训结束时间' : '线下培训结束时间';
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The id a published rule gets when the regulator gives none: that of an
 * existing rule with the same check (and mode) over the same categories, which
 * the new one then replaces in its districts from its effective date; else
 * a new id of its own.
 */
export function defaultRuleId(rule: GuidanceRuleInput, categories: readonly InstitutionCategory[], existing: readonly FeeRule[]): string {
  const match = existing.find(
    (r) => r.check === rule.check && sameSet(r.categories, categories) && (r.check !== 'class_end_time' || (rule.check === 'class_end_time' && r.mode === rule.mode)),
  );
  if (match) return match.id;
  const mode = rule.check === 'class_end_time' ? `-${rule.mode}` : '';
  return `${rule.check.replaceAll('_', '-')}${mode}-${[...categories].sort().join('-').replaceAll('_', '-')}`;
}

/**
 * A publication as stored: each rule a full `FeeRule` (this publication as
 * its source, its categories and districts), checked together with every
 * other rule in force so it cannot clash with them.
 */
export function buildFeeGuidance(
  input: FeeGuidanceInput,
  context: { id: string; actor: Actor; now: Date; existing: readonly FeeRule[] },
): FeeGuidance {
  const source = { document: input.document, effectiveFrom: input.effectiveFrom };
  const categories = [...new Set(input.categories)];
  const districtCodes = [...new Set(input.districtCodes)].sort();
  const rules = input.rules.map((rule, index) => {
    const id = rule.id ?? defaultRuleId(rule, categories, context.existing);
    const same = context.existing.find((r) => r.id === id);
    if (same && (same.check !== rule.check || !sameSet(same.categories, categories) || (same.check === 'class_end_time' && rule.check === 'class_end_time' && same.mode !== rule.mode))) {
      throw new GuidanceRuleError(`rules.${index}.id`, f.admin.ruleMismatch(id));
    }
    return FeeRule.parse({
      ...rule,
      id,
      title: rule.title ?? same?.title ?? defaultRuleTitle(rule),
      categories,
      ...(districtCodes.length ? { districtCodes } : {}),
      source,
    });
  });
  try {
    combineFeeRules(context.existing, rules);
  } catch (error) {
    const detail = error instanceof Error && 'issues' in error ? (error as { issues: Array<{ message: string }> }).issues.map((i) => i.message).join('; ') : String(error);
    throw new GuidanceRuleError('rules', f.admin.clash(detail));
  }
  return {
    id: context.id,
    title: input.title,
    source,
    categories,
    districtCodes,
    rules,
    advice: input.advice,
    status: 'published',
    publishedAt: context.now.toISOString(),
    publishedBy: context.actor,
    version: 1,
  };
}

/** The rules of the publications that are not withdrawn. */
export function publishedRules(guidance: readonly FeeGuidance[]): FeeRule[] {
  return guidance.filter((g) => g.status === 'published').flatMap((g) => g.rules);
}

/** What the checker applies: the jurisdiction's configured rules and the published ones, validated together. */
export function feeRulesOf(j: Pick<Jurisdiction, 'feeRules'>, guidance: readonly FeeGuidance[]): FeeRule[] {
  return combineFeeRules(j.feeRules, publishedRules(guidance));
}

/** A rule's threshold in a sentence a parent can read. */
export function describeRule(rule: FeeRule): string {
  switch (rule.check) {
    case 'max_prepaid_hours':
      return f.describe.max_prepaid_hours(rule.maxHours);
    case 'max_prepaid_months':
      return f.describe.max_prepaid_months(rule.maxMonths);
    case 'max_amount_per_collection':
      return f.describe.max_amount_per_collection(formatYuan(rule.maxAmount));
    case 'supervised_account':
      return f.describe.supervised_account;
    case 'no_training_loan':
      return f.describe.no_training_loan;
    case 'guidance_price':
      return f.describe.guidance_price(
        formatYuan(rule.basePricePerHour),
        rule.maxAbovePercent,
        formatYuan(Math.floor((rule.basePricePerHour * (100 + rule.maxAbovePercent)) / 100)),
      );
    case 'class_end_time':
      return f.describe.class_end_time(f.modes[rule.mode], rule.endsBy);
  }
}

/** Where a rule applies, in words: its categories, and its districts or the whole city. */
export function describeScope(rule: Pick<FeeRule, 'categories' | 'districtCodes'>): string {
  const categories = rule.categories.map((c) => InstitutionCategories.label(c)).join('、');
  const districts = rule.districtCodes?.length ? rule.districtCodes.map((d) => districtName(d) ?? d).join('、') : f.wholeCity;
  return `${districts}：${categories}`;
}

import { NON_ACADEMIC_CATEGORIES } from '../vocabulary.ts';
import { CLASS_ENDS_BY, PREPAID_LIMITS } from '../rules/fee-limits.ts';
import { FeeRules, PARSE_ONCE, RefundRules, type FeeRule } from './types.ts';

/**
 * 收费规则: the national fee thresholds the fee checker applies, as data, each
 * with its source document and the day it took effect. Versions are kept: a
 * later row with the same id replaces an earlier one from its effective date,
 * and a charge is judged by the rules in force on the day it was made
 * (shared/rules/fees.ts `rulesInForce`). Local rules that tighten these (a
 * province's "no collection earlier than one month before the course", a
 * district's guidance price) are more rows, with `districtCodes` where local.
 *
 * The figures themselves are shared/rules/fee-limits.ts (the strings say them too).
 *
 * Sources:
 * - 教监管函〔2021〕2号 《教育部等六部门关于加强校外培训机构预收费监管工作的通知》,
 *   published by the Ministry of Education on 2021-10-29: it covers institutions
 *   for primary and secondary pupils of both kinds. All prepaid money into the
 *   institution's own dedicated account; no training loans; no single or
 *   disguised (top-up, lesson card) collection spanning more than 3 months or
 *   60 class hours.
 * - 教监管〔2022〕4号 《教育部等十三部门关于规范面向中小学生的非学科类校外培训的意见》,
 *   dated 2022-12-28 in the ministry's index: restates 3 months / 60 class hours
 *   for 非学科类 and adds "且不得超过5000元"; its class times: offline classes end
 *   by 20:30, online ones by 21:00.
 * - Government guidance prices (政府指导价, 学科类, at most 10% above the base,
 *   no floor; 发改价格〔2021〕1603号) are set per region. Xinyang's were not
 *   available, so no guidance-price row is configured here.
 *
 * ONE definition of a fee rule (`FeeRule`, shared/jurisdiction/types.ts), two
 * sources of rows, both fed to `checkCharge`:
 * - these configured defaults, shipped with the code;
 * - what regulators publish at run time (收费指引, `FeeGuidance` in
 *   shared/schemas/guidance.ts, stored in DynamoDB by functions/data/fee-guidance.ts):
 *   guidance prices, a district's tighter limits, its class times. Each
 *   published rule is a `FeeRule` row too, with the publication as its
 *   source; `combineFeeRules` below joins the two and checks them together.
 *
 * A rule that tightens one of these for some districts reuses its id with
 * `districtCodes`: from its effective date it replaces the configured row in
 * those districts only (`checkCharge` picks versions per district).
 */

const NOTICE_2021 = { document: '教监管函〔2021〕2号《教育部等六部门关于加强校外培训机构预收费监管工作的通知》', effectiveFrom: '2021-10-29' };
const OPINION_2022 = { document: '教监管〔2022〕4号《教育部等十三部门关于规范面向中小学生的非学科类校外培训的意见》', effectiveFrom: '2022-12-28' };
const TUTORING_CATEGORIES = ['academic', ...NON_ACADEMIC_CATEGORIES] as const;

export const NATIONAL_FEE_RULES = FeeRules.parse([
  { id: 'academic-prepaid-hours', title: '单次收费课时上限', check: 'max_prepaid_hours', categories: ['academic'], maxHours: PREPAID_LIMITS.hours, source: NOTICE_2021 },
  { id: 'academic-prepaid-months', title: '单次收费时间跨度上限', check: 'max_prepaid_months', categories: ['academic'], maxMonths: PREPAID_LIMITS.months, source: NOTICE_2021 },
  { id: 'non-academic-prepaid-hours', title: '单次收费课时上限', check: 'max_prepaid_hours', categories: NON_ACADEMIC_CATEGORIES, maxHours: PREPAID_LIMITS.hours, source: NOTICE_2021 },
  { id: 'non-academic-prepaid-hours', title: '单次收费课时上限', check: 'max_prepaid_hours', categories: NON_ACADEMIC_CATEGORIES, maxHours: PREPAID_LIMITS.hours, source: OPINION_2022 },
  { id: 'non-academic-prepaid-months', title: '单次收费时间跨度上限', check: 'max_prepaid_months', categories: NON_ACADEMIC_CATEGORIES, maxMonths: PREPAID_LIMITS.months, source: NOTICE_2021 },
  { id: 'non-academic-prepaid-months', title: '单次收费时间跨度上限', check: 'max_prepaid_months', categories: NON_ACADEMIC_CATEGORIES, maxMonths: PREPAID_LIMITS.months, source: OPINION_2022 },
  {
    id: 'non-academic-amount-cap',
    title: '单次收费金额上限',
    check: 'max_amount_per_collection',
    categories: NON_ACADEMIC_CATEGORIES,
    maxAmount: PREPAID_LIMITS.nonAcademicAmount,
    source: OPINION_2022,
  },
  {
    id: 'supervised-account',
    title: '预收费进入监管账户',
    check: 'supervised_account',
    categories: TUTORING_CATEGORIES,
    // The institution's own account that is not the supervised one is outside it too (体外循环).
    outsideMethods: ['personal_transfer', 'chat_app', 'cash', 'institution_account'],
    source: NOTICE_2021,
  },
  {
    id: 'no-training-loan',
    title: '不得使用培训贷',
    check: 'no_training_loan',
    categories: TUTORING_CATEGORIES,
    // An instalment plan a lender advances is a training loan in substance; paying the institution in parts is not.
    forbiddenFinancing: ['training_loan', 'instalment_lender'],
    source: NOTICE_2021,
  },
  { id: 'non-academic-offline-end', title: '线下培训结束时间', check: 'class_end_time', categories: NON_ACADEMIC_CATEGORIES, mode: 'offline', endsBy: CLASS_ENDS_BY.offline, source: OPINION_2022 },
  { id: 'non-academic-online-end', title: '线上培训结束时间', check: 'class_end_time', categories: NON_ACADEMIC_CATEGORIES, mode: 'online', endsBy: CLASS_ENDS_BY.online, source: OPINION_2022 },
], PARSE_ONCE);

/**
 * The rules the fee checker applies: the configured rows plus the rows
 * regulators published (already `FeeRule`s), validated together, so a
 * published row that would change what an id checks, or clash with another
 * version on the same day in the same district, is refused here rather than
 * silently preferred.
 */
export function combineFeeRules(configured: readonly FeeRule[], published: readonly FeeRule[]): FeeRule[] {
  return FeeRules.parse([...configured, ...published]);
}

/** The model contract and the national platform's refund rule. */
export const NATIONAL_REFUND_RULES = RefundRules.parse({
  modelContract: {
    document: '《中小学生校外培训服务合同（示范文本）》（GF—2021—2604，教监管函〔2021〕2号要求全面使用）',
    effectiveFrom: '2021-10-29',
  },
  institutionSilence: {
    workingDays: 5,
    source: {
      document: '全国校外教育培训监管与服务综合平台“校外培训家长端”退费规则（机构超过5个工作日未确认的，平台视为同意）',
      effectiveFrom: '2021-10-29',
    },
    note: '生效日期取自教监管函〔2021〕2号（预收费纳入监管）；平台规则本身的发布日期待核对。',
  },
  escalateIfUnpaidAfterWorkingDays: 10,
}, PARSE_ONCE);

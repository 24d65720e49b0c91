/**
 * 收费核对与退费估算: the fee checker and the refund estimate. Every threshold
 * is configuration (shared/jurisdiction/fee-rules.ts: 3 months / 60 class hours,
 * 5,000 yuan for 非学科类, the supervised account, no training loans, guidance
 * prices), versioned by effective date; this module holds no numbers of its
 * own. Messages are plain Chinese and say the numbers, for parents to read.
 *
 * Decisions the documents leave open, made here:
 * - Money is integer fen throughout; a message shows yuan with up to 2 decimals.
 * - A "lesson" is one 课时 (class hour): the limits and the model contract
 *   count 课时, and so do `hours` and `pricePerLesson`.
 * - "3 months" is counted in calendar months of the course period, both ends
 *   inclusive: a course starting on day D may run up to the day before D in the
 *   third month after (3-1 → 5-31); when that month has no day D, up to its
 *   last day (11-30 → 2-28, as 民法典第二百零二条 does for a missing
 *   corresponding day). So a course that starts on 3-1 may end on 5-31, not 6-1.
 * - 3 months and 60 class hours are two limits; a charge must keep both
 *   ("whichever is shorter").
 * - A guidance price has no floor: only prices above base + the permitted
 *   float break it. Without a per-lesson price, the average (amount ÷ hours)
 *   is checked.
 * - `not_applicable` means the rule does not cover this charge (another
 *   category) or the input it needs was not given; the message says which.
 * - Versions are chosen per district: a row with `districtCodes` replaces
 *   the row of the same id in those districts only, from its effective date
 *   (a district's guidance price, a district's tightening), while the other
 *   districts keep theirs.
 * - A class "ends by 20:30" when it ends at 20:30 or earlier.
 * - Partial facts: every fact but the category may be missing. Each rule
 *   gives the verdict the known facts allow and, when it cannot, says which
 *   fact would decide it (`needs`, and a message "输入…后可判断…"). A fact
 *   the others imply is used, saying so: hours = amount ÷ price per lesson,
 *   amount = hours × price per lesson.
 * - Without a district, only the rows for the whole city apply (a district's
 *   own row is left out), and the caller says that choosing one may change it.
 */
import type { FeeRule, RefundRules, Source, WorkingCalendar } from '../jurisdiction/types.ts';
import { paymentFactsOf } from '../schemas/payment.ts';
import { InstitutionCategories, PaymentFinancings, PaymentMethods, type InstitutionCategory, type PaymentFinancing, type PaymentMethod } from '../vocabulary.ts';
import { formatYuan } from './yuan.ts';
import { addCalendarDays, addWorkingDays, calendarCovers, cstDate, dayNumber, nthWorkingDayAfterDate } from './working-days.ts';

export type FindingOutcome = 'ok' | 'breaks' | 'not_applicable';

/** The facts of a charge a parent may or may not know; the category is always known. */
export const CHARGE_FACTS = ['districtCode', 'amount', 'hours', 'months', 'pricePerLesson', 'paymentMethod', 'financing', 'classMode', 'classEndsAt'] as const;
export type ChargeFact = (typeof CHARGE_FACTS)[number];

export interface FeeFinding {
  /** The rule's id in the configuration. */
  rule: string;
  title: string;
  outcome: FindingOutcome;
  message: string;
  source: Source;
  /** For a rule not checked for want of facts: the facts that would decide it (any one of `months`/`coursePeriod` counts as months). */
  needs?: ChargeFact[];
}

export interface ChargeInput {
  category: InstitutionCategory;
  /** Omitted: only the rules for the whole city apply. */
  districtCode?: string;
  /** The day the money was collected (ISO date or timestamp; its CST day counts). */
  date: string;
  /** This single collection, in fen; omitted: not known. */
  amount?: number;
  /** Class hours (课时) this collection pays for; omitted: not known. */
  hours?: number;
  /** How many months the collection covers, as stated (use coursePeriod when the dates are known). */
  months?: number;
  /** The course period this collection pays for, both days inclusive. Preferred over `months`. */
  coursePeriod?: { from: string; to: string };
  /** Price per class hour, in fen. */
  pricePerLesson?: number;
  /** The channel the money went through (shared/schemas/payment.ts); `training_loan` is the legacy value. */
  paymentMethod?: PaymentMethod;
  /** Whether a training loan or instalment plan financed it; omitted: not asked. */
  financing?: PaymentFinancing;
  /** When the class ends, HH:MM China Standard Time (for the class-time rules). */
  classEndsAt?: string;
  /** Whether the class is taught in person (线下) or online (线上). */
  classMode?: 'offline' | 'online';
}

/** Yuan for a person to read (shared/rules/yuan.ts, free of imports for the strings module). */
export { formatYuan };

function requireFen(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number of fen ≥ 0: ${value}`);
}

function requireCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number ≥ 0: ${value}`);
}

/**
 * The rules in force on a date: for each rule id, the version with the latest
 * effective date on or before it. A rule not yet in force is left out.
 */
export function rulesInForce(rules: readonly FeeRule[], date: string): FeeRule[] {
  const day = cstDate(date);
  const latest = new Map<string, FeeRule>();
  for (const r of rules) {
    if (r.source.effectiveFrom > day) continue;
    const current = latest.get(r.id);
    if (!current || current.source.effectiveFrom < r.source.effectiveFrom) latest.set(r.id, r);
  }
  return [...latest.values()];
}

/**
 * The last day a course starting on `from` may run and still cover at most
 * `months` calendar months (see the module comment).
 */
export function lastDayWithinMonths(from: string, months: number): string {
  if (!Number.isInteger(months) || months < 0) throw new RangeError(`Months must be a whole number ≥ 0: ${months}`);
  dayNumber(from);
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const daysInTarget = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
  if (d > daysInTarget) return new Date(Date.UTC(y, monthIndex, daysInTarget)).toISOString().slice(0, 10);
  return addCalendarDays(new Date(Date.UTC(y, monthIndex, d)).toISOString().slice(0, 10), -1);
}

const categoryList = (categories: readonly InstitutionCategory[]) => categories.map((c) => InstitutionCategories.label(c)).join('、');

function finding(rule: FeeRule, outcome: FindingOutcome, message: string): FeeFinding {
  return { rule: rule.id, title: rule.title, outcome, message, source: rule.source };
}

/** A rule the known facts cannot decide: which facts would, and the sentence that says so. */
function needsFacts(rule: FeeRule, needs: ChargeFact[], message: string): FeeFinding {
  return { ...finding(rule, 'not_applicable', message), needs };
}

const countText = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, ''));

/** The class hours, as given or as the amount and the price per lesson imply; `derived` when implied. */
function knownHours(charge: ChargeInput): { hours: number; derived: boolean } | undefined {
  if (charge.hours !== undefined) return { hours: charge.hours, derived: false };
  if (charge.amount !== undefined && charge.pricePerLesson) return { hours: Math.round((charge.amount / charge.pricePerLesson) * 100) / 100, derived: true };
  return undefined;
}

/** The amount, as given or as hours × price per lesson; `derived` when implied. */
function knownAmount(charge: ChargeInput): { amount: number; derived: boolean } | undefined {
  if (charge.amount !== undefined) return { amount: charge.amount, derived: false };
  if (charge.hours !== undefined && charge.pricePerLesson !== undefined) return { amount: Math.round(charge.hours * charge.pricePerLesson), derived: true };
  return undefined;
}

function evaluate(rule: FeeRule, charge: ChargeInput): FeeFinding {
  if (!rule.categories.includes(charge.category)) {
    return finding(
      rule,
      'not_applicable',
      `本项规定适用于${categoryList(rule.categories)}培训，本次为${InstitutionCategories.label(charge.category)}，不适用。`,
    );
  }
  switch (rule.check) {
    case 'max_prepaid_hours': {
      const known = knownHours(charge);
      if (!known) return needsFacts(rule, ['hours'], `输入课时数后可判断是否超过一次最多${rule.maxHours}课时的上限。`);
      const head = known.derived
        ? `按本次收费${formatYuan(charge.amount!)}÷每课时${formatYuan(charge.pricePerLesson!)}推算，本次收费约包含${countText(known.hours)}课时`
        : `本次收费包含${countText(known.hours)}课时`;
      const over = known.hours - rule.maxHours;
      return over > 0
        ? finding(rule, 'breaks', `${head}，超过了一次最多${rule.maxHours}课时的上限（多${countText(over)}课时）。`)
        : finding(rule, 'ok', `${head}，未超过一次最多${rule.maxHours}课时的上限。`);
    }
    case 'max_prepaid_months': {
      if (charge.coursePeriod) {
        const { from, to } = charge.coursePeriod;
        const last = lastDayWithinMonths(from, rule.maxMonths);
        const over = dayNumber(to) - dayNumber(last);
        const head = `课程期间为${from}至${to}；按日历月计算，从${from}开始的${rule.maxMonths}个月最晚到${last}`;
        return over > 0
          ? finding(rule, 'breaks', `${head}，本次收费多出${over}天，超过了一次最多${rule.maxMonths}个月的上限。`)
          : finding(rule, 'ok', `${head}，未超过一次最多${rule.maxMonths}个月的上限。`);
      }
      if (charge.months === undefined) {
        return needsFacts(rule, ['months'], `输入课程要上几个月（或起止日期）后可判断是否超过一次最多${rule.maxMonths}个月的上限。`);
      }
      return charge.months > rule.maxMonths
        ? finding(rule, 'breaks', `本次收费覆盖${charge.months}个月，超过了一次最多${rule.maxMonths}个月的上限。`)
        : finding(rule, 'ok', `本次收费覆盖${charge.months}个月，未超过一次最多${rule.maxMonths}个月的上限。`);
    }
    case 'max_amount_per_collection': {
      const known = knownAmount(charge);
      if (!known) return needsFacts(rule, ['amount'], `输入这次要交的金额后可判断是否超过一次最多${formatYuan(rule.maxAmount)}的上限。`);
      const head = known.derived
        ? `按${countText(charge.hours!)}课时×每课时${formatYuan(charge.pricePerLesson!)}推算，本次收费约${formatYuan(known.amount)}`
        : `本次收费${formatYuan(known.amount)}`;
      const over = known.amount - rule.maxAmount;
      return over > 0
        ? finding(rule, 'breaks', `${head}，超过了一次最多${formatYuan(rule.maxAmount)}的上限（多${formatYuan(over)}）。`)
        : finding(rule, 'ok', `${head}，未超过一次最多${formatYuan(rule.maxAmount)}的上限。`);
    }
    case 'supervised_account': {
      if (charge.paymentMethod === undefined) {
        return needsFacts(rule, ['paymentMethod'], '选择机构让您怎么付钱后，可判断钱是否进入了机构的监管账户。');
      }
      const { channel } = paymentFactsOf({ paymentMethod: charge.paymentMethod });
      const method = PaymentMethods.label(charge.paymentMethod);
      if (channel === 'supervised_account') {
        return finding(rule, 'ok', `付款进入${method}，符合“预收费须全部进入机构收费专用账户”的规定。`);
      }
      if (rule.outsideMethods.includes(channel)) {
        return finding(
          rule,
          'breaks',
          `付款方式为“${method}”：钱没有进入机构在监管平台登记的收费专用账户，属于“体外循环”，违反规定。请保留付款凭证，可向主管部门反映。`,
        );
      }
      return finding(rule, 'not_applicable', `付款方式为“${method}”，无法判断钱是否进入了监管账户：请核对收款方是否为机构在全国监管平台登记的监管账户。`);
    }
    case 'no_training_loan': {
      if (charge.paymentMethod === undefined && charge.financing === undefined) {
        return needsFacts(rule, ['financing'], '选择是否用了培训贷或分期后，可判断是否属于禁止的培训贷。');
      }
      const financing = charge.paymentMethod === undefined ? charge.financing : paymentFactsOf({ paymentMethod: charge.paymentMethod, financing: charge.financing }).financing;
      const forbidden = rule.forbiddenFinancing ?? ['training_loan', 'instalment_lender'];
      if (financing === undefined) {
        return finding(rule, 'ok', '未说明使用培训贷或分期，按没有贷款核对。如果机构让您办了培训贷，或由第三方垫付的分期，属于违规。');
      }
      if (forbidden.includes(financing)) {
        return finding(
          rule,
          'breaks',
          `${financing === 'training_loan' ? '通过培训贷缴费' : '通过第三方垫付的分期缴费（实质是培训贷）'}：面向中小学生的培训不得使用培训贷方式缴纳培训费用。请保留贷款合同和还款记录，可向主管部门反映。`,
        );
      }
      if (financing === 'unknown') {
        return finding(rule, 'not_applicable', '不清楚是否使用了培训贷或分期：请查看合同和付款记录，有贷款合同、分期还款提醒的，属于培训贷，违反规定。');
      }
      if (financing === 'instalment_institution') {
        return finding(rule, 'ok', '分几次直接付给机构不属于培训贷；每一次付款都须进入监管账户，并各自符合单次收费的上限。');
      }
      return finding(rule, 'ok', `${PaymentFinancings.label(financing)}：未使用培训贷。`);
    }
    case 'class_end_time': {
      const mode = rule.mode === 'offline' ? '线下' : '线上';
      if (charge.classMode !== undefined && charge.classMode !== rule.mode) {
        return finding(rule, 'not_applicable', `本项规定适用于${mode}培训，本次为${charge.classMode === 'offline' ? '线下' : '线上'}培训，不适用。`);
      }
      if (charge.classMode === undefined && charge.classEndsAt !== undefined) {
        // The mode unknown: a class ending by this limit keeps it either way; one ending later breaks it only if taught this way.
        return charge.classEndsAt > rule.endsBy
          ? needsFacts(rule, ['classMode'], `${charge.classEndsAt}下课，如果是${mode}培训，就晚于规定的${rule.endsBy}：选择上课方式后可判断。`)
          : finding(rule, 'ok', `${charge.classEndsAt}下课，如果是${mode}培训，也未晚于规定的${rule.endsBy}。`);
      }
      if (charge.classMode === undefined || charge.classEndsAt === undefined) {
        const needs: ChargeFact[] = [...(charge.classMode === undefined ? (['classMode'] as const) : []), ...(charge.classEndsAt === undefined ? (['classEndsAt'] as const) : [])];
        return needsFacts(rule, needs, `填写${charge.classMode === undefined ? '上课方式' : ''}${needs.length === 2 ? '和' : ''}${charge.classEndsAt === undefined ? '最晚几点下课' : ''}后可判断${mode}培训是否晚于${rule.endsBy}结束。`);
      }
      return charge.classEndsAt > rule.endsBy
        ? finding(rule, 'breaks', `${mode}课程${charge.classEndsAt}下课，晚于规定的${rule.endsBy}，属于超时培训。`)
        : finding(rule, 'ok', `${mode}课程${charge.classEndsAt}下课，未晚于规定的${rule.endsBy}。`);
    }
    case 'guidance_price': {
      const maxPrice = Math.floor((rule.basePricePerHour * (100 + rule.maxAbovePercent)) / 100);
      const limit = `政府指导价基准价每课时${formatYuan(rule.basePricePerHour)}，最多上浮${rule.maxAbovePercent}%，即每课时不超过${formatYuan(maxPrice)}`;
      if (charge.pricePerLesson !== undefined) {
        const over = charge.pricePerLesson - maxPrice;
        return over > 0
          ? finding(rule, 'breaks', `每课时${formatYuan(charge.pricePerLesson)}；${limit}，本次每课时高出${formatYuan(over)}。`)
          : finding(rule, 'ok', `每课时${formatYuan(charge.pricePerLesson)}；${limit}，未超过。`);
      }
      if (charge.hours !== undefined && charge.hours > 0 && charge.amount !== undefined) {
        // Exact: amount ÷ hours ≤ maxPrice, compared without dividing.
        const average = `按本次收费${formatYuan(charge.amount)}÷${charge.hours}课时计算，平均每课时约${formatYuan(Math.round(charge.amount / charge.hours))}`;
        return charge.amount > maxPrice * charge.hours
          ? finding(rule, 'breaks', `${average}；${limit}，超过了上限。`)
          : finding(rule, 'ok', `${average}；${limit}，未超过。`);
      }
      return needsFacts(rule, ['pricePerLesson'], `输入每课时价格（或金额和课时数）后可判断是否超过政府指导价（${limit}）。`);
    }
  }
}

/**
 * Check one collection against the rules in force on its date, for its
 * district: one finding per rule, in the configuration's order.
 */
export function checkCharge(charge: ChargeInput, rules: readonly FeeRule[]): FeeFinding[] {
  if (charge.amount !== undefined) requireFen('amount', charge.amount);
  if (charge.hours !== undefined) requireCount('hours', charge.hours);
  if (charge.months !== undefined) requireCount('months', charge.months);
  if (charge.pricePerLesson !== undefined) requireFen('pricePerLesson', charge.pricePerLesson);
  if (charge.coursePeriod && dayNumber(charge.coursePeriod.to) < dayNumber(charge.coursePeriod.from)) {
    throw new RangeError(`The course period ends before it starts: ${charge.coursePeriod.from} – ${charge.coursePeriod.to}`);
  }
  if (charge.classEndsAt !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(charge.classEndsAt)) {
    throw new RangeError(`classEndsAt must be HH:MM: ${charge.classEndsAt}`);
  }
  // The district first, then the version in force: a district's own row replaces the city's there only.
  const here = rules.filter((r) => !r.districtCodes || (charge.districtCode !== undefined && r.districtCodes.includes(charge.districtCode)));
  return rulesInForce(here, charge.date).map((r) => evaluate(r, charge));
}

// ---------------------------------------------------------------------------
// 退费
// ---------------------------------------------------------------------------

export interface RefundInput {
  amountPaid: number;
  lessonsBought: number;
  lessonsConsumed: number;
  /** Contract price per class hour, in fen; omitted when not known: the amount paid is shared over the lessons bought. */
  pricePerLesson?: number;
  contractOn: string;
  firstClassOn?: string;
  /** The model contract's full-refund window, as the parties filled it in: days before and after the first class. */
  fullRefundWindow?: { daysBefore: number; daysAfter: number };
  /** The day the refund is asked for. */
  today: string;
}

export interface BasisItem {
  message: string;
  /** Absent when the sentence is our advice rather than a rule. */
  source?: Source;
}

export interface RefundEstimate {
  unconsumedLessons: number;
  /** Fen; never negative, never above the amount paid. */
  owed: number;
  basis: (BasisItem & { source: Source })[];
  fullRefundWindowApplies: boolean;
}

/**
 * What a family is owed: the unconsumed lessons at the contract price, capped
 * at what was paid, or everything when the request falls in the full-refund
 * window the contract sets (the window runs from `daysBefore` days before the
 * first class to `daysAfter` days after it, both ends included).
 */
export function estimateRefund(input: RefundInput, rules: RefundRules): RefundEstimate {
  const { amountPaid, lessonsBought, lessonsConsumed, pricePerLesson } = input;
  requireFen('amountPaid', amountPaid);
  if (pricePerLesson !== undefined) requireFen('pricePerLesson', pricePerLesson);
  for (const [name, value] of [['lessonsBought', lessonsBought], ['lessonsConsumed', lessonsConsumed]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0: ${value}`);
  }
  const today = cstDate(input.today);
  const contractOn = cstDate(input.contractOn);
  const contract = rules.modelContract;

  const unconsumedLessons = Math.max(0, lessonsBought - lessonsConsumed);
  const proRata = lessonsBought > 0 ? Math.floor((amountPaid * unconsumedLessons) / lessonsBought) : 0;
  if (pricePerLesson === undefined) {
    // Without the contract price, the verdict the facts allow: what was paid, shared over the lessons bought.
    const basis: RefundEstimate['basis'] = [
      {
        message:
          `合同签订于${contractOn}，实付${formatYuan(amountPaid)}，购买${lessonsBought}课时，已上${lessonsConsumed}课时，未上${unconsumedLessons}课时；` +
          `没有填写合同单价，按实付金额折算，未上课时对应${formatYuan(proRata)}。填写合同上的每课时单价后，可按单价核对。`,
        source: contract,
      },
    ];
    return finishRefund({ input, rules, today, amountPaid, unconsumedLessons, byTerms: proRata, basis });
  }
  const byPrice = unconsumedLessons * pricePerLesson;
  const basis: RefundEstimate['basis'] = [
    {
      message:
        `合同签订于${contractOn}，购买${lessonsBought}课时，已上${lessonsConsumed}课时，未上${unconsumedLessons}课时；` +
        `按合同单价每课时${formatYuan(pricePerLesson)}计算，未上课时的费用为${formatYuan(byPrice)}。` +
        (lessonsConsumed > lessonsBought ? '（已上课时多于购买课时，按没有未上课时计算。）' : ''),
      source: contract,
    },
  ];
  if (byPrice > amountPaid) {
    basis.push({ message: `按单价计算的金额高于实付的${formatYuan(amountPaid)}，退款以实付金额为上限。`, source: contract });
  }
  const listTotal = lessonsBought * pricePerLesson;
  if (lessonsBought > 0 && listTotal !== amountPaid) {
    basis.push({
      message:
        `实付${formatYuan(amountPaid)}与“单价×课时”${formatYuan(listTotal)}不一致（可能有优惠或赠课）。` +
        `按实付金额折算，未上课时对应${formatYuan(proRata)}。两种算法协商时都可参考，以合同约定为准。`,
      source: contract,
    });
  }
  return finishRefund({ input, rules, today, amountPaid, unconsumedLessons, byTerms: Math.min(amountPaid, byPrice), basis });
}

/** The full-refund window and the closing lines, common to both ways of counting; `byTerms` is owed outside the window. */
function finishRefund(args: {
  input: RefundInput;
  rules: RefundRules;
  today: string;
  amountPaid: number;
  unconsumedLessons: number;
  byTerms: number;
  basis: RefundEstimate['basis'];
}): RefundEstimate {
  const { input, rules, today, amountPaid, unconsumedLessons, byTerms, basis } = args;
  const contract = rules.modelContract;
  let fullRefundWindowApplies = false;
  const window = input.fullRefundWindow;
  if (window) {
    for (const [name, value] of [['daysBefore', window.daysBefore], ['daysAfter', window.daysAfter]] as const) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`fullRefundWindow.${name} must be a whole number ≥ 0: ${value}`);
    }
    if (input.firstClassOn) {
      const firstClass = cstDate(input.firstClassOn);
      const start = addCalendarDays(firstClass, -window.daysBefore);
      const end = addCalendarDays(firstClass, window.daysAfter);
      fullRefundWindowApplies = start <= today && today <= end;
      basis.push({
        message: fullRefundWindowApplies
          ? `今天（${today}）在合同约定的全额退费期内（首次上课${firstClass}前${window.daysBefore}天至后${window.daysAfter}天，即${start}至${end}），可要求全额退还${formatYuan(amountPaid)}。`
          : `今天（${today}）不在合同约定的全额退费期内（首次上课${firstClass}前${window.daysBefore}天至后${window.daysAfter}天，即${start}至${end}），按未上课时退费。`,
        source: contract,
      });
    } else {
      basis.push({ message: '合同约定了全额退费期，但没有填写首次上课日期，无法判断是否在期内，先按未上课时计算。', source: contract });
    }
  }
  basis.push({
    message: '国家没有规定统一的“冷静期”：示范合同中的全额退费期（首次上课前后各几天）由双方签合同时填写，以你们合同的约定为准。',
    source: contract,
  });
  basis.push({ message: '退款应原路退回付款时的账户。', source: rules.institutionSilence.source });

  const owed = fullRefundWindowApplies ? amountPaid : byTerms;
  return { unconsumedLessons, owed, basis, fullRefundWindowApplies };
}

export interface RefundDates {
  /** 23:59:59 CST of the last working day the institution has to answer. */
  institutionAnswerBy: string;
  /** If the institution has not answered by the end of this day, the platform counts the refund as agreed. */
  deemedAgreedAfter: string;
  /** Our suggestion: if the money has not arrived by this day, complain to the supervising department. */
  escalateIfUnpaidBy: string;
  basis: BasisItem[];
}

/** The dates that matter after a family asks for a refund on the national platform. */
export function refundDates(input: { requestedOn: string; calendar: WorkingCalendar }, rules: RefundRules): RefundDates {
  const { requestedOn, calendar } = input;
  const silence = rules.institutionSilence;
  const institutionAnswerBy = addWorkingDays(requestedOn, silence.workingDays, calendar);
  const deemedAgreedAfter = cstDate(institutionAnswerBy);
  const escalateIfUnpaidBy = nthWorkingDayAfterDate(requestedOn, rules.escalateIfUnpaidAfterWorkingDays, calendar);
  const basis: BasisItem[] = [
    {
      message: `机构应在${silence.workingDays}个工作日内、即${deemedAgreedAfter}（含）前答复退费申请；逾期不答复的，平台视为同意退费。`,
      source: silence.source,
    },
    {
      message: `如到${escalateIfUnpaidBy}仍未收到退款，建议向机构的主管部门投诉。这是本服务的建议，不是法定期限。`,
    },
  ];
  if (!calendarCovers(escalateIfUnpaidBy, calendar)) {
    basis.push({ message: '这段时间的法定节假日安排尚未收录，日期只按周末计算，遇节假日会顺延。' });
  }
  return { institutionAnswerBy, deemedAgreedAfter, escalateIfUnpaidBy, basis };
}

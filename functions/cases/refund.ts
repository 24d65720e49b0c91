/**
 * What a refund dispute's receipt tells the family: the estimate, the dates
 * and the fee findings, from the one implementation in shared/rules/fees.ts
 * (estimateRefund, refundDates, checkCharge). Nothing is computed here but
 * the choice of inputs:
 * - the charge checked is the whole amount paid, as one collection on the
 *   contract date, for the lessons bought (the form asks for one payment);
 * - the refund is counted as asked for on the day the family says, else today;
 * - without a category (an unlisted institution the family could not place),
 *   the fee rules cannot be chosen, and the receipt says so.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import { checkCharge, estimateRefund, formatYuan, refundDates } from '#shared/rules/fees.ts';
import type { RefundAssessment, RefundDisputeInput } from '#shared/schemas/cases.ts';
import type { InstitutionCategory } from '#shared/vocabulary.ts';
import type { FeeRule } from '#shared/jurisdiction/index.ts';

export function assessRefund(
  input: RefundDisputeInput,
  options: {
    category: InstitutionCategory | undefined;
    today: string;
    jurisdiction?: Jurisdiction;
    /** The rules in force: configured defaults plus published guidance (functions/fees/rules-source.ts); default: the configured ones. */
    feeRules?: FeeRule[];
  },
): RefundAssessment {
  const j = options.jurisdiction ?? defaultJurisdiction;
  const estimate = estimateRefund(
    {
      amountPaid: input.amountPaid,
      lessonsBought: input.lessonsBought,
      lessonsConsumed: input.lessonsConsumed,
      ...(input.pricePerLesson !== undefined ? { pricePerLesson: input.pricePerLesson } : {}),
      contractOn: input.contractOn,
      ...(input.firstClassOn ? { firstClassOn: input.firstClassOn } : {}),
      ...(input.fullRefundWindow ? { fullRefundWindow: input.fullRefundWindow } : {}),
      today: options.today,
    },
    j.refundRules,
  );
  const dates = refundDates({ requestedOn: input.refundRequestedOn ?? options.today, calendar: j.calendar }, j.refundRules);
  const chargeFindings = options.category
    ? checkCharge(
        {
          category: options.category,
          districtCode: input.districtCode,
          date: input.contractOn,
          amount: input.amountPaid,
          hours: input.lessonsBought,
          ...(input.coursePeriod ? { coursePeriod: input.coursePeriod } : {}),
          ...(input.pricePerLesson !== undefined ? { pricePerLesson: input.pricePerLesson } : {}),
          paymentMethod: input.paymentMethod,
          ...(input.financing ? { financing: input.financing } : {}),
        },
        options.feeRules ?? j.feeRules,
      )
    : null;
  const notes: string[] = [];
  if (!chargeFindings) notes.push(t.cases.receipt.chargeUnchecked);
  if (input.amountAsked !== estimate.owed) notes.push(t.cases.receipt.askedVsOwed(formatYuan(input.amountAsked), formatYuan(estimate.owed)));
  return {
    estimate,
    dates,
    chargeFindings,
    chargeBrokeRules: chargeFindings?.some((f) => f.outcome === 'breaks') ?? false,
    notes,
  };
}

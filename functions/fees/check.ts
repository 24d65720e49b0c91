/**
 * The fee checker's answer, for the API (`POST /api/fee-check`) and the page
 * (`/fees/check/`) alike: `checkCharge` (shared/rules/fees.ts, the same pure
 * function the refund-dispute receipt uses) over the rules in force on the
 * day of paying, plus what to do next and a complaint link filled in with
 * this charge. Partial facts give partial answers: each rule the known facts
 * cannot decide says what to enter (`toEnter`, in the form's field names).
 */
import { t } from '#shared/i18n/zh-CN.ts';
import type { FeeRule } from '#shared/jurisdiction/types.ts';
import { checkCharge } from '#shared/rules/fees.ts';
import { cstDate } from '#shared/rules/working-days.ts';
import type { FeeCheckInput, FeeCheckResult } from '#shared/schemas/guidance.ts';

/** Fen as yuan for a form field: 520000 → "5200", 499950 → "4999.50". */
export function fenToYuanField(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents ? `${yuan}.${String(cents).padStart(2, '0')}` : String(yuan);
}

/**
 * The complaint form, filled in with this charge: `kind=fees`, the
 * institution when known, then its district, category, the amount in yuan and
 * how the parent was asked to pay (and financed it, when said).
 */
export function complaintHref(input: FeeCheckInput): string {
  const params = new URLSearchParams({ kind: 'fees' });
  if (input.institutionId) params.set('institution', input.institutionId);
  if (input.districtCode) params.set('district', input.districtCode);
  params.set('category', input.category);
  if (input.amount !== undefined) params.set('amount', fenToYuanField(input.amount));
  if (input.paymentMethod) params.set('paymentMethod', input.paymentMethod);
  if (input.financing) params.set('financing', input.financing);
  return `/complaints/new/?${params.toString()}`;
}

/**
 * What else to enter, one line per rule left undecided (the field that would
 * decide it first), and the district when one has rules of its own.
 */
function toEnter(input: FeeCheckInput, findings: FeeCheckResult['findings'], rules: readonly FeeRule[], date: string): FeeCheckResult['toEnter'] {
  const lines: FeeCheckResult['toEnter'] = [];
  for (const f of findings) {
    const field = f.needs?.[0];
    if (field && !lines.some((l) => l.message === f.message)) lines.push({ field, message: f.message });
  }
  if (!input.districtCode && rules.some((r) => r.districtCodes && r.source.effectiveFrom <= date && r.categories.includes(input.category))) {
    lines.push({ field: 'districtCode', message: t.fees.check.districtToEnter });
  }
  return lines;
}

export function runFeeCheck(input: FeeCheckInput, rules: readonly FeeRule[], now: Date): FeeCheckResult {
  const date = input.date ?? cstDate(now.toISOString());
  const findings = checkCharge(
    {
      category: input.category,
      date,
      ...(input.districtCode ? { districtCode: input.districtCode } : {}),
      ...(input.amount !== undefined ? { amount: input.amount } : {}),
      ...(input.hours !== undefined ? { hours: input.hours } : {}),
      ...(input.paymentMethod ? { paymentMethod: input.paymentMethod } : {}),
      ...(input.financing ? { financing: input.financing } : {}),
      ...(input.months !== undefined ? { months: input.months } : {}),
      ...(input.coursePeriod ? { coursePeriod: input.coursePeriod } : {}),
      ...(input.pricePerLesson !== undefined ? { pricePerLesson: input.pricePerLesson } : {}),
      ...(input.classMode ? { classMode: input.classMode } : {}),
      ...(input.classEndsAt ? { classEndsAt: input.classEndsAt } : {}),
    },
    rules,
  );
  const breaksRules = findings.some((f) => f.outcome === 'breaks');
  return {
    date,
    findings,
    breaksRules,
    toEnter: toEnter(input, findings, rules, date),
    nextSteps: [...(breaksRules ? t.fees.check.nextBreaks : t.fees.check.nextOk)],
    complaintHref: complaintHref(input),
  };
}

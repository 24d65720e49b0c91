/**
 * The site's forms (/complaints/new/, /refunds/new/): the fields they send,
 * how those become the inputs (intake.ts), and the attachments they may carry.
 * The server (functions/routes/case-pages.ts) and the page's script
 * (site/src/scripts/case-form.ts) both use these, so a form is checked by the
 * same rules with and without JavaScript, and by the same schemas as the API.
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import type { ComplaintKind } from '../../vocabulary.ts';
import { ComplaintInput, RefundDisputeInput } from './intake.ts';
import { COMPLAINT_FORM_ORDER, formFieldFor, REFUND_FORM_ORDER, type CaseFormResult, type CaseFormValues } from '../case-form-fields.ts';

export {
  CaseFormFields,
  COMPLAINT_FORM_ORDER,
  formFieldFor,
  POW_HEADER,
  REFUND_FORM_ORDER,
  type CaseFormResult,
  type CaseFormValues,
} from '../case-form-fields.ts';

/**
 * What happened, as the complaint form groups it: the child's safety first
 * (harm to a child at the very top, so its 110 advice is the first thing
 * read), then licensing, money, collapse. Groups are the form's, never
 * stored: a case keeps its kind's key.
 */
export const COMPLAINT_FORM_GROUPS = [
  { group: 'safety', kinds: ['child_harm', 'safety_hazard', 'fire_hazard', 'food_hygiene', 'unchecked_staff'] },
  {
    group: 'licensing',
    kinds: ['unlicensed', 'licensed_beyond_scope', 'deregistered_still_teaching', 'disguised_tutoring', 'online_tutoring', 'teacher_paid_tutoring', 'outside_hours', 'unsuitable_materials'],
  },
  { group: 'money', kinds: ['prepaid_over_limit', 'money_outside_account', 'price_not_marked', 'above_guidance_price', 'non_standard_contract', 'false_advertising', 'fees'] },
  { group: 'collapse', kinds: ['refund_or_absconding', 'absconding', 'wage_arrears_layoffs'] },
  { group: 'other', kinds: ['other'] },
] as const satisfies ReadonlyArray<{ group: string; kinds: readonly ComplaintKind[] }>;

/** Every kind in the form's order. */
export const COMPLAINT_FORM_KINDS: readonly ComplaintKind[] = COMPLAINT_FORM_GROUPS.flatMap((g) => g.kinds);

/** Messages for what only the form asks (money in yuan, counts as typed, pairs of fields). */
export const caseFormMessages = {
  yuan: (what: string) => `请填写${what}，单位为元，只写数字，例如 4800 或 4800.50`,
  count: (what: string) => `请填写${what}，只写整数，例如 48`,
  coursePeriodBoth: '请同时填写课程的开始日期和结束日期；不清楚的话两个都不填',
  refundWindowBoth: '请同时填写首次上课前和首次上课后的天数；合同没有约定的话两个都不填',
} as const;

const filled = (values: CaseFormValues, name: string): string | undefined => {
  const value = values[name]?.trim();
  return value ? value : undefined;
};

const tidy = (value: string) => value.normalize('NFKC').replace(/[,，\s]/g, '');

/** Yuan as typed ("4800", "4,800.5", "４８００元") → fen, exactly; undefined when it is not an amount. */
export function yuanToFen(value: string): number | undefined {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(tidy(value).replace(/元$/, ''));
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** A whole number as typed ("48", "48课时", "４８节") ; undefined when it is not one. */
export function countFromText(value: string): number | undefined {
  const text = tidy(value).replace(/(课时|节|次|天)$/, '');
  return /^\d{1,6}$/.test(text) ? Number(text) : undefined;
}

function institutionFromForm(values: CaseFormValues): Record<string, string> {
  const id = filled(values, 'institution.institutionId');
  if (id) return { institutionId: id };
  const out: Record<string, string> = {};
  for (const name of ['unlistedName', 'unlistedAddress', 'unlistedCategory'] as const) {
    const value = filled(values, `institution.${name}`);
    if (value) out[name] = value;
  }
  return out;
}

function contactFromForm(values: CaseFormValues, required: boolean): { name: string; mobile: string; notify?: true } | undefined {
  const name = values['contact.name']?.trim() ?? '';
  const mobile = values['contact.mobile']?.trim() ?? '';
  if (!required && !name && !mobile) return undefined;
  // The checkbox only counts with a number to send to.
  return { name, mobile, ...(mobile && values['contact.notify'] ? { notify: true as const } : {}) };
}

function optional(values: CaseFormValues, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = filled(values, name);
    if (value) out[name] = value;
  }
  return out;
}

/** Zod's issues as one message per form field (the first for each), in the form's own field names. */
function formErrors(error: z.ZodError, order: readonly string[], into: Record<string, string>): Record<string, string> {
  for (const issue of error.issues) {
    const field = formFieldFor(issue.path.map(String).join('.'), order);
    into[field] ??= issue.message;
  }
  return into;
}

/**
 * Line breaks as one "\n": a browser posts a textarea's lines with "\r\n",
 * but its script reads them with "\n"; the same form must be the same
 * submission either way (its idempotency fingerprint).
 */
function unifyLineBreaks(values: CaseFormValues): CaseFormValues {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value?.replace(/\r\n?/g, '\n')]));
}

/** The complaint form's fields → `ComplaintInput`, or a message per field. */
export function parseComplaintForm(posted: CaseFormValues): CaseFormResult<ComplaintInput> {
  const values = unifyLineBreaks(posted);
  const contact = contactFromForm(values, false);
  const raw = {
    ...optional(values, ['kind', 'happenedOn', 'place', 'childAgeBand']),
    institution: institutionFromForm(values),
    // Required text goes in even when empty, so the schema's own message says what to do.
    districtCode: values.districtCode?.trim() ?? '',
    description: values.description ?? '',
    ...(contact ? { contact } : {}),
    ...(values.consent ? { consent: true } : {}),
  };
  const parsed = ComplaintInput.safeParse(raw);
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, errors: formErrors(parsed.error, COMPLAINT_FORM_ORDER, {}) };
}

/** The refund-dispute form's fields (money in yuan, counts as typed) → `RefundDisputeInput`, or a message per field. */
export function parseRefundForm(posted: CaseFormValues): CaseFormResult<RefundDisputeInput> {
  const values = unifyLineBreaks(posted);
  const errors: Record<string, string> = {};
  const raw: Record<string, unknown> = {
    ...optional(values, ['paymentMethod', 'financing', 'firstClassOn', 'refundRequestedOn', 'institutionResponse', 'childAgeBand']),
    institution: institutionFromForm(values),
    districtCode: values.districtCode?.trim() ?? '',
    contractOn: values.contractOn?.trim() ?? '',
    contact: contactFromForm(values, true),
    ...(values.consent ? { consent: true } : {}),
  };
  const choice = values.modelContractUsed;
  if (choice === 'yes' || choice === 'no') raw.modelContractUsed = choice === 'yes';
  const amounts = [
    ['amountPaid', '已付金额'],
    ['pricePerLesson', '每课时单价'],
    ['amountAsked', '要求退还的金额'],
  ] as const;
  for (const [name, what] of amounts) {
    const typed = filled(values, name);
    // The price per lesson may be left empty (the estimate then shares the amount paid over the lessons).
    if (typed === undefined && name === 'pricePerLesson') continue;
    const fen = typed === undefined ? undefined : yuanToFen(typed);
    if (fen === undefined) errors[name] = caseFormMessages.yuan(what);
    else raw[name] = fen;
  }
  const counts = [
    ['lessonsBought', '购买的课时'],
    ['lessonsConsumed', '已上的课时'],
  ] as const;
  for (const [name, what] of counts) {
    const typed = filled(values, name);
    const n = typed === undefined ? undefined : countFromText(typed);
    if (n === undefined) errors[name] = caseFormMessages.count(what);
    else raw[name] = n;
  }
  const before = filled(values, 'fullRefundWindow.daysBefore');
  const after = filled(values, 'fullRefundWindow.daysAfter');
  if (before !== undefined || after !== undefined) {
    const b = before === undefined ? undefined : countFromText(before);
    const a = after === undefined ? undefined : countFromText(after);
    if (b === undefined) errors['fullRefundWindow.daysBefore'] = before === undefined ? caseFormMessages.refundWindowBoth : caseFormMessages.count('首次上课前的天数');
    if (a === undefined) errors['fullRefundWindow.daysAfter'] = after === undefined ? caseFormMessages.refundWindowBoth : caseFormMessages.count('首次上课后的天数');
    if (a !== undefined && b !== undefined) raw.fullRefundWindow = { daysBefore: b, daysAfter: a };
  }
  const from = filled(values, 'coursePeriod.from');
  const to = filled(values, 'coursePeriod.to');
  if (from !== undefined || to !== undefined) {
    if (from === undefined) errors['coursePeriod.from'] = caseFormMessages.coursePeriodBoth;
    if (to === undefined) errors['coursePeriod.to'] = caseFormMessages.coursePeriodBoth;
    if (from !== undefined && to !== undefined) raw.coursePeriod = { from, to };
  }
  const parsed = RefundDisputeInput.safeParse(raw);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, input: parsed.data };
  // The form's own messages (money in yuan, pairs) come first; the schema's fill in the rest.
  return { ok: false, errors: parsed.success ? errors : formErrors(parsed.error, REFUND_FORM_ORDER, errors) };
}

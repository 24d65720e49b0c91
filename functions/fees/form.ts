/**
 * The checker's form (/fees/check/) as a parent fills it in: money in yuan
 * as typed ("5200", "5,200", "４９９９.５元"), counts as numbers, empty
 * fields left empty left out (only the category is required; the schema asks
 * for one fact more). Answers the API's input (`FeeCheckInput`, fen)
 * or a message per field, in the form's own field names.
 */
import { guidanceFieldMessages as m, FeeCheckInput } from '#shared/schemas/guidance.ts';
import { fieldsFromZod } from '../lib/errors.ts';

/** The form's fields: the API's names, so a link can prefill either. */
export const FORM_FIELDS = [
  'category',
  'districtCode',
  'amount',
  'hours',
  'months',
  'pricePerLesson',
  'paymentMethod',
  'financing',
  'date',
  'classMode',
  'classEndsAt',
  'institutionId',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Partial<Record<FormField, string>>;

/** The hidden field that tells a submitted form from a link that only prefills it. */
export const SUBMITTED_FIELD = 'check';

const clean = (value: string) => value.normalize('NFKC').replace(/[,\s]/g, '').replace(/元$/, '');

/** Yuan as typed → fen, exactly (no floating point); undefined when it is not an amount. */
export function yuanToFen(value: string): number | undefined {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(clean(value));
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function toNumber(value: string): number | undefined {
  const text = clean(value).replace(/(课时|节|个月|月)$/, '');
  return /^\d{1,6}(?:\.\d{1,2})?$/.test(text) ? Number(text) : undefined;
}

export function valuesOf(query: Record<string, string>): FormValues {
  const values: FormValues = {};
  for (const name of FORM_FIELDS) {
    const value = query[name];
    if (value !== undefined && value.trim() !== '') values[name] = value.trim().slice(0, 100);
  }
  return values;
}

export type FormOutcome = { ok: true; input: FeeCheckInput } | { ok: false; errors: Partial<Record<FormField | '_', string>> };

export function parseCheckForm(values: FormValues): FormOutcome {
  const errors: Partial<Record<FormField, string>> = {};
  const raw: Record<string, unknown> = {};
  const money = (name: 'amount' | 'pricePerLesson', message: string) => {
    const value = values[name];
    if (value === undefined) return;
    const fen = yuanToFen(value);
    if (fen === undefined) errors[name] = message;
    else raw[name] = fen;
  };
  const count = (name: 'hours' | 'months', message: string) => {
    const value = values[name];
    if (value === undefined) return;
    const n = toNumber(value);
    if (n === undefined) errors[name] = message;
    else raw[name] = n;
  };
  money('amount', m.amount);
  money('pricePerLesson', m.pricePerLesson);
  count('hours', m.hours);
  count('months', m.months);
  for (const name of ['category', 'districtCode', 'paymentMethod', 'financing', 'date', 'classMode', 'institutionId'] as const) {
    if (values[name] !== undefined) raw[name] = values[name];
  }
  if (values.classEndsAt !== undefined) raw.classEndsAt = clean(values.classEndsAt).replace('：', ':');

  const parsed = FeeCheckInput.safeParse(raw);
  if (!parsed.success) {
    for (const [path, message] of Object.entries(fieldsFromZod(parsed.error))) {
      const name = path.split('.')[0] as FormField;
      errors[name] ??= message;
    }
  }
  // The one required choice left empty: say what to do, not zod's "expected a string".
  if (values.category === undefined) errors.category = m.category;
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

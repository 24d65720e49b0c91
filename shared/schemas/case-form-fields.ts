/**
 * The names and order of the complaint and refund forms' fields, and the
 * form-only fields (key, proof of work, honeypot, files), without zod: the
 * pages' scripts read these on the main thread and leave the schemas
 * (./cases/form.ts, re-exported by ./cases.ts) to a worker
 * (site/src/scripts/case-check-worker.ts), so a form's page loads no zod.
 */

/** Form fields that are not part of the case: the form's own key, the proof of work, the honeypot, the files. */
export const CaseFormFields = {
  /** The form's random key, sent to the JSON API as the `Idempotency-Key` header. */
  idempotencyKey: 'idempotencyKey',
  /** A solved proof-of-work challenge (GET /api/challenge), base64 of JSON; the JSON API reads it from `POW_HEADER`. */
  pow: 'pow',
  /** Left empty by people (hidden from them); filled in by naive bots. Not in any schema, so never stored. */
  honeypot: 'website',
  attachments: 'attachments',
} as const;

/** The header a JSON submission carries its solved proof-of-work challenge in. */
export const POW_HEADER = 'X-Proof-Of-Work';

/** A form as posted: each field's value as typed (strings); absent or empty means not filled in. */
export type CaseFormValues = Readonly<Record<string, string | undefined>>;

export type CaseFormResult<T> = { ok: true; input: T } | { ok: false; errors: Record<string, string> };

/** The fields of each form in page order: the error summary lists problems in this order, each linking to its field. */
export const COMPLAINT_FORM_ORDER = [
  'kind',
  'institution.institutionId',
  'institution.unlistedName',
  'institution.unlistedAddress',
  'institution.unlistedCategory',
  'districtCode',
  'happenedOn',
  'place',
  'description',
  'childAgeBand',
  'attachments',
  'contact.name',
  'contact.mobile',
  'contact.notify',
  'consent',
] as const;

export const REFUND_FORM_ORDER = [
  'institution.institutionId',
  'institution.unlistedName',
  'institution.unlistedAddress',
  'institution.unlistedCategory',
  'districtCode',
  'contractOn',
  'modelContractUsed',
  'firstClassOn',
  'fullRefundWindow.daysBefore',
  'fullRefundWindow.daysAfter',
  'coursePeriod.from',
  'coursePeriod.to',
  'paymentMethod',
  'financing',
  'amountPaid',
  'lessonsBought',
  'lessonsConsumed',
  'pricePerLesson',
  'amountAsked',
  'refundRequestedOn',
  'institutionResponse',
  'attachments',
  'contact.name',
  'contact.mobile',
  'contact.notify',
  'childAgeBand',
  'consent',
] as const;

/** The form field a message about `path` belongs to: the path itself, else the first field under it, else `_` (the whole form). */
export function formFieldFor(path: string, order: readonly string[]): string {
  if (order.includes(path)) return path;
  return order.find((name) => name.startsWith(`${path}.`)) ?? '_';
}

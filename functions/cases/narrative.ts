/**
 * The family's own words (often with a child's name, a school, a teacher):
 * a complaint's description and place, a dispute's account of what the
 * institution answered. Sealed with the contact in the case's personal data
 * item (same envelope, same data key, the case number as encryption
 * context; functions/crypto/envelope.ts), never on the case record, its
 * queue entries, events, statistics, search or exports, and deleted with the
 * rest of the personal data at the end of retention (functions/cases/purge.ts).
 *
 * Staff who may read the case (its queue entries: functions/cases/staff.ts
 * `canSeeCase`, checked by `loadForStaff` before any case view) read it in
 * the case view, opened here; nothing else opens it.
 */
import type { CaseRecord } from '#shared/schemas/cases.ts';
import { openFields, type KeyProvider } from '../crypto/envelope.ts';
import { getPersonalData } from '../data/cases.ts';
import type { Db } from '../data/client.ts';

/** The names the narrative is sealed under, beside contactName, contactMobile and childAgeBand. */
export const NARRATIVE_FIELDS = ['description', 'place', 'institutionResponse'] as const;

/** The narrative of a submission, by field name (only what was written). */
export function narrativeOf(submission: { type: 'complaint' | 'refund_dispute'; input: { description?: string; place?: string; institutionResponse?: string } }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of NARRATIVE_FIELDS) {
    const value = (submission.input as Record<string, unknown>)[name];
    if (typeof value === 'string' && value) out[name] = value;
  }
  return out;
}

/** The record with its narrative opened (for a staff case view; the caller has checked the department may read the case). */
export async function withNarrative(db: Db, keys: KeyProvider, record: CaseRecord): Promise<CaseRecord> {
  const item = await getPersonalData(db, record.caseNumber);
  if (!item) return record;
  const sealed = Object.fromEntries(Object.entries(item.fields).filter(([name]) => (NARRATIVE_FIELDS as readonly string[]).includes(name)));
  if (!Object.keys(sealed).length) return record;
  const open = await openFields(keys, { caseNumber: record.caseNumber }, { wrappedKey: item.wrappedKey, fields: sealed });
  return {
    ...record,
    ...(record.complaint
      ? { complaint: { ...record.complaint, ...(open.place ? { place: open.place } : {}), ...(open.description ? { description: open.description } : {}) } }
      : {}),
    ...(record.refund && open.institutionResponse ? { refund: { ...record.refund, institutionResponse: open.institutionResponse } } : {}),
  };
}

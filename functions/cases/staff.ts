/**
 * What staff may see of a case:
 * - a case shows in the queue of, and may be read by, each office handling
 *   it (lead or co-handling) and the city-level office of the same kind
 *   (its queue entries: functions/cases/routing.ts);
 * - the full contact only by the lead office itself, each reveal audited by
 *   the route.
 * Anyone else is refused with 403 (see functions/routes/admin-cases.ts).
 */
import type { RevealedContact } from '#shared/schemas/cases.ts';
import { ChildAgeBand } from '#shared/schemas/cases.ts';
import type { KeyProvider } from '../crypto/envelope.ts';
import { openFields } from '../crypto/envelope.ts';
import { getPersonalData, type StoredCase } from '../data/cases.ts';
import type { Db } from '../data/client.ts';

export function canSeeCase(departmentId: string, stored: Pick<StoredCase, 'queue'>): boolean {
  return stored.queue.some((entry) => entry.departmentId === departmentId);
}

export function canRevealContact(departmentId: string, stored: Pick<StoredCase, 'record'>): boolean {
  return stored.record.leadDepartmentId === departmentId;
}

/** Decrypts a case's personal data (the caller checks `canRevealContact` and audits). */
export async function revealPersonalData(db: Db, keys: KeyProvider, caseNumber: string): Promise<RevealedContact> {
  const item = await getPersonalData(db, caseNumber);
  if (!item) return { caseNumber, contact: null, childAgeBand: null };
  const fields = await openFields(keys, { caseNumber }, item);
  const band = ChildAgeBand.safeParse(fields.childAgeBand);
  return {
    caseNumber,
    contact: fields.contactName !== undefined && fields.contactMobile !== undefined ? { name: fields.contactName, mobile: fields.contactMobile } : null,
    childAgeBand: band.success ? band.data : null,
  };
}

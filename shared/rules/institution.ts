// Who supervises what as plain data: this rule does not load or parse the whole jurisdiction.
import { servedSupervision } from '../jurisdiction/supervision.ts';
import type { Jurisdiction } from '../jurisdiction/types.ts';
import { isPublishedSanction, type Institution, type InstitutionFields, type InstitutionSummary } from '../schemas/institution.ts';
import type { DepartmentKind } from '../vocabulary.ts';

/** 谁审批谁监管: the per-institution override, else the jurisdiction's department for its category. */
export function supervisingDepartment(
  inst: Pick<InstitutionFields, 'category' | 'supervisingDepartmentOverride'>,
  j: Pick<Jurisdiction, 'supervision'> = { supervision: servedSupervision },
): DepartmentKind {
  return inst.supervisingDepartmentOverride ?? j.supervision[inst.category];
}

/** Is the licence in force on this date (YYYY-MM-DD)? */
export function licenceInForce(inst: Pick<Institution, 'licence'>, today: string): boolean {
  return inst.licence.issuedOn <= today && today <= inst.licence.expiresOn;
}

/**
 * An institution as the public may see it: only published sanctions, and
 * no inspector's name (those are for staff).
 */
export function publicRecord(inst: Institution): Institution {
  return {
    ...inst,
    inspections: inst.inspections.map(({ inspectors: _i, ...rest }) => rest),
    sanctions: inst.sanctions.filter(isPublishedSanction),
  };
}

/** The public summary of an institution: what search, the snapshot and open data carry. */
export function toPublicSummary(
  inst: Institution,
  initialsOf: (name: string) => string,
  j: Pick<Jurisdiction, 'supervision'> = { supervision: servedSupervision },
): InstitutionSummary {
  const names = [inst.name, ...inst.formerNames];
  const lastChange = inst.statusHistory.at(-1);
  return {
    id: inst.id,
    name: inst.name,
    formerNames: inst.formerNames,
    initials: [...new Set(names.map(initialsOf).filter((s) => s.length > 0))],
    category: inst.category,
    profitType: inst.profitType,
    districtCode: inst.districtCode,
    address: inst.premises[0]?.address ?? '',
    status: inst.status,
    ...(lastChange ? { statusSince: lastChange.on } : {}),
    licenceNumber: inst.licence.number,
    licenceIssuer: inst.licence.issuer,
    licenceExpiresOn: inst.licence.expiresOn,
    scope: inst.licence.scope,
    creditCode: inst.registration.creditCode,
    supervisingDepartment: supervisingDepartment(inst, j),
    updatedAt: inst.updatedAt,
  };
}

/** The dotted paths of the fields that differ between two versions (for the change record). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

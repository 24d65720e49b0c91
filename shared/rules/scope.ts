/**
 * Roles and scope: what a member of staff may do, and to which institutions.
 * Pure functions over the jurisdiction's configuration, so the API, the
 * admin pages and the tests ask the same questions the same way.
 *
 * - Roles say what kind of action: viewer reads; editor edits; publisher
 *   edits and publishes; administrator manages accounts (and reads);
 *   supervisor (督办) edits, works reopened cases, records plans and reads
 *   the dashboard.
 * - Scope says on what: an institution supervised by the staff member's
 *   department kind, in that department's area (a city-level department
 *   covers every district). Administrators get no wider scope than their
 *   department's: account management is not a licence to edit the registry.
 */
import { coversDistrict, departmentsOf, jurisdiction as defaultJurisdiction, type Jurisdiction } from '../jurisdiction/index.ts';
import type { Department } from '../schemas/department.ts';
import type { DepartmentKind } from '../vocabulary.ts';

export { effectiveRoles, hasAnyRole, requiresTotp, TOTP_REQUIRED_ROLES } from './roles.ts';

export function findDepartment(departmentId: string, j: Jurisdiction = defaultJurisdiction): Department | undefined {
  return departmentsOf(j).find((d) => d.id === departmentId);
}

/** What an institution looks like to the scope check: who supervises it and where it is. */
export interface ScopeTarget {
  supervisingDepartmentKind: DepartmentKind;
  districtCode: string;
}

/**
 * May this member of staff act on an institution? Only when their department
 * is of the kind that supervises it and its area covers the institution's
 * district. An unknown department has no scope at all.
 */
export function canManageInstitution(
  staff: { departmentId: string },
  target: ScopeTarget,
  j: Jurisdiction = defaultJurisdiction,
): boolean {
  const department = findDepartment(staff.departmentId, j);
  if (!department) return false;
  if (department.kind !== target.supervisingDepartmentKind) return false;
  if (!j.districts.some((d) => d.code === target.districtCode)) return false;
  return coversDistrict(department, target.districtCode, j);
}

/**
 * A department's scope as a filter (for lists: "the institutions I look
 * after"): its kind and the districts it covers.
 */
export function scopeOf(
  staff: { departmentId: string },
  j: Jurisdiction = defaultJurisdiction,
): { kind: DepartmentKind; districtCodes: string[] } | undefined {
  const department = findDepartment(staff.departmentId, j);
  if (!department) return undefined;
  return {
    kind: department.kind,
    districtCodes: j.districts.filter((d) => coversDistrict(department, d.code, j)).map((d) => d.code),
  };
}

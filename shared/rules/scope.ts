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
import type { DepartmentKind, StaffRole } from '../vocabulary.ts';

/** The roles each role includes: a publisher may also edit; anyone signed in may view. */
const IMPLIED_ROLES: Record<StaffRole, readonly StaffRole[]> = {
  viewer: ['viewer'],
  editor: ['editor', 'viewer'],
  publisher: ['publisher', 'editor', 'viewer'],
  administrator: ['administrator', 'viewer'],
  // A supervisor (督办) may also do what a handler may: reopened cases land with them.
  supervisor: ['supervisor', 'editor', 'viewer'],
};

/** Roles whose holders must sign in with a second factor (TOTP). */
export const TOTP_REQUIRED_ROLES: readonly StaffRole[] = ['publisher', 'administrator', 'supervisor'];

/** Every role a set of granted roles amounts to, implied ones included. */
export function effectiveRoles(granted: readonly StaffRole[]): Set<StaffRole> {
  return new Set(granted.flatMap((role) => IMPLIED_ROLES[role]));
}

/** Does a member of staff hold at least one of these roles (directly or by implication)? */
export function hasAnyRole(granted: readonly StaffRole[], required: readonly StaffRole[]): boolean {
  if (required.length === 0) return true;
  const roles = effectiveRoles(granted);
  return required.some((role) => roles.has(role));
}

export function requiresTotp(granted: readonly StaffRole[]): boolean {
  return granted.some((role) => TOTP_REQUIRED_ROLES.includes(role));
}

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

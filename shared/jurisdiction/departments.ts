import type { Department } from '../schemas/department.ts';
import { DepartmentKinds, type DepartmentKind } from '../vocabulary.ts';
import type { Jurisdiction } from './types.ts';

/**
 * 部门: the departments of a jurisdiction, derived from its configuration.
 * Every kind has a city-level office (which sees every district); the kinds
 * that supervise institutions day to day also have an office per district.
 */
export const DISTRICT_LEVEL_KINDS: readonly DepartmentKind[] = ['education', 'culture', 'science', 'market'];

export function departmentId(kind: DepartmentKind, regionCode: string): string {
  return `${kind.replace(/_/g, '-')}-${regionCode}`;
}

/** A department kind's name in a jurisdiction: its own name where it configures one (e.g. 卫生健康和体育局), else the vocabulary's. */
export function departmentKindName(kind: DepartmentKind, j: Pick<Jurisdiction, 'departmentNames'>): string {
  return j.departmentNames?.[kind] ?? DepartmentKinds.label(kind);
}

/**
 * A department's contact as families see it: its own from the configuration
 * (`departmentContacts`), else the jurisdiction's stand-in, marked as such.
 */
export function departmentContactFields(id: string, j: Jurisdiction): Pick<Department, 'phone' | 'address' | 'officeHours' | 'contactPlaceholder'> {
  const c = j.departmentContacts[id] ?? j.fallbackContact;
  return {
    phone: c.phone,
    ...(c.address ? { address: c.address } : {}),
    ...(c.officeHours ? { officeHours: c.officeHours } : {}),
    ...(c.placeholder ? { contactPlaceholder: true } : {}),
  };
}

export function departmentsOf(j: Jurisdiction): Department[] {
  const city: Department[] = DepartmentKinds.keys.map((kind) => ({
    id: departmentId(kind, j.code),
    kind,
    name: `${j.name}${departmentKindName(kind, j)}`,
    regionCode: j.code,
    ...departmentContactFields(departmentId(kind, j.code), j),
  }));
  // A county is its own only district: its offices are the jurisdiction's, listed once.
  const districts: Department[] = j.districts.filter((d) => d.code !== j.code).flatMap((d) =>
    DISTRICT_LEVEL_KINDS.map((kind) => ({
      id: departmentId(kind, d.code),
      kind,
      name: `${d.name}${departmentKindName(kind, j)}`,
      regionCode: d.code,
      ...departmentContactFields(departmentId(kind, d.code), j),
    })),
  );
  return [...city, ...districts];
}

/** Does a department's area cover this district? A city-level office covers all of them. */
export function coversDistrict(department: Pick<Department, 'regionCode'>, districtCode: string, j: Jurisdiction): boolean {
  return department.regionCode === j.code || department.regionCode === districtCode;
}

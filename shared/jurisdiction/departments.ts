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

export function departmentsOf(j: Jurisdiction): Department[] {
  const city: Department[] = DepartmentKinds.keys.map((kind) => ({
    id: departmentId(kind, j.code),
    kind,
    name: `${j.name}${DepartmentKinds.label(kind)}`,
    regionCode: j.code,
    phone: '12345',
  }));
  const districts: Department[] = j.districts.flatMap((d) =>
    DISTRICT_LEVEL_KINDS.map((kind) => ({
      id: departmentId(kind, d.code),
      kind,
      name: `${d.name}${DepartmentKinds.label(kind)}`,
      regionCode: d.code,
      phone: '12345',
    })),
  );
  return [...city, ...districts];
}

/** Does a department's area cover this district? A city-level office covers all of them. */
export function coversDistrict(department: Pick<Department, 'regionCode'>, districtCode: string, j: Jurisdiction): boolean {
  return department.regionCode === j.code || department.regionCode === districtCode;
}

/** A member of staff as the API describes them, department named from the jurisdiction's configuration. */
import { findDepartment } from '#shared/rules/scope.ts';
import type { StaffSummary } from '#shared/schemas/staff.ts';
import type { StaffRecord } from '../data/staff.ts';

/** What the API says about a member of staff: never credentials. */
export function staffSummary(record: Pick<StaffRecord, 'username' | 'name' | 'roles' | 'departmentId'>): StaffSummary {
  const department = findDepartment(record.departmentId);
  return {
    username: record.username,
    name: record.name,
    roles: record.roles,
    department: department
      ? { id: department.id, name: department.name, kind: department.kind, regionCode: department.regionCode }
      : // An account whose department is gone keeps its id; scope checks then refuse everything.
        { id: record.departmentId, name: record.departmentId, kind: 'education', regionCode: '000000' },
  };
}

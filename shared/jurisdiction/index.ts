import type { InstitutionCategory } from '../vocabulary.ts';
import type { Jurisdiction } from './types.ts';
import { xinyang } from './xinyang.ts';

export * from './types.ts';

/** The jurisdiction this deployment serves. One place to change it. */
export const jurisdiction: Jurisdiction = xinyang;

export function districtName(code: string, j: Jurisdiction = jurisdiction): string | undefined {
  return j.districts.find((d) => d.code === code)?.name;
}

/** 谁审批谁监管: the department kind that supervises a category, unless overridden per institution. */
export function supervisingDepartmentKind(category: InstitutionCategory, j: Jurisdiction = jurisdiction) {
  return j.supervision[category];
}

export * from './departments.ts';

import type { InstitutionCategory } from '../vocabulary.ts';
import type { Jurisdiction } from './types.ts';
import { SERVED_JURISDICTION } from './districts.ts';
import { xiangyuan } from './xiangyuan.ts';
import { xinyang } from './xinyang.ts';

export * from './types.ts';

/**
 * Every configured jurisdiction, by its GB/T 2260 code: each a parsed
 * `Jurisdiction` (districts, supervision, routing table, fee rules). A city
 * adds its own by writing a module like xinyang.ts or xiangyuan.ts and
 * listing it here; docs/routing.md is generated for each (npm run docs:routing).
 */
export const JURISDICTIONS: Readonly<Record<string, Jurisdiction>> = {
  [xinyang.code]: xinyang,
  [xiangyuan.code]: xiangyuan,
};

/** The jurisdiction this deployment serves: `SERVED_JURISDICTION` in districts.ts, the one place to change it. */
export const jurisdiction: Jurisdiction = JURISDICTIONS[SERVED_JURISDICTION]!;

export function districtName(code: string, j: Jurisdiction = jurisdiction): string | undefined {
  return j.districts.find((d) => d.code === code)?.name;
}

/** 谁审批谁监管: the department kind that supervises a category, unless overridden per institution. */
export function supervisingDepartmentKind(category: InstitutionCategory, j: Jurisdiction = jurisdiction) {
  return j.supervision[category];
}

export * from './departments.ts';

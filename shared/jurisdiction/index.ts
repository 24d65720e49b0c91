import type { InstitutionCategory } from '../vocabulary.ts';
import type { Jurisdiction } from './types.ts';
import { SERVED_JURISDICTION } from './districts.ts';
import { parseJurisdiction } from './parse.ts';
import { XIANGYUAN_CONFIG } from './xiangyuan-config.ts';
import { XINYANG_CONFIG } from './xinyang-config.ts';

export * from './types.ts';

/** Every configured jurisdiction's configuration, by its GB/T 2260 code. */
const CONFIGS: Readonly<Record<string, { code: string }>> = {
  [XINYANG_CONFIG.code]: XINYANG_CONFIG,
  [XIANGYUAN_CONFIG.code]: XIANGYUAN_CONFIG,
};

/**
 * Every configured jurisdiction, by its GB/T 2260 code: each a parsed
 * `Jurisdiction` (districts, supervision, routing table, fee rules), parsed
 * when first read (./parse.ts): a cold start parses only the one it serves. A
 * city adds its own by writing a module like xinyang-config.ts and listing it
 * in CONFIGS; docs/routing.md is generated for each (npm run docs:routing).
 */
export const JURISDICTIONS: Readonly<Record<string, Jurisdiction>> = Object.freeze(
  Object.defineProperties(
    {},
    Object.fromEntries(Object.entries(CONFIGS).map(([code, config]) => [code, { enumerable: true, get: () => parseJurisdiction(config) }])),
  ),
);

/** The jurisdiction this deployment serves: `SERVED_JURISDICTION` in districts.ts, the one place to change it. Parsed when this module loads. */
export const jurisdiction: Jurisdiction = parseJurisdiction(CONFIGS[SERVED_JURISDICTION]!);

/** A district's name by its code (districts.ts, plain data): the served jurisdiction's, or another's with `districtName(code, j.districts)`. */
export { districtName } from './districts.ts';

/** 谁审批谁监管: the department kind that supervises a category, unless overridden per institution. */
export function supervisingDepartmentKind(category: InstitutionCategory, j: Jurisdiction = jurisdiction) {
  return j.supervision[category];
}

export * from './departments.ts';

/**
 * 谁审批谁监管: the department kind that supervises each category, per
 * configured jurisdiction: plain data, no zod, so the rule that reads it
 * (shared/rules/institution.ts `supervisingDepartment`) loads neither the
 * routing tables nor the jurisdiction's parse (the import worker's and the
 * publisher's cold starts, docs/benchmarks.md "Lambda bundles"). The
 * jurisdictions' modules (xinyang.ts, xiangyuan.ts) take their `supervision`
 * from here, where their sources are named, and check it when they are
 * parsed (types.ts: the routing table's must be the same).
 */
import type { DepartmentKind, InstitutionCategory } from '../vocabulary.ts';
import { SERVED_JURISDICTION, type DISTRICTS } from './districts.ts';

export const SUPERVISION = {
  // 信阳市: 信双减办〔2023〕5号 (教育体育 for 学科类 and 体育类, 文广旅 for 文化艺术类, 科技 for 科技类).
  '411500': {
    academic: 'education',
    sports: 'education',
    arts: 'culture',
    science: 'science',
    early_education: 'health',
    vocational: 'hrss',
    after_school_care: 'education',
  },
  // 襄垣县: 襄垣县暑期校外培训专项治理行动实施方案.
  '140423': {
    academic: 'education',
    sports: 'sports',
    arts: 'education',
    science: 'education',
    early_education: 'health',
    vocational: 'hrss',
    after_school_care: 'education',
  },
} as const satisfies Record<keyof typeof DISTRICTS, Record<InstitutionCategory, DepartmentKind>>;

/** Who supervises each category in the jurisdiction this deployment serves. */
export const servedSupervision: Readonly<Record<InstitutionCategory, DepartmentKind>> = SUPERVISION[SERVED_JURISDICTION];

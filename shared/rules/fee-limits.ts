/**
 * 收费上限: the national limits on one prepaid collection, as figures, written
 * once. The fee checker's rows (shared/jurisdiction/fee-rules.ts, applied by
 * shared/rules/fees.ts) are built from them, and the strings that tell parents
 * the limits (shared/i18n/zh-CN.ts) are filled from them, so a change here
 * changes both. No imports: the strings module, which every page's script
 * loads, stays small.
 *
 * - 教监管函〔2021〕2号: no single collection spanning more than 3 months or 60
 *   class hours (课时), for both kinds of institution.
 * - 教监管〔2022〕4号: the same for 非学科类, and at most 5,000 yuan; offline
 *   classes end by 20:30, online ones by 21:00.
 */
export const PREPAID_LIMITS = {
  /** Calendar months of the course period one collection may cover. */
  months: 3,
  /** Class hours (课时) one collection may pay for. */
  hours: 60,
  /** Fen one collection for a 非学科类 course may come to (5,000 yuan). */
  nonAcademicAmount: 500_000,
} as const;

/** 非学科类 classes end by these times (China Standard Time, HH:MM). */
export const CLASS_ENDS_BY = { offline: '20:30', online: '21:00' } as const;

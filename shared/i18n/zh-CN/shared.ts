/** Words more than one area of the strings uses. */
import { PREPAID_LIMITS } from '../../rules/fee-limits.ts';
import { formatYuan } from '../../rules/yuan.ts';

export const operator = '信阳市“双减”工作协调机制办公室';

/** The national limits on one collection, as parents read them: the figures are the fee rules' (shared/rules/fee-limits.ts). */
export const prepaidSpan = `${PREPAID_LIMITS.months}个月或${PREPAID_LIMITS.hours}课时`;
export const nonAcademicCap = /* @__PURE__ */ formatYuan(PREPAID_LIMITS.nonAcademicAmount);

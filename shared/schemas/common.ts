import { z } from 'zod';
import { isValidCreditCode } from '../rules/credit-code.ts';
// The served jurisdiction's districts only: the routing tables stay out of the pages' scripts.
import { servedDistricts } from '../jurisdiction/districts.ts';
import { plainValidatorError } from './plain-errors.ts';

// Where a schema gives no message of its own: plain Chinese words (./plain-errors.ts), once for every importer.
// A schema's own `error` answers its wrong type and each of its checks that has none (`z.string({ error }).regex(…)`).
z.config({ localeError: plainValidatorError });

/** Messages a person reads when a field is wrong: what is wrong and how to fix it. */
export const fieldMessages = {
  creditCode: '统一社会信用代码应为18位，且校验位正确，请对照营业执照或登记证书核对',
  districtCode: '请选择本市的区县',
  mobile: '请填写11位中国大陆手机号码，例如13812345678',
  licenceNumber: '办学许可证编号应为6至40位的汉字、字母或数字，请对照许可证核对',
  coursePeriod: '请填写课程的开始和结束日期，格式为 YYYY-MM-DD',
  coursePeriodOrder: '课程结束日期不能早于开始日期',
} as const;

/** An ISO calendar date, YYYY-MM-DD. */
export const IsoDate = z.iso.date({ error: '请填写有效日期，格式为 YYYY-MM-DD' });
/** An ISO timestamp in UTC. */
export const Timestamp = z.iso.datetime({ error: '请填写有效时间' });

export const CreditCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidCreditCode, { error: fieldMessages.creditCode })
  .meta({ description: '统一社会信用代码 (GB 32100-2015), checked with its check character', example: '91350100M000100Y43' });

export const DistrictCode = z
  .string({ error: fieldMessages.districtCode })
  .refine((code) => servedDistricts.some((d) => d.code === code))
  .meta({ description: 'GB/T 2260 code of a district of this jurisdiction', example: '411502' });

/** 中国大陆手机号码. */
export const MobileNumber = z
  .string({ error: fieldMessages.mobile })
  .trim()
  .regex(/^1[3-9]\d{9}$/);

/** The period a course runs, first day to last (for the 3-month limit on what may be collected at once). */
export const CoursePeriod = z
  .object({ from: IsoDate, to: IsoDate }, { error: fieldMessages.coursePeriod })
  .refine((p) => p.to >= p.from, { error: fieldMessages.coursePeriodOrder, path: ['to'] });

/** Money is integer fen (分), never floating yuan. */
export const Fen = z.number().int().nonnegative().meta({ description: 'Amount in fen (1 yuan = 100 fen)' });

/** A stable, URL-safe identifier. */
export const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, { error: '编号格式不正确' });

/** Who did something, and when: carried by every recorded change. */
export const Actor = z.object({
  staffId: z.string(),
  name: z.string(),
  departmentId: z.string(),
});
export type Actor = z.infer<typeof Actor>;

/**
 * Reading one cell of the regulator's list: the words people use for a
 * category or a status, dates as spreadsheets write them, codes with stray
 * spaces or full-width digits. Each reader answers the value, or a message
 * in Chinese saying what is wrong with the cell and how to write it.
 */
import { servedDistricts, servedJurisdictionName } from '#shared/jurisdiction/districts.ts';
import { creditCodeProblem } from '#shared/rules/credit-code.ts';
import { fieldMessages } from '#shared/schemas/common.ts';
import { Licence } from '#shared/schemas/institution.ts';
import {
  FundSupervisionModes,
  InstitutionCategories,
  InstitutionStatuses,
  ProfitTypes,
  RegistrationTypes,
  type FundSupervisionMode,
  type InstitutionCategory,
  type InstitutionStatus,
  type ProfitType,
  type RegistrationType,
} from '#shared/vocabulary.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = (message: string): Read<never> => ({ ok: false, message });

/** Full-width letters and digits to ASCII, no spaces: for codes, numbers, dates and enumerations. */
export const compact = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

/** A reader for a vocabulary: its labels, its keys, and the extra words people use. */
function vocabularyReader<K extends string>(
  what: string,
  entries: ReadonlyArray<{ key: K; label: string }>,
  extra: Record<string, K>,
): (text: string) => Read<K> {
  const index = new Map<string, K>();
  for (const { key, label } of entries) {
    index.set(compact(label), key);
    index.set(key, key);
  }
  for (const [word, key] of Object.entries(extra)) index.set(compact(word), key);
  const allowed = entries.map((e) => e.label).join('、');
  return (text) => {
    const key = index.get(compact(text)) ?? index.get(compact(text).toLowerCase());
    return key ? ok(key) : fail(`${what}“${text}”无法识别，请填写：${allowed}`);
  };
}

export const readCategory = vocabularyReader<InstitutionCategory>('培训类别', InstitutionCategories.entries, {
  学科: 'academic',
  体育: 'sports',
  文化艺术: 'arts',
  艺术类: 'arts',
  文艺类: 'arts',
  科技: 'science',
  早教: 'early_education',
  早期教育: 'early_education',
  职业培训: 'vocational',
  校外托管: 'after_school_care',
  托管: 'after_school_care',
});

export const readProfitType = vocabularyReader<ProfitType>('营利性质', ProfitTypes.entries, { 营利: 'for_profit', 非营利: 'non_profit' });

export const readRegistrationType = vocabularyReader<RegistrationType>('登记类型', RegistrationTypes.entries, {
  民办非企业单位: 'non_enterprise_certificate',
  民非: 'non_enterprise_certificate',
  民办非企业单位登记证: 'non_enterprise_certificate',
});

export const readFundMode = vocabularyReader<FundSupervisionMode>('资金监管方式', FundSupervisionModes.entries, {
  托管: 'bank_custody',
  保证金: 'risk_deposit',
  无: 'none',
  未监管: 'none',
});

export const readStatus = vocabularyReader<InstitutionStatus>('状态', InstitutionStatuses.entries, {
  白名单: 'approved',
  已审批: 'approved',
  正常: 'approved',
  整改: 'rectification',
  责令整改: 'rectification',
  吊销: 'revoked',
  已吊销: 'revoked',
  注销: 'deregistered',
  黑名单: 'blacklisted',
});

const YES = new Set(['是', '有', '已投保', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['否', '无', '未投保', 'n', 'no', 'false', '0', '×']);
export function readYesNo(text: string): Read<boolean> {
  const t = compact(text).toLowerCase();
  if (YES.has(t)) return ok(true);
  if (NO.has(t)) return ok(false);
  return fail(`是否投保“${text}”无法识别，请填写“是”或“否”`);
}

/** A district of this jurisdiction, by name (浉河区, 信阳市浉河区, 浉河) or GB/T 2260 code. */
export function readDistrict(text: string): Read<string> {
  const t = compact(text).replace(/^河南省/, '').replace(new RegExp(`^${servedJurisdictionName}`), '');
  const found = servedDistricts.find(
    (d) => d.code === t || d.name === t || (d.name.length > 2 && d.name.replace(/[区县市]$/, '') === t),
  );
  return found
    ? ok(found.code)
    : fail(`所在区县“${text}”不是${servedJurisdictionName}的区县，请填写：${servedDistricts.map((d) => d.name).join('、')}，或其6位代码`);
}

const DATE_PATTERNS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** A calendar date as spreadsheets write it (2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301), as YYYY-MM-DD. */
export function readDate(what: string, text: string): Read<string> {
  const t = compact(text).replace(/T00:00:00(\.000)?Z?$/, '');
  for (const pattern of DATE_PATTERNS) {
    const m = pattern.exec(t);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1949 && y <= 2100) {
      return ok(date.toISOString().slice(0, 10));
    }
    return fail(`${what}“${text}”不是有效的日期，请检查年月日`);
  }
  return fail(`${what}“${text}”无法识别为日期，请写成 2024-03-01 这样的格式`);
}

const CREDIT_CODE_MESSAGES = {
  length: (code: string) => `统一社会信用代码应为18位，“${code}”是${[...code].length}位，请对照营业执照或登记证书核对`,
  alphabet: (code: string) => `统一社会信用代码“${code}”含有不允许的字符：只能是数字和除 I、O、S、V、Z 以外的大写字母`,
  check: (code: string) => `统一社会信用代码“${code}”的校验位（最后一位）不正确，可能有一位抄错了，请对照营业执照或登记证书核对`,
} as const;

/** A credit code, upper-cased without spaces, checked with its check character (GB 32100-2015). */
export function readCreditCode(text: string): Read<string> {
  const code = compact(text).toUpperCase();
  const problem = creditCodeProblem(code);
  return problem ? fail(CREDIT_CODE_MESSAGES[problem](code)) : ok(code);
}

/** A licence number without spaces: 6 to 40 Chinese characters, letters or digits (教民141150270001234号). */
export function readLicenceNumber(text: string): Read<string> {
  const number = compact(text);
  return Licence.shape.number.safeParse(number).success ? ok(number) : fail(`办学许可证编号“${text}”格式不正确：${fieldMessages.licenceNumber}`);
}

/** Former names: separated by ； or ;, blanks and repeats dropped. */
export function readNames(text: string): string[] {
  return [...new Set(text.split(/[；;]/).map((s) => s.trim()).filter((s) => s.length > 0))];
}

/**
 * The building blocks of what a family files: the messages a family reads
 * when a field is wrong, free text (no control characters, no identity-card
 * number), money in fen, counts, the child's school stage, the institution,
 * the contact and the consent.
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import { mod11_2CheckCharacter } from '../../rules/case-number.ts';
import { InstitutionCategories } from '../../vocabulary.ts';
import { fieldMessages, MobileNumber } from '../common.ts';
import { paymentFieldMessages } from '../payment.ts';

/** Messages a family reads when a case field is wrong: what is wrong and how to fix it. */
export const caseFieldMessages = {
  idCard: '请不要填写身份证号码：处理投诉不需要它。请删去后再提交',
  controlCharacters: '内容中有无法显示的字符，请删去后再提交',
  institution: '请从名单中选择机构；名单上没有的，请填写机构名称和地址',
  institutionId: '机构编号格式不正确，请从名单中重新选择',
  unlistedName: '请填写机构名称（名单上没有的机构）',
  unlistedAddress: '请填写机构地址，写到街道和门牌号，方便监管部门核查',
  kind: '请选择发生了什么',
  description: '请至少用10个字说明发生了什么',
  consent: '请阅读隐私说明，并勾选“我已阅读并同意”',
  contactName: '请填写联系人称呼，例如“王女士”',
  contactRequired: '退费纠纷需要留下联系方式，监管部门才能联系您协调退费',
  contractOn: '请填写合同签订日期，格式为 YYYY-MM-DD',
  modelContractUsed: '请选择是否使用了示范合同文本',
  paymentMethod: paymentFieldMessages.paymentMethod,
  financing: paymentFieldMessages.financing,
  lessonsConsumedOverBought: '已上课时不能多于购买的课时，请核对',
  askedOverPaid: '要求退还的金额不能多于已付的金额，请核对',
  coursePeriodOrder: fieldMessages.coursePeriodOrder,
  contact: '联系方式应包括联系人称呼和11位手机号码；不想留联系方式的，两项都不填',
  fullRefundWindow: '请填写合同约定的首次上课前、后可以全额退费的天数',
  category: '请选择培训类别',
} as const;

/** The largest amount a form accepts: 1,000,000 yuan, far above any single tutoring payment. */
export const MAX_CASE_FEN = 100_000_000;

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

// C0 controls other than tab, line feed and carriage return, DEL, and the bidi overrides that can disguise text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const ID_CANDIDATE = /(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9Xx])/g;

/** Does the text hold a resident identity-card number (18 characters, valid check character)? */
export function containsIdCardNumber(text: string): boolean {
  for (const match of text.normalize('NFKC').matchAll(ID_CANDIDATE)) {
    const id = match[0].toUpperCase();
    const month = Number(id.slice(10, 12));
    const day = Number(id.slice(12, 14));
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    if (mod11_2CheckCharacter(id.slice(0, 17)) === id[17]) return true;
  }
  return false;
}

/**
 * Free text a family types: trimmed, no control characters, no identity-card
 * number. Stored and returned as typed (JSON is inert; every page encodes it).
 */
export function plainText(options: { min?: number; max: number; minMessage?: string; maxMessage?: string }) {
  let s = z.string({ error: options.minMessage ?? '请填写这一项' }).trim();
  if (options.min) s = s.min(options.min, { error: options.minMessage ?? `至少填写${options.min}个字` });
  return s
    .max(options.max, { error: options.maxMessage ?? `不能超过${options.max}个字，请精简` })
    .refine((v) => !CONTROL.test(v), { error: caseFieldMessages.controlCharacters })
    .refine((v) => !containsIdCardNumber(v), { error: caseFieldMessages.idCard });
}

/** An amount in fen, with messages that say what is wrong with it. */
export function money(what: string) {
  return z
    .number({ error: `请填写${what}，以分为单位的整数（1元 = 100分）` })
    .int({ error: `${what}须以分为单位填写整数，不能有小数（1元 = 100分）` })
    .min(0, { error: `${what}不能是负数` })
    .max(MAX_CASE_FEN, { error: `${what}超出了可填写的范围，请核对` })
    .meta({ description: `${what}, in fen (1 yuan = 100 fen)` });
}

export function count(what: string, min: number) {
  return z
    .number({ error: `请填写${what}（整数）` })
    .int({ error: `${what}应为整数` })
    .min(min, { error: min > 0 ? `${what}至少为${min}` : `${what}不能是负数` })
    .max(10_000, { error: `${what}不能超过10000` });
}

/** 学段: a child's school stage, when it matters (e.g. subject classes for 3-6 year olds). Personal data. */
export const ChildAgeBands = ['preschool', 'primary', 'junior_secondary', 'senior_secondary'] as const;
export type ChildAgeBand = (typeof ChildAgeBands)[number];
/** Labels beside their keys until the vocabulary (shared/vocabulary.ts) takes them in. */
export const CHILD_AGE_BAND_LABELS: Record<ChildAgeBand, string> = {
  preschool: '学龄前（3至6岁）',
  primary: '小学',
  junior_secondary: '初中',
  senior_secondary: '高中',
};
export const ChildAgeBand = z.enum(ChildAgeBands, { error: '请选择孩子所在学段' }).meta({ description: "The child's school stage (personal data, stored encrypted)" });

/**
 * The institution a case is about: from the registry (`institutionId`), or,
 * when it is not on the list (itself worth reporting), described by name and
 * address, with its category if the family knows it.
 */
export const CaseInstitution = z
  .object({
    institutionId: z.string({ error: caseFieldMessages.institutionId }).regex(/^[a-z0-9-]{3,64}$/).optional(),
    unlistedName: plainText({ min: 2, max: 80, minMessage: caseFieldMessages.unlistedName }).optional(),
    unlistedAddress: plainText({ min: 4, max: 120, minMessage: caseFieldMessages.unlistedAddress }).optional(),
    unlistedCategory: z.enum(InstitutionCategories.keys, { error: caseFieldMessages.category }).optional(),
  }, { error: caseFieldMessages.institution })
  .superRefine((v, ctx) => {
    if (v.institutionId) return;
    if (!v.unlistedName) ctx.addIssue({ code: 'custom', path: ['unlistedName'], message: caseFieldMessages.unlistedName });
    if (!v.unlistedAddress) ctx.addIssue({ code: 'custom', path: ['unlistedAddress'], message: caseFieldMessages.unlistedAddress });
  })
  .meta({ id: 'CaseInstitution', description: '被投诉机构：名单上的机构编号，或名单上没有的机构的名称和地址' });
export type CaseInstitution = z.infer<typeof CaseInstitution>;

/** Contact details: personal data, stored apart from the narrative and encrypted. */
const contactFields = {
  name: plainText({ min: 1, max: 30, minMessage: caseFieldMessages.contactName }),
  mobile: MobileNumber,
  /** 办理进展短信通知我: the family agreed to a text message at each step that concerns them (kept with the encrypted contact). */
  notify: z.boolean().optional().meta({ description: '同意在案件受理、转办、办结等环节接收短信通知（短信不含反映内容和查询码）' }),
};
export const Contact = z
  .object(contactFields, { error: caseFieldMessages.contact })
  .meta({ id: 'CaseContact', description: '联系方式（个人信息，加密保存，工作人员列表中脱敏显示）' });
export type Contact = z.infer<typeof Contact>;
/** The same, where it may not be left out (refund disputes): a missing contact says why it is needed. */
export const RequiredContact = z.object(contactFields, { error: caseFieldMessages.contactRequired });

export const consent = z.literal(true, { error: caseFieldMessages.consent }).meta({ description: 'The family has read and agreed to the privacy notice' });

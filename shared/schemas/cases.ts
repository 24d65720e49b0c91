/**
 * 投诉举报 and 退费纠纷: the one definition of what a family files, what the
 * API answers, and what is stored. The API validates with these, the site's
 * forms validate with these (no second copy of the rules), and the OpenAPI
 * document is generated from them.
 *
 * Privacy by shape: personal data (the contact and a child's school stage)
 * sits in its own fields, which the server stores apart from the narrative,
 * encrypted. Identity-card numbers are never asked for, and refused in free
 * text. Money is integer fen.
 */
import { z } from 'zod';
import { mod11_2CheckCharacter } from '../rules/case-number.ts';
import { CaseStates, ComplaintKinds, DepartmentKinds, InstitutionCategories, PaymentMethods, Priorities } from '../vocabulary.ts';
import { Actor, DistrictCode, IsoDate, MobileNumber, Timestamp } from './common.ts';

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
  paymentMethod: '请选择付款方式',
  lessonsConsumedOverBought: '已上课时不能多于购买的课时，请核对',
  askedOverPaid: '要求退还的金额不能多于已付的金额，请核对',
  coursePeriodOrder: '课程结束日期不能早于开始日期',
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
function plainText(options: { min?: number; max: number; minMessage?: string; maxMessage?: string }) {
  let s = z.string({ error: options.minMessage ?? '请填写这一项' }).trim();
  if (options.min) s = s.min(options.min, { error: options.minMessage ?? `至少填写${options.min}个字` });
  return s
    .max(options.max, { error: options.maxMessage ?? `不能超过${options.max}个字，请精简` })
    .refine((v) => !CONTROL.test(v), { error: caseFieldMessages.controlCharacters })
    .refine((v) => !containsIdCardNumber(v), { error: caseFieldMessages.idCard });
}

/** An amount in fen, with messages that say what is wrong with it. */
function money(what: string) {
  return z
    .number({ error: `请填写${what}，以分为单位的整数（1元 = 100分）` })
    .int({ error: `${what}须以分为单位填写整数，不能有小数（1元 = 100分）` })
    .min(0, { error: `${what}不能是负数` })
    .max(MAX_CASE_FEN, { error: `${what}超出了可填写的范围，请核对` })
    .meta({ description: `${what}, in fen (1 yuan = 100 fen)` });
}

function count(what: string, min: number) {
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
    institutionId: z.string().regex(/^[a-z0-9-]{3,64}$/, { error: caseFieldMessages.institutionId }).optional(),
    unlistedName: plainText({ min: 2, max: 80, minMessage: caseFieldMessages.unlistedName }).optional(),
    unlistedAddress: plainText({ min: 4, max: 120, minMessage: caseFieldMessages.unlistedAddress }).optional(),
    unlistedCategory: z.enum(InstitutionCategories.keys, { error: caseFieldMessages.category }).optional(),
  })
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
};
export const Contact = z
  .object(contactFields)
  .meta({ id: 'CaseContact', description: '联系方式（个人信息，加密保存，工作人员列表中脱敏显示）' });
export type Contact = z.infer<typeof Contact>;
/** The same, where it may not be left out (refund disputes): a missing contact says why it is needed. */
const RequiredContact = z.object(contactFields, { error: caseFieldMessages.contactRequired });

const consent = z.literal(true, { error: caseFieldMessages.consent }).meta({ description: 'The family has read and agreed to the privacy notice' });

// ---------------------------------------------------------------------------
// What a family files
// ---------------------------------------------------------------------------

/** 投诉举报: a complaint or report, as a family files it. A contact is optional: reports may be anonymous. */
export const ComplaintInput = z
  .object({
    kind: z.enum(ComplaintKinds.keys, { error: caseFieldMessages.kind }),
    institution: CaseInstitution,
    districtCode: DistrictCode,
    happenedOn: IsoDate.optional(),
    /** Where it happened, when not the institution's own address (a flat, a hotel, a café, online). */
    place: plainText({ max: 200 }).optional(),
    description: plainText({ min: 10, max: 5000, minMessage: caseFieldMessages.description }),
    contact: Contact.optional(),
    childAgeBand: ChildAgeBand.optional(),
    consent,
  })
  .meta({ id: 'ComplaintInput', description: '投诉举报' });
export type ComplaintInput = z.infer<typeof ComplaintInput>;

/** 退费纠纷: a refund dispute. A contact is required: the regulator must reach the family. */
export const RefundDisputeInput = z
  .object({
    institution: CaseInstitution,
    districtCode: DistrictCode,
    contractOn: z.iso.date({ error: caseFieldMessages.contractOn }),
    modelContractUsed: z.boolean({ error: caseFieldMessages.modelContractUsed }),
    paymentMethod: z.enum(PaymentMethods.keys, { error: caseFieldMessages.paymentMethod }),
    amountPaid: money('已付金额'),
    lessonsBought: count('购买的课时', 1),
    lessonsConsumed: count('已上的课时', 0),
    pricePerLesson: money('每课时单价'),
    amountAsked: money('要求退还的金额'),
    /** The first class, and the full-refund window the contract sets around it (days before and after). */
    firstClassOn: IsoDate.optional(),
    fullRefundWindow: z
      .object({ daysBefore: count('首次上课前的天数', 0), daysAfter: count('首次上课后的天数', 0) })
      .optional()
      .meta({ description: "The model contract's full-refund window, as the parties filled it in" }),
    /** The course period this payment covers, when known (for the 3-month limit). */
    coursePeriod: z
      .object({ from: IsoDate, to: IsoDate })
      .refine((p) => p.to >= p.from, { error: caseFieldMessages.coursePeriodOrder, path: ['to'] })
      .optional(),
    /** When the family asked the institution for the refund; omitted: today. */
    refundRequestedOn: IsoDate.optional(),
    institutionResponse: plainText({ max: 2000 }).optional(),
    contact: RequiredContact,
    childAgeBand: ChildAgeBand.optional(),
    consent,
  })
  .refine((d) => d.lessonsConsumed <= d.lessonsBought, { error: caseFieldMessages.lessonsConsumedOverBought, path: ['lessonsConsumed'] })
  .refine((d) => d.amountAsked <= d.amountPaid, { error: caseFieldMessages.askedOverPaid, path: ['amountAsked'] })
  .meta({ id: 'RefundDisputeInput', description: '退费纠纷' });
export type RefundDisputeInput = z.infer<typeof RefundDisputeInput>;

/** The random key a form carries so a retry never files twice (header `Idempotency-Key`). */
export const IdempotencyKey = z
  .string({ error: '缺少表单编号（Idempotency-Key）。请刷新表单页面后重新提交' })
  .regex(/^[A-Za-z0-9_-]{16,128}$/, { error: '表单编号（Idempotency-Key）格式不正确：应为16至128位字母、数字、下划线或连字符，由表单随机生成' })
  .meta({ description: 'A random key generated once per form (e.g. crypto.randomUUID()); never derived from the contents' });

// ---------------------------------------------------------------------------
// What the family is told: the receipt, and the refund assessment in it
// ---------------------------------------------------------------------------

const SourceSchema = z.object({ document: z.string(), effectiveFrom: IsoDate });

/** One finding of the fee checker (shared/rules/fees.ts `checkCharge`). */
export const FeeFindingSchema = z
  .object({
    rule: z.string(),
    title: z.string(),
    outcome: z.enum(['ok', 'breaks', 'not_applicable']),
    message: z.string(),
    source: SourceSchema,
  })
  .meta({ id: 'FeeFinding', description: '收费核对结果：每条规定一项，附规定来源' });

const BasisItemSchema = z.object({ message: z.string(), source: SourceSchema.optional() });

/** `estimateRefund`'s answer: what is likely owed, with the rule behind each line. */
export const RefundEstimateSchema = z
  .object({
    unconsumedLessons: z.number().int(),
    owed: z.number().int().meta({ description: 'In fen' }),
    basis: z.array(BasisItemSchema.extend({ source: SourceSchema })),
    fullRefundWindowApplies: z.boolean(),
  })
  .meta({ id: 'RefundEstimate', description: '退费估算' });

/** `refundDates`' answer: the dates that matter after asking for a refund. */
export const RefundDatesSchema = z
  .object({
    institutionAnswerBy: Timestamp,
    deemedAgreedAfter: IsoDate,
    escalateIfUnpaidBy: IsoDate,
    basis: z.array(BasisItemSchema),
  })
  .meta({ id: 'RefundDates', description: '退费的关键日期' });

export const RefundAssessment = z
  .object({
    estimate: RefundEstimateSchema,
    dates: RefundDatesSchema,
    /** Null when the institution's category is unknown: the fee rules depend on it. */
    chargeFindings: z.array(FeeFindingSchema).nullable(),
    /** True when any finding says the charge itself broke a rule. */
    chargeBrokeRules: z.boolean(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'RefundAssessment', description: '退费估算、收费核对与关键日期' });
export type RefundAssessment = z.infer<typeof RefundAssessment>;

const DepartmentRefSchema = z.object({ id: z.string(), name: z.string() });

/** What the family keeps: the case number and access code (shown once), and where the case went. */
export const CaseReceipt = z
  .object({
    caseNumber: z.string().meta({ example: '2611-3852-0917-5' }),
    accessCode: z.string().meta({ description: 'Shown once; stored only as a hash', example: 'K7QM-4XPD' }),
    type: z.enum(['complaint', 'refund_dispute']),
    kind: z.enum(ComplaintKinds.keys).optional(),
    submittedAt: Timestamp,
    leadDepartment: DepartmentRefSchema,
    coHandling: z.array(DepartmentRefSchema),
    priority: z.enum(Priorities.keys),
    acceptBy: Timestamp,
    concludeBy: Timestamp,
    /** Plain Chinese: what happens next, and how to follow the case. */
    nextSteps: z.array(z.string()),
    /** Harm to a child: call 110 now if the child is in danger. */
    emergency: z.string().optional(),
    refund: RefundAssessment.optional(),
  })
  .meta({ id: 'CaseReceipt', description: '受理回执：案件编号和查询码只显示这一次，请妥善保存' });
export type CaseReceipt = z.infer<typeof CaseReceipt>;

// ---------------------------------------------------------------------------
// Tracking
// ---------------------------------------------------------------------------

export const TrackInput = z
  .object({
    caseNumber: z.string({ error: '请填写案件编号' }).max(40, { error: '案件编号太长，请核对' }),
    accessCode: z.string({ error: '请填写查询码' }).max(40, { error: '查询码太长，请核对' }),
  })
  .meta({ id: 'TrackInput', description: '查询办理进度：案件编号和查询码' });

export const TimelineEntry = z.object({ at: Timestamp, title: z.string(), text: z.string() });

export const CaseTimeline = z
  .object({
    caseNumber: z.string(),
    type: z.enum(['complaint', 'refund_dispute']),
    state: z.enum(CaseStates.keys),
    stateLabel: z.string(),
    submittedAt: Timestamp,
    timeline: z.array(TimelineEntry),
  })
  .meta({ id: 'CaseTimeline', description: '案件办理进度（仅含向反映人公开的事项）' });
export type CaseTimeline = z.infer<typeof CaseTimeline>;

// ---------------------------------------------------------------------------
// Stored
// ---------------------------------------------------------------------------

/** Where a case was routed, and by which rule (shared/rules/routing.ts `RouteDecision`). */
export const Routing = z.object({
  leadDepartment: z.enum(DepartmentKinds.keys),
  coHandling: z.array(z.enum(DepartmentKinds.keys)),
  priority: z.enum(Priorities.keys),
  acceptBy: Timestamp,
  concludeBy: Timestamp,
  ruleId: z.string(),
});

/** The masked contact staff lists show (138****1234, 张*): no full value is ever stored outside the encrypted item. */
export const MaskedContact = z.object({ name: z.string(), mobile: z.string() }).meta({ id: 'MaskedContact', description: '脱敏的联系方式' });

/** The stored case, common to complaints and refund disputes. Personal data lives in its own encrypted item. */
export const CaseRecord = z
  .object({
    caseNumber: z.string(),
    type: z.enum(['complaint', 'refund_dispute']),
    state: z.enum(CaseStates.keys),
    submittedAt: Timestamp,
    districtCode: z.string(),
    institution: z.object({
      /** Registry id when listed. */
      id: z.string().optional(),
      name: z.string(),
      address: z.string().optional(),
      category: z.enum(InstitutionCategories.keys).optional(),
      listed: z.boolean(),
    }),
    complaint: z
      .object({
        kind: z.enum(ComplaintKinds.keys),
        happenedOn: IsoDate.optional(),
        place: z.string().optional(),
        description: z.string(),
      })
      .optional(),
    refund: z
      .object({
        contractOn: IsoDate,
        modelContractUsed: z.boolean(),
        paymentMethod: z.enum(PaymentMethods.keys),
        amountPaid: z.number().int(),
        lessonsBought: z.number().int(),
        lessonsConsumed: z.number().int(),
        pricePerLesson: z.number().int(),
        amountAsked: z.number().int(),
        firstClassOn: IsoDate.optional(),
        fullRefundWindow: z.object({ daysBefore: z.number().int(), daysAfter: z.number().int() }).optional(),
        coursePeriod: z.object({ from: IsoDate, to: IsoDate }).optional(),
        refundRequestedOn: IsoDate.optional(),
        institutionResponse: z.string().optional(),
        /** What the receipt told the family (owed, in fen; whether the charge broke a rule). */
        owed: z.number().int(),
        chargeBrokeRules: z.boolean(),
      })
      .optional(),
    routing: Routing,
    leadDepartmentId: z.string(),
    coHandlingDepartmentIds: z.array(z.string()),
    /** Is there an encrypted personal-data item (contact, child's stage)? */
    hasPersonalData: z.boolean(),
    contactMasked: MaskedContact.optional(),
    /** An abuse check tripped but the case was kept (harm to a child is never dropped). */
    abuseSuspected: z.boolean(),
    abuseReasons: z.array(z.string()),
    legalHold: z.boolean(),
    closedAt: Timestamp.optional(),
    personalDataPurgedAt: Timestamp.optional(),
    version: z.number().int().nonnegative(),
  })
  .meta({ id: 'CaseRecord', description: '案件' });
export type CaseRecord = z.infer<typeof CaseRecord>;

/** A recorded step of a case. `public` events make up the family's timeline; `internal` ones only staff see. */
export const CaseEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('submitted'),
    seq: z.number().int().positive(),
    at: Timestamp,
    visibility: z.literal('public'),
    caseType: z.enum(['complaint', 'refund_dispute']),
    leadDepartmentId: z.string(),
    coHandlingDepartmentIds: z.array(z.string()),
    acceptBy: Timestamp,
    priority: z.enum(Priorities.keys),
  }),
  z.object({
    type: z.literal('routed'),
    seq: z.number().int().positive(),
    at: Timestamp,
    visibility: z.literal('internal'),
    ruleId: z.string(),
    leadDepartmentId: z.string(),
    coHandlingDepartmentIds: z.array(z.string()),
    priority: z.enum(Priorities.keys),
    acceptBy: Timestamp,
    concludeBy: Timestamp,
    /** Where the institution's category came from: the registry, the family, or unknown. */
    categorySource: z.enum(['registry', 'family', 'unknown']),
    abuseSuspected: z.boolean(),
    abuseReasons: z.array(z.string()),
  }),
  z.object({
    type: z.literal('state_changed'),
    seq: z.number().int().positive(),
    at: Timestamp,
    visibility: z.literal('public'),
    from: z.enum(CaseStates.keys),
    to: z.enum(CaseStates.keys),
    actor: Actor.optional(),
  }),
  z.object({
    type: z.literal('legal_hold'),
    seq: z.number().int().positive(),
    at: Timestamp,
    visibility: z.literal('internal'),
    hold: z.boolean(),
    reason: z.string().max(500),
    actor: Actor.optional(),
  }),
  z.object({
    /** The retention period ran out: the contact and child's stage were deleted. */
    type: z.literal('personal_data_purged'),
    seq: z.number().int().positive(),
    at: Timestamp,
    visibility: z.literal('internal'),
    retentionDays: z.number().int().positive(),
  }),
]);
export type CaseEvent = z.infer<typeof CaseEvent>;

// ---------------------------------------------------------------------------
// Staff view (issue 5 builds the console on these)
// ---------------------------------------------------------------------------

export const StaffCaseSummary = z
  .object({
    caseNumber: z.string(),
    type: z.enum(['complaint', 'refund_dispute']),
    kind: z.enum(ComplaintKinds.keys).optional(),
    state: z.enum(CaseStates.keys),
    priority: z.enum(Priorities.keys),
    acceptBy: Timestamp,
    concludeBy: Timestamp,
    submittedAt: Timestamp,
    districtCode: z.string(),
    institutionName: z.string(),
    /** This department's part: leading the case or co-handling it. */
    role: z.enum(['lead', 'co_handling']),
    leadDepartmentId: z.string(),
    contact: MaskedContact.nullable(),
    abuseSuspected: z.boolean(),
  })
  .meta({ id: 'StaffCaseSummary', description: '待办案件（联系方式已脱敏）' });
export type StaffCaseSummary = z.infer<typeof StaffCaseSummary>;

export const StaffCaseDetail = z
  .object({
    case: CaseRecord.omit({ contactMasked: true }),
    contact: MaskedContact.nullable(),
    events: z.array(CaseEvent),
  })
  .meta({ id: 'StaffCaseDetail', description: '案件详情（联系方式已脱敏）' });

export const RevealedContact = z
  .object({
    caseNumber: z.string(),
    contact: Contact.nullable(),
    childAgeBand: ChildAgeBand.nullable(),
  })
  .meta({ id: 'RevealedContact', description: '完整联系方式（每次查看都记入审计日志）' });
export type RevealedContact = z.infer<typeof RevealedContact>;

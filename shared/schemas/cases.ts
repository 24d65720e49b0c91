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
import { CaseStates, ComplaintKinds, DepartmentKinds, InstitutionCategories, PaymentFinancings, PaymentMethods, Priorities, type ComplaintKind } from '../vocabulary.ts';
import { PaymentFacts, paymentFieldMessages } from './payment.ts';
import { Actor, DistrictCode, IsoDate, MobileNumber, Timestamp } from './common.ts';
import { CaseActions, CaseOutcomes, PauseReasons, StaffCaseActions } from '../rules/case-transitions.ts';
import { RiskThresholds } from '../jurisdiction/types.ts';

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
  /** 办理进展短信通知我: the family agreed to a text message at each step that concerns them (kept with the encrypted contact). */
  notify: z.boolean().optional().meta({ description: '同意在案件受理、转办、办结等环节接收短信通知（短信不含反映内容和查询码）' }),
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
    ...PaymentFacts.shape,
    amountPaid: money('已付金额'),
    lessonsBought: count('购买的课时', 1),
    lessonsConsumed: count('已上的课时', 0),
    /** Omitted when the family does not know it: the estimate then shares what was paid over the lessons bought. */
    pricePerLesson: money('每课时单价').optional(),
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
    /** For a rule the known facts could not decide: the facts that would (shared/rules/fees.ts `CHARGE_FACTS`). */
    needs: z.array(z.string()).optional(),
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

/** 找回查询码, step 1: the case number and the mobile given when filing. */
export const RecoveryRequestInput = z
  .object({
    caseNumber: z.string({ error: '请填写案件编号' }).max(40, { error: '案件编号太长，请核对' }),
    mobile: z.string({ error: '请填写提交时留的手机号码' }).max(20, { error: '手机号码太长，请核对' }),
  })
  .meta({ id: 'RecoveryRequestInput', description: '找回查询码：案件编号和提交时留的手机号码' });

/** 找回查询码, step 2: the case number and the code sent by text message. */
export const RecoveryVerifyInput = z
  .object({
    caseNumber: z.string({ error: '请填写案件编号' }).max(40, { error: '案件编号太长，请核对' }),
    code: z.string({ error: '请填写短信验证码' }).max(12, { error: '验证码是短信里的6位数字' }),
  })
  .meta({ id: 'RecoveryVerifyInput', description: '找回查询码：案件编号和短信验证码' });

export const RecoverySent = z.object({ message: z.string() }).meta({ id: 'RecoverySent', description: '无论信息是否匹配，回答都一样' });
export const RecoveredAccessCode = z
  .object({ caseNumber: z.string(), accessCode: z.string() })
  .meta({ id: 'RecoveredAccessCode', description: '新的查询码，只显示这一次；旧查询码已失效' });

export const TimelineEntry = z.object({ at: Timestamp, title: z.string(), text: z.string() });

export const CaseTimeline = z
  .object({
    caseNumber: z.string(),
    type: z.enum(['complaint', 'refund_dispute']),
    state: z.enum(CaseStates.keys),
    stateLabel: z.string(),
    submittedAt: Timestamp,
    timeline: z.array(TimelineEntry),
    feedbackToken: z.string().max(100).optional().meta({
      description: 'While the case is concluded and awaits the family’s feedback: a two-hour pass for the feedback form (POST /track/feedback/ with caseNumber and feedbackToken), so the page never carries the access code',
    }),
  })
  .meta({ id: 'CaseTimeline', description: '案件办理进度（仅含向反映人公开的事项）' });
export type CaseTimeline = z.infer<typeof CaseTimeline>;

// ---------------------------------------------------------------------------
// Stored
// ---------------------------------------------------------------------------

// Triage building blocks (issue 5), used by the record and its events below.

/** Who works a case (认领 / 分派). */
export const CaseAssignee = z.object({ staffId: z.string(), name: z.string() }).meta({ id: 'CaseAssignee', description: '承办人' });
export type CaseAssignee = z.infer<typeof CaseAssignee>;

/** The parts of a step the family reads (worded at read time by functions/cases/timeline.ts). */
export const TransitionPublicDetails = z.object({
  reason: z.string().optional(),
  nextSteps: z.string().optional(),
  fromDepartmentId: z.string().optional(),
  toDepartmentId: z.string().optional(),
  outcome: z.enum(CaseOutcomes).optional(),
  actionTaken: z.string().optional(),
  amountRecovered: z.number().int().nonnegative().optional(),
  message: z.string().optional(),
  pauseReason: z.enum(PauseReasons).optional(),
  pausedWorkingDays: z.number().int().nonnegative().optional(),
  /** Deadlines that this step set or moved. */
  acceptBy: Timestamp.optional(),
  concludeBy: Timestamp.optional(),
  satisfied: z.boolean().optional(),
});
export type TransitionPublicDetails = z.infer<typeof TransitionPublicDetails>;

/** The parts of a step only staff see. */
export const TransitionInternalDetails = z.object({
  note: z.string().optional(),
  assignee: CaseAssignee.optional(),
  /** Merge: the original (on the duplicate's event) or the duplicate (on the original's). */
  originalCaseNumber: z.string().optional(),
  duplicateCaseNumber: z.string().optional(),
  /** The family's own words with their feedback. */
  comment: z.string().optional(),
  /** Deadlines before this step moved them. */
  previousAcceptBy: Timestamp.optional(),
  previousConcludeBy: Timestamp.optional(),
  /** Feedback given on a merged duplicate that reopened this case. */
  viaCaseNumber: z.string().optional(),
});
export type TransitionInternalDetails = z.infer<typeof TransitionInternalDetails>;

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
        /**
         * The family's narrative: never stored on the record (sealed with the
         * personal data, functions/cases/narrative.ts); present only in the
         * staff case view of a department that may read the case.
         */
        description: z.string().optional(),
      })
      .optional(),
    refund: z
      .object({
        contractOn: IsoDate,
        modelContractUsed: z.boolean(),
        paymentMethod: z.enum(PaymentMethods.keys),
        financing: z.enum(PaymentFinancings.keys).optional(),
        amountPaid: z.number().int(),
        lessonsBought: z.number().int(),
        lessonsConsumed: z.number().int(),
        pricePerLesson: z.number().int().optional(),
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
    // Triage (functions/cases/transitions.ts): each set by its transition, none before.
    acceptedAt: Timestamp.optional(),
    /** Who works it (认领 / 分派). */
    assignee: CaseAssignee.optional(),
    /** The concluding deadline is stopped since, for this reason (暂停计时). */
    pause: z.object({ since: Timestamp, reason: z.enum(PauseReasons) }).optional(),
    /** Working days paused so far (each resume adds its own, and moves `routing.concludeBy` on). */
    pausedWorkingDays: z.number().int().nonnegative().optional(),
    /** The family was not satisfied once: the case came back, to a supervisor. */
    reopened: z.boolean().optional(),
    declined: z.object({ reason: z.string(), nextSteps: z.string() }).optional(),
    conclusion: z
      .object({
        outcome: z.enum(CaseOutcomes),
        actionTaken: z.string(),
        /** Refund disputes: what the family got back, in fen. */
        amountRecovered: z.number().int().nonnegative().optional(),
        at: Timestamp,
      })
      .optional(),
    feedback: z.object({ satisfied: z.boolean(), at: Timestamp }).optional(),
    /** A duplicate: merged into this case, which it follows. */
    mergedInto: z.string().optional(),
    mergedAt: Timestamp.optional(),
    /** The duplicates merged into this one. */
    mergedCases: z.array(z.string()).optional(),
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
    /** The legal basis of the routing row (and of the category's supervisor), as the table said when the case arrived. */
    basis: z.array(z.string()).optional(),
    /** Why the case has its priority. */
    priorityReason: z.string().optional(),
    /** What the table tells triage staff about such cases. */
    note: z.string().optional(),
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
  z.object({
    /** A step of the triage table (shared/rules/case-transitions.ts): who, which department, when, from and to. */
    type: z.literal('transition'),
    seq: z.number().int().positive(),
    at: Timestamp,
    visibility: z.enum(['public', 'internal']),
    action: z.enum(CaseActions),
    /** The table row taken. */
    transitionId: z.string(),
    from: z.enum(CaseStates.keys),
    to: z.enum(CaseStates.keys),
    by: z.enum(['staff', 'family']),
    /** The member of staff (absent when the family acted). */
    actor: Actor.optional(),
    /** The department that acted (the lead office, when the family did). */
    departmentId: z.string(),
    /** What the family reads, on public events only: worded at read time (functions/cases/timeline.ts). */
    public: TransitionPublicDetails.optional(),
    /** Staff only: never in a public answer. */
    internal: TransitionInternalDetails.optional(),
    /** Copied from the original this case was merged into (its number, staff only). */
    mirroredFrom: z.string().optional(),
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
    // Triage: what the queue shows at a glance.
    /** The deadline that runs now: accepting (before acceptance), else concluding. */
    dueBy: Timestamp.optional(),
    dueKind: z.enum(['accept', 'conclude']).optional(),
    institutionId: z.string().optional(),
    assignee: CaseAssignee.optional(),
    paused: z.boolean().optional(),
    reopened: z.boolean().optional(),
    mergedInto: z.string().optional(),
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'StaffCaseSummary', description: '待办案件（联系方式已脱敏）' });
export type StaffCaseSummary = z.infer<typeof StaffCaseSummary>;

export const StaffCaseDetail = z
  .object({
    case: CaseRecord.omit({ contactMasked: true }),
    contact: MaskedContact.nullable(),
    events: z.array(CaseEvent),
    // Triage: what this member of staff may do, and the cases around it.
    /** This department's part in the case. */
    part: z.enum(['lead', 'co_handling']).nullable().optional(),
    /** The actions of the transition table this member of staff may take now. */
    actions: z.array(z.enum(CaseActions)).optional(),
    /** Other cases about the same listed institution that this department sees, newest first. */
    related: z.array(StaffCaseSummary).optional(),
    /** May this member of staff reveal the contact (lead office, handler)? */
    mayRevealContact: z.boolean().optional(),
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

// ---------------------------------------------------------------------------
// Triage (issue 5): transitions, queue filters, feedback, risk ledger, dashboard
// ---------------------------------------------------------------------------

/** Messages a member of staff (or a family, for feedback) reads when a triage field is wrong. */
export const triageFieldMessages = {
  action: '请选择要进行的操作',
  expectedVersion: '缺少案件版本号。请刷新页面后重试',
  reason: '请写明原因：反映人会看到这段话',
  nextSteps: '请告诉反映人可以到哪里反映（部门、电话或网址）',
  toDepartmentId: '请选择转办的部门',
  outcome: '请选择办理结果',
  actionTaken: '请写明采取了什么措施：反映人会看到这段话',
  amountRecovered: '请填写为家长追回的金额，以分为单位的整数（没有追回填0）',
  assignee: '请选择承办人',
  note: '请填写备注内容',
  message: '请填写要告诉反映人的办理进展',
  pauseReason: '请选择暂停计时的原因',
  originalCaseNumber: '请填写原案件的编号',
  satisfied: '请选择“满意”或“不满意”',
  dateRange: '结束日期不能早于开始日期',
} as const;

const optionalText = (max: number, message: string) => plainText({ min: 1, max, minMessage: message }).optional();

/**
 * One step on a case, by a member of staff. Which fields a step needs is the
 * transition table's to say (shared/rules/case-transitions.ts `requiredFields`);
 * the service answers a missing one field by field with these messages.
 */
export const CaseTransitionInput = z
  .object({
    action: z.enum(StaffCaseActions, { error: triageFieldMessages.action }),
    /** The case's version as read: a step on an older version is refused with the case as it now is (409). */
    expectedVersion: z.number({ error: triageFieldMessages.expectedVersion }).int().positive(),
    reason: optionalText(500, triageFieldMessages.reason),
    nextSteps: optionalText(500, triageFieldMessages.nextSteps),
    toDepartmentId: z.string().regex(/^[a-z0-9-]{3,40}$/, { error: triageFieldMessages.toDepartmentId }).optional(),
    outcome: z.enum(CaseOutcomes, { error: triageFieldMessages.outcome }).optional(),
    actionTaken: optionalText(2000, triageFieldMessages.actionTaken),
    amountRecovered: money('追回金额').optional(),
    assignee: z.string().regex(/^[a-z][a-z0-9._-]{2,31}$/, { error: triageFieldMessages.assignee }).optional(),
    note: optionalText(2000, triageFieldMessages.note),
    message: optionalText(1000, triageFieldMessages.message),
    pauseReason: z.enum(PauseReasons, { error: triageFieldMessages.pauseReason }).optional(),
    originalCaseNumber: z.string().max(40, { error: triageFieldMessages.originalCaseNumber }).optional(),
  })
  .meta({ id: 'CaseTransitionInput', description: '案件办理操作：受理、不予受理、转办、办结、认领、分派、合并等（按办理流程表校验）' });
export type CaseTransitionInput = z.infer<typeof CaseTransitionInput>;

/** The family's feedback on a concluded case, with its number and access code (as /api/track). */
export const CaseFeedbackInput = TrackInput.extend({
  satisfied: z.boolean({ error: triageFieldMessages.satisfied }),
  comment: plainText({ max: 500 }).optional(),
}).meta({ id: 'CaseFeedbackInput', description: '对办理结果的评价（满意或不满意），凭案件编号和查询码' });
export type CaseFeedbackInput = z.infer<typeof CaseFeedbackInput>;

/** The queue's filters: any combination; dates are the CST day of submission. */
export const QueueKinds = [...ComplaintKinds.keys, 'refund_dispute'] as const;
export const CaseQueueFilterFields = z.object({
  state: z.enum(CaseStates.keys).optional(),
  /** A complaint kind, or `refund_dispute`. */
  kind: z.enum(QueueKinds).optional(),
  district: z.string().regex(/^\d{6}$/).optional(),
  institutionId: z.string().regex(/^[a-z0-9-]{3,64}$/).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** Closed cases (办结, 不予受理, 已结案, merged) instead of open ones. */
  closed: z.enum(['true', 'false']).optional(),
});
export const CaseQueueFilter = CaseQueueFilterFields.refine((f) => !f.from || !f.to || f.from <= f.to, { error: triageFieldMessages.dateRange, path: ['to'] });
export type CaseQueueFilter = z.infer<typeof CaseQueueFilter>;

export const CaseQueuePage = z
  .object({
    items: z.array(StaffCaseSummary),
    cursor: z.string().optional(),
    /** True when filters left this page short of the limit: there may be more behind the cursor. */
    partial: z.boolean().optional(),
  })
  .meta({ id: 'StaffCaseQueuePage' });

/** At a glance: open cases past their deadline, and due within the next working day (paused ones aside). */
export const CaseQueueOverview = z
  .object({
    overdue: z.number().int().nonnegative(),
    dueSoon: z.number().int().nonnegative(),
    paused: z.number().int().nonnegative(),
    /** The end of the next working day (CST): "due soon" is due before it. */
    dueSoonBefore: Timestamp,
  })
  .meta({ id: 'CaseQueueOverview', description: '超期与即将到期的案件数' });

export const CaseAssigneeOption = z.object({ username: z.string(), name: z.string(), supervisor: z.boolean() });
export const CaseAssigneeList = z.object({ items: z.array(CaseAssigneeOption) }).meta({ id: 'CaseAssigneeList', description: '可分派的承办人' });

// Risk ledger (风险台账) and plans (一企一策)

export const RiskReasons = ['open_disputes', 'amount_in_dispute', 'recent_complaints'] as const;

/** When an institution is flagged for review: configuration per jurisdiction (shared/jurisdiction/types.ts), with its basis. */
export { RiskThresholds };

export const RiskLedgerRow = z
  .object({
    institutionId: z.string(),
    name: z.string(),
    districtCode: z.string().optional(),
    category: z.enum(InstitutionCategories.keys).optional(),
    openDisputes: z.number().int(),
    totalDisputes: z.number().int(),
    /** Asked back in open disputes, in fen. */
    amountInDispute: z.number().int(),
    /** Recovered for families in concluded disputes, in fen. */
    amountRecovered: z.number().int(),
    complaints: z.number().int(),
    recentComplaints: z.number().int(),
    substantiated: z.number().int(),
    flagged: z.boolean(),
    reasons: z.array(z.enum(RiskReasons)),
    /** The reasons in words, e.g. 未结退费纠纷5件，达到预警线3件. */
    reasonTexts: z.array(z.string()),
    hasPlan: z.boolean(),
    lastCaseAt: Timestamp,
  })
  .meta({ id: 'RiskLedgerRow', description: '风险台账中的一家机构' });
export type RiskLedgerRow = z.infer<typeof RiskLedgerRow>;

export const RiskLedger = z
  .object({ thresholds: RiskThresholds, items: z.array(RiskLedgerRow) })
  .meta({ id: 'RiskLedger', description: '风险台账：按未结退费纠纷、争议金额和近期投诉排序' });

export const PlanItemStatuses = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type PlanItemStatus = (typeof PlanItemStatuses)[number];

export const RiskPlanItem = z.object({
  id: z.string(),
  text: z.string(),
  dueOn: IsoDate,
  status: z.enum(PlanItemStatuses),
  updatedAt: Timestamp,
  updatedBy: z.string(),
});
export type RiskPlanItem = z.infer<typeof RiskPlanItem>;

/** 一企一策: a supervisor's plan for one flagged institution. */
export const RiskPlan = z
  .object({
    institutionId: z.string(),
    summary: z.string(),
    items: z.array(RiskPlanItem),
    createdAt: Timestamp,
    createdBy: Actor,
    updatedAt: Timestamp,
    version: z.number().int().positive(),
  })
  .meta({ id: 'RiskPlan', description: '一企一策处置方案' });
export type RiskPlan = z.infer<typeof RiskPlan>;

export const RiskPlanEvent = z
  .object({
    version: z.number().int().positive(),
    at: Timestamp,
    actor: Actor,
    action: z.enum(['created', 'summary_changed', 'item_added', 'item_status_changed']),
    itemId: z.string().optional(),
    text: z.string().optional(),
    from: z.enum(PlanItemStatuses).optional(),
    to: z.enum(PlanItemStatuses).optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'RiskPlanEvent', description: '处置方案的变更记录' });
export type RiskPlanEvent = z.infer<typeof RiskPlanEvent>;

export const InstitutionRisk = z
  .object({
    institutionId: z.string(),
    /** Null: no case has been filed about it. */
    ledger: RiskLedgerRow.nullable(),
    thresholds: RiskThresholds,
    plan: RiskPlan.nullable(),
    planEvents: z.array(RiskPlanEvent),
  })
  .meta({ id: 'InstitutionRisk', description: '一家机构的风险台账记录与处置方案（机构名单页面据此显示预警）' });

export const RiskPlanInput = z
  .object({
    summary: plainText({ min: 4, max: 2000, minMessage: '请写明处置方案的概要（至少4个字）' }),
    /** 0 to create the plan; else the plan's version as read. */
    expectedVersion: z.number().int().nonnegative(),
  })
  .meta({ id: 'RiskPlanInput' });
export const RiskPlanItemInput = z
  .object({
    text: plainText({ min: 2, max: 500, minMessage: '请写明要做的事项' }),
    dueOn: z.iso.date({ error: '请填写完成期限，格式为 YYYY-MM-DD' }),
    expectedVersion: z.number().int().positive(),
  })
  .meta({ id: 'RiskPlanItemInput' });
export const RiskPlanItemStatusInput = z
  .object({
    status: z.enum(PlanItemStatuses, { error: '请选择事项的状态' }),
    note: plainText({ max: 500 }).optional(),
    expectedVersion: z.number().int().positive(),
  })
  .meta({ id: 'RiskPlanItemStatusInput' });

// Dashboard (统计看板), from the stats items (functions/data/stats.ts), never from the cases

const Count = z.object({ key: z.string(), label: z.string(), count: z.number().int().nonnegative() });

export const CaseDashboard = z
  .object({
    /** The ISO weeks covered (CST), oldest first, e.g. `2026-W47`. */
    weeks: z.array(
      z.object({
        week: z.string(),
        startsOn: IsoDate,
        received: z.number().int(),
        answered: z.number().int(),
        answeredOnTime: z.number().int(),
        concluded: z.number().int(),
        concludedOnTime: z.number().int(),
      }),
    ),
    byKind: z.array(Count),
    byDepartment: z.array(Count),
    byDistrict: z.array(Count),
    outcomes: z.array(Count),
    onTime: z.object({
      answered: z.number().int(),
      answeredOnTime: z.number().int(),
      /** 0 to 1; null when nothing was answered. */
      answeredShare: z.number().nullable(),
      concluded: z.number().int(),
      concludedOnTime: z.number().int(),
      concludedShare: z.number().nullable(),
    }),
    medians: z.object({
      /** Working days from receipt to acceptance; null when none. */
      acceptWorkingDays: z.number().nullable(),
      accepted: z.number().int(),
      concludeWorkingDays: z.number().nullable(),
      concluded: z.number().int(),
    }),
    topInstitutions: z.array(z.object({ institutionId: z.string(), name: z.string(), substantiated: z.number().int() })),
    scope: z.object({ districtCodes: z.array(z.string()), label: z.string() }),
  })
  .meta({ id: 'CaseDashboard', description: '统计看板：按类型、部门、区县和周统计，按期答复率，受理与办结用时中位数' });
export type CaseDashboard = z.infer<typeof CaseDashboard>;

// ---------------------------------------------------------------------------
// The site's forms (/complaints/new/, /refunds/new/): the fields they send,
// how those become the inputs above, and the attachments they may carry.
// The server (functions/routes/case-pages.ts) and the page's script
// (site/src/scripts/case-form.ts) both use these, so a form is checked by the
// same rules with and without JavaScript, and by the same schemas as the API.
// ---------------------------------------------------------------------------

/** Form fields that are not part of the case: the form's own key, the proof of work, the honeypot, the files. */
export const CaseFormFields = {
  /** The form's random key, sent to the JSON API as the `Idempotency-Key` header. */
  idempotencyKey: 'idempotencyKey',
  /** A solved proof-of-work challenge (GET /api/challenge), base64 of JSON; the JSON API reads it from `POW_HEADER`. */
  pow: 'pow',
  /** Left empty by people (hidden from them); filled in by naive bots. Not in any schema, so never stored. */
  honeypot: 'website',
  attachments: 'attachments',
} as const;

/** The header a JSON submission carries its solved proof-of-work challenge in. */
export const POW_HEADER = 'X-Proof-Of-Work';

/**
 * What happened, as the complaint form groups it: the child's safety first
 * (harm to a child at the very top, so its 110 advice is the first thing
 * read), then licensing, money, collapse. Groups are the form's, never
 * stored: a case keeps its kind's key.
 */
export const COMPLAINT_FORM_GROUPS = [
  { group: 'safety', kinds: ['child_harm', 'safety_hazard', 'fire_hazard', 'food_hygiene', 'unchecked_staff'] },
  {
    group: 'licensing',
    kinds: ['unlicensed', 'licensed_beyond_scope', 'deregistered_still_teaching', 'disguised_tutoring', 'online_tutoring', 'teacher_paid_tutoring', 'outside_hours', 'unsuitable_materials'],
  },
  { group: 'money', kinds: ['prepaid_over_limit', 'money_outside_account', 'price_not_marked', 'above_guidance_price', 'non_standard_contract', 'false_advertising', 'fees'] },
  { group: 'collapse', kinds: ['refund_or_absconding', 'absconding', 'wage_arrears_layoffs'] },
  { group: 'other', kinds: ['other'] },
] as const satisfies ReadonlyArray<{ group: string; kinds: readonly ComplaintKind[] }>;

/** Every kind in the form's order. */
export const COMPLAINT_FORM_KINDS: readonly ComplaintKind[] = COMPLAINT_FORM_GROUPS.flatMap((g) => g.kinds);

/** Messages for what only the form asks (money in yuan, counts as typed, pairs of fields). */
export const caseFormMessages = {
  yuan: (what: string) => `请填写${what}，单位为元，只写数字，例如 4800 或 4800.50`,
  count: (what: string) => `请填写${what}，只写整数，例如 48`,
  coursePeriodBoth: '请同时填写课程的开始日期和结束日期；不清楚的话两个都不填',
  refundWindowBoth: '请同时填写首次上课前和首次上课后的天数；合同没有约定的话两个都不填',
} as const;

/** A form as posted: each field's value as typed (strings); absent or empty means not filled in. */
export type CaseFormValues = Readonly<Record<string, string | undefined>>;

export type CaseFormResult<T> = { ok: true; input: T } | { ok: false; errors: Record<string, string> };

/** The fields of each form in page order: the error summary lists problems in this order, each linking to its field. */
export const COMPLAINT_FORM_ORDER = [
  'kind',
  'institution.institutionId',
  'institution.unlistedName',
  'institution.unlistedAddress',
  'institution.unlistedCategory',
  'districtCode',
  'happenedOn',
  'place',
  'description',
  'childAgeBand',
  'attachments',
  'contact.name',
  'contact.mobile',
  'contact.notify',
  'consent',
] as const;

export const REFUND_FORM_ORDER = [
  'institution.institutionId',
  'institution.unlistedName',
  'institution.unlistedAddress',
  'institution.unlistedCategory',
  'districtCode',
  'contractOn',
  'modelContractUsed',
  'firstClassOn',
  'fullRefundWindow.daysBefore',
  'fullRefundWindow.daysAfter',
  'coursePeriod.from',
  'coursePeriod.to',
  'paymentMethod',
  'financing',
  'amountPaid',
  'lessonsBought',
  'lessonsConsumed',
  'pricePerLesson',
  'amountAsked',
  'refundRequestedOn',
  'institutionResponse',
  'attachments',
  'contact.name',
  'contact.mobile',
  'contact.notify',
  'childAgeBand',
  'consent',
] as const;

/** The form field a message about `path` belongs to: the path itself, else the first field under it, else `_` (the whole form). */
export function formFieldFor(path: string, order: readonly string[]): string {
  if (order.includes(path)) return path;
  return order.find((name) => name.startsWith(`${path}.`)) ?? '_';
}

const filled = (values: CaseFormValues, name: string): string | undefined => {
  const value = values[name]?.trim();
  return value ? value : undefined;
};

const tidy = (value: string) => value.normalize('NFKC').replace(/[,，\s]/g, '');

/** Yuan as typed ("4800", "4,800.5", "４８００元") → fen, exactly; undefined when it is not an amount. */
export function yuanToFen(value: string): number | undefined {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(tidy(value).replace(/元$/, ''));
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** A whole number as typed ("48", "48课时", "４８节") ; undefined when it is not one. */
export function countFromText(value: string): number | undefined {
  const text = tidy(value).replace(/(课时|节|次|天)$/, '');
  return /^\d{1,6}$/.test(text) ? Number(text) : undefined;
}

function institutionFromForm(values: CaseFormValues): Record<string, string> {
  const id = filled(values, 'institution.institutionId');
  if (id) return { institutionId: id };
  const out: Record<string, string> = {};
  for (const name of ['unlistedName', 'unlistedAddress', 'unlistedCategory'] as const) {
    const value = filled(values, `institution.${name}`);
    if (value) out[name] = value;
  }
  return out;
}

function contactFromForm(values: CaseFormValues, required: boolean): { name: string; mobile: string; notify?: true } | undefined {
  const name = values['contact.name']?.trim() ?? '';
  const mobile = values['contact.mobile']?.trim() ?? '';
  if (!required && !name && !mobile) return undefined;
  // The checkbox only counts with a number to send to.
  return { name, mobile, ...(mobile && values['contact.notify'] ? { notify: true as const } : {}) };
}

function optional(values: CaseFormValues, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = filled(values, name);
    if (value) out[name] = value;
  }
  return out;
}

/** Zod's issues as one message per form field (the first for each), in the form's own field names. */
function formErrors(error: z.ZodError, order: readonly string[], into: Record<string, string>): Record<string, string> {
  for (const issue of error.issues) {
    const field = formFieldFor(issue.path.map(String).join('.'), order);
    into[field] ??= issue.message;
  }
  return into;
}

/**
 * Line breaks as one "\n": a browser posts a textarea's lines with "\r\n",
 * but its script reads them with "\n"; the same form must be the same
 * submission either way (its idempotency fingerprint).
 */
function unifyLineBreaks(values: CaseFormValues): CaseFormValues {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value?.replace(/\r\n?/g, '\n')]));
}

/** The complaint form's fields → `ComplaintInput`, or a message per field. */
export function parseComplaintForm(posted: CaseFormValues): CaseFormResult<ComplaintInput> {
  const values = unifyLineBreaks(posted);
  const contact = contactFromForm(values, false);
  const raw = {
    ...optional(values, ['kind', 'happenedOn', 'place', 'childAgeBand']),
    institution: institutionFromForm(values),
    // Required text goes in even when empty, so the schema's own message says what to do.
    districtCode: values.districtCode?.trim() ?? '',
    description: values.description ?? '',
    ...(contact ? { contact } : {}),
    ...(values.consent ? { consent: true } : {}),
  };
  const parsed = ComplaintInput.safeParse(raw);
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, errors: formErrors(parsed.error, COMPLAINT_FORM_ORDER, {}) };
}

/** The refund-dispute form's fields (money in yuan, counts as typed) → `RefundDisputeInput`, or a message per field. */
export function parseRefundForm(posted: CaseFormValues): CaseFormResult<RefundDisputeInput> {
  const values = unifyLineBreaks(posted);
  const errors: Record<string, string> = {};
  const raw: Record<string, unknown> = {
    ...optional(values, ['paymentMethod', 'financing', 'firstClassOn', 'refundRequestedOn', 'institutionResponse', 'childAgeBand']),
    institution: institutionFromForm(values),
    districtCode: values.districtCode?.trim() ?? '',
    contractOn: values.contractOn?.trim() ?? '',
    contact: contactFromForm(values, true),
    ...(values.consent ? { consent: true } : {}),
  };
  const choice = values.modelContractUsed;
  if (choice === 'yes' || choice === 'no') raw.modelContractUsed = choice === 'yes';
  const amounts = [
    ['amountPaid', '已付金额'],
    ['pricePerLesson', '每课时单价'],
    ['amountAsked', '要求退还的金额'],
  ] as const;
  for (const [name, what] of amounts) {
    const typed = filled(values, name);
    // The price per lesson may be left empty (the estimate then shares the amount paid over the lessons).
    if (typed === undefined && name === 'pricePerLesson') continue;
    const fen = typed === undefined ? undefined : yuanToFen(typed);
    if (fen === undefined) errors[name] = caseFormMessages.yuan(what);
    else raw[name] = fen;
  }
  const counts = [
    ['lessonsBought', '购买的课时'],
    ['lessonsConsumed', '已上的课时'],
  ] as const;
  for (const [name, what] of counts) {
    const typed = filled(values, name);
    const n = typed === undefined ? undefined : countFromText(typed);
    if (n === undefined) errors[name] = caseFormMessages.count(what);
    else raw[name] = n;
  }
  const before = filled(values, 'fullRefundWindow.daysBefore');
  const after = filled(values, 'fullRefundWindow.daysAfter');
  if (before !== undefined || after !== undefined) {
    const b = before === undefined ? undefined : countFromText(before);
    const a = after === undefined ? undefined : countFromText(after);
    if (b === undefined) errors['fullRefundWindow.daysBefore'] = before === undefined ? caseFormMessages.refundWindowBoth : caseFormMessages.count('首次上课前的天数');
    if (a === undefined) errors['fullRefundWindow.daysAfter'] = after === undefined ? caseFormMessages.refundWindowBoth : caseFormMessages.count('首次上课后的天数');
    if (a !== undefined && b !== undefined) raw.fullRefundWindow = { daysBefore: b, daysAfter: a };
  }
  const from = filled(values, 'coursePeriod.from');
  const to = filled(values, 'coursePeriod.to');
  if (from !== undefined || to !== undefined) {
    if (from === undefined) errors['coursePeriod.from'] = caseFormMessages.coursePeriodBoth;
    if (to === undefined) errors['coursePeriod.to'] = caseFormMessages.coursePeriodBoth;
    if (from !== undefined && to !== undefined) raw.coursePeriod = { from, to };
  }
  const parsed = RefundDisputeInput.safeParse(raw);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, input: parsed.data };
  // The form's own messages (money in yuan, pairs) come first; the schema's fill in the rest.
  return { ok: false, errors: parsed.success ? errors : formErrors(parsed.error, REFUND_FORM_ORDER, errors) };
}

// ---------------------------------------------------------------------------
// Attachments: photos (JPEG, PNG) or PDF, the type told by the content
// ---------------------------------------------------------------------------

export const AttachmentTypes = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AttachmentType = (typeof AttachmentTypes)[number];
export const ATTACHMENT_EXTENSIONS: Record<AttachmentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

const MiB = 1024 * 1024;

/**
 * How much a form may carry. In AWS the form reaches Lambda through API
 * Gateway, which hands a binary (multipart) body to the function base64
 * encoded, inside an invocation payload capped at 6 MB: 4 MiB of body
 * becomes about 5.6 MB, leaving room for the headers. So a request is at
 * most 4 MiB; the files in it at most 3.5 MiB together (the rest is the
 * text and the multipart framing); one file at most 3 MiB (a phone photo
 * at full resolution is often more: the form says to send a screenshot or a
 * smaller copy); at most 3 files.
 */
export const ATTACHMENT_LIMITS = {
  maxFiles: 3,
  maxFileBytes: 3 * MiB,
  maxTotalBytes: 3.5 * MiB,
  maxRequestBytes: 4 * MiB,
} as const;

/** The first bytes of each accepted type (its "magic number"). */
const SIGNATURES: ReadonlyArray<readonly [AttachmentType, readonly number[]]> = [
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
];

/** What a file is, by its first bytes (never by its name or the type the browser declared); null when it is none of ours. */
export function sniffAttachmentType(head: Uint8Array): AttachmentType | null {
  for (const [type, signature] of SIGNATURES) {
    if (head.length >= signature.length && signature.every((byte, i) => head[i] === byte)) return type;
  }
  return null;
}

/** Does a PDF carry something that acts when opened (script, launch actions, embedded files)? Staff open these files. */
export function pdfHasActiveContent(bytes: Uint8Array): boolean {
  // PDF names are ASCII; reading the bytes as Latin-1 keeps offsets and never fails.
  let text = '';
  for (let i = 0; i < bytes.length; i += 65_536) text += String.fromCharCode(...bytes.subarray(i, i + 65_536));
  return /\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b/.test(text);
}

const shortName = (name: string) => {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '').trim() || '未命名文件';
  return clean.length > 40 ? `${clean.slice(0, 37)}…` : clean;
};
const megabytes = (bytes: number) => `${(bytes / MiB).toFixed(1).replace(/\.0$/, '')}MB`;

export const attachmentMessages = {
  tooMany: `最多上传${ATTACHMENT_LIMITS.maxFiles}个文件，请删去多余的文件`,
  wrongType: (name: string) => `“${shortName(name)}”不是照片（JPEG、PNG）或 PDF 文件，无法接收。请换成照片、截图或 PDF 后再上传`,
  tooBig: (name: string) =>
    `“${shortName(name)}”超过了${megabytes(ATTACHMENT_LIMITS.maxFileBytes)}。请上传截图或压缩后的照片（每个文件不超过${megabytes(ATTACHMENT_LIMITS.maxFileBytes)}）`,
  totalTooBig: `附件合计超过了${megabytes(ATTACHMENT_LIMITS.maxTotalBytes)}。请少传一个文件，或上传截图、压缩后的照片`,
  activePdf: (name: string) => `“${shortName(name)}”里含有脚本或嵌入的文件，为了安全无法接收。请改为上传照片或截图`,
  reselect: '出于安全原因，浏览器不会保留已选择的附件：请重新选择要上传的文件',
} as const;

/** A file as the form sent it: its name (for messages only), its size and its first bytes. */
export interface AttachmentCandidate {
  name: string;
  size: number;
  /** At least the first 8 bytes. */
  head: Uint8Array;
}

/** Checks a form's files against the limits and types: the first problem, or each file's type. */
export function checkAttachments(files: readonly AttachmentCandidate[]): { ok: true; types: AttachmentType[] } | { ok: false; message: string } {
  if (files.length > ATTACHMENT_LIMITS.maxFiles) return { ok: false, message: attachmentMessages.tooMany };
  const types: AttachmentType[] = [];
  for (const file of files) {
    const type = sniffAttachmentType(file.head);
    if (!type) return { ok: false, message: attachmentMessages.wrongType(file.name) };
    if (file.size > ATTACHMENT_LIMITS.maxFileBytes) return { ok: false, message: attachmentMessages.tooBig(file.name) };
    types.push(type);
  }
  if (files.reduce((sum, f) => sum + f.size, 0) > ATTACHMENT_LIMITS.maxTotalBytes) return { ok: false, message: attachmentMessages.totalTooBig };
  return { ok: true, types };
}

/** A file kept with a case (in the private store, never served publicly): what staff see of it. */
export const CaseAttachment = z
  .object({
    /** The first 24 hex digits of its SHA-256: the same file twice is kept once. */
    id: z.string().regex(/^[0-9a-f]{24}$/),
    type: z.enum(AttachmentTypes),
    size: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: Timestamp,
  })
  .meta({ id: 'CaseAttachment', description: '附件（照片或 PDF，按内容识别类型，私密保存，只有牵头办理部门可以下载）' });
export type CaseAttachment = z.infer<typeof CaseAttachment>;

// ---------------------------------------------------------------------------
// Proof of work (GET /api/challenge): what a solved challenge looks like
// ---------------------------------------------------------------------------

/** A challenge as GET /api/challenge gives it (altcha-lib v2 format, SHA-256), signed by the server. */
export const PowChallenge = z
  .object({
    parameters: z.object({
      algorithm: z.literal('SHA-256'),
      nonce: z.string().regex(/^[0-9a-f]{8,64}$/),
      salt: z.string().regex(/^[0-9a-f]{8,64}$/),
      cost: z.number().int().min(1).max(10),
      keyLength: z.number().int().min(16).max(64),
      keyPrefix: z.string().regex(/^[0-9a-f]{2,128}$/),
      keySignature: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      data: z.object({ exp: z.number().int() }).optional(),
    }),
    signature: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .meta({
    id: 'PowChallenge',
    description:
      'Find the counter (uint32) whose key, SHA-256 of salt ‖ nonce ‖ counter (big-endian), repeated `cost` times and cut to `keyLength` bytes, starts with `keyPrefix`. Expires at `data.exp` (epoch seconds).',
  });
export type PowChallenge = z.infer<typeof PowChallenge>;

/** A solved challenge, as sent back (base64 of its JSON) in `POW_HEADER` or the form's `pow` field. */
export const PowSolution = z.object({
  challenge: PowChallenge,
  solution: z.object({ counter: z.number().int().min(0).max(0xffffffff), derivedKey: z.string().regex(/^[0-9a-f]{32,128}$/) }),
});
export type PowSolution = z.infer<typeof PowSolution>;

/**
 * 安全提醒 and 收费指引: what regulators publish for parents, and the fee
 * checker's question and answer. The one definition of each shape: the staff
 * API, the publisher, the checker page and the OpenAPI document use these.
 *
 * A fee rule has ONE definition, `FeeRule` (shared/jurisdiction/types.ts).
 * A regulator's publication (`FeeGuidance`) carries `FeeRule` rows whose
 * source is the publication; they join the configured rows
 * (shared/jurisdiction/fee-rules.ts) and both feed `checkCharge`.
 */
import { z } from 'zod';
import {
  ClassEndTimeRule,
  FeeRule,
  GuidancePriceRule,
  MaxAmountRule,
  MaxPrepaidHoursRule,
  MaxPrepaidMonthsRule,
  Source,
} from '../jurisdiction/fee-rule-types.ts';
import { InstitutionCategories, NoticeTopics } from '../vocabulary.ts';
import { PaymentFacts, paymentFieldMessages } from './payment.ts';
import { Actor, CoursePeriod, DistrictCode, IsoDate, Timestamp } from './common.ts';
import { FeeFindingSchema } from './cases/receipt.ts';

/** Messages a member of staff or a parent reads when a field here is wrong. */
export const guidanceFieldMessages = {
  slug: '网址名应为3至80位小写字母、数字或连字符，以字母或数字开头，例如 summer-drowning-2026',
  title: '标题应为4至80个字',
  summary: '摘要应为4至200个字',
  topic: '请选择提醒的主题',
  body: '正文不能超过15000个字，请精简，或分成几条提醒',
  expiresBeforePublish: '下线时间必须晚于发布时间',
  guidanceTitle: '请填写标题（4至80个字）',
  document: '请填写依据的文件名称和文号',
  categories: '请至少选择一个培训类别',
  rules: '请至少填写一条规定',
  advice: '每条说明不超过500个字，最多20条',
  category: '请选择培训类别',
  district: '请选择区县',
  amount: '请填写这次要交的金额，单位为元，例如 5200 或 4999.50',
  hours: '请填写这次交的钱包含多少课时（节课），为0至10000之间的数',
  months: '请填写覆盖的月数，为0至120之间的数，不知道可以不填',
  pricePerLesson: '请填写每课时（每节课）的价格，单位为元，不知道可以不填',
  paymentMethod: paymentFieldMessages.paymentMethod,
  financing: paymentFieldMessages.financing,
  classMode: '请选择线下（到机构上课）或线上',
  classEndsAt: '请按24小时制填写下课时间，例如 20:30',
  date: '请填写有效日期，格式为 YYYY-MM-DD',
  institution: '机构编号格式不正确，请从机构页面进入核对',
  oneFact: '请至少填写一项您知道的情况：金额、课时数、月数、每课时价格、付款方式、是否用了培训贷或下课时间',
} as const;
const m = guidanceFieldMessages;

// ---------------------------------------------------------------------------
// 安全提醒
// ---------------------------------------------------------------------------

/** Addresses under /notices/ that are lists, feeds or files, never a notice. */
export const RESERVED_NOTICE_SLUGS: readonly string[] = ['topics', 'districts', 'shell', 'media', 'feed', 'new', 'admin', 'search', 'preview'];

/** The notice's address: /notices/<slug>/. Chosen once, never changed. */
export const NoticeSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,79}$/, { error: m.slug })
  .refine((slug) => !RESERVED_NOTICE_SLUGS.includes(slug), { error: '这个网址名是网站保留的，请换一个' })
  .meta({ description: 'The notice’s address, /notices/<slug>/; lowercase letters, digits and hyphens', example: 'summer-drowning-2026' });

const NoticeTopic = z.enum(NoticeTopics.keys, { error: m.topic });
const Category = z.enum(InstitutionCategories.keys, { error: m.category });

/** What a notice says and to whom, as its author edits it (the draft) or as it went public (the live copy). */
export const NoticeContent = z
  .object({
    title: z.string().trim().min(4, { error: m.title }).max(80, { error: m.title }),
    summary: z.string().trim().min(4, { error: m.summary }).max(200, { error: m.summary }),
    topic: NoticeTopic,
    /** The districts it concerns; empty: the whole city. */
    districtCodes: z.array(DistrictCode).max(20).default([]),
    /** The kinds of institution it concerns; empty: every kind. */
    categories: z.array(Category).max(10).default([]),
    /** Markdown: headings, lists, links, images from the site's own storage; anything else is removed when rendered. */
    // 15,000 characters of Chinese are about 45 KB of UTF-8: the request stays under the API's 64 KB limit.
    bodyMarkdown: z.string().max(15000, { error: m.body }),
    /** When it may go public; omitted: as soon as it is published (or approved). */
    publishAt: Timestamp.optional(),
    /** When it comes down by itself; omitted: it stays up. */
    expiresAt: Timestamp.optional(),
    /** Pinned notices come first on the home page and the list. */
    pinned: z.boolean().default(false),
  })
  .refine((n) => !n.publishAt || !n.expiresAt || n.expiresAt > n.publishAt, { error: m.expiresBeforePublish, path: ['expiresAt'] })
  .meta({ id: 'NoticeContent', description: '安全提醒的内容（草稿或已发布的版本）' });
export type NoticeContent = z.infer<typeof NoticeContent>;

export const NoticeCreate = z
  .object({ slug: NoticeSlug, content: NoticeContent })
  .meta({ id: 'NoticeCreate', description: '新建安全提醒草稿' });
export type NoticeCreate = z.infer<typeof NoticeCreate>;

export const NoticeUpdate = z
  .object({ content: NoticeContent, expectedVersion: z.number().int().positive() })
  .meta({ id: 'NoticeUpdate', description: '修改草稿（以读到的版本号为条件）' });

/** The notice's public life: never published, published (visible, scheduled or expired by its times), or taken down. */
export const NoticeStatuses = ['draft', 'published', 'withdrawn'] as const;
export type NoticeStatus = (typeof NoticeStatuses)[number];

/** The copy the public sees: a revision of the content, who published it and who approved it. */
export const NoticeLive = z.object({
  revision: z.number().int().positive(),
  content: NoticeContent,
  /** When it went (or goes) public: the content's publishAt, or the moment it was published. */
  visibleFrom: Timestamp,
  publishedAt: Timestamp,
  publishedBy: Actor,
  approvedBy: Actor.optional(),
});
export type NoticeLive = z.infer<typeof NoticeLive>;

export const NoticeApprovalRequest = z.object({
  revision: z.number().int().positive(),
  requestedAt: Timestamp,
  requestedBy: Actor,
});

/** 安全提醒: a regulator's safety notice, with its working copy and its live copy. */
export const SafetyNotice = z
  .object({
    slug: NoticeSlug,
    status: z.enum(NoticeStatuses),
    /** The working copy (what editors change). */
    content: NoticeContent,
    /** Goes up by one each time the content changes. */
    revision: z.number().int().positive(),
    live: NoticeLive.optional(),
    /** Waiting for a second publisher's approval of this revision. */
    approval: NoticeApprovalRequest.optional(),
    createdAt: Timestamp,
    createdBy: Actor,
    updatedAt: Timestamp,
    /** Goes up by one with every write; every write is conditional on it. */
    version: z.number().int().positive(),
  })
  .meta({ id: 'SafetyNotice', description: '安全提醒（含草稿与已发布版本）' });
export type SafetyNotice = z.infer<typeof SafetyNotice>;

/** What a notice's page says about its public state at a moment. */
export const NoticeVisibilities = ['not_public', 'scheduled', 'visible', 'expired', 'withdrawn'] as const;
export type NoticeVisibility = (typeof NoticeVisibilities)[number];

// ---------------------------------------------------------------------------
// 收费指引
// ---------------------------------------------------------------------------

const ruleInput = { id: true, title: true } as const;
const scopeAndSource = { source: true, categories: true, districtCodes: true } as const;

/**
 * A rule as a regulator writes it in a publication: a `FeeRule` whose source,
 * categories and districts are the publication's. Omit `id` to let the server
 * choose it (the configured rule with the same check and categories, which it
 * then replaces in these districts from the effective date; else a new one).
 */
export const GuidanceRuleInput = z
  .discriminatedUnion('check', [
    MaxPrepaidHoursRule.omit(scopeAndSource).partial(ruleInput),
    MaxPrepaidMonthsRule.omit(scopeAndSource).partial(ruleInput),
    MaxAmountRule.omit(scopeAndSource).partial(ruleInput),
    GuidancePriceRule.omit(scopeAndSource).partial(ruleInput),
    ClassEndTimeRule.omit(scopeAndSource).partial(ruleInput),
  ])
  .meta({ id: 'GuidanceRuleInput', description: '一条收费规定（来源、类别与区县取自所属的收费指引）' });
export type GuidanceRuleInput = z.infer<typeof GuidanceRuleInput>;

/** What a regulator publishes: the rules, and plain-language guidance, for some categories and districts from a date. */
export const FeeGuidanceInput = z
  .object({
    title: z.string().trim().min(4, { error: m.guidanceTitle }).max(80, { error: m.guidanceTitle }),
    /** The document (name and number) the rules come from. */
    document: z.string().trim().min(2, { error: m.document }).max(200, { error: m.document }),
    effectiveFrom: IsoDate,
    categories: z.array(Category).min(1, { error: m.categories }),
    /** Empty: the whole city. */
    districtCodes: z.array(DistrictCode).max(20).default([]),
    rules: z.array(GuidanceRuleInput).max(20).default([]),
    /** Plain-language guidance for parents, one point each. */
    advice: z.array(z.string().trim().min(1).max(500, { error: m.advice })).max(20, { error: m.advice }).default([]),
  })
  .refine((g) => g.rules.length > 0 || g.advice.length > 0, { error: m.rules, path: ['rules'] })
  .meta({ id: 'FeeGuidanceInput', description: '发布收费指引' });
export type FeeGuidanceInput = z.infer<typeof FeeGuidanceInput>;

/** 收费指引: a published set of fee rules and guidance, kept with every past version. */
export const FeeGuidance = z
  .object({
    id: z.string().regex(/^fg-[a-z0-9]{6,20}$/),
    title: z.string(),
    source: Source,
    categories: z.array(z.enum(InstitutionCategories.keys)).min(1),
    districtCodes: z.array(z.string().regex(/^\d{6}$/)),
    /** Each a `FeeRule`, its source this publication: what checkCharge reads. */
    rules: z.array(FeeRule),
    advice: z.array(z.string()),
    status: z.enum(['published', 'withdrawn']),
    publishedAt: Timestamp,
    publishedBy: Actor,
    withdrawn: z.object({ at: Timestamp, by: Actor, reason: z.string() }).optional(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'FeeGuidance', description: '收费指引（监管部门发布的收费规定与说明）' });
export type FeeGuidance = z.infer<typeof FeeGuidance>;

export const FeeGuidanceWithdrawal = z
  .object({
    reason: z.string().trim().min(4, { error: '请说明撤回的原因（至少4个字）' }).max(500),
    expectedVersion: z.number().int().positive(),
  })
  .meta({ id: 'FeeGuidanceWithdrawal', description: '撤回收费指引' });

// ---------------------------------------------------------------------------
// 收费核对: the checker's question and answer
// ---------------------------------------------------------------------------

/** The largest amount the checker takes: 1,000,000 yuan. */
export const MAX_CHECK_FEN = 100_000_000;

/** An amount in fen the checker takes, every way of getting it wrong answered with `message` (a schema's `error` answers its checks too). */
const feeAmount = (message: string) => z.number({ error: message }).int().min(0).max(MAX_CHECK_FEN).meta({ description: 'Amount in fen (1 yuan = 100 fen)' });

const HoursValue = z.number({ error: m.hours }).min(0, { error: m.hours }).max(10_000, { error: m.hours });

/** The facts of which at least one must be given for the checker to judge anything. */
const DECIDING_FACTS = ['amount', 'hours', 'months', 'coursePeriod', 'pricePerLesson', 'paymentMethod', 'financing', 'classEndsAt'] as const;

/**
 * One collection a parent is asked to pay (POST /api/fee-check). Money in fen.
 * Only the category and one fact are required: each rule is judged on what
 * is known, and the answer says what else to enter (`toEnter`).
 */
export const FeeCheckInput = z
  .object({
    category: Category,
    /** Omitted: the rules for the whole city (a district's own rules are not applied, and the answer says so). */
    districtCode: DistrictCode.optional(),
    /** The day of paying; omitted: today (China Standard Time). */
    date: IsoDate.optional(),
    amount: feeAmount(m.amount).optional().meta({ description: 'What this one collection asks for, in fen' }),
    hours: HoursValue.optional().meta({ description: 'Class hours (课时, lessons) this collection pays for' }),
    months: z.number({ error: m.months }).min(0, { error: m.months }).max(120, { error: m.months }).optional(),
    coursePeriod: CoursePeriod.optional(),
    pricePerLesson: feeAmount(m.pricePerLesson).optional(),
    ...PaymentFacts.partial().shape,
    classMode: z.enum(['offline', 'online'], { error: m.classMode }).optional(),
    classEndsAt: z.string({ error: m.classEndsAt }).regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
    /** The institution asking, when the check starts from its page: carried into the complaint link. */
    institutionId: z.string({ error: m.institution }).regex(/^[a-z0-9-]{3,64}$/).optional(),
  })
  .refine((input) => DECIDING_FACTS.some((name) => input[name] !== undefined), { error: m.oneFact, path: ['amount'] })
  .meta({ id: 'FeeCheckInput', description: '收费核对：一次收费的情况（金额单位为分）' });
export type FeeCheckInput = z.infer<typeof FeeCheckInput>;

export const FeeCheckResult = z
  .object({
    /** The day whose rules were applied. */
    date: IsoDate,
    findings: z.array(FeeFindingSchema),
    /** True when any finding says the charge breaks a rule. */
    breaksRules: z.boolean(),
    /** What else to enter to judge the rules the known facts could not decide: the field and the sentence saying what it would decide. */
    toEnter: z.array(z.object({ field: z.string(), message: z.string() })),
    /** What to do next, in order. */
    nextSteps: z.array(z.string()),
    /** The complaint form, prefilled with this charge. */
    complaintHref: z.string(),
  })
  .meta({ id: 'FeeCheckResult', description: '收费核对结果：逐条规定的判断、依据和下一步' });
export type FeeCheckResult = z.infer<typeof FeeCheckResult>;

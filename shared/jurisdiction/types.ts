import { z } from 'zod';
/** The configurations are parsed once, when their modules load. */
export { PARSE_ONCE } from '../schemas/parse-once.ts';
import { RiskThresholds } from './risk-thresholds-schema.ts';
import {
  Category,
  ClassEndTimeRule,
  FeeRule,
  FeeRules,
  GuidancePriceRule,
  MaxAmountRule,
  MaxPrepaidHoursRule,
  MaxPrepaidMonthsRule,
  NoTrainingLoanRule,
  RegionCode,
  Source,
  SupervisedAccountRule,
} from './fee-rule-types.ts';
import { ComplaintKinds, DepartmentKinds, InstitutionCategories, Priorities } from '../vocabulary.ts';

/**
 * The shape of a jurisdiction's configuration. Everything that differs between
 * cities (districts, who supervises what, holidays, routing, fee thresholds) is
 * data of these shapes, parsed once when the jurisdiction module loads, so a
 * bad edit to a table fails at load rather than at the first complaint.
 * The pure functions that read this data live in shared/rules/.
 */

/** 行政区划: a district or county, by its GB/T 2260 code. */
export const District = z.object({
  code: z.string().regex(/^\d{6}$/),
  name: z.string().min(1),
});
export type District = z.infer<typeof District>;

const IsoDate = z.iso.date();
const DepartmentKind = z.enum(DepartmentKinds.keys);

// ---------------------------------------------------------------------------
// 风险台账: when an institution is flagged for review (functions/cases/risk-ledger.ts).
// ---------------------------------------------------------------------------

// In a module of its own, without the rest of this file's schemas: the cases' risk
// ledger schema reads it (shared/schemas/cases/risk.ts), and every function that
// reads a case would otherwise build all of these at cold start.
export { RiskThresholds };

// ---------------------------------------------------------------------------
// 工作日历: weekends, public holidays and make-up working days (调休).
// ---------------------------------------------------------------------------

/** One year of a holiday notice (e.g. 国务院办公厅关于2026年部分节假日安排的通知). */
export const CalendarYear = z.object({
  year: z.number().int().min(2000).max(2100),
  /** The notice, and the day it was issued. */
  source: Source,
  /** 'provisional' marks a year encoded before the notice could be checked. */
  status: z.enum(['confirmed', 'provisional']),
  note: z.string().optional(),
  /** 放假: each range inclusive, in China Standard Time dates. */
  holidays: z.array(z.object({ name: z.string().min(1), from: IsoDate, to: IsoDate })),
  /** 调休上班: weekend days that are working days. */
  makeUpWorkdays: z.array(z.object({ date: IsoDate, for: z.string().min(1) })),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

const weekdayOf = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`).getUTCDay();

export const WorkingCalendar = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    /** Rest days of an ordinary week, 0 = Sunday … 6 = Saturday. */
    weekend: z.array(z.number().int().min(0).max(6)),
    years: z.array(CalendarYear),
  })
  .superRefine((calendar, ctx) => {
    const holidays = new Set<string>();
    const years = new Set<number>();
    for (const y of calendar.years) {
      if (years.has(y.year)) ctx.addIssue({ code: 'custom', message: `year ${y.year} appears twice` });
      years.add(y.year);
      for (const h of y.holidays) {
        if (h.to < h.from) ctx.addIssue({ code: 'custom', message: `${y.year} ${h.name}: ends before it starts` });
        for (let d = h.from; d <= h.to; d = nextIsoDate(d)) holidays.add(d);
      }
    }
    for (const y of calendar.years) {
      for (const m of y.makeUpWorkdays) {
        if (!calendar.weekend.includes(weekdayOf(m.date))) {
          ctx.addIssue({ code: 'custom', message: `${m.date} (${m.for}) is a make-up working day but not a weekend day` });
        }
        if (holidays.has(m.date)) ctx.addIssue({ code: 'custom', message: `${m.date} is both a holiday and a make-up working day` });
      }
    }
  });
export type WorkingCalendar = z.infer<typeof WorkingCalendar>;

function nextIsoDate(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------
// 分办规则: which department leads a case, who co-handles, and the time limits.
// ---------------------------------------------------------------------------

/**
 * A department in a routing row: a kind, or `category_supervisor`, the
 * department that supervises the institution's category (谁审批谁监管),
 * looked up in the table's `supervision` map when the case is routed.
 */
export const DepartmentRef = z.union([DepartmentKind, z.literal('category_supervisor')]);
export type DepartmentRef = z.infer<typeof DepartmentRef>;

/** A time limit: working days (deadline at 23:59:59 CST of the last one) or clock hours. */
export const CaseDeadline = z.union([
  z.object({ workingDays: z.number().int().positive() }),
  z.object({ hours: z.number().int().positive() }),
]);
export type CaseDeadline = z.infer<typeof CaseDeadline>;

export const CaseTypes = ['complaint', 'refund_dispute'] as const;
export type CaseType = (typeof CaseTypes)[number];

export const RoutingRule = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    caseType: z.enum(CaseTypes),
    kind: z.enum(ComplaintKinds.keys).optional(),
    category: Category.optional(),
    districtCode: RegionCode.optional(),
    lead: DepartmentRef,
    coHandling: z.array(DepartmentRef),
    priority: z.enum(Priorities.keys),
    accept: CaseDeadline,
    conclude: CaseDeadline,
    /** From when the conclude limit counts: the day of receipt, or acceptance (12315's mediation). */
    concludeCountsFrom: z.enum(['received', 'accepted']),
    /** Where this default comes from: document names, in Chinese, as a person would cite them. */
    basis: z.array(z.string().min(1)).min(1),
    /** Why this priority: the risk to children (or its absence) that sets it. Shown to staff and in docs/routing.md. */
    priorityReason: z.string().min(1).optional(),
    /** What triage staff should know (e.g. when to add another department by hand). */
    note: z.string().optional(),
  })
  .refine((r) => r.caseType === 'complaint' || r.kind === undefined, {
    message: 'only complaints have a kind',
  });
export type RoutingRule = z.infer<typeof RoutingRule>;

export const RoutingTable = z
  .object({
    /** 谁审批谁监管: the department kind behind `category_supervisor`, per category. */
    supervision: z.record(Category, DepartmentKind),
    /** Why each category's supervisor is who it is: document and section (shown beside every row that names `category_supervisor`). */
    supervisionBasis: z.record(Category, z.string().min(1)).optional(),
    /** Who stands in for `category_supervisor` when the category is unknown (unlisted institutions). */
    unknownCategorySupervisor: DepartmentKind,
    unknownCategoryBasis: z.string().min(1).optional(),
    rules: z.array(RoutingRule).min(1),
  })
  .superRefine((table, ctx) => {
    const ids = new Set<string>();
    const keys = new Set<string>();
    for (const r of table.rules) {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', message: `rule id ${r.id} appears twice` });
      ids.add(r.id);
      const key = [r.caseType, r.kind ?? '*', r.category ?? '*', r.districtCode ?? '*'].join('/');
      if (keys.has(key)) ctx.addIssue({ code: 'custom', message: `two rules match the same cases: ${key}` });
      keys.add(key);
    }
    for (const caseType of CaseTypes) {
      if (!keys.has(`${caseType}/*/*/*`)) ctx.addIssue({ code: 'custom', message: `no default rule for ${caseType}` });
    }
  });
export type RoutingTable = z.infer<typeof RoutingTable>;

/** An institution of each category, and one not on the list (`undefined`): the columns every kind must resolve for. */
export const ROUTING_CATEGORIES: ReadonlyArray<z.infer<typeof Category> | undefined> = [...InstitutionCategories.keys, undefined];

/**
 * A jurisdiction's complete table: besides the structure above, every
 * complaint kind × category (and an unlisted institution) resolves to a row
 * written for that kind (only `other` may fall to the default row), every
 * row says why it has its priority and cites a basis, and every category's
 * supervisor has its basis. A gap fails at load with the kind and category
 * named, so a city editing its table learns what is missing before a
 * complaint does.
 */
export const CompleteRoutingTable = RoutingTable.superRefine((table, ctx) => {
  const supervisionBasis: Partial<Record<string, string>> = table.supervisionBasis ?? {};
  for (const category of InstitutionCategories.keys) {
    if (!supervisionBasis[category]) {
      ctx.addIssue({ code: 'custom', path: ['supervisionBasis', category], message: `no basis for who supervises ${category} (${InstitutionCategories.label(category)})` });
    }
  }
  if (!table.unknownCategoryBasis) ctx.addIssue({ code: 'custom', path: ['unknownCategoryBasis'], message: 'no basis for who takes cases about institutions of unknown category' });
  for (const r of table.rules) {
    if (!r.priorityReason) ctx.addIssue({ code: 'custom', path: ['rules'], message: `rule ${r.id}: say why it has priority ${r.priority} (priorityReason)` });
  }
  for (const kind of ComplaintKinds.keys) {
    if (kind === 'other') continue;
    for (const category of ROUTING_CATEGORIES) {
      const rows = table.rules.filter((r) => r.caseType === 'complaint' && r.kind === kind && (r.category === undefined || r.category === category) && r.districtCode === undefined);
      if (rows.length === 0) {
        const column = category ? `${category} (${InstitutionCategories.label(category)})` : 'an institution not on the list';
        ctx.addIssue({
          code: 'custom',
          path: ['rules'],
          message: `no routing row for complaint kind ${kind} (${ComplaintKinds.label(kind)}) × ${column}: add a row with kind "${kind}"${category ? ` (and category "${category}" if it differs)` : ''}`,
        });
      }
    }
  }
});

// The fee rules and a rule's source, in a module of their own (./fee-rule-types.ts): the
// fee guidance schema reads them, and its readers (the publisher at cold start) need
// none of the other schemas here.
export { ClassEndTimeRule, FeeRule, FeeRules, GuidancePriceRule, MaxAmountRule, MaxPrepaidHoursRule, MaxPrepaidMonthsRule, NoTrainingLoanRule, Source, SupervisedAccountRule };

/** 退费: the sources and time limits behind refund estimates and dates. */
export const RefundRules = z.object({
  /** 《中小学生校外培训服务合同（示范文本）》: refunds of unconsumed lessons, the full-refund window the parties fill in. */
  modelContract: Source,
  /** The national platform's rule: an unanswered refund request counts as agreed after N working days. */
  institutionSilence: z.object({ workingDays: z.number().int().positive(), source: Source, note: z.string().optional() }),
  /** Our advice, not a rule: when to complain if the money has still not arrived. */
  escalateIfUnpaidAfterWorkingDays: z.number().int().positive(),
});
export type RefundRules = z.infer<typeof RefundRules>;

// ---------------------------------------------------------------------------

/**
 * A jurisdiction (a city or county) and everything that differs between them:
 * its districts, its departments, who supervises which category, and the
 * rules behind complaints, refund disputes and the fee checker.
 */
/**
 * A number the site must show in its footer (ICP备案号, 公安备案号, 政府网站标识码).
 * A demo deployment has none: `placeholder` says so, and the footer shows the
 * text as it is (e.g. "演示：未备案"), never a made-up number.
 */
export const SiteNumber = z.object({
  text: z.string().min(1).max(60),
  placeholder: z.boolean().default(false),
});

/** What the footer says about who runs the site and under which filings (政府网站 要求). */
export const SiteIdentity = z.object({
  /** 主办单位: the body responsible for the site. */
  sponsor: z.string().min(2).max(60),
  /** 承办单位: the body that runs it day to day. */
  operator: z.string().min(2).max(60),
  /** ICP备案号, linked to beian.miit.gov.cn. */
  icpFiling: SiteNumber,
  /** 公安机关互联网站安全备案号, linked to beian.mps.gov.cn. */
  publicSecurityFiling: SiteNumber,
  /** 政府网站标识码 (10 characters, issued by the 国办 when the site is registered). */
  governmentSiteCode: SiteNumber,
  /** 全国校外教育培训监管与服务综合平台. */
  nationalPlatform: z.object({ name: z.string().min(2), url: z.url() }),
});
export type SiteIdentity = z.infer<typeof SiteIdentity>;

/**
 * How families reach a department: its own phone, address and office hours.
 * Without a configured contact (the demo), a department shows the jurisdiction's
 * hotline, labelled as a placeholder.
 */
export const DepartmentContact = z.object({
  phone: z.string().min(3).max(40),
  address: z.string().min(2).max(120).optional(),
  officeHours: z.string().min(2).max(80).optional(),
  /** True when these are stand-ins (a demo), said so wherever they are shown. */
  placeholder: z.boolean().default(false),
});
export type DepartmentContact = z.infer<typeof DepartmentContact>;

export const Jurisdiction = z.object({
  code: z.string().regex(/^\d{6}$/),
  name: z.string().min(1),
  province: z.string().min(1),
  districts: z.array(District).min(1),
  /** 谁审批谁监管: which kind of department supervises each category by default. */
  supervision: z.record(Category, DepartmentKind),
  supervisionSource: Source,
  /** Working days for every deadline: the national calendar unless a region adds its own. */
  calendar: WorkingCalendar,
  /** Which department leads each kind of case, and its time limits: every kind × category resolves. */
  routing: CompleteRoutingTable,
  /** Fee thresholds, every version kept, chosen by the date of the charge. */
  feeRules: FeeRules,
  refundRules: RefundRules,
  /** Names a jurisdiction gives its departments where they differ from the vocabulary's (e.g. 卫生健康和体育局). */
  departmentNames: z.partialRecord(DepartmentKind, z.string().min(1)).optional(),
  /** 安全提醒: whether publishing a notice needs a second publisher's approval (四眼原则). */
  notices: z.object({ approvalRequired: z.boolean() }).default({ approvalRequired: false }),
  /** The footer's identity: sponsor, operator, filing numbers, the national platform. */
  site: SiteIdentity,
  /** Each department's contact, by department id (shared/jurisdiction/departments.ts `departmentId`); the fallback for the others. */
  departmentContacts: z.record(z.string(), DepartmentContact).default({}),
  fallbackContact: DepartmentContact,
  /** 风险台账: when an institution is flagged for review. */
  riskThresholds: RiskThresholds,
}).superRefine((j, ctx) => {
  const districts = new Set(j.districts.map((d) => d.code));
  for (const [category, kind] of Object.entries(j.supervision)) {
    if (j.routing.supervision[category as keyof typeof j.supervision] !== kind) {
      ctx.addIssue({ code: 'custom', message: `routing supervises ${category} differently from the jurisdiction` });
    }
  }
  for (const r of j.routing.rules) {
    if (r.districtCode && !districts.has(r.districtCode)) ctx.addIssue({ code: 'custom', message: `routing rule ${r.id}: ${r.districtCode} is not a district here` });
  }
  for (const r of j.feeRules) {
    for (const code of r.districtCodes ?? []) {
      if (!districts.has(code)) ctx.addIssue({ code: 'custom', message: `fee rule ${r.id}: ${code} is not a district here` });
    }
  }
});
export type Jurisdiction = z.infer<typeof Jurisdiction>;

import { z } from 'zod';
import {
  DepartmentKinds,
  FundSupervisionModes,
  InstitutionCategories,
  InstitutionStatuses,
  ProfitTypes,
  RegistrationTypes,
  SanctionTypes,
} from '../vocabulary.ts';
import { CreditCode, DistrictCode, fieldMessages, IsoDate, Timestamp } from './common.ts';

/** 办学许可证: the school-running licence, which comes before registration (先证后照). */
export const Licence = z
  .object({
    number: z
      .string()
      .trim()
      .regex(/^[\p{Script=Han}A-Za-z0-9]{6,40}$/u, { error: fieldMessages.licenceNumber }),
    issuer: z.string().trim().min(2, { error: '请填写发证机关' }).max(60),
    issuedOn: IsoDate,
    expiresOn: IsoDate,
    scope: z.string().trim().min(1, { error: '请填写许可的培训范围' }).max(200),
  })
  .refine((l) => l.expiresOn > l.issuedOn, { error: '有效期截止日期应晚于发证日期', path: ['expiresOn'] })
  .meta({ id: 'Licence', description: '办学许可证' });
export type Licence = z.infer<typeof Licence>;

/** 营业执照 or 民办非企业单位登记证书. */
export const Registration = z
  .object({
    creditCode: CreditCode,
    type: z.enum(RegistrationTypes.keys, { error: '请选择登记证照类型' }),
  })
  .meta({ id: 'Registration', description: '登记证照' });

export const Premises = z.object({
  address: z.string().trim().min(4, { error: '请填写详细地址' }).max(120),
  districtCode: DistrictCode,
});

/** A dated change of status, with its reason and decision document (文号). */
export const StatusChange = z.object({
  status: z.enum(InstitutionStatuses.keys),
  on: IsoDate,
  reason: z.string().trim().min(2, { error: '请填写状态变更的原因' }).max(500),
  decisionNumber: z.string().trim().max(60).optional(),
});
export type StatusChange = z.infer<typeof StatusChange>;

/** 预收费资金监管. */
export const FundSupervision = z.object({
  mode: z.enum(FundSupervisionModes.keys, { error: '请选择预收费资金监管方式' }),
  bank: z.string().max(60).optional(),
});

/** 检查记录: an inspection of the institution (行政检查), recorded by staff (POST /api/admin/institutions/{id}/inspections). */
export const Inspection = z.object({
  /** Absent on inspections recorded before they had ids (imports, the demo). */
  id: z.string().regex(/^[a-z0-9]{8,32}$/).optional(),
  on: IsoDate,
  kind: z.enum(['routine', 'random_sample', 'special', 'complaint'], { error: '请选择检查类型' }),
  result: z.enum(['passed', 'rectify', 'failed'], { error: '请选择检查结果' }),
  findings: z.string().trim().max(1000, { error: '检查发现不能超过1000个字' }).optional(),
  /** 检查人员: staff only; never on the public page. */
  inspectors: z.array(z.string().trim().min(1).max(30)).max(10).optional(),
});
export type Inspection = z.infer<typeof Inspection>;

/**
 * 行政处罚: a penalty decision (《校外培训行政处罚暂行办法》, 2023), recorded by staff and
 * published on the centre page once `published` (POST …/sanctions/{sanctionId}/publish).
 * Sanctions recorded before the flag existed were already public: absent means published.
 */
export const Sanction = z.object({
  id: z.string().regex(/^[a-z0-9]{8,32}$/).optional(),
  on: IsoDate,
  kind: z.enum(SanctionTypes.keys, { error: '请选择处罚种类' }),
  decisionNumber: z.string().trim().max(60),
  summary: z.string().trim().max(500),
  published: z.boolean().optional(),
  publishedOn: IsoDate.optional(),
});
export type Sanction = z.infer<typeof Sanction>;

/** Is a sanction on the public page? Only once published (or recorded before the flag existed). */
export const isPublishedSanction = (s: Sanction) => s.published !== false;

/** Recording an inspection (the id and who are the server's). */
export const InspectionInput = z
  .object({
    on: IsoDate,
    kind: Inspection.shape.kind,
    result: Inspection.shape.result,
    findings: z.string().trim().min(2, { error: '请填写检查发现的情况' }).max(1000, { error: '检查发现不能超过1000个字' }),
    inspectors: z
      .array(z.string().trim().min(1, { error: '请填写检查人员姓名' }).max(30, { error: '姓名不能超过30个字' }))
      .min(1, { error: '至少填写一名检查人员' })
      .max(10, { error: '最多填写10名检查人员' }),
    expectedVersion: z.number().int().nonnegative(),
  })
  .meta({ id: 'InspectionInput', description: '登记检查记录（须提供读取时的版本号）' });

/** Recording a sanction: unpublished until published on its own. */
export const SanctionInput = z
  .object({
    on: IsoDate,
    kind: Sanction.shape.kind,
    decisionNumber: z.string().trim().min(2, { error: '请填写处罚决定书文号' }).max(60, { error: '文号不能超过60个字' }),
    summary: z.string().trim().min(2, { error: '请填写处罚事由和内容' }).max(500, { error: '处罚内容不能超过500个字' }),
    expectedVersion: z.number().int().nonnegative(),
  })
  .meta({ id: 'SanctionInput', description: '登记行政处罚（须提供读取时的版本号；登记后尚未公示）' });

export const SanctionPublishInput = z
  .object({ expectedVersion: z.number().int().nonnegative() })
  .meta({ id: 'SanctionPublishInput', description: '公示一条行政处罚' });

/** The fields a regulator edits: everything but identity, status, history and bookkeeping. */
export const InstitutionFields = z.object({
  name: z.string().trim().min(2, { error: '请填写机构名称' }).max(80),
  formerNames: z.array(z.string().trim().min(2).max(80)).max(10).default([]),
  category: z.enum(InstitutionCategories.keys, { error: '请选择培训类别' }),
  profitType: z.enum(ProfitTypes.keys, { error: '请选择营利性质' }),
  districtCode: DistrictCode,
  premises: z.array(Premises).min(1, { error: '至少填写一处培训场所' }).max(20),
  licence: Licence,
  registration: Registration,
  /** Set only when the jurisdiction's default (by category) is overridden for this institution. */
  supervisingDepartmentOverride: z.enum(DepartmentKinds.keys).optional(),
  fundSupervision: FundSupervision,
  insured: z.boolean().default(false),
  lastFireCheckOn: IsoDate.optional(),
  staffChecksOn: IsoDate.optional(),
  inspections: z.array(Inspection).max(200).default([]),
  sanctions: z.array(Sanction).max(200).default([]),
});
export type InstitutionFields = z.infer<typeof InstitutionFields>;

/** Creating an institution: its fields and the status it enters the list with. */
export const InstitutionCreate = InstitutionFields.extend({
  status: z.enum(InstitutionStatuses.keys).default('approved'),
}).meta({ id: 'InstitutionCreate', description: '新增机构' });

/** Editing an institution: every field, and the version that was read. */
export const InstitutionUpdate = z
  .object({ fields: InstitutionFields, expectedVersion: z.number().int().nonnegative() })
  .meta({ id: 'InstitutionUpdate', description: '修改机构信息（须提供读取时的版本号）' });

/** Changing an institution's status: the new status, why, and the decision document. */
export const StatusChangeRequest = z
  .object({
    status: z.enum(InstitutionStatuses.keys, { error: '请选择新的状态' }),
    on: IsoDate,
    reason: z.string().trim().min(2, { error: '请填写状态变更的原因' }).max(500),
    decisionNumber: z.string().trim().max(60).optional(),
    expectedVersion: z.number().int().nonnegative(),
  })
  .meta({ id: 'StatusChangeRequest', description: '变更机构状态' });

/**
 * 校外培训机构: an institution on (or struck from) the published list.
 * `version` guards every update: a write succeeds only against the version it read.
 */
/** Paths under /institutions/ that are not institutions: no id may take them. */
export const RESERVED_INSTITUTION_IDS = ['search', 'shell'] as const;

export const Institution = InstitutionFields.extend({
  id: z
    .string()
    .regex(/^[a-z0-9-]{3,64}$/)
    .refine((id) => !(RESERVED_INSTITUTION_IDS as readonly string[]).includes(id), { error: '这个编号是保留字，不能用作机构编号' }),
  status: z.enum(InstitutionStatuses.keys),
  statusHistory: z.array(StatusChange).default([]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int().nonnegative(),
}).meta({ id: 'Institution', description: '校外培训机构' });
export type Institution = z.infer<typeof Institution>;

/**
 * What the public list says of an institution: the record a search returns,
 * the search snapshot holds and the open data export carries. Built from an
 * Institution by `toPublicSummary` (shared/rules/institution.ts).
 */
export const InstitutionSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    formerNames: z.array(z.string()),
    /** 拼音首字母 of the name and former names, lower case, for searching by initials. */
    initials: z.array(z.string()),
    category: z.enum(InstitutionCategories.keys),
    profitType: z.enum(ProfitTypes.keys),
    districtCode: z.string(),
    address: z.string(),
    status: z.enum(InstitutionStatuses.keys),
    statusSince: IsoDate.optional(),
    licenceNumber: z.string(),
    licenceIssuer: z.string(),
    licenceExpiresOn: IsoDate,
    scope: z.string(),
    creditCode: z.string(),
    supervisingDepartment: z.enum(DepartmentKinds.keys),
    updatedAt: Timestamp,
  })
  .meta({ id: 'InstitutionSummary', description: '机构公开信息摘要' });
export type InstitutionSummary = z.infer<typeof InstitutionSummary>;

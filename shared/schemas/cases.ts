import { z } from 'zod';
import { CaseStates, ComplaintKinds, DepartmentKinds, PaymentMethods, Priorities } from '../vocabulary.ts';
import { DistrictCode, Fen, IsoDate, MobileNumber, Timestamp } from './common.ts';

/** The institution a case is about: from the registry, or described when it is not on the list. */
export const CaseInstitution = z.union([
  z.object({ institutionId: z.string().regex(/^[a-z0-9-]{3,64}$/) }),
  z.object({
    unlistedName: z.string().trim().min(2, { error: '请填写机构名称' }).max(80),
    unlistedAddress: z.string().trim().min(4, { error: '请填写机构地址' }).max(120),
  }),
]);

/** Contact details: personal data, stored apart from the narrative and encrypted. */
export const Contact = z.object({
  name: z.string().trim().min(1, { error: '请填写联系人称呼' }).max(30),
  mobile: MobileNumber,
});
export type Contact = z.infer<typeof Contact>;

/** Where a case was routed, and by which rule. */
export const Routing = z.object({
  leadDepartment: z.enum(DepartmentKinds.keys),
  coHandling: z.array(z.enum(DepartmentKinds.keys)),
  priority: z.enum(Priorities.keys),
  acceptBy: Timestamp,
  concludeBy: Timestamp,
  ruleId: z.string(),
});

/** 投诉举报: a complaint or report, as a family files it. */
export const ComplaintInput = z
  .object({
    kind: z.enum(ComplaintKinds.keys, { error: '请选择发生了什么' }),
    institution: CaseInstitution,
    districtCode: DistrictCode,
    happenedOn: IsoDate.optional(),
    description: z.string().trim().min(10, { error: '请至少用10个字说明发生了什么' }).max(5000),
    contact: Contact.optional(),
    consent: z.literal(true, { error: '请阅读并同意隐私说明' }),
  })
  .meta({ id: 'ComplaintInput', description: '投诉举报' });
export type ComplaintInput = z.infer<typeof ComplaintInput>;

/** 退费纠纷: a refund dispute. A contact is required: the regulator must reach the family. */
export const RefundDisputeInput = z
  .object({
    institution: CaseInstitution,
    districtCode: DistrictCode,
    contractOn: IsoDate,
    modelContractUsed: z.boolean(),
    paymentMethod: z.enum(PaymentMethods.keys),
    amountPaid: Fen,
    lessonsBought: z.number().int().positive().max(10000),
    lessonsConsumed: z.number().int().nonnegative().max(10000),
    pricePerLesson: Fen,
    amountAsked: Fen,
    institutionResponse: z.string().trim().max(2000).optional(),
    contact: Contact,
    consent: z.literal(true, { error: '请阅读并同意隐私说明' }),
  })
  .refine((d) => d.lessonsConsumed <= d.lessonsBought, {
    error: '已上课时不能多于购买的课时',
    path: ['lessonsConsumed'],
  })
  .meta({ id: 'RefundDisputeInput', description: '退费纠纷' });
export type RefundDisputeInput = z.infer<typeof RefundDisputeInput>;

/** The stored case, common to complaints and refund disputes. Personal data lives elsewhere. */
export const CaseRecord = z
  .object({
    caseNumber: z.string(),
    type: z.enum(['complaint', 'refund_dispute']),
    state: z.enum(CaseStates.keys),
    submittedAt: Timestamp,
    routing: Routing,
    version: z.number().int().nonnegative(),
  })
  .meta({ id: 'CaseRecord', description: '案件' });
export type CaseRecord = z.infer<typeof CaseRecord>;

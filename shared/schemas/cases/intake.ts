/**
 * What a family files: the complaint and the refund dispute, and the idempotency key.
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import { ComplaintKinds } from '../../vocabulary.ts';
import { CoursePeriod, DistrictCode, IsoDate } from '../common.ts';
import { PaymentFacts } from '../payment.ts';
import { caseFieldMessages, CaseInstitution, ChildAgeBand, consent, Contact, count, money, plainText, RequiredContact } from './fields.ts';

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
      .object({ daysBefore: count('首次上课前的天数', 0), daysAfter: count('首次上课后的天数', 0) }, { error: caseFieldMessages.fullRefundWindow })
      .optional()
      .meta({ description: "The model contract's full-refund window, as the parties filled it in" }),
    /** The course period this payment covers, when known (for the 3-month limit). */
    coursePeriod: CoursePeriod.optional(),
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

/**
 * Triage: the transition input, the family's feedback, the queue's filters, pages and glance, assignees.
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import { CaseOutcomes, PauseReasons, StaffCaseActions } from '../../rules/case-transitions.ts';
import { CaseStates, ComplaintKinds } from '../../vocabulary.ts';
import { IsoDate, Timestamp } from '../common.ts';
import { money, plainText } from './fields.ts';
import { StaffCaseSummary } from './staff.ts';
import { TrackInput } from './tracking.ts';

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
  })
  .meta({ id: 'StaffCaseQueuePage' });

/** At a glance: open cases past their deadline, and due within the next working day (paused ones aside). */
export const CaseQueueOverview = z
  .object({
    overdue: z.number().int().nonnegative(),
    dueSoon: z.number().int().nonnegative(),
    paused: z.number().int().nonnegative(),
    /** Counts that stopped at the cap (functions/data/cases.ts GLANCE_CAP): at least the number given. */
    atLeast: z.array(z.enum(['overdue', 'dueSoon', 'paused'])).optional(),
    /** The end of the next working day (CST): "due soon" is due before it. */
    dueSoonBefore: Timestamp,
  })
  .meta({ id: 'CaseQueueOverview', description: '超期与即将到期的案件数' });

export const CaseAssigneeOption = z.object({ username: z.string(), name: z.string(), supervisor: z.boolean() });
export const CaseAssigneeList = z.object({ items: z.array(CaseAssigneeOption) }).meta({ id: 'CaseAssigneeList', description: '可分派的承办人' });

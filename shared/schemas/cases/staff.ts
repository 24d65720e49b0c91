/**
 * What staff see: the queue's summary of a case, the case in full, a revealed contact.
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import { CaseActions } from '../../rules/case-transitions.ts';
import { CaseStates, ComplaintKinds, Priorities } from '../../vocabulary.ts';
import { Timestamp } from '../common.ts';
import { ChildAgeBand, Contact } from './fields.ts';
import { CaseAssignee, CaseEvent, CaseRecord, MaskedContact } from './record.ts';

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

/**
 * What is stored: the case record and its events (with the triage building
 * blocks they carry: assignee, the public and internal details of a step, routing).
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import { CaseActions, CaseOutcomes, PauseReasons } from '../../rules/case-transitions.ts';
import { CaseStates, ComplaintKinds, DepartmentKinds, InstitutionCategories, PaymentFinancings, PaymentMethods, Priorities } from '../../vocabulary.ts';
import { Actor, IsoDate, Timestamp } from '../common.ts';

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

/**
 * 案件办理: every step on a case after filing, by staff on the console or by
 * the family on the tracking page, goes through here, and only as the
 * transition table allows (shared/rules/case-transitions.ts).
 *
 * A step:
 * 1. reads the case (strongly), and for staff checks that their department
 *    sees it (its queue entries) and that they acted on the version they
 *    read: otherwise a conflict, with the case as it now is;
 * 2. asks the table for the row (state, action, conditions, who): none is a
 *    refusal, with what happened and what to do;
 * 3. checks the fields the row needs, field by field;
 * 4. builds the record as it becomes and one event (who, which department,
 *    when, from and to, what the family sees and what only staff see), the
 *    queue entries (moved on a transfer, to the closed lists when the case
 *    closes), the dashboard's counters and the risk ledger's, and for a case
 *    with merged duplicates the same public step on each of them;
 * 5. writes all of it in one transaction, on the versions read. A concurrent
 *    write to a shared counter is retried; a concurrent change to the case
 *    itself is a conflict (one wins, the other is told and shown the case).
 *
 * Deadlines are working days of the jurisdiction's calendar: accepting from
 * receipt (or from a transfer), concluding as the routing rule says (from
 * receipt, or from acceptance for 12315 mediation); a pause stops the
 * concluding clock and resuming moves the deadline on by the working days
 * paused (`extendForPause`); a transfer gives the new department the rule's
 * full time again; a reopening gives the supervisor the rule's concluding time
 * (shared/rules/deadlines.ts `deadlineFrom`).
 *
 * Beside it: the step engine (functions/cases/step.ts), what a step answers
 * besides success (step-errors.ts), and the family's words for each step
 * (timeline.ts `transitionEntry`).
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import {
  CASE_TRANSITIONS,
  findTransition,
  requiredFields,
  targetState,
  type CaseAction,
  type CaseTransition,
  type TransitionField,
} from '#shared/rules/case-transitions.ts';
import { deadlineFrom } from '#shared/rules/deadlines.ts';
import { hasAnyRole } from '#shared/rules/scope.ts';
import { extendForPause, workingDaysBetween } from '#shared/rules/working-days.ts';
import {
  triageFieldMessages,
  type CaseRecord,
  type CaseTransitionInput,
  type StaffCaseSummary,
  type TransitionInternalDetails,
  type TransitionPublicDetails,
} from '#shared/schemas/cases.ts';
import type { StaffSummary } from '#shared/schemas/staff.ts';
import { CaseStates } from '#shared/vocabulary.ts';
import { getCase, listCaseEvents, listQueue, type CaseWrite, type QueueEntry, type StoredCase } from '../data/cases.ts';
import type { KeyProvider } from '../crypto/envelope.ts';
import type { Db } from '../data/client.ts';
import { getStaffRecord } from '../data/staff.ts';
import { withNarrative } from './narrative.ts';
import { departmentById } from './routing.ts';
import { canSeeCase } from './staff.ts';
import { CaseConflict, CaseNotFound, CaseNotVisible, FeedbackNotOpen, TransitionInvalid, TransitionRefused } from './step-errors.ts';
import {
  actionsFor,
  conditionsOf,
  daysBucket,
  eventFor,
  mirrors,
  partOf,
  queueFor,
  ruleOf,
  run,
  staffActor,
  withClosedAt,
  type Step,
  type StepContext,
} from './step.ts';

// The errors and the step engine moved to their own modules; re-exported for the routes that import them from here.
export { CaseConflict, CaseNotFound, CaseNotVisible, FeedbackNotOpen, TransitionInvalid, TransitionRefused, TriageBusy } from './step-errors.ts';

const tr = t.triage;

// ---------------------------------------------------------------------------
// Staff steps
// ---------------------------------------------------------------------------

export function checkFields(transition: CaseTransition, record: CaseRecord, input: CaseTransitionInput): void {
  const fields: Partial<Record<TransitionField, string>> = {};
  for (const field of requiredFields(transition, record.type)) {
    const value = input[field];
    if (value === undefined || value === '') fields[field] = triageFieldMessages[field];
  }
  if (Object.keys(fields).length) throw new TransitionInvalid(fields as Record<string, string>);
}

export function refusal(stored: StoredCase, action: CaseAction, answer: Exclude<ReturnType<typeof findTransition>, { ok: true }>): TransitionRefused {
  const label = tr.actions[action];
  if (answer.refused === 'state') {
    if (stored.record.mergedInto) return new TransitionRefused(409, tr.refused.merged, stored);
    return new TransitionRefused(409, tr.refused.state(label, CaseStates.label(stored.record.state)), stored);
  }
  const supervisorOnly = answer.candidates.every((c) => c.who.kind === 'staff' && c.who.role === 'supervisor');
  return new TransitionRefused(403, supervisorOnly ? tr.refused.supervisor(label) : tr.refused.actor(label), stored);
}

export interface StaffStepRequest {
  caseNumber: string;
  input: CaseTransitionInput;
  staff: StaffSummary;
  now: Date;
}

/** Looks a case up for a member of staff: it must exist and their department must see it. */
export async function loadForStaff(db: Db, caseNumber: string, staff: Pick<StaffSummary, 'department'>): Promise<StoredCase> {
  const stored = await getCase(db, caseNumber);
  if (!stored) throw new CaseNotFound();
  if (partOf(stored, staff.department.id) === null) throw new CaseNotVisible(caseNumber);
  return stored;
}

/** A step by a member of staff: every action but merge (functions/cases/merge.ts `mergeDuplicate`; `performCaseAction` there picks). */
export async function performStaffStep(db: Db, request: StaffStepRequest, j: Jurisdiction = defaultJurisdiction): Promise<StoredCase> {
  const { input, staff, now } = request;
  if (input.action === 'merge') throw new Error('merging is functions/cases/merge.ts mergeDuplicate');
  const ctx: StepContext = { db, j, now };
  const at = now.toISOString();
  return run(ctx, request.caseNumber, async (stored) => {
    if (partOf(stored, staff.department.id) === null) throw new CaseNotVisible(stored.record.caseNumber);
    if (stored.record.version !== input.expectedVersion) throw new CaseConflict(stored);
    const record = stored.record;
    const answer = findTransition(record.state, input.action, conditionsOf(record), staffActor(stored, staff));
    if (!answer.ok) throw refusal(stored, input.action, answer);
    const transition = answer.transition;
    checkFields(transition, record, input);

    const to = targetState(transition, record.state);
    let next: CaseRecord = withClosedAt({ ...record, state: to, version: record.version + 1 }, record.state, to, at);
    let queue: QueueEntry[] | undefined;
    const pub: TransitionPublicDetails = {};
    const internal: TransitionInternalDetails = input.note ? { note: input.note } : {};
    const stats: Record<string, number> = {};
    const risk: Record<string, number> = {};
    // Counted for the department that led the case when the step was taken (a transfer: the one handing it on).
    const statsDepartment = record.leadDepartmentId;
    const rule = ruleOf(record, j);

    switch (input.action) {
      case 'accept': {
        next.acceptedAt = at;
        if (rule.concludeCountsFrom === 'accepted') {
          internal.previousConcludeBy = record.routing.concludeBy;
          next.routing = { ...next.routing, concludeBy: deadlineFrom(at, rule.conclude, j.calendar) };
        }
        pub.concludeBy = next.routing.concludeBy;
        Object.assign(stats, {
          answered: 1,
          answeredOnTime: at <= record.routing.acceptBy ? 1 : 0,
          [`acceptDays:${daysBucket(record.submittedAt, at, j)}`]: 1,
        });
        break;
      }
      case 'decline': {
        next.declined = { reason: input.reason!, nextSteps: input.nextSteps! };
        Object.assign(pub, { reason: input.reason, nextSteps: input.nextSteps });
        Object.assign(stats, { answered: 1, answeredOnTime: at <= record.routing.acceptBy ? 1 : 0, declined: 1 });
        break;
      }
      case 'transfer': {
        const target = input.toDepartmentId!;
        const department = departmentById(target, j);
        if (!department) throw new TransitionInvalid({ toDepartmentId: tr.refused.unknownDepartment });
        if (target === record.leadDepartmentId) throw new TransitionInvalid({ toDepartmentId: tr.refused.transferSame });
        const coHandling = record.coHandlingDepartmentIds.filter((id) => id !== target);
        queue = queueFor(target, coHandling, j);
        const acceptBy = deadlineFrom(at, rule.accept, j.calendar);
        const concludeBy = deadlineFrom(rule.concludeCountsFrom === 'accepted' ? acceptBy : at, rule.conclude, j.calendar);
        internal.previousAcceptBy = record.routing.acceptBy;
        internal.previousConcludeBy = record.routing.concludeBy;
        const { assignee: _a, pause: _p, acceptedAt: _t, ...rest } = next;
        next = {
          ...rest,
          leadDepartmentId: target,
          coHandlingDepartmentIds: coHandling,
          routing: { ...rest.routing, leadDepartment: department.kind, acceptBy, concludeBy },
        };
        Object.assign(pub, { fromDepartmentId: record.leadDepartmentId, toDepartmentId: target, reason: input.reason, acceptBy, concludeBy });
        stats.transferred = 1;
        break;
      }
      case 'start':
      case 'progress': {
        if (input.message) pub.message = input.message;
        break;
      }
      case 'pause': {
        next.pause = { since: at, reason: input.pauseReason! };
        pub.pauseReason = input.pauseReason!;
        break;
      }
      case 'resume': {
        const since = record.pause!.since;
        const days = Math.max(workingDaysBetween(since, at, j.calendar), 0);
        const { pause: _p, ...rest } = next;
        internal.previousConcludeBy = record.routing.concludeBy;
        next = { ...rest, pausedWorkingDays: (record.pausedWorkingDays ?? 0) + days, routing: { ...rest.routing, concludeBy: extendForPause(record.routing.concludeBy, days, j.calendar) } };
        Object.assign(pub, { pausedWorkingDays: days, concludeBy: next.routing.concludeBy });
        break;
      }
      case 'conclude': {
        const recovered = record.type === 'refund_dispute' ? input.amountRecovered : undefined;
        next.conclusion = { outcome: input.outcome!, actionTaken: input.actionTaken!, ...(recovered !== undefined ? { amountRecovered: recovered } : {}), at };
        Object.assign(pub, { outcome: input.outcome, actionTaken: input.actionTaken, ...(recovered !== undefined ? { amountRecovered: recovered } : {}) });
        const substantiated = input.outcome !== 'not_substantiated';
        Object.assign(stats, {
          concluded: 1,
          concludedOnTime: at <= record.routing.concludeBy ? 1 : 0,
          [`concludeDays:${daysBucket(record.submittedAt, at, j)}`]: 1,
          [`outcome:${input.outcome}`]: 1,
          ...(recovered ? { amountRecovered: recovered } : {}),
          ...(substantiated && record.type === 'complaint' && record.institution.id ? { [`subst:${record.institution.id}`]: 1 } : {}),
        });
        if (recovered) risk.amountRecovered = recovered;
        if (substantiated && record.type === 'complaint') risk.substantiated = 1;
        break;
      }
      case 'claim': {
        next.assignee = { staffId: staff.username, name: staff.name };
        internal.assignee = next.assignee;
        break;
      }
      case 'assign': {
        const account = await getStaffRecord(db, input.assignee!);
        const part = account ? partOf(stored, account.departmentId) : null;
        if (!account || account.disabled || part !== 'lead' || !hasAnyRole(account.roles, ['editor'])) {
          throw new TransitionInvalid({ assignee: tr.refused.assigneeUnknown });
        }
        if (record.reopened && !hasAnyRole(account.roles, ['supervisor'])) throw new TransitionInvalid({ assignee: tr.refused.assigneeNotSupervisor });
        next.assignee = { staffId: account.username, name: account.name };
        internal.assignee = next.assignee;
        break;
      }
      case 'note':
        break;
      default:
        throw new Error(`unhandled action ${input.action}`);
    }

    const event = eventFor(stored, transition, to, at, { by: 'staff', staff }, { public: pub, internal });
    const main: CaseWrite = { current: stored, next, events: [event], ...(queue ? { queue } : {}) };
    return {
      writes: [main, ...(transition.mirror ? await mirrors(ctx, stored, next, event) : [])],
      stats: { departmentId: statsDepartment, add: stats },
      risk,
    };
  });
}

// ---------------------------------------------------------------------------
// The family's feedback (评价), through the tracking page
// ---------------------------------------------------------------------------

const byId = (id: string) => CASE_TRANSITIONS.find((t) => t.id === id)!;

/**
 * The family's feedback on a concluded case (the caller has checked the
 * case number and access code). Satisfied: closed. Not satisfied: reopened
 * once, to a supervisor, with the rule's concluding time again; a second
 * time: closed, with where to go next. On a merged duplicate, "not
 * satisfied" reopens the shared handling (its original) when that can
 * still be reopened, and the duplicate follows it; otherwise the duplicate
 * is closed as a second "not satisfied" would be.
 */
export async function giveFeedback(
  db: Db,
  request: { caseNumber: string; satisfied: boolean; comment?: string; now: Date },
  j: Jurisdiction = defaultJurisdiction,
): Promise<StoredCase> {
  const ctx: StepContext = { db, j, now: request.now };
  const at = request.now.toISOString();
  const action: CaseAction = request.satisfied ? 'feedback_satisfied' : 'feedback_unsatisfied';
  const internal: TransitionInternalDetails = request.comment ? { comment: request.comment } : {};

  const first = await getCase(db, request.caseNumber);
  if (!first) throw new CaseNotFound();
  if (first.record.state !== 'concluded') throw new FeedbackNotOpen();
  // A merged duplicate's "not satisfied": the original is reopened on its behalf, when it still can be.
  if (!request.satisfied && first.record.mergedInto) {
    const original = await getCase(db, first.record.mergedInto);
    if (original && original.record.state === 'concluded' && !original.record.reopened) {
      await reopen(ctx, original.record.caseNumber, { viaCaseNumber: first.record.caseNumber, ...internal });
      const after = await getCase(db, request.caseNumber);
      if (!after) throw new CaseNotFound();
      return after;
    }
  }

  return run(ctx, request.caseNumber, async (stored) => {
    const record = stored.record;
    if (record.state !== 'concluded') throw new FeedbackNotOpen();
    let transition: CaseTransition;
    if (!request.satisfied && record.mergedInto) transition = byId('feedback-final-from-concluded');
    else {
      const answer = findTransition(record.state, action, conditionsOf(record), { kind: 'family' });
      if (!answer.ok) throw new FeedbackNotOpen();
      transition = answer.transition;
    }
    if (transition.to === 'in_progress') return reopenStep(ctx, stored, transition, internal);
    const to = targetState(transition, record.state);
    const next = withClosedAt({ ...record, state: to, feedback: { satisfied: request.satisfied, at }, version: record.version + 1 }, record.state, to, at);
    const event = eventFor(stored, transition, to, at, { by: 'family' }, { public: { satisfied: request.satisfied }, internal });
    return { writes: [{ current: stored, next, events: [event] }], stats: { departmentId: record.leadDepartmentId, add: request.satisfied ? { satisfied: 1 } : { unsatisfied: 1 } } };
  });
}

async function reopenStep(ctx: StepContext, stored: StoredCase, transition: CaseTransition, internal: TransitionInternalDetails): Promise<Step> {
  const at = ctx.now.toISOString();
  const record = stored.record;
  const rule = ruleOf(record, ctx.j);
  const { assignee: _a, pause: _p, ...rest } = withClosedAt({ ...record, state: 'in_progress', version: record.version + 1 }, record.state, 'in_progress', at);
  const via = internal.viaCaseNumber;
  const next: CaseRecord = {
    ...rest,
    reopened: true,
    ...(via ? {} : { feedback: { satisfied: false, at } }),
    routing: { ...rest.routing, concludeBy: deadlineFrom(at, rule.conclude, ctx.j.calendar) },
  };
  const event = eventFor(stored, transition, 'in_progress', at, { by: 'family' }, { public: { satisfied: false, concludeBy: next.routing.concludeBy }, internal });
  return {
    writes: [{ current: stored, next, events: [event] }, ...(transition.mirror ? await mirrors(ctx, stored, next, event, via) : [])],
    stats: { departmentId: record.leadDepartmentId, add: { unsatisfied: 1, reopened: 1 } },
  };
}

async function reopen(ctx: StepContext, caseNumber: string, internal: TransitionInternalDetails): Promise<StoredCase> {
  return run(ctx, caseNumber, async (stored) => {
    if (stored.record.state !== 'concluded' || stored.record.reopened) throw new FeedbackNotOpen();
    return reopenStep(ctx, stored, byId('feedback-reopen-from-concluded'), internal);
  });
}

// ---------------------------------------------------------------------------
// Reading a case for staff: what they see, what they may do, what is around it
// ---------------------------------------------------------------------------

export async function caseDetailFor(db: Db, stored: StoredCase, staff: Pick<StaffSummary, 'roles' | 'department'>, keys?: KeyProvider) {
  // The family's narrative, opened for a department that may read the case (the callers load it with loadForStaff).
  const opened = keys && canSeeCase(staff.department.id, stored) ? await withNarrative(db, keys, stored.record) : stored.record;
  const { contactMasked, ...record } = opened;
  const departmentId = staff.department.id;
  const relatedOf = async (closed: boolean): Promise<StaffCaseSummary[]> => {
    if (!record.institution.id) return [];
    const page = await listQueue(db, { departmentId, limit: 10, closed, filter: { institutionId: record.institution.id } });
    return page.items;
  };
  const [events, open, closed] = await Promise.all([listCaseEvents(db, record.caseNumber), relatedOf(false), relatedOf(true)]);
  return {
    case: record,
    contact: contactMasked ?? null,
    events,
    part: partOf(stored, departmentId),
    actions: actionsFor(stored, staff),
    related: [...open, ...closed].filter((s) => s.caseNumber !== record.caseNumber),
    mayRevealContact: record.leadDepartmentId === departmentId && hasAnyRole(staff.roles, ['editor']),
  };
}

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
 * full time again; a reopening gives the supervisor the rule's concluding time.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { departmentId as departmentIdOf, jurisdiction as defaultJurisdiction, type CaseDeadline, type Jurisdiction, type RoutingRule } from '#shared/jurisdiction/index.ts';
import {
  CASE_TRANSITIONS,
  allowedActions,
  findTransition,
  requiredFields,
  targetState,
  type CaseAction,
  type CaseActor,
  type CaseConditions,
  type CasePart,
  type CaseTransition,
  type TransitionField,
} from '#shared/rules/case-transitions.ts';
import { formatYuan } from '#shared/rules/fees.ts';
import { effectiveRoles, hasAnyRole } from '#shared/rules/scope.ts';
import { addHours, addWorkingDays, extendForPause, workingDaysBetween } from '#shared/rules/working-days.ts';
import {
  triageFieldMessages,
  type CaseEvent,
  type CaseRecord,
  type CaseTimeline,
  type CaseTransitionInput,
  type StaffCaseSummary,
  type TransitionInternalDetails,
  type TransitionPublicDetails,
} from '#shared/schemas/cases.ts';
import type { StaffSummary } from '#shared/schemas/staff.ts';
import { CASE_STATE_GROUP, CaseStates, type CaseState } from '#shared/vocabulary.ts';
import {
  CaseChanged,
  getCase,
  listCaseEvents,
  listQueue,
  WriteConflict,
  writeCaseStep,
  type CaseWrite,
  type QueueEntry,
  type StoredCase,
} from '../data/cases.ts';
import type { KeyProvider } from '../crypto/envelope.ts';
import type { Db } from '../data/client.ts';
import { adjustRisk, riskShardOf } from '../data/risk.ts';
import { getStaffRecord } from '../data/staff.ts';
import { countStats, MAX_DAYS_BUCKET } from '../data/stats.ts';
import { withNarrative } from './narrative.ts';
import { departmentById, departmentName } from './routing.ts';
import { canSeeCase } from './staff.ts';
import { stepMessages } from '../notify/case-steps.ts';
import { beijingChineseDateTime } from '#shared/rules/beijing-time.ts';

const tr = t.triage;

// ---------------------------------------------------------------------------
// What a step can answer besides success (functions/routes/admin-cases.ts and cases.ts turn them into HTTP)
// ---------------------------------------------------------------------------

export class CaseNotFound extends Error {
  constructor() {
    super('no such case');
  }
}

/** The member of staff's department does not see this case (403, audited). */
export class CaseNotVisible extends Error {
  constructor(readonly caseNumber: string) {
    super('case out of scope');
  }
}

/** The table has no such step from here (409), or not for this actor (403): `message` says which and what to do. */
export class TransitionRefused extends Error {
  constructor(
    readonly status: 403 | 409,
    message: string,
    readonly current: StoredCase,
  ) {
    super(message);
  }
}

/** A field the step needs is missing or wrong: a message per field. */
export class TransitionInvalid extends Error {
  constructor(readonly fields: Record<string, string>) {
    super('transition input invalid');
  }
}

/** Someone else changed the case since it was read: nothing was written; here is the case as it now is. */
export class CaseConflict extends Error {
  constructor(readonly current: StoredCase) {
    super('case changed since it was read');
  }
}

/** Sustained contention on shared counters: nothing was written, try again. */
export class TriageBusy extends Error {
  constructor() {
    super('triage busy');
  }
}

// ---------------------------------------------------------------------------
// Small rules
// ---------------------------------------------------------------------------

/** A duplicate merged into an original takes part in at most this many merges (the original's transaction grows with each). */
export const MAX_DUPLICATES = 5;
const MAX_ATTEMPTS = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function conditionsOf(record: CaseRecord): CaseConditions {
  return { reopened: Boolean(record.reopened), paused: Boolean(record.pause), merged: Boolean(record.mergedInto) };
}

/** The department's part in a case, from its queue entry: null when it does not see the case. */
export function partOf(stored: Pick<StoredCase, 'queue'>, departmentId: string): CasePart | null {
  return stored.queue.find((entry) => entry.departmentId === departmentId)?.role ?? null;
}

export function staffActor(stored: Pick<StoredCase, 'queue'>, staff: Pick<StaffSummary, 'roles' | 'department'>): CaseActor {
  return { kind: 'staff', roles: [...effectiveRoles(staff.roles)], part: partOf(stored, staff.department.id) };
}

/** The actions this member of staff may take on the case now (the console's buttons). */
export function actionsFor(stored: StoredCase, staff: Pick<StaffSummary, 'roles' | 'department'>): CaseAction[] {
  return allowedActions(stored.record.state, conditionsOf(stored.record), staffActor(stored, staff));
}

/** The routing rule that decided the case (its time limits); the case type's default when the table changed since. */
export function ruleOf(record: CaseRecord, j: Jurisdiction): RoutingRule {
  const rules = j.routing.rules;
  const rule = rules.find((r) => r.id === record.routing.ruleId) ?? rules.find((r) => r.caseType === record.type && !r.kind && !r.category && !r.districtCode);
  if (!rule) throw new Error(`no routing rule for ${record.type}`);
  return rule;
}

function deadline(from: string, limit: CaseDeadline, j: Jurisdiction): string {
  return 'hours' in limit ? addHours(from, limit.hours) : addWorkingDays(from, limit.workingDays, j.calendar);
}

/** The offices that see a case led by `leadId` with these co-handling offices: each, and the city-level office of its kind. */
export function queueFor(leadId: string, coHandlingIds: readonly string[], j: Jurisdiction): QueueEntry[] {
  const queue = new Map<string, QueueEntry['role']>();
  const add = (id: string, role: QueueEntry['role']) => {
    if (queue.get(id) !== 'lead') queue.set(id, role);
  };
  for (const [id, role] of [[leadId, 'lead'] as const, ...coHandlingIds.map((id) => [id, 'co_handling'] as const)]) {
    add(id, role);
    const department = departmentById(id, j);
    if (department) add(departmentIdOf(department.kind, j.code), role);
  }
  return [...queue].map(([departmentId, role]) => ({ departmentId, role }));
}

const closedGroup = (state: CaseState) => CASE_STATE_GROUP[state] === 'closed';

/** `closedAt` as a state change leaves it: set on closing (and on the final close), cleared on reopening. */
export function withClosedAt(record: CaseRecord, from: CaseState, to: CaseState, at: string): CaseRecord {
  if (closedGroup(to) && (!closedGroup(from) || to !== from)) return { ...record, closedAt: at };
  if (!closedGroup(to) && closedGroup(from)) {
    const { closedAt: _c, ...rest } = record;
    return rest;
  }
  return record;
}

/** Working days from `a` to `b`, in the dashboard's buckets (0…60, 60 meaning 60 or more). */
function daysBucket(a: string, b: string, j: Jurisdiction): number {
  return Math.min(Math.max(workingDaysBetween(a, b, j.calendar), 0), MAX_DAYS_BUCKET);
}

/** Refund-dispute counters as a case moves between open and closed (listed institutions only). */
function openDisputeDelta(current: CaseRecord, next: CaseRecord): Record<string, number> {
  if (current.type !== 'refund_dispute' || !current.institution.id) return {};
  const wasOpen = !closedGroup(current.state);
  const isOpen = !closedGroup(next.state);
  if (wasOpen === isOpen) return {};
  const sign = isOpen ? 1 : -1;
  return { openDisputes: sign, amountInDispute: sign * (current.refund?.amountAsked ?? 0) };
}

interface RiskAdjustment {
  institutionId: string;
  /** A case of the shard adjusted (functions/data/risk.ts `riskShardOf`). */
  caseNumber: string;
  add: Record<string, number>;
}

/** Adds into the adjustment of the institution's shard that this case was counted in (one Update per item in a transaction). */
function addInto(target: Map<string, RiskAdjustment>, institutionId: string | undefined, caseNumber: string, add: Record<string, number>) {
  if (!institutionId || Object.keys(add).length === 0) return;
  const key = `${institutionId}#${riskShardOf(caseNumber)}`;
  const into = target.get(key) ?? { institutionId, caseNumber, add: {} };
  for (const [name, n] of Object.entries(add)) into.add[name] = (into.add[name] ?? 0) + n;
  target.set(key, into);
}

// ---------------------------------------------------------------------------
// A step, built: the main case's write, its mirrors, and the counters
// ---------------------------------------------------------------------------

/** A step, built (for merge.ts too). */
export interface Step {
  writes: CaseWrite[];
  stats?: { departmentId: string; add: Record<string, number> };
  /** Extra risk counters (beyond open disputes, which every write's state change decides). */
  risk?: Record<string, number>;
}

export interface StepContext {
  db: Db;
  j: Jurisdiction;
  now: Date;
}

export function eventFor(
  stored: StoredCase,
  transition: CaseTransition,
  to: CaseState,
  at: string,
  who: { by: 'staff'; staff: StaffSummary } | { by: 'family' },
  details: { public?: TransitionPublicDetails; internal?: TransitionInternalDetails },
): CaseEvent {
  const internal = details.internal && Object.keys(details.internal).length ? details.internal : undefined;
  return {
    type: 'transition',
    seq: stored.eventSeq + 1,
    at,
    visibility: transition.visibility,
    action: transition.action,
    transitionId: transition.id,
    from: stored.record.state,
    to,
    by: who.by,
    ...(who.by === 'staff' ? { actor: { staffId: who.staff.username, name: who.staff.name, departmentId: who.staff.department.id } } : {}),
    departmentId: who.by === 'staff' ? who.staff.department.id : stored.record.leadDepartmentId,
    ...(transition.visibility === 'public' ? { public: details.public ?? {} } : {}),
    ...(internal ? { internal } : {}),
  };
}

/** The same public step on each merged duplicate still followed (not closed by its own family's feedback). */
async function mirrors(ctx: StepContext, original: StoredCase, next: CaseRecord, event: CaseEvent, via?: string): Promise<CaseWrite[]> {
  const numbers = original.record.mergedCases ?? [];
  const duplicates = await Promise.all(numbers.map((n) => getCase(ctx.db, n)));
  const at = event.at;
  const writes: CaseWrite[] = [];
  for (const dup of duplicates) {
    if (!dup || dup.record.mergedInto !== original.record.caseNumber || dup.record.state === 'closed') continue;
    const from = dup.record.state;
    let dupNext: CaseRecord = withClosedAt({ ...dup.record, state: next.state, version: dup.record.version + 1 }, from, next.state, at);
    if (next.reopened) dupNext.reopened = true;
    if (next.conclusion) dupNext.conclusion = next.conclusion;
    else delete dupNext.conclusion;
    if (via === dup.record.caseNumber) dupNext = { ...dupNext, feedback: { satisfied: false, at } };
    if (event.type !== 'transition') continue;
    // The public step, without what only staff see.
    const { internal: _internal, ...shared } = event;
    writes.push({
      current: dup,
      next: dupNext,
      events: [{ ...shared, seq: dup.eventSeq + 1, from, to: next.state, mirroredFrom: original.record.caseNumber }],
    });
  }
  return writes;
}

async function commit(ctx: StepContext, step: Step, main: CaseRecord): Promise<void> {
  const risk = new Map<string, RiskAdjustment>();
  for (const write of step.writes) addInto(risk, write.current.record.institution.id, write.current.record.caseNumber, openDisputeDelta(write.current.record, write.next));
  addInto(risk, main.institution.id, main.caseNumber, step.risk ?? {});
  const at = ctx.now.toISOString();
  await writeCaseStep(ctx.db, {
    writes: step.writes,
    extra: [
      ...(step.stats ? [countStats('', { at, districtCode: main.districtCode, departmentId: step.stats.departmentId, add: step.stats.add })] : []),
      ...[...risk.values()].map((r) => adjustRisk('', r.institutionId, r.caseNumber, r.add)),
      // The family's text message for a step they hear of, in the same transaction (functions/notify/case-steps.ts).
      ...stepMessages(step.writes, ctx.j),
    ],
  });
}

/**
 * Runs a step: build it from a fresh read, write it, and on contention for a
 * shared counter (or a duplicate changing under it) build it again from a
 * fresh read. A change to the case itself is the caller's conflict.
 */
export async function run(ctx: StepContext, caseNumber: string, build: (stored: StoredCase) => Promise<Step>): Promise<StoredCase> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await getCase(ctx.db, caseNumber);
    if (!stored) throw new CaseNotFound();
    const step = await build(stored);
    try {
      await commit(ctx, step, step.writes[0]!.next);
      const main = step.writes[0]!;
      return { ...stored, record: main.next, queue: main.queue ?? stored.queue, eventSeq: main.events.at(-1)?.seq ?? stored.eventSeq };
    } catch (error) {
      if (error instanceof CaseChanged && error.caseNumber === caseNumber) {
        const fresh = await getCase(ctx.db, caseNumber);
        if (!fresh) throw new CaseNotFound();
        throw new CaseConflict(fresh);
      }
      if (!(error instanceof WriteConflict || error instanceof CaseChanged)) throw error;
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
  throw new TriageBusy();
}

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
          next.routing = { ...next.routing, concludeBy: deadline(at, rule.conclude, j) };
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
        const acceptBy = deadline(at, rule.accept, j);
        const concludeBy = deadline(rule.concludeCountsFrom === 'accepted' ? acceptBy : at, rule.conclude, j);
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

export class FeedbackNotOpen extends Error {
  constructor() {
    super('feedback only on a concluded case');
  }
}

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
    routing: { ...rest.routing, concludeBy: deadline(at, rule.conclude, ctx.j) },
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

// ---------------------------------------------------------------------------
// The family's words for a step (functions/cases/timeline.ts calls this)
// ---------------------------------------------------------------------------

/** 2026年11月20日 23:59, Beijing time (as functions/cases/timeline.ts writes it). */
const cstDateTime = beijingChineseDateTime;

/** A public step as the family reads it; null for internal ones. Only `public` details are ever read here. */
export function transitionEntry(event: Extract<CaseEvent, { type: 'transition' }>, j: Jurisdiction = defaultJurisdiction): CaseTimeline['timeline'][number] | null {
  if (event.visibility !== 'public') return null;
  const p = event.public ?? {};
  const titles = tr.timeline.titles;
  const w = tr.timeline;
  const dept = departmentName(event.departmentId, j);
  const entry = (title: string, text: string) => ({ at: event.at, title, text });
  // Staff's words go into sentences that end with their own full stop.
  const clause = (text: string | undefined) => (text ?? '').trim().replace(/[。．.!！?？；;，,\s]+$/u, '');
  switch (event.action) {
    case 'accept':
      return entry(titles.accept, w.accept(dept, p.concludeBy ? cstDateTime(p.concludeBy) : ''));
    case 'decline':
      return entry(titles.decline, w.decline(dept, clause(p.reason), clause(p.nextSteps)));
    case 'transfer':
      return entry(
        titles.transfer,
        w.transfer(departmentName(p.fromDepartmentId ?? event.departmentId, j), departmentName(p.toDepartmentId ?? '', j), clause(p.reason), p.acceptBy ? cstDateTime(p.acceptBy) : ''),
      );
    case 'start':
      return entry(titles.start, w.start(dept));
    case 'pause':
      return entry(titles.pause, w.pause(p.pauseReason ? tr.pauseReasons[p.pauseReason] : tr.pauseReasons.other));
    case 'resume':
      return entry(titles.resume, w.resume(p.pausedWorkingDays ?? 0, p.concludeBy ? cstDateTime(p.concludeBy) : ''));
    case 'progress':
      return entry(titles.progress, w.progress(dept, clause(p.message)));
    case 'conclude': {
      const parts = [w.conclude(dept, p.outcome ? tr.outcomes[p.outcome] : '', clause(p.actionTaken))];
      if (p.amountRecovered) parts.push(w.recovered(formatYuan(p.amountRecovered)));
      parts.push(w.feedbackInvite);
      return entry(titles.conclude, parts.join(''));
    }
    case 'merge':
      return entry(titles.merge, w.merge);
    case 'feedback_satisfied':
      return entry(titles.feedback_satisfied, w.satisfied);
    case 'feedback_unsatisfied':
      return event.to === 'in_progress' ? entry(titles.reopened, w.reopened) : entry(titles.finalClose, w.finalClose);
    default:
      return null;
  }
}

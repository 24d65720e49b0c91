/**
 * The engine under every step on a case (functions/cases/transitions.ts for
 * staff and families, merge.ts for merges): the case's conditions and the
 * actor's part, the rule that set its time limits, the queue entries, the
 * event, the same public step on merged duplicates, and one transaction with
 * the dashboard's and the risk ledger's counters, retried on contention.
 */
import { departmentId as departmentIdOf, type Jurisdiction, type RoutingRule } from '#shared/jurisdiction/index.ts';
import { allowedActions, isOpenState, type CaseAction, type CaseActor, type CaseConditions, type CasePart, type CaseTransition } from '#shared/rules/case-transitions.ts';
import { effectiveRoles } from '#shared/rules/scope.ts';
import { workingDaysBetween } from '#shared/rules/working-days.ts';
import { randomUUID } from 'node:crypto';
import type { CaseEvent, CaseRecord, TransitionInternalDetails, TransitionPublicDetails } from '#shared/schemas/cases.ts';
import type { StaffSummary } from '#shared/schemas/staff.ts';
import type { CaseState } from '#shared/vocabulary.ts';
import { CaseChanged, getCase, stepTokenAt, WriteConflict, writeCaseStep, type CaseWrite, type QueueEntry, type StoredCase } from '../data/cases.ts';
import type { Db } from '../data/client.ts';
import { adjustRisk, riskShardOf } from '../data/risk.ts';
import { countStats, MAX_DAYS_BUCKET } from '../data/stats.ts';
import { unavailableOutcome } from '../data/unavailable.ts';
import { stepMessages } from '../notify/case-steps.ts';
import { departmentById } from './routing.ts';
import { CaseConflict, CaseNotFound, TriageBusy } from './step-errors.ts';

// ---------------------------------------------------------------------------
// Small rules
// ---------------------------------------------------------------------------

/** A duplicate merged into an original takes part in at most this many merges (the original's transaction grows with each). */
export const MAX_DUPLICATES = 5;
const MAX_ATTEMPTS = 6;
/** Steps again after the database failed the transaction and the case had not moved (each with the SDK's own retries); then 503. */
const MAX_UNAVAILABLE_RETRIES = 3;
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

/** Closed, or concluded and waiting for the family's feedback (shared/vocabulary.ts `CASE_STATE_GROUP`). */
const closedGroup = (state: CaseState) => !isOpenState(state);

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
export function daysBucket(a: string, b: string, j: Jurisdiction): number {
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
export async function mirrors(ctx: StepContext, original: StoredCase, next: CaseRecord, event: CaseEvent, via?: string): Promise<CaseWrite[]> {
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

/** Whether the step's main write is in the table: its first event written by this attempt (the transaction is all or nothing). */
async function landed(ctx: StepContext, fresh: StoredCase, write: CaseWrite): Promise<boolean> {
  const ours = write.events[0];
  if (!ours || !write.token || fresh.eventSeq < ours.seq) return false;
  return (await stepTokenAt(ctx.db, write.next.caseNumber, ours.seq)) === write.token;
}

/**
 * Runs a step: build it from a fresh read, write it, and on contention for a
 * shared counter (or a duplicate changing under it) build it again from a
 * fresh read. A change to the case itself is the caller's conflict.
 *
 * When the case's own condition failed, or the database failed the
 * transaction (DynamoDB answers InternalServerError under contention, and
 * a step whose answer was lost may have been written, the SDK's retry then
 * failing on the version it moved), the case is read again: the step is in
 * it → success, once; another step moved it on → CaseConflict with the case
 * as it now is; unchanged → the step again, at most MAX_UNAVAILABLE_RETRIES
 * times with backoff, and then the database's error (503).
 */
export async function run(ctx: StepContext, caseNumber: string, build: (stored: StoredCase) => Promise<Step>): Promise<StoredCase> {
  let unavailable = 0;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await getCase(ctx.db, caseNumber);
    if (!stored) throw new CaseNotFound();
    const step = await build(stored);
    const main = step.writes[0]!;
    main.token = randomUUID();
    const done = (): StoredCase => ({ ...stored, record: main.next, queue: main.queue ?? stored.queue, eventSeq: main.events.at(-1)?.seq ?? stored.eventSeq });
    try {
      await commit(ctx, step, main.next);
      return done();
    } catch (error) {
      const changed = error instanceof CaseChanged && error.caseNumber === caseNumber;
      if (!changed && !unavailableOutcome(error)) {
        if (!(error instanceof WriteConflict || error instanceof CaseChanged)) throw error;
        await sleep(Math.random() * 20 * 2 ** attempt);
        continue;
      }
      const fresh = await getCase(ctx.db, caseNumber);
      if (!fresh) throw new CaseNotFound();
      if (await landed(ctx, fresh, main)) return done();
      if (changed || fresh.record.version !== stored.record.version) throw new CaseConflict(fresh);
      if (++unavailable > MAX_UNAVAILABLE_RETRIES) throw error;
      await sleep(Math.random() * 50 * 2 ** unavailable);
    }
  }
  throw new TriageBusy();
}

/**
 * 案件办理流程: the one table of what may happen to a case, as data. Every
 * row is a transition: from a state, an action, to a state, who may take it
 * (a family, or staff holding a role in a department playing a part in the
 * case), the conditions on the case, the fields it needs, and whether the
 * family sees it. Whatever is not in the table is refused: the service
 * (functions/cases/transitions.ts) asks `findTransition` and nothing else,
 * the console offers only what `allowedActions` answers, and the tests walk
 * the table row by row.
 *
 * Parts (the department's place in the case, from its queue entry):
 * - `lead`: the lead office (牵头) and the city-level office of its kind,
 *   which oversees every district (the same rule as the queues: functions/cases/routing.ts);
 * - `co_handling`: the offices that assist (协办) and their city-level offices.
 *
 * Conditions:
 * - `reopened`: a family was not satisfied and the case came back once: from
 *   then on it is the supervisor's (督办), not the handler's;
 * - `paused`: the concluding deadline is stopped for a documented reason
 *   (waiting for the family, an inspection); resuming moves it on by the
 *   working days paused (shared/rules/working-days.ts `extendForPause`);
 * - `merged`: a duplicate merged into its original takes no staff action of its
 *   own (its original is worked, and its family sees the original's progress);
 *   only its family's feedback.
 *
 * `to`: a state, `same` (the state does not change: claim, note, pause), or
 * `original` (a merged duplicate takes its original's state).
 * `mirror`: the step is copied onto the case's merged duplicates, so their
 * families see the shared progress (not a family's own feedback).
 */
import type { CaseState, StaffRole } from '../vocabulary.ts';
import { CASE_STATE_GROUP } from '../vocabulary.ts';

/** What staff do on the console. */
export const StaffCaseActions = [
  'accept',
  'decline',
  'transfer',
  'start',
  'pause',
  'resume',
  'progress',
  'conclude',
  'claim',
  'assign',
  'note',
  'merge',
] as const;
export type StaffCaseAction = (typeof StaffCaseActions)[number];
/** What a family does on the tracking page. */
export const FamilyCaseActions = ['feedback_satisfied', 'feedback_unsatisfied'] as const;
export const CaseActions = [...StaffCaseActions, ...FamilyCaseActions] as const;
export type CaseAction = (typeof CaseActions)[number];

/** 办理结果: what the investigation found. */
export const CaseOutcomes = ['substantiated', 'partly_substantiated', 'not_substantiated'] as const;
export type CaseOutcome = (typeof CaseOutcomes)[number];

/** Why a concluding deadline is stopped. */
export const PauseReasons = ['waiting_for_family', 'inspection', 'third_party', 'other'] as const;
export type PauseReason = (typeof PauseReasons)[number];

export type CasePart = 'lead' | 'co_handling';

/** A field a transition needs, as the transition input names it (shared/schemas/cases.ts `CaseTransitionInput`). */
export type TransitionField =
  | 'reason'
  | 'nextSteps'
  | 'toDepartmentId'
  | 'outcome'
  | 'actionTaken'
  | 'amountRecovered'
  | 'assignee'
  | 'note'
  | 'message'
  | 'pauseReason'
  | 'originalCaseNumber';

export type TransitionActor = { kind: 'staff'; role: StaffRole; parts: readonly CasePart[] } | { kind: 'family' };

export interface CaseConditions {
  reopened: boolean;
  paused: boolean;
  merged: boolean;
}

export interface CaseTransition {
  /** Stable id, e.g. `accept-from-submitted`: named in events and tests. */
  id: string;
  from: CaseState;
  action: CaseAction;
  to: CaseState | 'same' | 'original';
  who: TransitionActor;
  /** Conditions on the case; a condition left out matches either way. */
  when: Partial<CaseConditions>;
  requires: readonly TransitionField[];
  /** Needed as well for refund disputes (退费纠纷): the amount recovered on concluding. */
  requiresForRefund?: readonly TransitionField[];
  /** `public`: the family's timeline shows it (in plain Chinese); `internal`: staff only. */
  visibility: 'public' | 'internal';
  /** Copied onto merged duplicates (their families follow the original's progress). */
  mirror: boolean;
}

const handler: TransitionActor = { kind: 'staff', role: 'editor', parts: ['lead'] };
const supervisor: TransitionActor = { kind: 'staff', role: 'supervisor', parts: ['lead'] };
const anyHandler: TransitionActor = { kind: 'staff', role: 'editor', parts: ['lead', 'co_handling'] };
const family: TransitionActor = { kind: 'family' };

/** Before acceptance (new, or arrived by transfer), and being worked. */
const AWAITING: readonly CaseState[] = ['submitted', 'transferred'];
const WORKING: readonly CaseState[] = ['accepted', 'in_progress'];
const OPEN: readonly CaseState[] = [...AWAITING, ...WORKING];

type Row = Omit<CaseTransition, 'id' | 'from' | 'when' | 'mirror'> & { when?: Partial<CaseConditions>; mirror?: boolean };

/** One row per `from` state; `reopened: false` on in_progress rows that a supervisor takes over after a reopening. */
function rows(id: string, from: readonly CaseState[], row: Row): CaseTransition[] {
  return from.map((state) => {
    const reopenable = state === 'in_progress' && row.who.kind === 'staff' && row.when?.reopened === undefined && row.action !== 'note';
    return {
      id: `${id}-from-${state}`,
      from: state,
      ...row,
      when: { merged: false, ...(reopenable ? { reopened: false } : {}), ...row.when },
      mirror: row.mirror ?? row.visibility === 'public',
    };
  });
}

export const CASE_TRANSITIONS: readonly CaseTransition[] = [
  // 受理 / 不予受理: within the accept deadline, by the lead office.
  ...rows('accept', AWAITING, { action: 'accept', to: 'accepted', who: handler, requires: [], visibility: 'public' }),
  ...rows('decline', AWAITING, { action: 'decline', to: 'not_accepted', who: handler, requires: ['reason', 'nextSteps'], visibility: 'public' }),
  // 转办: to the department responsible, with the reason the family reads.
  ...rows('transfer', OPEN, { action: 'transfer', to: 'transferred', who: handler, requires: ['toDepartmentId', 'reason'], visibility: 'public' }),
  // 办理中.
  ...rows('start', ['accepted'], { action: 'start', to: 'in_progress', who: handler, when: { paused: false }, requires: [], visibility: 'public' }),
  // 暂停计时 / 恢复计时 (waiting for the family's documents, an inspection, ...).
  ...rows('pause', WORKING, { action: 'pause', to: 'same', who: handler, when: { paused: false }, requires: ['pauseReason'], visibility: 'public' }),
  ...rows('resume', WORKING, { action: 'resume', to: 'same', who: handler, when: { paused: true }, requires: [], visibility: 'public' }),
  // 办理进展: a progress message the family reads.
  ...rows('progress', WORKING, { action: 'progress', to: 'same', who: handler, requires: ['message'], visibility: 'public' }),
  // 办结: outcome, action taken, and for refund disputes the amount recovered.
  ...rows('conclude', ['in_progress'], {
    action: 'conclude',
    to: 'concluded',
    who: handler,
    when: { paused: false },
    requires: ['outcome', 'actionTaken'],
    requiresForRefund: ['amountRecovered'],
    visibility: 'public',
  }),
  // 认领 / 分派: who works it (internal).
  ...rows('claim', OPEN, { action: 'claim', to: 'same', who: handler, requires: [], visibility: 'internal' }),
  ...rows('assign', OPEN, { action: 'assign', to: 'same', who: handler, requires: ['assignee'], visibility: 'internal' }),
  // 内部备注: lead and co-handling offices alike (协办 reports its findings this way).
  ...rows('note', OPEN, { action: 'note', to: 'same', who: anyHandler, requires: ['note'], visibility: 'internal' }),
  // 合并重复件: the duplicate follows its original; its family keeps its own number.
  ...rows('merge', OPEN, { action: 'merge', to: 'original', who: handler, requires: ['originalCaseNumber'], visibility: 'public', mirror: false }),

  // A reopened case is the supervisor's: the same work, by 督办.
  ...rows('supervisor-pause', ['in_progress'], { action: 'pause', to: 'same', who: supervisor, when: { reopened: true, paused: false }, requires: ['pauseReason'], visibility: 'public' }),
  ...rows('supervisor-resume', ['in_progress'], { action: 'resume', to: 'same', who: supervisor, when: { reopened: true, paused: true }, requires: [], visibility: 'public' }),
  ...rows('supervisor-progress', ['in_progress'], { action: 'progress', to: 'same', who: supervisor, when: { reopened: true }, requires: ['message'], visibility: 'public' }),
  ...rows('supervisor-conclude', ['in_progress'], {
    action: 'conclude',
    to: 'concluded',
    who: supervisor,
    when: { reopened: true, paused: false },
    requires: ['outcome', 'actionTaken'],
    requiresForRefund: ['amountRecovered'],
    visibility: 'public',
  }),
  ...rows('supervisor-claim', ['in_progress'], { action: 'claim', to: 'same', who: supervisor, when: { reopened: true }, requires: [], visibility: 'internal' }),
  ...rows('supervisor-assign', ['in_progress'], { action: 'assign', to: 'same', who: supervisor, when: { reopened: true }, requires: ['assignee'], visibility: 'internal' }),

  // The family's feedback (评价), through the tracking page, once the case is concluded.
  ...rows('feedback-satisfied', ['concluded'], { action: 'feedback_satisfied', to: 'closed', who: family, when: { merged: undefined }, requires: [], visibility: 'public', mirror: false }),
  // Not satisfied: reopens once, to a supervisor ...
  ...rows('feedback-reopen', ['concluded'], {
    action: 'feedback_unsatisfied',
    to: 'in_progress',
    who: family,
    when: { merged: undefined, reopened: false },
    requires: [],
    visibility: 'public',
    mirror: true,
  }),
  // ... and a second time closes, telling the family where to go next.
  ...rows('feedback-final', ['concluded'], {
    action: 'feedback_unsatisfied',
    to: 'closed',
    who: family,
    when: { merged: undefined, reopened: true },
    requires: [],
    visibility: 'public',
    mirror: false,
  }),
];

function matches(when: Partial<CaseConditions>, conditions: CaseConditions): boolean {
  return (Object.keys(when) as Array<keyof CaseConditions>).every((key) => when[key] === undefined || when[key] === conditions[key]);
}

/** The rows for an action from a state under these conditions (any actor). */
export function transitionsFor(from: CaseState, action: CaseAction, conditions: CaseConditions): CaseTransition[] {
  return CASE_TRANSITIONS.filter((t) => t.from === from && t.action === action && matches(t.when, conditions));
}

/**
 * Who is acting: a family (through the tracking page), or a member of staff
 * with their part in the case and their *effective* roles (implied ones
 * included: shared/rules/scope.ts `effectiveRoles`; this module stays free
 * of the jurisdiction, so the site's forms can import the table cheaply).
 */
export type CaseActor = { kind: 'family' } | { kind: 'staff'; roles: readonly StaffRole[]; part: CasePart | null };

export function mayAct(who: TransitionActor, actor: CaseActor): boolean {
  if (who.kind === 'family') return actor.kind === 'family';
  if (actor.kind !== 'staff' || actor.part === null) return false;
  return who.parts.includes(actor.part) && actor.roles.includes(who.role);
}

export type TransitionAnswer =
  | { ok: true; transition: CaseTransition }
  /** `state`: nothing in the table from this state (and conditions); `actor`: the table has it, for someone else. */
  | { ok: false; refused: 'state' | 'actor'; candidates: CaseTransition[] };

/** The transition this actor may take, or why not. */
export function findTransition(from: CaseState, action: CaseAction, conditions: CaseConditions, actor: CaseActor): TransitionAnswer {
  const candidates = transitionsFor(from, action, conditions);
  if (candidates.length === 0) return { ok: false, refused: 'state', candidates };
  const transition = candidates.find((t) => mayAct(t.who, actor));
  return transition ? { ok: true, transition } : { ok: false, refused: 'actor', candidates };
}

/** The actions this actor may take on a case now, in table order (for the console's buttons). */
export function allowedActions(from: CaseState, conditions: CaseConditions, actor: CaseActor): CaseAction[] {
  const out: CaseAction[] = [];
  for (const t of CASE_TRANSITIONS) {
    if (t.from !== from || !matches(t.when, conditions) || !mayAct(t.who, actor)) continue;
    if (!out.includes(t.action)) out.push(t.action);
  }
  return out;
}

/** The fields a transition needs for this type of case. */
export function requiredFields(transition: CaseTransition, caseType: 'complaint' | 'refund_dispute'): TransitionField[] {
  return [...transition.requires, ...(caseType === 'refund_dispute' ? (transition.requiresForRefund ?? []) : [])];
}

/** The state a transition leads to (`same` stays, `original` takes the original's). */
export function targetState(transition: CaseTransition, current: CaseState, originalState?: CaseState): CaseState {
  if (transition.to === 'same') return current;
  if (transition.to === 'original') {
    if (!originalState) throw new Error('a merge needs the original case’s state');
    return originalState;
  }
  return transition.to;
}

/** Does a case in this state sit in the open queues? (Group `open`, and not merged into another.) */
export function isOpenState(state: CaseState): boolean {
  return CASE_STATE_GROUP[state] === 'open';
}

import { describe, expect, it } from 'vitest';
import { CaseStates, type CaseState } from '../vocabulary.ts';
import {
  allowedActions,
  CASE_TRANSITIONS,
  CaseActions,
  findTransition,
  requiredFields,
  targetState,
  transitionsFor,
  type CaseActor,
  type CaseConditions,
} from './case-transitions.ts';

const plain: CaseConditions = { reopened: false, paused: false, merged: false };
const handler: CaseActor = { kind: 'staff', roles: ['editor', 'viewer'], part: 'lead' };
const viewer: CaseActor = { kind: 'staff', roles: ['viewer'], part: 'lead' };
const coHandler: CaseActor = { kind: 'staff', roles: ['editor', 'viewer'], part: 'co_handling' };
// Effective roles: a supervisor may also do what a handler may (shared/rules/scope.ts).
const supervisor: CaseActor = { kind: 'staff', roles: ['supervisor', 'editor', 'viewer'], part: 'lead' };
const outsider: CaseActor = { kind: 'staff', roles: ['editor', 'viewer'], part: null };
const family: CaseActor = { kind: 'family' };

describe('the transition table', () => {
  it('has unique ids, and no two rows for one state, action and conditions that disagree on the target', () => {
    expect(new Set(CASE_TRANSITIONS.map((t) => t.id)).size).toBe(CASE_TRANSITIONS.length);
    for (const a of CASE_TRANSITIONS) {
      for (const b of CASE_TRANSITIONS) {
        if (a === b || a.from !== b.from || a.action !== b.action) continue;
        const overlap = (Object.keys({ ...a.when, ...b.when }) as Array<keyof CaseConditions>).every(
          (k) => a.when[k] === undefined || b.when[k] === undefined || a.when[k] === b.when[k],
        );
        const sameActor = JSON.stringify(a.who) === JSON.stringify(b.who);
        expect(overlap && sameActor, `${a.id} and ${b.id} overlap`).toBe(false);
      }
    }
  });

  it('uses only real states and actions', () => {
    for (const t of CASE_TRANSITIONS) {
      expect(CaseStates.keys).toContain(t.from);
      expect(CaseActions).toContain(t.action);
      if (t.to !== 'same' && t.to !== 'original') expect(CaseStates.keys).toContain(t.to);
    }
  });

  it('lets nothing leave a closed state except the family’s feedback on a concluded case', () => {
    for (const state of ['not_accepted', 'closed'] as CaseState[]) {
      for (const action of CaseActions) expect(transitionsFor(state, action, plain), `${action} from ${state}`).toEqual([]);
    }
    expect(new Set(CASE_TRANSITIONS.filter((t) => t.from === 'concluded').map((t) => t.who.kind))).toEqual(new Set(['family']));
  });

  it('answers every state × action: a row, or a refusal (table-driven)', () => {
    for (const state of CaseStates.keys) {
      for (const action of CaseActions) {
        const rows = transitionsFor(state, action, plain);
        const actor = action.startsWith('feedback_') ? family : handler;
        const answer = findTransition(state, action, plain, actor);
        if (rows.length === 0) expect(answer).toMatchObject({ ok: false, refused: 'state' });
        else expect(answer.ok, `${action} from ${state}`).toBe(true);
      }
    }
  });

  it('refuses viewers, co-handling offices (but for notes), outsiders, and families on staff steps', () => {
    expect(findTransition('submitted', 'accept', plain, viewer)).toMatchObject({ ok: false, refused: 'actor' });
    expect(findTransition('submitted', 'accept', plain, coHandler)).toMatchObject({ ok: false, refused: 'actor' });
    expect(findTransition('submitted', 'accept', plain, outsider)).toMatchObject({ ok: false, refused: 'actor' });
    expect(findTransition('submitted', 'accept', plain, family)).toMatchObject({ ok: false, refused: 'actor' });
    expect(findTransition('in_progress', 'note', plain, coHandler).ok).toBe(true);
    expect(findTransition('concluded', 'feedback_satisfied', plain, handler)).toMatchObject({ ok: false, refused: 'actor' });
  });

  it('gives a reopened case to the supervisor, and reopens only once', () => {
    const reopened = { ...plain, reopened: true };
    expect(findTransition('in_progress', 'conclude', reopened, handler)).toMatchObject({ ok: false, refused: 'actor' });
    expect(findTransition('in_progress', 'conclude', reopened, supervisor).ok).toBe(true);
    expect(findTransition('in_progress', 'transfer', reopened, supervisor)).toMatchObject({ ok: false, refused: 'state' });
    const first = findTransition('concluded', 'feedback_unsatisfied', plain, family);
    const second = findTransition('concluded', 'feedback_unsatisfied', reopened, family);
    expect(first.ok && first.transition.to).toBe('in_progress');
    expect(second.ok && second.transition.to).toBe('closed');
  });

  it('pauses only a running clock, resumes only a paused one, and concludes only when running', () => {
    const paused = { ...plain, paused: true };
    expect(findTransition('in_progress', 'pause', paused, handler).ok).toBe(false);
    expect(findTransition('in_progress', 'resume', plain, handler).ok).toBe(false);
    expect(findTransition('in_progress', 'resume', paused, handler).ok).toBe(true);
    expect(findTransition('in_progress', 'conclude', paused, handler).ok).toBe(false);
  });

  it('lets a merged duplicate take no staff step, but its family give feedback', () => {
    const merged = { ...plain, merged: true };
    expect(allowedActions('in_progress', merged, handler)).toEqual([]);
    expect(findTransition('concluded', 'feedback_satisfied', merged, family).ok).toBe(true);
  });

  it('names the fields each step needs, and the amount recovered for refund disputes only', () => {
    const conclude = CASE_TRANSITIONS.find((t) => t.id === 'conclude-from-in_progress')!;
    expect(requiredFields(conclude, 'complaint')).toEqual(['outcome', 'actionTaken']);
    expect(requiredFields(conclude, 'refund_dispute')).toEqual(['outcome', 'actionTaken', 'amountRecovered']);
    expect(requiredFields(CASE_TRANSITIONS.find((t) => t.id === 'decline-from-submitted')!, 'complaint')).toEqual(['reason', 'nextSteps']);
    expect(requiredFields(CASE_TRANSITIONS.find((t) => t.id === 'transfer-from-accepted')!, 'complaint')).toEqual(['toDepartmentId', 'reason']);
  });

  it('keeps the state for same, and takes the original’s for a merge', () => {
    const note = CASE_TRANSITIONS.find((t) => t.id === 'note-from-accepted')!;
    const merge = CASE_TRANSITIONS.find((t) => t.id === 'merge-from-submitted')!;
    expect(targetState(note, 'accepted')).toBe('accepted');
    expect(targetState(merge, 'submitted', 'in_progress')).toBe('in_progress');
  });

  it('offers the console what the handler may do now', () => {
    expect(allowedActions('submitted', plain, handler)).toEqual(['accept', 'decline', 'transfer', 'claim', 'assign', 'note', 'merge']);
    expect(allowedActions('in_progress', plain, handler)).toEqual(['transfer', 'pause', 'progress', 'conclude', 'claim', 'assign', 'note', 'merge']);
    expect(allowedActions('in_progress', plain, coHandler)).toEqual(['note']);
    expect(allowedActions('in_progress', plain, viewer)).toEqual([]);
  });
});

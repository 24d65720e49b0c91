/**
 * 合并重复件: a duplicate (the same matter reported again, by another family
 * or the same one) is merged into its original. Both families keep their
 * own case number and access code; the duplicate takes its original's
 * state and leaves the open queues; from then on each public step on the
 * original is copied onto it (functions/cases/step.ts `mirrors`), so
 * its family sees the shared progress on /track. Its own family's feedback
 * stays its own.
 *
 * Allowed by the table's `merge` rows (a handler of the duplicate's lead
 * office, an open duplicate not merged itself), and here: the original is
 * another open case, not merged itself, led by the same department (transfer
 * the duplicate there first), taking at most MAX_DUPLICATES duplicates; a
 * case with duplicates of its own is not merged into another. Written in one
 * transaction, on both cases' versions.
 */
import { jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import { t } from '#shared/i18n/zh-CN.ts';
import { findTransition, isOpenState, targetState } from '#shared/rules/case-transitions.ts';
import { parseCaseNumber } from '#shared/rules/case-number.ts';
import type { CaseRecord } from '#shared/schemas/cases.ts';
import { getCase, type StoredCase } from '../data/cases.ts';
import type { Db } from '../data/client.ts';
import { CaseConflict, CaseNotVisible, TransitionInvalid } from './step-errors.ts';
import { conditionsOf, eventFor, MAX_DUPLICATES, partOf, run, staffActor, type StepContext } from './step.ts';
import { checkFields, performStaffStep, refusal, type StaffStepRequest } from './transitions.ts';

const refused = t.triage.refused;

export async function mergeDuplicate(db: Db, request: StaffStepRequest, j: Jurisdiction = defaultJurisdiction): Promise<StoredCase> {
  const { input, staff, now } = request;
  const at = now.toISOString();
  const ctx: StepContext = { db, j, now };
  return run(ctx, request.caseNumber, async (stored) => {
    if (partOf(stored, staff.department.id) === null) throw new CaseNotVisible(stored.record.caseNumber);
    if (stored.record.version !== input.expectedVersion) throw new CaseConflict(stored);
    const record = stored.record;
    const answer = findTransition(record.state, 'merge', conditionsOf(record), staffActor(stored, staff));
    if (!answer.ok) throw refusal(stored, 'merge', answer);
    const transition = answer.transition;
    checkFields(transition, record, input);

    const originalNumber = parseCaseNumber(input.originalCaseNumber ?? '');
    if (!originalNumber) throw new TransitionInvalid({ originalCaseNumber: t.cases.track.badCaseNumber });
    if (originalNumber === record.caseNumber) throw new TransitionInvalid({ originalCaseNumber: refused.mergeSelf });
    if (record.mergedCases?.length) throw new TransitionInvalid({ originalCaseNumber: refused.mergeHasDuplicates });
    const original = await getCase(db, originalNumber);
    // Only a case this department leads: no telling whether another department's case exists.
    if (!original || partOf(original, staff.department.id) !== 'lead' || original.record.leadDepartmentId !== record.leadDepartmentId) {
      throw new TransitionInvalid({ originalCaseNumber: refused.mergeNotVisible });
    }
    if (!isOpenState(original.record.state) || original.record.mergedInto) throw new TransitionInvalid({ originalCaseNumber: refused.mergeOriginalClosed });
    if ((original.record.mergedCases?.length ?? 0) >= MAX_DUPLICATES) throw new TransitionInvalid({ originalCaseNumber: refused.mergeTooMany(MAX_DUPLICATES) });

    const to = targetState(transition, record.state, original.record.state);
    const { assignee: _a, pause: _p, ...rest } = record;
    const duplicate: CaseRecord = { ...rest, state: to, mergedInto: originalNumber, mergedAt: at, ...(original.record.reopened ? { reopened: true } : {}), version: record.version + 1 };
    const dupEvent = eventFor(stored, transition, to, at, { by: 'staff', staff }, { public: {}, internal: { originalCaseNumber: originalNumber, ...(input.note ? { note: input.note } : {}) } });
    // On the original: an internal record of what was merged into it.
    const origEvent = eventFor(original, { ...transition, visibility: 'internal' }, original.record.state, at, { by: 'staff', staff }, { internal: { duplicateCaseNumber: record.caseNumber } });
    const originalNext: CaseRecord = { ...original.record, mergedCases: [...(original.record.mergedCases ?? []), record.caseNumber], version: original.record.version + 1 };
    return {
      writes: [
        { current: stored, next: duplicate, events: [dupEvent] },
        { current: original, next: originalNext, events: [origEvent] },
      ],
      stats: { departmentId: record.leadDepartmentId, add: { merged: 1 } },
    };
  });
}

/** Any staff step: merge here, every other action in transitions.ts. */
export function performCaseAction(db: Db, request: StaffStepRequest, j: Jurisdiction = defaultJurisdiction): Promise<StoredCase> {
  return request.input.action === 'merge' ? mergeDuplicate(db, request, j) : performStaffStep(db, request, j);
}

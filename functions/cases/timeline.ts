/**
 * The family's view of a case: only `public` events, in plain Chinese,
 * written at read time from the stored facts (so wording can improve without
 * rewriting history). Internal events (routing rules, abuse flags, legal
 * holds, purges) never reach it.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import type { CaseEvent, CaseRecord, CaseTimeline } from '#shared/schemas/cases.ts';
import { formatYuan } from '#shared/rules/fees.ts';
import { CaseStates } from '#shared/vocabulary.ts';
import { departmentName } from './routing.ts';
import { beijingChineseDateTime } from '#shared/rules/beijing-time.ts';

/** 2026年11月20日 10:05 (Beijing time, UTC+8 all year). */
export function beijingDateTime(iso: string): string {
  return beijingChineseDateTime(iso);
}

export function publicEntry(event: CaseEvent, j: Jurisdiction = defaultJurisdiction): CaseTimeline['timeline'][number] | null {
  switch (event.type) {
    case 'submitted':
      return {
        at: event.at,
        title: t.cases.timeline.submittedTitle,
        text: t.cases.timeline.submitted(
          t.cases.types[event.caseType],
          departmentName(event.leadDepartmentId, j),
          event.coHandlingDepartmentIds.map((id) => departmentName(id, j)).join('、'),
          beijingDateTime(event.acceptBy),
        ),
      };
    case 'state_changed':
      return {
        at: event.at,
        title: t.cases.timeline.stateChangedTitle,
        text: t.cases.timeline.stateChanged(CaseStates.label(event.from), CaseStates.label(event.to)),
      };
    case 'transition':
      // The triage steps (accept, decline, transfer, conclude, feedback, ...): only their public details, worded there.
      return transitionEntry(event, j);
    default:
      // Every other kind of event is internal.
      return null;
  }
}

export function publicTimeline(record: CaseRecord, events: readonly CaseEvent[], j: Jurisdiction = defaultJurisdiction): CaseTimeline {
  return {
    caseNumber: record.caseNumber,
    type: record.type,
    state: record.state,
    stateLabel: CaseStates.label(record.state),
    submittedAt: record.submittedAt,
    timeline: events
      .filter((e) => e.visibility === 'public')
      .map((e) => publicEntry(e, j))
      .filter((e): e is NonNullable<typeof e> => e !== null),
  };
}

/** A public step as the family reads it; null for internal ones. Only `public` details are ever read here. */
const tr = t.triage;

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
      return entry(titles.accept, w.accept(dept, p.concludeBy ? beijingDateTime(p.concludeBy) : ''));
    case 'decline':
      return entry(titles.decline, w.decline(dept, clause(p.reason), clause(p.nextSteps)));
    case 'transfer':
      return entry(
        titles.transfer,
        w.transfer(departmentName(p.fromDepartmentId ?? event.departmentId, j), departmentName(p.toDepartmentId ?? '', j), clause(p.reason), p.acceptBy ? beijingDateTime(p.acceptBy) : ''),
      );
    case 'start':
      return entry(titles.start, w.start(dept));
    case 'pause':
      return entry(titles.pause, w.pause(p.pauseReason ? tr.pauseReasons[p.pauseReason] : tr.pauseReasons.other));
    case 'resume':
      return entry(titles.resume, w.resume(p.pausedWorkingDays ?? 0, p.concludeBy ? beijingDateTime(p.concludeBy) : ''));
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

/**
 * The family's view of a case: only `public` events, in plain Chinese,
 * written at read time from the stored facts (so wording can improve without
 * rewriting history). Internal events (routing rules, abuse flags, legal
 * holds, purges) never reach it.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import type { CaseEvent, CaseRecord, CaseTimeline } from '#shared/schemas/cases.ts';
import { CaseStates } from '#shared/vocabulary.ts';
import { departmentName } from './routing.ts';
import { transitionEntry } from './transitions.ts';
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

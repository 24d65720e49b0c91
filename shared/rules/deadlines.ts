/**
 * 办理期限: a case's deadlines, written once for the server (routing, the
 * queues' sort keys, the steps that move a deadline) and the staff console.
 *
 * - A limit from the routing table (shared/jurisdiction/types.ts
 *   `CaseDeadline`) is clock hours (emergencies run through nights and
 *   holidays) or working days on the jurisdiction's calendar: `deadlineFrom`.
 * - Which deadline runs now: accepting (受理) until the case is accepted,
 *   then concluding (办结): `dueOf`. It runs only while the case is open and
 *   not merged into another (the duplicate follows its original): `deadlineRuns`.
 * - Where a case stands against it: paused, overdue, due soon (before the
 *   end of the next working day, as the queue's glance counts), or in time.
 */
import type { CaseDeadline, WorkingCalendar } from '../jurisdiction/types.ts';
import type { CaseState } from '../vocabulary.ts';
import { isOpenState } from './case-transitions.ts';
import { addHours, addWorkingDays, parseTimestamp } from './working-days.ts';

/** The end of a limit counted from `from` (an ISO timestamp). */
export function deadlineFrom(from: string, limit: CaseDeadline, calendar: WorkingCalendar): string {
  return 'hours' in limit ? addHours(from, limit.hours) : addWorkingDays(from, limit.workingDays, calendar);
}

export type DueKind = 'accept' | 'conclude';
export interface Due {
  dueBy: string;
  dueKind: DueKind;
}

/** A case as far as its deadlines go (a record, `routing` as in shared/schemas/cases.ts `Routing`). */
export interface DeadlineCase {
  state: CaseState;
  mergedInto?: string | undefined;
  routing: { acceptBy: string; concludeBy: string };
}

/** The deadline of this state: accepting until the case is accepted (new, or arrived by transfer), then concluding. */
export function dueOf(c: Pick<DeadlineCase, 'state' | 'routing'>): Due {
  const accepting = c.state === 'submitted' || c.state === 'transferred';
  return accepting ? { dueBy: c.routing.acceptBy, dueKind: 'accept' } : { dueBy: c.routing.concludeBy, dueKind: 'conclude' };
}

/** Does a deadline run at all? While the case is open (shared/vocabulary.ts `CASE_STATE_GROUP`) and not merged into another. */
export function deadlineRuns(c: Pick<DeadlineCase, 'state' | 'mergedInto'>): boolean {
  return isOpenState(c.state) && !c.mergedInto;
}

/** The deadline that runs now, or null when none does. */
export function runningDeadline(c: DeadlineCase): Due | null {
  return deadlineRuns(c) ? dueOf(c) : null;
}

/** "Due soon" means due before the end of the next working day. */
export function dueSoonBefore(now: string, calendar: WorkingCalendar): string {
  return addWorkingDays(now, 1, calendar);
}

export type DueStanding = 'overdue' | 'soon' | 'paused' | 'ok';

/**
 * Where a running deadline stands at `now`: a paused clock first, then past
 * it, then due by `soonBefore` (itself included: a deadline is the last
 * second of a day), else in time.
 */
export function dueStanding(due: { dueBy?: string | undefined; paused?: boolean | undefined }, now: string, soonBefore: string): DueStanding {
  if (due.paused) return 'paused';
  if (!due.dueBy) return 'ok';
  const at = parseTimestamp(due.dueBy);
  if (at < parseTimestamp(now)) return 'overdue';
  return at <= parseTimestamp(soonBefore) ? 'soon' : 'ok';
}

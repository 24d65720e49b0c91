import { describe, expect, it } from 'vitest';
import { CN_NATIONAL_CALENDAR as cn } from '../jurisdiction/calendar-cn.ts';
import { CaseStates } from '../vocabulary.ts';
import { deadlineFrom, deadlineRuns, dueOf, dueSoonBefore, dueStanding, runningDeadline } from './deadlines.ts';

const routing = { acceptBy: '2025-03-12T15:59:59.000Z', concludeBy: '2025-04-01T15:59:59.000Z' };

describe('deadlineFrom', () => {
  it('counts clock hours through a holiday night', () => {
    expect(deadlineFrom('2025-10-01T23:30:00+08:00', { hours: 2 }, cn)).toBe('2025-10-01T17:30:00.000Z');
  });
  it('counts working days past National Day to the end of the day', () => {
    // Friday 26 September 2025: the 28th (a Sunday), 29th and 30th are worked, 1–8 October are not.
    expect(deadlineFrom('2025-09-26T10:00:00+08:00', { workingDays: 4 }, cn)).toBe('2025-10-09T15:59:59.000Z');
  });
});

describe('which deadline runs now', () => {
  it('is the accepting one while the case waits for acceptance, new or transferred', () => {
    expect(dueOf({ state: 'submitted', routing })).toEqual({ dueBy: routing.acceptBy, dueKind: 'accept' });
    expect(dueOf({ state: 'transferred', routing })).toEqual({ dueBy: routing.acceptBy, dueKind: 'accept' });
  });
  it('is the concluding one once accepted', () => {
    expect(dueOf({ state: 'accepted', routing })).toEqual({ dueBy: routing.concludeBy, dueKind: 'conclude' });
    expect(runningDeadline({ state: 'in_progress', routing })).toEqual({ dueBy: routing.concludeBy, dueKind: 'conclude' });
  });
  it('runs only while the case is open and not merged', () => {
    const open = CaseStates.keys.filter((state) => deadlineRuns({ state }));
    expect(open).toEqual(['submitted', 'accepted', 'in_progress', 'transferred']);
    // A concluded case waits for the family's feedback: no deadline runs, though it is not yet closed.
    expect(runningDeadline({ state: 'concluded', routing })).toBeNull();
    expect(runningDeadline({ state: 'in_progress', routing, mergedInto: 'XY20250301-0001' })).toBeNull();
  });
});

describe('where a case stands', () => {
  const now = '2025-03-11T02:00:00.000Z'; // Tuesday 10:00 in Beijing
  const soon = dueSoonBefore(now, cn);
  it('calls the end of the next working day soon', () => {
    expect(soon).toBe('2025-03-12T15:59:59.000Z');
    // Friday evening: the next working day is Monday.
    expect(dueSoonBefore('2025-03-14T12:00:00.000Z', cn)).toBe('2025-03-17T15:59:59.000Z');
  });
  it('says paused before anything else, then overdue, soon, in time', () => {
    expect(dueStanding({ dueBy: '2025-03-10T15:59:59.000Z', paused: true }, now, soon)).toBe('paused');
    expect(dueStanding({ dueBy: '2025-03-10T15:59:59.000Z' }, now, soon)).toBe('overdue');
    expect(dueStanding({ dueBy: soon }, now, soon)).toBe('soon');
    expect(dueStanding({ dueBy: '2025-03-13T15:59:59.000Z' }, now, soon)).toBe('ok');
    expect(dueStanding({}, now, soon)).toBe('ok');
  });
  it('compares instants, not strings, whatever zone a deadline is written in', () => {
    expect(dueStanding({ dueBy: '2025-03-11T09:59:00+08:00' }, now, soon)).toBe('overdue');
  });
});

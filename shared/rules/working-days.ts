/**
 * 工作日: deadlines counted in working days or hours, in China Standard Time
 * (UTC+8, no daylight saving), over a calendar that is data
 * (shared/jurisdiction/calendar-cn.ts: weekends, holidays and 调休 from the
 * State Council's notices).
 *
 * Conventions, the same everywhere in Shouhu:
 * - Dates are ISO `YYYY-MM-DD` and mean the CST calendar day. Timestamps are ISO
 *   with `Z` or an offset; outputs are UTC ISO strings (`…Z`), as stored.
 * - "Within N working days" (12315's 七个工作日内): the day of receipt does not
 *   count, whatever the hour; the count starts with the next working day, and
 *   the deadline is 23:59:59 CST of the Nth working day.
 * - A year missing from the calendar is counted as weekends only; ask
 *   `calendarCovers` before trusting a date far ahead.
 *
 * Everything here is pure: "now" is always an argument.
 */
import type { WorkingCalendar } from '../jurisdiction/types.ts';
import { BEIJING_OFFSET_MS } from './beijing-time.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** China Standard Time is UTC+8 all year round. */
const CST_OFFSET_MS = BEIJING_OFFSET_MS;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
/** No deadline in this domain is longer than a few months; a runaway loop means a bad calendar. */
const MAX_SCAN_DAYS = 3660;

/** Days since 1970-01-01 of an ISO date (the CST day). Throws on anything that is not a real date. */
export function dayNumber(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${isoDate}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== isoDate) throw new RangeError(`No such day: ${isoDate}`);
  return ms / DAY_MS;
}

/** The ISO date of a day number. */
export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Milliseconds since the epoch of an ISO timestamp that states its zone. */
export function parseTimestamp(timestamp: string): number {
  if (!ISO_TIMESTAMP.test(timestamp)) {
    throw new RangeError(`Not an ISO timestamp with a time zone (Z or ±hh:mm): ${timestamp}`);
  }
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid timestamp: ${timestamp}`);
  return ms;
}

/** The CST calendar date of a timestamp, or the date itself when given a date. */
export function cstDate(dateOrTimestamp: string): string {
  if (ISO_DATE.test(dateOrTimestamp)) {
    dayNumber(dateOrTimestamp);
    return dateOrTimestamp;
  }
  return new Date(parseTimestamp(dateOrTimestamp) + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** 23:59:59 CST of a date, as a UTC ISO timestamp: when a working-day deadline ends. */
export function endOfCstDay(isoDate: string): string {
  return new Date((dayNumber(isoDate) + 1) * DAY_MS - CST_OFFSET_MS - 1000).toISOString();
}

/** 00:00:00 CST of a date, as a UTC ISO timestamp. */
export function startOfCstDay(isoDate: string): string {
  return new Date(dayNumber(isoDate) * DAY_MS - CST_OFFSET_MS).toISOString();
}

/** Add whole calendar days to an ISO date. */
export function addCalendarDays(isoDate: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Days must be a whole number: ${days}`);
  return isoDateOf(dayNumber(isoDate) + days);
}

interface CalendarIndex {
  weekend: Set<number>;
  holidays: Set<number>;
  makeUpWorkdays: Set<number>;
  years: Set<number>;
}

// Calendars are data loaded once and never mutated; the index is derived from them on first use.
const indexes = new WeakMap<WorkingCalendar, CalendarIndex>();

function indexOf(calendar: WorkingCalendar): CalendarIndex {
  let index = indexes.get(calendar);
  if (index) return index;
  index = {
    weekend: new Set(calendar.weekend),
    holidays: new Set(),
    makeUpWorkdays: new Set(),
    years: new Set(calendar.years.map((y) => y.year)),
  };
  for (const y of calendar.years) {
    for (const h of y.holidays) {
      for (let d = dayNumber(h.from); d <= dayNumber(h.to); d++) index.holidays.add(d);
    }
    for (const m of y.makeUpWorkdays) index.makeUpWorkdays.add(dayNumber(m.date));
  }
  indexes.set(calendar, index);
  return index;
}

function isWorkingDayNumber(day: number, index: CalendarIndex): boolean {
  if (index.makeUpWorkdays.has(day)) return true;
  if (index.holidays.has(day)) return false;
  return !index.weekend.has(new Date(day * DAY_MS).getUTCDay());
}

/** Is this CST day a working day? (A make-up Saturday is; a holiday Wednesday is not.) */
export function isWorkingDay(dateOrTimestamp: string, calendar: WorkingCalendar): boolean {
  return isWorkingDayNumber(dayNumber(cstDate(dateOrTimestamp)), indexOf(calendar));
}

/** Does the calendar hold the holiday notice for this date's year? Outside it, only weekends are known. */
export function calendarCovers(dateOrTimestamp: string, calendar: WorkingCalendar): boolean {
  return indexOf(calendar).years.has(Number(cstDate(dateOrTimestamp).slice(0, 4)));
}

/** The day number of the nth working day after `day` (n = 0: `day` itself). */
function nthWorkingDayAfter(day: number, n: number, calendar: WorkingCalendar): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number ≥ 0: ${n}`);
  const index = indexOf(calendar);
  let d = day;
  for (let counted = 0, scanned = 0; counted < n; ) {
    d++;
    if (++scanned > MAX_SCAN_DAYS + n) throw new RangeError('The calendar has no working days ahead');
    if (isWorkingDayNumber(d, index)) counted++;
  }
  return d;
}

/** The ISO date of the nth working day after the (CST) day of `start`. */
export function nthWorkingDayAfterDate(start: string, n: number, calendar: WorkingCalendar): string {
  return isoDateOf(nthWorkingDayAfter(dayNumber(cstDate(start)), n, calendar));
}

/**
 * "Within n working days" of `start` (a timestamp or a date): 23:59:59 CST of
 * the nth working day after the day of `start`, which itself never counts.
 * n = 0 gives the end of the day of `start`.
 */
export function addWorkingDays(start: string, n: number, calendar: WorkingCalendar): string {
  return endOfCstDay(nthWorkingDayAfterDate(start, n, calendar));
}

/**
 * Working days after the day of `a`, up to and including the day of `b`, so
 * that `workingDaysBetween(a, addWorkingDays(a, n)) === n`. Negative when `b`
 * is before `a`; 0 on the same day.
 */
export function workingDaysBetween(a: string, b: string, calendar: WorkingCalendar): number {
  const from = dayNumber(cstDate(a));
  const to = dayNumber(cstDate(b));
  if (to < from) return -workingDaysBetween(b, a, calendar);
  const index = indexOf(calendar);
  let count = 0;
  for (let d = from + 1; d <= to; d++) if (isWorkingDayNumber(d, index)) count++;
  return count;
}

/** `start` plus clock hours (emergencies: "within 2 hours" runs through nights and holidays). */
export function addHours(start: string, hours: number): string {
  if (!Number.isFinite(hours)) throw new RangeError(`Hours must be a number: ${hours}`);
  return new Date(parseTimestamp(start) + hours * HOUR_MS).toISOString();
}

/**
 * Move a deadline on by the working days a case was paused (e.g. waiting for an
 * inspection or the family's documents): the same CST time of day, on the
 * working day that many working days after the deadline's own day.
 */
export function extendForPause(deadline: string, pausedWorkingDays: number, calendar: WorkingCalendar): string {
  const cstMs = parseTimestamp(deadline) + CST_OFFSET_MS;
  const day = Math.floor(cstMs / DAY_MS);
  const timeOfDay = cstMs - day * DAY_MS;
  const newDay = nthWorkingDayAfter(day, pausedWorkingDays, calendar);
  return new Date(newDay * DAY_MS + timeOfDay - CST_OFFSET_MS).toISOString();
}

/**
 * Beijing time (China Standard Time): UTC+8 all year, no daylight saving.
 * Every "in Beijing time" of the service, on the server and in the pages'
 * scripts, comes from here, so a page drawn by a script shows a moment
 * exactly as the server-rendered page does.
 */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;

const ms = (at: Date | string | number) => (typeof at === 'string' ? Date.parse(at) : typeof at === 'number' ? at : at.getTime());

/** The moment as a Date whose UTC fields read as the wall clock in Beijing. */
export function beijingWallClock(at: Date | string | number): Date {
  return new Date(ms(at) + BEIJING_OFFSET_MS);
}

/** `2026-11-20` */
export const beijingDate = (at: Date | string | number): string => beijingWallClock(at).toISOString().slice(0, 10);

/** `2026-11` */
export const beijingMonth = (at: Date | string | number): string => beijingWallClock(at).toISOString().slice(0, 7);

/** `14:35` */
export const beijingClock = (at: Date | string | number): string => beijingWallClock(at).toISOString().slice(11, 16);

/** `2026-11-20 14:35`: how public pages and the console show when something changed. */
export const beijingDateTime = (at: Date | string | number): string => {
  const local = beijingWallClock(at).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
};

/** `2026年11月20日 14:35`: how a family's receipt and timeline write a moment. */
export function beijingChineseDateTime(at: Date | string | number): string {
  const d = beijingWallClock(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

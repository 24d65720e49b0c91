/**
 * Sign-in throttling: failures are counted per username and per client
 * network in fixed 15-minute windows; when the failures since the last lock
 * in the current and previous windows reach the limit, the key is locked for
 * 15 minutes. Counting two windows means any run of N failures inside 15
 * minutes is caught, wherever the window boundary falls.
 *
 * Unknown usernames are counted and locked exactly like real ones, so a
 * lockout reveals nothing about which accounts exist.
 */
import * as t from '#shared/i18n/zh-CN/index.ts';
import type { Db } from '../data/client.ts';
import { addToWindow, deleteWindows, lockWindow, readWindows, type RateWindow } from '../data/rate-limit.ts';
import { beijingClock as clockInBeijing } from '#shared/rules/beijing-time.ts';

export interface LimitPolicy {
  bucket: string;
  /** Failures that trigger a lock. */
  limit: number;
  windowSeconds: number;
  /** How long a lock lasts; at least `windowSeconds`, so a lock always ends in a later window than it began. */
  lockSeconds: number;
}

export const LOGIN_BY_USER: LimitPolicy = { bucket: 'login-user', limit: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const LOGIN_BY_NETWORK: LimitPolicy = { bucket: 'login-ip', limit: 20, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

function windowStart(at: Date, policy: LimitPolicy): Date {
  const ms = policy.windowSeconds * 1000;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/** The windows that can hold a lock or a count still in force at `now`. */
function recent(db: Db, policy: LimitPolicy, key: string, now: Date): Promise<RateWindow[]> {
  const since = windowStart(new Date(now.getTime() - Math.max(policy.windowSeconds, policy.lockSeconds) * 1000), policy);
  return readWindows(db, policy.bucket, key, since.toISOString());
}

function lockInForce(windows: RateWindow[], now: Date): Date | null {
  const until = windows
    .map((w) => (w.lockedUntil ? new Date(w.lockedUntil) : null))
    .filter((d): d is Date => d !== null && d > now)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return until ?? null;
}

/** When the key is locked, until when; otherwise null. */
export async function lockedUntil(db: Db, policy: LimitPolicy, key: string, now: Date): Promise<Date | null> {
  return lockInForce(await recent(db, policy, key, now), now);
}

/** Counts a failure; answers the lock it caused (or that was already there), else null. */
export async function recordFailure(db: Db, policy: LimitPolicy, key: string, now: Date): Promise<Date | null> {
  const start = windowStart(now, policy);
  const ttl = epoch(start) + policy.windowSeconds * 2 + policy.lockSeconds;
  await addToWindow(db, policy.bucket, key, start.toISOString(), ttl);
  const windows = await recent(db, policy, key, now);
  const existing = lockInForce(windows, now);
  if (existing) return existing;
  // Only failures after the most recent lock count towards the next one.
  const lastLocked = windows.filter((w) => w.lockedUntil).at(-1)?.windowStart ?? '';
  const failures = windows.filter((w) => w.windowStart > lastLocked).reduce((sum, w) => sum + w.count, 0);
  if (failures < policy.limit) return null;
  const until = new Date(now.getTime() + policy.lockSeconds * 1000);
  const inForce = await lockWindow(db, policy.bucket, key, start.toISOString(), until.toISOString(), epoch(until) + policy.windowSeconds);
  return new Date(inForce);
}

/** Forgets a key's recent failures (after a complete sign-in). */
export async function clearFailures(db: Db, policy: LimitPolicy, key: string, now: Date): Promise<void> {
  const windows = await recent(db, policy, key, now);
  await deleteWindows(db, policy.bucket, key, windows.filter((w) => !w.lockedUntil).map((w) => w.windowStart));
}

/** Seconds until a lock ends, rounded up (for Retry-After). */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** "14:35" in Beijing time (UTC+8 all year, no daylight saving). */
export function beijingClock(at: Date): string {
  return clockInBeijing(at);
}

/** The message a locked-out member of staff reads: how long, and until what time. */
export function lockoutMessage(policy: LimitPolicy, until: Date, now: Date): string {
  const minutes = Math.ceil(secondsUntil(until, now) / 60);
  // Round the clock time up to the minute, so "after 14:35" is never a minute early.
  const shown = new Date(Math.ceil(until.getTime() / 60_000) * 60_000);
  return policy === LOGIN_BY_NETWORK ? t.auth.networkLockedOut(minutes, beijingClock(shown)) : t.auth.lockedOut(minutes, beijingClock(shown));
}

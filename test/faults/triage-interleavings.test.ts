/**
 * Staff acting on the same cases at the same moment, 40 rounds of three
 * steps sent at once on the version just read: exactly one lands each time,
 * the others are answered 409 with the case as it now is, and no step is
 * lost (versions and events add up to the steps answered 200).
 * The same with the database failing step transactions (InternalServerError,
 * and answers lost after the write): every answer is still 200 or 409, no
 * step is lost or applied twice.
 * (bench/faults.ts runs 1,000 rounds.)
 */
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../support/db.ts';
import { triageInterleavings } from '../support/fault-scenarios.ts';

describe('concurrent triage actions on the same cases', () => {
  it('loses no update and answers every refused step 409 with the fresh case', async () => {
    const run = await triageInterleavings(createTestDb, { rounds: 40, cases: 10, seed: 5 });
    expect(run.rounds).toBe(40);
    expect(run.badRounds).toEqual([]);
    expect(run.staleRefusals).toEqual([]);
    expect(run.lostUpdates).toEqual([]);
    expect(run.statuses['200']).toBe(40);
    expect(run.statuses['409']).toBe(80);
    expect(run.report.problems).toEqual([]);
  }, 180_000);

  it('answers 200 or 409, never 503, and loses no update when the database fails step transactions', async () => {
    const run = await triageInterleavings(createTestDb, {
      rounds: 40,
      cases: 10,
      seed: 6,
      faults: { rates: { TransactWriteItems: { serverError: 0.3, lostResponse: 0.1 } } },
    });
    expect(run.injected.serverError).toBeGreaterThan(0);
    expect(run.injected.lostResponse).toBeGreaterThan(0);
    expect(run.statuses).toEqual({ 200: 40, 409: 80 });
    expect(run.badRounds).toEqual([]);
    expect(run.staleRefusals).toEqual([]);
    expect(run.lostUpdates).toEqual([]);
    expect(run.report.problems).toEqual([]);
  }, 180_000);
});

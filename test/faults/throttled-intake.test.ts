/**
 * Many families filing at once while a fifth of the database's attempts are
 * throttled: every case is stored exactly once, each family's receipt
 * tracks, and the table is consistent. A family answered 503 sends the same
 * form again (the same Idempotency-Key), as the site's forms do.
 * (bench/faults.ts runs 200 submitters.)
 */
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../support/db.ts';
import { throttledIntake } from '../support/fault-scenarios.ts';

describe('concurrent submitters, 20% of database attempts throttled', () => {
  it('stores every case exactly once, and every receipt tracks', async () => {
    const run = await throttledIntake(createTestDb, { submitters: 20, rate: 0.2, seed: 20 });
    expect(run.throttled).toBeGreaterThan(0);
    // Nothing but receipts and "try again" (503) on the way; never a 500.
    expect(Object.keys(run.statuses).filter((s) => s !== '201' && s !== '503')).toEqual([]);
    expect(run.filed).toBe(20);
    expect(run.storedOnce).toBe(20);
    expect(run.duplicated).toBe(0);
    expect(run.tracked).toBe(20);
    expect(run.report.problems).toEqual([]);
    // CPU-bound (scrypt per filing): about a minute on an idle 2-core machine, several under heavy load.
  }, 420_000);
});

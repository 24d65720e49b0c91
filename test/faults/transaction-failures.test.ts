/**
 * Transactions failing during filing and triage (conflicts, 500s, dropped
 * connections, at the SDK's level, below its retries): each step lands whole
 * or not at all, which the consistency checker confirms over the whole
 * table. (bench/faults.ts injects 1,000.)
 */
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../support/db.ts';
import { transactionFailures } from '../support/fault-scenarios.ts';

describe('injected transaction failures during filing and triage', () => {
  it('leaves no partial write: the table is consistent after ~100 failures', async () => {
    const run = await transactionFailures(createTestDb, { failures: 100, seed: 100 });
    const injected = run.injected.txConflict + run.injected.serverError + run.injected.drop;
    expect(injected).toBeGreaterThanOrEqual(100);
    // Every filing and step went through in the end (503 "try again" on the way at most), never a 500.
    expect(run.unexpected).toEqual([]);
    expect(Object.keys(run.statuses).filter((s) => !['200', '201', '503'].includes(s))).toEqual([]);
    expect(run.report.problems).toEqual([]);
    expect(run.report.counts.cases).toBe(run.cases);
    // CPU-bound (scrypt per filing): about a minute on an idle 2-core machine, several under heavy load.
  }, 420_000);
});

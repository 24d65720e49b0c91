/**
 * The consistency checker: clean on a table written by the app (filings and
 * staff steps, some under injected transaction failures), and it catches
 * each kind of damage a partial write would leave.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../functions/data/client.ts';
import { deleteRaw, putRaw, scanAll } from '../builders/cases.ts';
import { checkItems, checkTable } from './consistency.ts';
import { createTestDb } from './db.ts';
import { transactionFailures } from './fault-scenarios.ts';

let db: Db;
let items: Record<string, unknown>[];
const made = async (options: Parameters<typeof createTestDb>[0]) => (db = await createTestDb(options));

beforeAll(async () => {
  const run = await transactionFailures(made, { failures: 4, seed: 3, concurrency: 2 });
  expect(run.unexpected).toEqual([]);
  items = await scanAll(db);
}, 120_000);

const copy = () => items.map((i) => structuredClone(i));
const find = (all: Record<string, unknown>[], test: (i: Record<string, unknown>) => boolean) => all.find(test)!;

describe('consistency checker', () => {
  it('finds a table written by the app consistent', async () => {
    const report = await checkTable(db);
    expect(report.problems).toEqual([]);
    expect(report.counts.cases).toBeGreaterThan(0);
    expect(report.counts.statsItems).toBeGreaterThan(0);
    expect(report.counts.riskItems).toBe(1);
  });

  it('catches a removed event', async () => {
    const event = find(items, (i) => i.entity === 'case_event' && i.sk === 'EVT#0003');
    await deleteRaw(db, { pk: String(event.pk), sk: String(event.sk) });
    try {
      const report = await checkTable(db);
      expect(report.ok).toBe(false);
      expect(report.problems.join('\n')).toContain(`${String(event.caseNumber)}: events 1,2,4`);
    } finally {
      await putRaw(db, event);
    }
    expect((await checkTable(db)).ok).toBe(true);
  });

  it('catches a wrong dashboard counter and a wrong risk counter', () => {
    const all = copy();
    const stats = find(all, (i) => i.entity === 'stats' && typeof i.answered === 'number');
    stats.answered = (stats.answered as number) + 1;
    const risk = find(all, (i) => i.entity === 'risk_counter');
    risk.openDisputes = Number(risk.openDisputes ?? 0) + 1;
    const problems = checkItems(all).problems.join('\n');
    expect(problems).toMatch(/stats .*: answered is \d+, the cases imply \d+/);
    expect(problems).toMatch(/risk .*: openDisputes is \d+, the cases imply \d+/);
  });

  it('catches a case written without its counters (received never counted)', () => {
    const all = copy().filter((i) => i.entity !== 'stats');
    expect(checkItems(all).problems.join('\n')).toMatch(/stats .*: missing/);
  });

  it('catches a queue entry left behind in the open list, a missing one, and a stray one', () => {
    const all = copy();
    const closedEntry = find(all, (i) => i.entity === 'case_queue' && String(i.gsi1pk).startsWith('QUEUEDONE#'));
    closedEntry.gsi1pk = String(closedEntry.gsi1pk).replace('QUEUEDONE#', 'QUEUE#');
    const gone = all.indexOf(find(all, (i) => i !== closedEntry && i.entity === 'case_queue' && String(i.pk).startsWith('CASEIDX#')));
    const removed = all.splice(gone, 1)[0]!;
    all.push({ ...removed, sk: 'QUEUE#nowhere-411500#kind' });
    const problems = checkItems(all).problems.join('\n');
    expect(problems).toContain(`queue entry ${String(closedEntry.pk)}|${String(closedEntry.sk)} is QUEUE#`);
    expect(problems).toContain(`queue entry ${String(removed.pk)}|${String(removed.sk)} missing`);
    expect(problems).toContain('stray queue entry');
  });

  it('catches a filter combination\'s key missing or left on its old state', () => {
    const all = copy();
    // An entry whose second combination names the state (not every entry's does: an institution's is kind + institution).
    const main = find(all, (i) => i.entity === 'case_queue' && typeof i.combo2pk === 'string' && /#state#[a-z_]+$/.test(i.combo2pk));
    delete main.combo1pk;
    main.combo2pk = String(main.combo2pk).replace(/#state#[a-z_]+$/, '#state#elsewhere');
    const problems = checkItems(all).problems.join('\n');
    expect(problems).toMatch(new RegExp(`${String(main.caseNumber)}: combination keys .*combo2pk=[^,]*#state#elsewhere`));
    expect(problems).toContain(`${String(main.pk)}|${String(main.sk)} combo1pk=`);
  });

  it('catches orphans: an idempotency record, events or personal data without their case', () => {
    const all = copy();
    const record = find(all, (i) => i.entity === 'case');
    all.splice(all.indexOf(record), 1);
    const problems = checkItems(all).problems.join('\n');
    expect(problems).toContain(`idempotency record for missing case ${String(record.caseNumber)}`);
    expect(problems).toContain(`CASE#${String(record.caseNumber)}: `);
    expect(problems).toMatch(/orphan item\(s\)/);
  });

  it('catches personal data missing while the record says there is some', () => {
    const all = copy();
    const pii = find(all, (i) => i.entity === 'case_personal_data');
    all.splice(all.indexOf(pii), 1);
    expect(checkItems(all).problems.join('\n')).toContain(`${String(pii.caseNumber)}: personal-data item missing`);
  });
});

/**
 * Benchmark: the issue's fault runs at full size (the suite runs them small,
 * test/faults/*.test.ts), through the real app on DynamoDB Local (started
 * here), with the fault injector (test/support/faults.ts) on the data client
 * and the consistency checker (test/support/consistency.ts) after each:
 *
 * 1. baseline: the same 200 submitters with no faults;
 * 2. 200 concurrent submitters, 20% of database attempts throttled: 200 of
 *    200 stored exactly once, each receipt tracks;
 * 3. 1,000 injected transaction failures during filing and triage: 0
 *    partial writes;
 * 4. 1,000 interleavings of three concurrent triage steps on the same
 *    cases: 0 lost updates, every refused step 409 with the fresh case;
 * 5. the database killed and restarted under load (200 forms): only 201 or
 *    503, never 500 or a hang; each form filed exactly once on retry.
 *
 * Budget: all of the above hold. Counts can be lowered with BENCH_FAULTS_*
 * (see below), and BENCH_FAULTS_PHASES picks phases (e.g. `tx,triage`). Results: bench/out/faults/results.json. Run: `npm run bench -- faults`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDb, ensureTable } from '../functions/data/client.ts';
import { startDynamoLocal } from '../scripts/lib/dynamo-local.ts';
import { killAndRestart, throttledIntake, transactionFailures, triageInterleavings, type MakeDb } from '../test/support/fault-scenarios.ts';

export const name = 'faults';

const SUBMITTERS = Number(process.env.BENCH_FAULTS_SUBMITTERS ?? 200);
const TX_FAILURES = Number(process.env.BENCH_FAULTS_TX ?? 1000);
const ROUNDS = Number(process.env.BENCH_FAULTS_ROUNDS ?? 1000);
const RESTART_FORMS = Number(process.env.BENCH_FAULTS_RESTART ?? 200);
/** Which phases to run (all by default): baseline, throttle, tx, triage, restart. */
const PHASES = new Set((process.env.BENCH_FAULTS_PHASES ?? 'baseline,throttle,tx,triage,restart').split(','));
const outDir = join(import.meta.dirname, 'out', name);

const load = () => loadavg().map((l) => Math.round(l * 10) / 10);
const secs = (ms: number) => Math.round(ms / 100) / 10;

export async function run(): Promise<{ ok: boolean; summary: string }> {
  const loadAtStart = load();
  const dynamo = await startDynamoLocal({ timeoutMs: 180_000 });
  const makeDb: MakeDb = async (options) => {
    const db = createDb({ tableName: `bench-faults-${randomUUID()}`, region: 'local', endpoint: dynamo.endpoint, ...options });
    await ensureTable(db);
    return db;
  };
  const lines: string[] = [];
  const results: Record<string, unknown> = {};
  let ok = true;
  const phase = async <T>(id: string, label: string, task: () => Promise<T>, check: (r: T) => boolean, describe: (r: T) => string) => {
    if (!PHASES.has(id)) return;
    const t0 = performance.now();
    const r = await task();
    const passed = check(r);
    ok &&= passed;
    results[label] = { ...(r as object), seconds: secs(performance.now() - t0), loadAfter: load() };
    lines.push(`  ${passed ? '✓' : '✗'} ${label} (${secs(performance.now() - t0)} s, load ${load().join(' ')}): ${describe(r)}`);
    console.log(lines.at(-1));
  };
  try {
    await phase(
      'baseline',
      `baseline: ${SUBMITTERS} concurrent submitters, no faults`,
      () => throttledIntake(makeDb, { submitters: SUBMITTERS, rate: 0, seed: 1 }),
      (r) => r.storedOnce === SUBMITTERS && r.tracked === SUBMITTERS && r.report.ok,
      (r) => `${r.storedOnce}/${r.submitters} stored once, ${r.tracked} tracked, all filed in ${secs(r.ms)} s, ${r.attempts} database attempts, statuses ${JSON.stringify(r.statuses)}`,
    );
    await phase(
      'throttle',
      `${SUBMITTERS} concurrent submitters, 20% of attempts throttled`,
      () => throttledIntake(makeDb, { submitters: SUBMITTERS, rate: 0.2, seed: 2 }),
      (r) => r.storedOnce === SUBMITTERS && r.duplicated === 0 && r.tracked === SUBMITTERS && r.report.ok && !Object.keys(r.statuses).some((s) => s !== '201' && s !== '503'),
      (r) =>
        `${r.storedOnce}/${r.submitters} stored once, ${r.duplicated} duplicated, ${r.tracked} receipts track; all filed in ${secs(r.ms)} s; ${r.throttled} of ${r.attempts} attempts throttled; statuses ${JSON.stringify(r.statuses)}; consistency ${r.report.ok ? 'ok' : r.report.problems.slice(0, 3).join('; ')}`,
    );
    await phase(
      'tx',
      `${TX_FAILURES} transaction failures during filing and triage`,
      () => transactionFailures(makeDb, { failures: TX_FAILURES, seed: 3, concurrency: 8 }),
      (r) => r.report.ok && r.unexpected.length === 0,
      (r) =>
        `injected ${JSON.stringify(r.injected)} over ${r.cases} cases and ${r.steps} steps in ${secs(r.ms)} s; statuses ${JSON.stringify(r.statuses)}; unexpected ${r.unexpected.length}; partial writes: ${r.report.problems.length} problems (${r.report.counts.cases} cases, ${r.report.counts.events} events, ${r.report.counts.queueEntries} queue entries, ${r.report.counts.statsItems} stats items, ${r.report.counts.riskItems} risk items)`,
    );
    await phase(
      'triage',
      `${ROUNDS} interleavings of concurrent triage steps`,
      () => triageInterleavings(makeDb, { rounds: ROUNDS, cases: 25, seed: 4 }),
      (r) => r.badRounds.length === 0 && r.staleRefusals.length === 0 && r.lostUpdates.length === 0 && r.report.ok,
      (r) =>
        `${r.rounds} rounds, ${r.requests} requests in ${secs(r.ms)} s, statuses ${JSON.stringify(r.statuses)}; rounds not exactly one winner ${r.badRounds.length}, refusals without the fresh case ${r.staleRefusals.length}, lost updates ${r.lostUpdates.length}`,
    );
    await phase(
      'restart',
      `database killed and restarted under load (${RESTART_FORMS} forms)`,
      () => killAndRestart({ forms: RESTART_FORMS, concurrency: 16, killAfter: Math.floor(RESTART_FORMS / 3), timeoutMs: 30_000 }),
      (r) =>
        r.mismatched.length === 0 &&
        r.casesStored === RESTART_FORMS &&
        r.report.ok &&
        !Object.keys(r.duringOutage).some((s) => s !== '201' && s !== '503') &&
        !Object.keys(r.afterRestart).some((s) => s !== '201' && s !== '503'),
      (r) =>
        `during: ${JSON.stringify(r.duringOutage)} (${r.answeredBeforeKill} answered before the kill); restart ${secs(r.restartMs)} s; retries: ${JSON.stringify(r.afterRestart)}; ${r.casesStored}/${r.forms} filed once; mismatched ${r.mismatched.length}; acknowledged writes DynamoDB Local lost at SIGKILL ${r.lostByDatabase.length}`,
    );
  } finally {
    await dynamo.stop();
  }
  mkdirSync(outDir, { recursive: true });
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: load() };
  writeFileSync(join(outDir, `results${process.env.BENCH_FAULTS_PHASES ? `-${[...PHASES].join('-')}` : ''}.json`), `${JSON.stringify({ machine, results }, (k, v) => (k === 'report' ? { ok: v.ok, problems: v.problems.slice(0, 20), counts: v.counts } : v), 2)}\n`);
  return { ok, summary: [`  ${machine.cpus} CPUs, Node ${process.version}, load average ${loadAtStart.join(' ')} at start, ${machine.loadAverageAtEnd.join(' ')} at end`, ...lines].join('\n') };
}

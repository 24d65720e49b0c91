/**
 * Fault scenarios, shared by the suite (test/faults/*.test.ts, small counts)
 * and the benchmark (bench/faults.ts, the issue's counts). Each runs the
 * real app (`createApp`, `app.request`) on its own table, with the fault
 * injector (test/support/faults.ts) on the data client, and drives it as
 * families and staff would: a client that is answered 503 sends the same
 * request again (the same Idempotency-Key, the same expected version), as
 * the site's forms do. Set-up and the final checks run without faults.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StaffBrowser } from './staff-browser.ts';
import { createApp } from '../../functions/app.ts';
import { createDb, ensureTable, type Db, type DataConfig } from '../../functions/data/client.ts';
import { CLAIM_HOLD_SECONDS } from '../../functions/cases/intake.ts';
import { getCase } from '../../functions/data/cases.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { startDynamoLocal } from '../../scripts/lib/dynamo-local.ts';
import { createRng } from '../../scripts/demo/prng.ts';
import { listInstitution, makeComplaint, makeRefundDispute, newKey, postJson } from '../builders/cases.ts';
import { createTestStore } from './app.ts';
import { checkTable, type ConsistencyReport } from './consistency.ts';
import { createFaultInjector, type FaultInjector, type FaultPlan } from './faults.ts';

/** Makes a fresh table on some DynamoDB Local: `createTestDb` in the suite, the bench's own endpoint in bench/. */
export type MakeDb = (options: Pick<DataConfig, 'plugins' | 'maxAttempts'>) => Promise<Db>;

export type Statuses = Record<string, number>;
const count = (statuses: Statuses, status: number | string) => (statuses[status] = (statuses[status] ?? 0) + 1);

/** The app on a fresh table with a fault injector (disabled until the scenario turns it on) and the demo staff. */
export async function faultyApp(makeDb: MakeDb, seed: number, now?: () => Date) {
  const faults = createFaultInjector({ seed });
  faults.enabled = false;
  const db = await makeDb({ plugins: [faults.plugin] });
  const { store } = createTestStore();
  const app = createApp({ db, store, ...(now ? { now } : {}) });
  await seedDemoStaff(db);
  return { app, db, faults };
}

type App = Awaited<ReturnType<typeof faultyApp>>['app'];

/** Sends a request until it is answered something other than 503 (at most `tries`); every answer's status counted. */
async function untilNot503(send: () => Promise<Response>, statuses: Statuses, tries = 20): Promise<Response> {
  let res = await send();
  count(statuses, res.status);
  for (let i = 1; i < tries && res.status === 503; i++) {
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
    res = await send();
    count(statuses, res.status);
  }
  return res;
}

// ---------------------------------------------------------------------------
// 1. Concurrent submitters with throttling
// ---------------------------------------------------------------------------

export interface ThrottledIntakeResult {
  submitters: number;
  statuses: Statuses;
  filed: number;
  storedOnce: number;
  missing: number;
  duplicated: number;
  tracked: number;
  attempts: number;
  throttled: number;
  ms: number;
  report: ConsistencyReport;
}

/** `submitters` families file at once (a complaint or a refund dispute each) while `rate` of database attempts are throttled; then each tracks its case. */
export async function throttledIntake(makeDb: MakeDb, options: { submitters: number; rate: number; seed: number }): Promise<ThrottledIntakeResult> {
  const { app, db, faults } = await faultyApp(makeDb, options.seed);
  const institution = await listInstitution(db);
  faults.plan = { rates: { '*': { throttle: options.rate } } };
  faults.enabled = true;
  const statuses: Statuses = {};
  const started = performance.now();
  const receipts = await Promise.all(
    Array.from({ length: options.submitters }, async (_, i) => {
      const dispute = i % 3 === 0;
      const body = dispute
        ? makeRefundDispute({ institution: { institutionId: institution.id }, contact: { name: '家长', mobile: `139${String(10_000_000 + i).slice(-8)}` } })
        : makeComplaint({ description: `第${i}号：机构收费不规范，要求一次缴纳一年学费。`, ...(i % 2 ? { institution: { institutionId: institution.id } } : {}) });
      const key = newKey();
      const res = await untilNot503(() => postJson(app, dispute ? '/api/refund-disputes' : '/api/complaints', body, { key, ip: `10.0.${i >> 8}.${i & 255}` }), statuses);
      return res.status === 201 ? ((await res.json()) as { caseNumber: string; accessCode: string }) : undefined;
    }),
  );
  const ms = performance.now() - started;
  // Tracking, still throttled: each family's receipt must work.
  const tracked = await Promise.all(
    receipts.map(async (r, i) => {
      if (!r) return false;
      const res = await untilNot503(() => postJson(app, '/api/track', { caseNumber: r.caseNumber, accessCode: r.accessCode }, { key: null, ip: `10.1.${i >> 8}.${i & 255}` }), {});
      return res.status === 200;
    }),
  );
  faults.enabled = false;
  const report = await checkTable(db);
  const filed = receipts.filter(Boolean).map((r) => r!.caseNumber);
  const stored = new Set<string>();
  for (const n of filed) if (await getCase(db, n)) stored.add(n);
  return {
    submitters: options.submitters,
    statuses,
    filed: filed.length,
    storedOnce: stored.size,
    missing: filed.length - stored.size,
    duplicated: report.counts.cases - stored.size,
    tracked: tracked.filter(Boolean).length,
    attempts: faults.stats.attempts,
    throttled: faults.stats.injected.throttle,
    ms,
    report,
  };
}

// ---------------------------------------------------------------------------
// Staff steps
// ---------------------------------------------------------------------------

const fieldsFor: Record<string, Record<string, unknown>> = {
  accept: {},
  start: {},
  claim: {},
  note: { note: '已电话联系机构负责人' },
  progress: { message: '已约谈机构负责人，正在核实收费情况' },
  pause: { pauseReason: 'inspection' },
  resume: {},
  conclude: { outcome: 'substantiated', actionTaken: '责令机构退还超期收费，并约谈负责人' },
};

export function stepBody(action: string, expectedVersion: number, refund = false): Record<string, unknown> {
  return { action, expectedVersion, ...fieldsFor[action], ...(action === 'conclude' && refund ? { amountRecovered: 120_000 } : {}) };
}

interface CaseDetail {
  case: { caseNumber: string; version: number; state: string; pause?: unknown };
}

export async function signedIn(app: App, username: string): Promise<StaffBrowser> {
  const staff = new StaffBrowser(app);
  await staff.signIn(username);
  return staff;
}

// ---------------------------------------------------------------------------
// 2. Transaction failures during filing and triage
// ---------------------------------------------------------------------------

export interface TransactionFailuresResult {
  cases: number;
  steps: number;
  injected: { txConflict: number; serverError: number; drop: number };
  statuses: Statuses;
  unexpected: string[];
  ms: number;
  report: ConsistencyReport;
}

/**
 * Files cases and takes each through accept, start, progress and conclude,
 * while transactions fail (conflicts, 500s, dropped connections), until at
 * least `failures` transaction attempts have failed; then checks the table.
 */
export async function transactionFailures(makeDb: MakeDb, options: { failures: number; seed: number; concurrency?: number }): Promise<TransactionFailuresResult> {
  const { app, db, faults } = await faultyApp(makeDb, options.seed);
  const institution = await listInstitution(db);
  // Arts institutions (the builders' default) go to culture; the rest of 浉河区's cases to its education office.
  const [education, culture] = await Promise.all([signedIn(app, 'shihe.editor'), signedIn(app, 'culture.editor')]);
  faults.plan = { rates: { TransactWriteItems: { txConflict: 0.45, serverError: 0.1, drop: 0.05 } } };
  faults.enabled = true;
  const statuses: Statuses = {};
  const unexpected: string[] = [];
  const failed = () => faults.stats.injected.txConflict + faults.stats.injected.serverError + faults.stats.injected.drop;
  let cases = 0;
  let steps = 0;
  const started = performance.now();
  const worker = async (w: number) => {
    for (let i = 0; failed() < options.failures; i++) {
      const refund = (w + i) % 2 === 0;
      const listed = (w + i) % 3 !== 0;
      const inst = listed ? { institution: { institutionId: institution.id } } : {};
      const key = newKey();
      const body = refund ? makeRefundDispute(inst) : makeComplaint(inst);
      const filed = await untilNot503(() => postJson(app, refund ? '/api/refund-disputes' : '/api/complaints', body, { key }), statuses);
      if (filed.status !== 201) {
        unexpected.push(`filing: ${filed.status}`);
        continue;
      }
      cases++;
      const { caseNumber, leadDepartment } = (await filed.json()) as { caseNumber: string; leadDepartment: { id: string } };
      const staff = leadDepartment.id.startsWith('culture') ? culture : education;
      let version = 1;
      for (const action of ['accept', 'start', 'progress', 'conclude']) {
        const res = await untilNot503(() => staff.post(`/api/admin/cases/${caseNumber}/transitions`, stepBody(action, version, refund)), statuses);
        if (res.status !== 200) {
          unexpected.push(`${action}: ${res.status} ${(await res.text()).slice(0, 200)}`);
          break;
        }
        steps++;
        version = ((await res.json()) as CaseDetail).case.version;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, (_, w) => worker(w)));
  const ms = performance.now() - started;
  faults.enabled = false;
  const { txConflict, serverError, drop } = faults.stats.injected;
  return { cases, steps, injected: { txConflict, serverError, drop }, statuses, unexpected, ms, report: await checkTable(db) };
}

// ---------------------------------------------------------------------------
// 3. Concurrent triage actions on the same cases
// ---------------------------------------------------------------------------

export interface InterleavingsResult {
  rounds: number;
  requests: number;
  statuses: Statuses;
  /** Rounds where not exactly one step landed. */
  badRounds: string[];
  /** Refusals not answered 409 with the case as it now is. */
  staleRefusals: string[];
  /** Cases whose version or events do not add up to the steps answered 200. */
  lostUpdates: string[];
  /** Faults injected (options.faults). */
  injected: FaultInjector['stats']['injected'];
  ms: number;
  report: ConsistencyReport;
}

const candidates: Record<string, string[]> = {
  submitted: ['accept', 'claim', 'note'],
  accepted: ['start', 'claim', 'note'],
  in_progress: ['progress', 'claim', 'note', 'pause'],
  paused: ['resume', 'claim', 'note', 'progress'],
};

/**
 * `rounds` rounds over `cases` cases (several cases at once): in each, three
 * steps on one case, sent at once by two members of staff of the leading
 * offices, on the version just read. Exactly one must land; the other two
 * must be answered 409 with the case as it now is.
 */
export async function triageInterleavings(makeDb: MakeDb, options: { rounds: number; cases: number; seed: number; faults?: FaultPlan }): Promise<InterleavingsResult> {
  const { app, db, faults } = await faultyApp(makeDb, options.seed);
  const rng = createRng(options.seed);
  const [a, b] = await Promise.all([signedIn(app, 'shihe.editor'), signedIn(app, 'city.publisher')]);
  const numbers: string[] = [];
  for (let i = 0; i < options.cases; i++) {
    const res = await postJson(app, '/api/complaints', makeComplaint());
    numbers.push(((await res.json()) as { caseNumber: string }).caseNumber);
  }
  const statuses: Statuses = {};
  const badRounds: string[] = [];
  const staleRefusals: string[] = [];
  const landed = new Map<string, number>(numbers.map((n) => [n, 0]));
  const perCase = Math.ceil(options.rounds / options.cases);
  let rounds = 0;
  if (options.faults) {
    faults.plan = options.faults;
    faults.enabled = true;
  }
  const started = performance.now();
  await Promise.all(
    numbers.map(async (n) => {
      for (let r = 0; r < perCase && rounds < options.rounds; r++) {
        rounds++;
        const stored = (await getCase(db, n))!.record;
        const state = stored.pause ? 'paused' : stored.state;
        const choices = candidates[state] ?? ['note', 'claim'];
        const sends = [a, b, rng.chance(0.5) ? a : b].map((who) => {
          const action = rng.pick(choices);
          return who.post(`/api/admin/cases/${n}/transitions`, stepBody(action, stored.version));
        });
        const answers = await Promise.all(sends);
        for (const res of answers) count(statuses, res.status);
        const ok = answers.filter((res) => res.status === 200).length;
        landed.set(n, landed.get(n)! + ok);
        if (ok !== 1) badRounds.push(`${n} v${stored.version}: ${answers.map((res) => res.status).join(',')}`);
        const now = (await getCase(db, n))!.record;
        for (const res of answers) {
          if (res.status === 200) continue;
          const body = (await res.json()) as { error?: { code?: string; current?: CaseDetail } };
          if (res.status !== 409 || body.error?.code !== 'conflict' || body.error.current?.case.version !== now.version) {
            staleRefusals.push(`${n} v${stored.version}: ${res.status} ${body.error?.code} current v${body.error?.current?.case.version ?? '-'} (now v${now.version})`);
          }
        }
      }
    }),
  );
  const ms = performance.now() - started;
  faults.enabled = false;
  const lostUpdates: string[] = [];
  const report = await checkTable(db);
  for (const n of numbers) {
    const stored = (await getCase(db, n))!;
    // Filed at version 1 with 2 events; each step that landed adds one version and one event.
    if (stored.record.version !== 1 + landed.get(n)! || stored.eventSeq !== 2 + landed.get(n)!) {
      lostUpdates.push(`${n}: version ${stored.record.version}, events ${stored.eventSeq}, steps answered 200: ${landed.get(n)}`);
    }
  }
  return { rounds, requests: Object.values(statuses).reduce((s, x) => s + x, 0), statuses, badRounds, staleRefusals, lostUpdates, injected: faults.stats.injected, ms, report };
}

export type { FaultInjector, FaultPlan };

// ---------------------------------------------------------------------------
// 4. The database killed and restarted during a load run
// ---------------------------------------------------------------------------

export interface KillRestartResult {
  forms: number;
  /** Answers while the load ran and the database died: status → count (`hang`: no answer within the client's timeout). */
  duringOutage: Statuses;
  answeredBeforeKill: number;
  /** Answers to the retries after the restart. */
  afterRestart: Statuses;
  restartMs: number;
  casesStored: number;
  /** Forms whose retries got a different case than their first receipt while that case still exists, or got none. */
  mismatched: string[];
  /**
   * Receipts answered before the kill whose case is gone after the restart:
   * DynamoDB Local (SQLite on disk) can lose its last acknowledged writes on
   * SIGKILL, which DynamoDB itself never does. Such a form is filed again on
   * retry, once.
   */
  lostByDatabase: string[];
  report: ConsistencyReport;
}

/**
 * Families file `forms` forms, `concurrency` at a time, on a DynamoDB Local
 * of the scenario's own (data on disk); after `killAfter` answers the
 * database is killed (SIGKILL) while the rest are sent. Every answer must be
 * 201 or 503 within the client's timeout. Then it is started again on the
 * same port and data, and every family sends its form again with the same
 * key: each form must end up filed exactly once.
 */
export interface KillRestartOptions {
  forms: number;
  concurrency: number;
  killAfter: number;
  timeoutMs: number;
  /**
   * The families send again once the hold on a form that was in flight at the
   * kill has run out (functions/cases/intake.ts CLAIM_HOLD_SECONDS): the
   * app's clock moves on by the hold at the restart, instead of the run
   * waiting for it. Without it (bench/faults.ts), a retry of such a form is
   * answered 503 (busy) until the hold runs out in real time, about 30 s.
   */
  retryAfterClaimHold?: boolean;
  /** DynamoDB Local on the JVM for short runs (scripts/lib/dynamo-local.ts `light`), as the test suite's own; bench/faults.ts keeps the default. */
  lightJvm?: boolean;
}

export async function killAndRestart(options: KillRestartOptions): Promise<KillRestartResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shouhu-dynamo-'));
  let dynamo = await startDynamoLocal({ dbPath: dataDir, timeoutMs: 180_000, light: options.lightJvm });
  const db = createDb({ tableName: 'faults-restart', region: 'local', endpoint: dynamo.endpoint });
  let clockAhead = 0;
  try {
    await ensureTable(db);
    const { store } = createTestStore();
    const app = createApp({ db, store, now: () => new Date(Date.now() + clockAhead) });
    const forms = Array.from({ length: options.forms }, (_, i) => ({
      key: newKey(),
      path: i % 3 === 0 ? '/api/refund-disputes' : '/api/complaints',
      body: i % 3 === 0 ? makeRefundDispute() : makeComplaint({ description: `第${i}号：机构收费不规范，要求一次缴纳一年学费。` }),
    }));
    const send = async (i: number): Promise<{ status: number | 'hang'; caseNumber?: string }> => {
      const f = forms[i]!;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), options.timeoutMs)));
      const answer = (async () => {
        const res = await postJson(app, f.path, f.body, { key: f.key, ip: `10.2.${i >> 8}.${i & 255}` });
        const body = (await res.json()) as { caseNumber?: string };
        return { status: res.status, ...(res.status === 201 && body.caseNumber ? { caseNumber: body.caseNumber } : {}) };
      })();
      try {
        return await Promise.race([answer, timeout.then((s) => ({ status: s }))]);
      } finally {
        clearTimeout(timer);
      }
    };

    const duringOutage: Statuses = {};
    const first = new Map<number, string>();
    let answered = 0;
    let answeredBeforeKill = 0;
    let killed: Promise<void> | undefined;
    let next = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < options.forms) {
          const i = next++;
          const r = await send(i);
          count(duringOutage, r.status);
          if (r.caseNumber) first.set(i, r.caseNumber);
          if (++answered === options.killAfter) {
            answeredBeforeKill = answered;
            killed = new Promise((resolve) => {
              dynamo.process.once('exit', () => resolve());
              dynamo.process.kill('SIGKILL');
            });
          }
        }
      }),
    );
    await killed;

    const restartStarted = performance.now();
    dynamo = await startDynamoLocal({ port: dynamo.port, dbPath: dataDir, timeoutMs: 180_000, light: options.lightJvm });
    const restartMs = performance.now() - restartStarted;
    if (options.retryAfterClaimHold) clockAhead = (CLAIM_HOLD_SECONDS + 1) * 1000;

    // Every family sends its form again, with the same key, until it is filed.
    const afterRestart: Statuses = {};
    const mismatched: string[] = [];
    const lostByDatabase: string[] = [];
    await Promise.all(
      forms.map(async (_, i) => {
        let r = await send(i);
        count(afterRestart, r.status);
        for (let tries = 1; tries < 20 && r.status !== 201; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          r = await send(i);
          count(afterRestart, r.status);
        }
        const before = first.get(i);
        if (before && before !== r.caseNumber && !(await getCase(db, before))) lostByDatabase.push(`form ${i}: ${before} gone, filed again as ${r.caseNumber ?? r.status}`);
        else if (!r.caseNumber || (before && before !== r.caseNumber)) mismatched.push(`form ${i}: first ${before ?? '-'}, now ${r.caseNumber ?? r.status}`);
      }),
    );
    const report = await checkTable(db);
    return { forms: options.forms, duringOutage, answeredBeforeKill, afterRestart, restartMs, casesStored: report.counts.cases, mismatched, lostByDatabase, report };
  } finally {
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

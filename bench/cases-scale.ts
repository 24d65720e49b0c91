/**
 * Benchmark: the staff reads of cases at scale (issue 15, "a million
 * cases"): the queue's first page and a later page, each filter, the
 * closed list, the at-a-glance counts, the dashboard and the risk ledger,
 * at BENCH_CASES_SMALL (default 10,000) and BENCH_CASES_LARGE (default
 * 100,000) cases, measured in the same run, the two tables taking turns
 * read by read.
 *
 * Seeding: TEMPLATES real filings go through the app (`createApp`, every
 * middleware, one transaction each) on a table whose client records every
 * transaction it sends. Each case of the large tables is one of those
 * transactions with the case number (and the idempotency key and its
 * record's hash) replaced (bench/lib/case-copies.ts): its Puts (record,
 * events, personal data, queue entries and their index entries, idempotency
 * record, outbox message) go into DynamoDB Local's database file while it is
 * stopped (BENCH_CASES_SEED=file, the default: a million cases in about half
 * an hour, where BatchWriteItem would take over three hours; the file's rows
 * are first compared, column by column, with the rows DynamoDB Local's own
 * BatchWriteItem wrote for the same 400 copies, bench/lib/dynamo-local-file.ts),
 * or through BatchWriteItem (BENCH_CASES_SEED=api); both sizes on disk
 * (`-dbPath` under bench/out/) in the first case, in memory in the second.
 * Its Updates (the stats and risk counter shards, functions/data/stats.ts
 * and risk.ts) are folded per item (the counters summed, the last case's
 * attributes kept) and applied once per item. So the items are what filing
 * writes. The copies' personal data keeps its template's ciphertext (no read
 * here decrypts it), and every case is filed "now", except the rare ones:
 * one copy in RARE_EVERY is moved (in its Put items: record, summary, queue
 * and index entries) to the state `accepted`, a district of its own
 * (RARE_DISTRICT) and a submission day of its own (RARE_DAY), so the T4
 * filters are asked for a value rare among many others (its deadline sort
 * key stays as filed: the order within the list is not what is measured).
 *
 * Each read goes through the data module's function that the route calls,
 * with the route's arguments; a middleware on the client counts, per read,
 * the requests sent, the items DynamoDB read (ScannedCount, or one per
 * GetItem) and the read capacity it reports (ConsumedCapacity): those do not
 * depend on the machine's load, and are the proof that a read is bounded.
 *
 * Budget: for each read, the median at the large size ≤ 2x the median at
 * the small size, and (load-independent) no more than 2x the items read (or a page, 50),
 * and a full page where the filter has more than a page of cases at the large size. Results: bench/out/cases-scale/results.json.
 * Run: `npm run bench -- cases-scale`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../functions/app.ts';
import { caseDashboard } from '../functions/cases/dashboard.ts';
import { riskLedger, thresholdsFor } from '../functions/cases/risk-ledger.ts';
import { countQueue, listQueue, type QueueFilter } from '../functions/data/cases.ts';
import { createDb, ensureTable, type Db } from '../functions/data/client.ts';
import { createInstitution } from '../functions/data/institutions.ts';
import { createFsStore } from '../functions/storage/fs-store.ts';
import { startDynamoLocal } from '../scripts/lib/dynamo-local.ts';
import { SHARED_DB_FILE } from './lib/dynamo-local-file.ts';
import { RARE_DAY, RARE_DISTRICT, RARE_EVERY, seedByFile, seedThroughApi, type Seeding, type Template, type TransactItem } from './lib/case-copies.ts';
import { makeInstitutionFields, testActor } from '../test/builders/institution.ts';

export const name = 'cases-scale';
export const budget = { ratio: 2 };

const SMALL = Number(process.env.BENCH_CASES_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_CASES_LARGE ?? 100_000);
const TEMPLATES = 200;
const INSTITUTIONS = 100;
/** A queue page: a list shorter than a page at the small size may read up to a page at the large one. */
const PAGE = 50;
const REPEATS = Number(process.env.BENCH_CASES_REPEATS ?? 15);
/** How the large tables are seeded: `file` (default) writes DynamoDB Local's database file, checked against its API first; `api` sends BatchWriteItem. */
const SEED = process.env.BENCH_CASES_SEED ?? 'file';
/** BENCH_CASES_KEEP=1: keep the tables seeded by file for the next run with the same sizes, and use the last run's when there are (keptSeeding). */
const KEEP = process.env.BENCH_CASES_KEEP === '1';
const outDir = join(import.meta.dirname, 'out', name);

const districts = ['411502', '411503', '411521', '411522', '411523', '411524', '411525', '411526', '411527', '411528'];
const kinds = ['fees', 'false_advertising', 'outside_hours', 'safety_hazard', 'unlicensed', 'disguised_tutoring', 'fire_hazard', 'other'];

function submission(i: number, institutions: string[]): { path: string; body: Record<string, unknown> } {
  const districtCode = districts[i % districts.length]!;
  const institutionId = institutions[i % institutions.length]!;
  const contact = { name: '家长', mobile: `139${String(10_000_000 + i).slice(-8)}` };
  if (i % 10 < 4) {
    return {
      path: '/api/refund-disputes',
      body: {
        institution: { institutionId },
        districtCode,
        contractOn: '2026-09-01',
        modelContractUsed: i % 2 === 0,
        paymentMethod: 'supervised_account',
        amountPaid: 480_000,
        lessonsBought: 48,
        lessonsConsumed: i % 48,
        pricePerLesson: 10_000,
        amountAsked: 100_000 + (i % 97) * 1000,
        contact,
        consent: true,
      },
    };
  }
  return {
    path: '/api/complaints',
    body: {
      kind: i % 10 === 4 ? 'child_harm' : kinds[i % kinds.length]!,
      institution: i % 10 < 9 ? { institutionId } : { unlistedName: `无证培训点${i}`, unlistedAddress: `某小区${i}栋` },
      districtCode,
      description: `第${i}号基准测试投诉：机构收费不规范，要求一次缴纳一年学费，并转账到个人账户。`,
      contact,
      consent: true,
    },
  };
}

/** Files TEMPLATES cases through the app and keeps each one's transaction. */
async function fileTemplates(db: Db): Promise<{ templates: Template[]; institutions: string[] }> {
  const institutions: string[] = [];
  for (let k = 0; k < INSTITUTIONS; k++) {
    const inst = await createInstitution(db, { id: `jg-scale-${k}`, fields: makeInstitutionFields({ category: k % 2 ? 'sports' : 'arts' }), status: 'approved', actor: testActor, now: new Date() });
    institutions.push(inst.id);
  }
  const sent: TransactItem[][] = [];
  db.doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { TransactItems?: TransactItem[] };
      if (input.TransactItems?.some((t) => t.Put?.Item?.entity === 'case')) sent.push(structuredClone(input.TransactItems));
      return next(args);
    },
    { step: 'initialize', name: 'captureCaseTransactions' },
  );
  const app = createApp({ db, store: createFsStore(join(outDir, 'store')) });
  const templates: Template[] = [];
  for (let i = 0; i < TEMPLATES; i++) {
    const s = submission(i, institutions);
    const key = `bench-scale-${String(i).padStart(6, '0')}`;
    const res = await app.request(
      `http://localhost${s.path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(s.body) },
      { incoming: { socket: { remoteAddress: `10.9.${(i >> 8) & 255}.${i & 255}` } } },
    );
    if (res.status !== 201) throw new Error(`template ${i}: HTTP ${res.status} ${await res.text()}`);
    const { caseNumber } = (await res.json()) as { caseNumber: string };
    const items = sent.at(-1)!;
    templates.push({ caseNumber, key, items });
  }
  return { templates, institutions };
}

interface Tally {
  requests: number;
  itemsRead: number;
  capacity: number;
}

/** Counts what each read costs: requests, items DynamoDB read, read capacity. */
function counting(db: Db): { db: Db; tally: Tally } {
  const tally: Tally = { requests: 0, itemsRead: 0, capacity: 0 };
  db.doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      const o = out.output as { ScannedCount?: number; Item?: unknown; Responses?: Record<string, unknown[]>; ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> };
      tally.requests++;
      tally.itemsRead += o.ScannedCount ?? (o.Item ? 1 : 0) + Object.values(o.Responses ?? {}).reduce((a, r) => a + r.length, 0);
      const cc = Array.isArray(o.ConsumedCapacity) ? o.ConsumedCapacity : o.ConsumedCapacity ? [o.ConsumedCapacity] : [];
      tally.capacity += cc.reduce((a, c) => a + (c.CapacityUnits ?? 0), 0);
      return out;
    },
    { step: 'initialize', name: 'countReads' },
  );
  return { db, tally };
}

interface Read {
  name: string;
  run: (db: Db) => Promise<{ rows?: number }>;
  /** A filter that must answer a full page at the large size (the rare value has more than a page of cases there). */
  fullPage?: boolean;
}

/** The filters' values read: the kind, institution and district commonest in the department's queue. */
type Pick = { kind: string; institutionId: string; district: string };

function reads(departmentId: string, pick: Pick, laterCursor: Map<Db, string | undefined>): Read[] {
  const now = new Date();
  const queue = (filter: QueueFilter, closed = false) => async (db: Db) => {
    const page = await listQueue(db, { departmentId, limit: PAGE, closed, filter });
    return { rows: page.items.length };
  };
  const inAYear = new Date(now.getTime() + 365 * 86_400_000);
  return [
    { name: 'queue, first page', run: queue({}) },
    {
      name: 'queue, 6th page (cursor)',
      run: async (db) => {
        const page = await listQueue(db, { departmentId, limit: PAGE, ...(laterCursor.get(db) ? { cursor: laterCursor.get(db)! } : {}) });
        return { rows: page.items.length };
      },
    },
    { name: 'filter kind (index partition)', run: queue({ kind: pick.kind }) },
    { name: 'filter institution (index partition)', run: queue({ institutionId: pick.institutionId }) },
    { name: 'filter district, a rare one (index partition, T4)', run: queue({ district: RARE_DISTRICT }), fullPage: true },
    { name: 'filter state, a rare one (index partition, T4)', run: queue({ state: 'accepted' }), fullPage: true },
    { name: 'filter dates, a rare day (gsi2 range, T4)', run: queue({ submittedFrom: `${RARE_DAY}T00:00:00.000Z`, submittedTo: `${RARE_DAY}T23:59:59.999Z` }), fullPage: true },
    { name: 'filter state and dates (the state list by date, T4)', run: queue({ state: 'accepted', submittedFrom: `${RARE_DAY}T00:00:00.000Z`, submittedTo: `${RARE_DAY}T23:59:59.999Z` }), fullPage: true },
    // Two or more of kind, institution, district, state (T4c): the combination's own key (combo<n>, combo<n>d), where the list of one of them plus a filter answered `partial` before.
    { name: 'filter district and state, a rare pair (combination, T4c)', run: queue({ district: RARE_DISTRICT, state: 'accepted' }), fullPage: true },
    { name: 'filter kind and district, both common (combination, T4c)', run: queue({ kind: pick.kind, district: pick.district }), fullPage: true },
    { name: 'filter institution, kind and state (combination, T4c)', run: queue({ institutionId: pick.institutionId, kind: pick.kind, state: 'submitted' }) },
    { name: 'filter all four and today (combination by date, T4c)', run: queue({ kind: pick.kind, institutionId: pick.institutionId, district: pick.district, state: 'submitted', submittedFrom: `${now.toISOString().slice(0, 10)}T00:00:00.000Z` }) },
    { name: 'filter kind, district, state and a rare day (combination by date, T4c)', run: queue({ kind: pick.kind, district: RARE_DISTRICT, state: 'accepted', submittedFrom: `${RARE_DAY}T00:00:00.000Z`, submittedTo: `${RARE_DAY}T23:59:59.999Z` }) },
    { name: 'filter dates, a day with none (gsi2 range, T4)', run: queue({ submittedFrom: '2020-01-01T00:00:00.000Z', submittedTo: '2020-01-01T23:59:59.999Z' }) },
    { name: 'closed list', run: queue({}, true) },
    {
      name: 'at a glance (counts), today',
      run: async (db) => {
        const c = await countQueue(db, { departmentId, now: now.toISOString(), soonBefore: new Date(now.getTime() + 3 * 86_400_000).toISOString() });
        return { rows: c.overdue + c.dueSoon + c.paused };
      },
    },
    {
      name: 'at a glance (counts), a year on: all overdue',
      run: async (db) => {
        const c = await countQueue(db, { departmentId, now: inAYear.toISOString(), soonBefore: inAYear.toISOString() });
        return { rows: c.overdue };
      },
    },
    { name: 'dashboard (12 weeks)', run: async (db) => ({ rows: (await caseDashboard(db, { departmentId, now })).byKind.reduce((a, k) => a + k.count, 0) }) },
    { name: 'risk ledger', run: async (db) => ({ rows: (await riskLedger(db, { departmentId, now, thresholds: thresholdsFor() })).length }) },
  ];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : 0;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Files the templates through the app, picks the department and filters to read, and seeds each size's table. */
async function fileAndSeed(
  fresh: (table: string) => Promise<Db>,
  local: Parameters<typeof seedByFile>[0],
  byFile: boolean,
  sizes: number[],
): Promise<{ departmentId: string; pick: Pick; seeded: Map<number, Seeding> }> {
  const { templates, institutions } = await fileTemplates(await fresh('scale-templates'));
  // The department with the most queue entries, and the kind, district and institution most common in its queue.
  const entries = templates.flatMap((t) => t.items.map((i) => i.Put?.Item).filter((item) => item?.entity === 'case_queue' && String(item.sk).split('#').length === 2)) as Array<Record<string, string>>;
  const commonest = (values: string[]) => [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1]).map(([v]) => v);
  const departmentId = commonest(entries.map((e) => e.departmentId!))[0]!;
  const mine = entries.filter((e) => e.departmentId === departmentId);
  const pick = { kind: commonest(mine.map((e) => e.kind!))[0]!, institutionId: commonest(mine.flatMap((e) => (e.institutionId ? [e.institutionId] : [])))[0] ?? institutions[0]!, district: '' };
  // The district of the picked institution's cases (each institution's cases are in one district here).
  pick.district = commonest(mine.filter((e) => e.institutionId === pick.institutionId).map((e) => e.districtCode!))[0] ?? districts[0]!;
  const seeded = byFile ? await seedByFile(local, fresh, templates, sizes) : await seedThroughApi(fresh, templates, sizes);
  return { departmentId, pick, seeded };
}

/**
 * With BENCH_CASES_KEEP=1, the tables a previous run with the same sizes
 * seeded by file and kept (its results.json names the department and the
 * filters it read): a change to a read measured again without seeding a
 * million cases anew (half an hour). Undefined when there are none.
 */
function keptSeeding(dbPath: string, sizes: number[]): { departmentId: string; pick: Pick; seeded: Map<number, Seeding> } | undefined {
  const resultsFile = join(outDir, 'results.json');
  if (!existsSync(join(dbPath, SHARED_DB_FILE)) || !existsSync(resultsFile)) return undefined;
  const last = JSON.parse(readFileSync(resultsFile, 'utf8')) as { sizes: number[]; departmentId: string; pick: Pick; seeding: Array<Seeding & { n: number }>; seededBy?: string };
  if (last.seededBy !== 'file' || last.sizes.join() !== sizes.join()) return undefined;
  return { departmentId: last.departmentId, pick: last.pick, seeded: new Map(last.seeding.map(({ n, ...seeding }) => [n, seeding])) };
}

export async function run(): Promise<{ ok: boolean; summary: string }> {
  mkdirSync(outDir, { recursive: true });
  const loadAtStart = loadavg().map((x) => round(x, 2));
  const byFile = SEED !== 'api';
  const dbPath = join(outDir, 'dynamodb');
  const sizes = [SMALL, LARGE];
  const kept = byFile && KEEP ? keptSeeding(dbPath, sizes) : undefined;
  if (!kept) rmSync(dbPath, { recursive: true, force: true });
  let dynamo = await startDynamoLocal(byFile ? { dbPath } : {});
  const local = {
    dbPath,
    stop: () => dynamo.stop(),
    /** Starts DynamoDB Local again on the same folder; `fresh` then names the new endpoint. */
    start: async () => {
      dynamo = await startDynamoLocal({ dbPath });
      return dynamo.endpoint;
    },
  };
  try {
    const fresh = async (table: string) => {
      const db = createDb({ tableName: table, region: 'local', endpoint: dynamo.endpoint });
      await ensureTable(db);
      return db;
    };
    const { departmentId, pick, seeded } = kept ?? (await fileAndSeed(fresh, local, byFile, sizes));
    const dbs: Array<{ n: number; db: Db; tally: Tally; seeding: Seeding }> = [];
    for (const n of sizes) {
      const { db, tally } = counting(createDb({ tableName: `scale-${n}`, region: 'local', endpoint: dynamo.endpoint }));
      const seeding = seeded.get(n)!;
      console.log(`  seeded ${n} cases (${seeding.items} items, ${seeding.counterItems} counter items) in ${seeding.seconds} s${byFile ? ' (by file)' : ''}${kept ? ', by the run that kept them' : ''}`);
      dbs.push({ n, db, tally, seeding });
    }
    const laterCursor = new Map<Db, string | undefined>();
    for (const { db } of dbs) {
      let cursor: string | undefined;
      for (let p = 0; p < 5; p++) cursor = (await listQueue(db, { departmentId, limit: PAGE, ...(cursor ? { cursor } : {}) })).cursor;
      laterCursor.set(db, cursor);
    }

    const list = reads(departmentId, pick, laterCursor);
    const results = [];
    let ok = true;
    for (const read of list) {
      const per = dbs.map(() => ({ ms: [] as number[], requests: 0, itemsRead: 0, capacity: 0, rows: 0 }));
      // Warm-up, then the sizes take turns.
      for (const { db } of dbs) await read.run(db);
      for (let r = 0; r < REPEATS; r++) {
        for (const [k, { db, tally }] of dbs.entries()) {
          const before = { ...tally };
          const t0 = performance.now();
          const out = await read.run(db);
          per[k]!.ms.push(performance.now() - t0);
          per[k]!.requests = tally.requests - before.requests;
          per[k]!.itemsRead = tally.itemsRead - before.itemsRead;
          per[k]!.capacity = round(tally.capacity - before.capacity);
          per[k]!.rows = out.rows ?? 0;
        }
      }
      const [small, large] = per.map((p) => ({ ...p, medianMs: round(median(p.ms)), ms: undefined }));
      const ratio = round(large!.medianMs / Math.max(small!.medianMs, 0.1), 2);
      // Load-independent: a read that is bounded reads no more items at the large size than 2x at the small one (or a page), and answers a full page where there is one.
      // A filter of a rare value answers a full page at the large size, from its key.
      const bounded = large!.itemsRead <= budget.ratio * Math.max(small!.itemsRead, PAGE) && (!read.fullPage || large!.rows === PAGE);
      const within = ratio <= budget.ratio && bounded;
      ok &&= within;
      results.push({ read: read.name, small, large, ratio, bounded, within });
    }
    const machine = { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg().map((x) => round(x, 2)) };
    writeFileSync(join(outDir, 'results.json'), `${JSON.stringify({ sizes, seededBy: byFile ? 'file' : 'api', departmentId, pick, templates: TEMPLATES, institutions: INSTITUTIONS, repeats: REPEATS, seeding: dbs.map((d) => ({ n: d.n, ...d.seeding })), results, machine }, null, 2)}\n`);
    const lines = [
      `  ${SMALL} vs ${LARGE} cases, department ${departmentId} (kind ${pick.kind}, institution ${pick.institutionId}; rare: 1 copy in ${RARE_EVERY}, state accepted, district ${RARE_DISTRICT}, day ${RARE_DAY}), ${REPEATS} reads each, sizes taking turns; ${machine.cpus} CPUs, load ${loadAtStart.join(' ')} at start, ${machine.loadAverageAtEnd.join(' ')} at end`,
      ...dbs.map((d) => `  seeding ${d.n}: ${d.seeding.items} items + ${d.seeding.counterItems} counter items in ${d.seeding.seconds} s`),
      `  read | median ms small / large | ratio | requests | items read | RCU | rows`,
      ...results.map(
        (r) =>
          `  ${r.within ? '✓' : '✗'} ${r.read}${r.bounded ? '' : ' [unbounded or short]'} | ${r.small!.medianMs} / ${r.large!.medianMs} | ${r.ratio}x | ${r.small!.requests} / ${r.large!.requests} | ${r.small!.itemsRead} / ${r.large!.itemsRead} | ${r.small!.capacity} / ${r.large!.capacity} | ${r.small!.rows} / ${r.large!.rows}`,
      ),
    ];
    return { ok, summary: lines.join('\n') };
  } finally {
    await dynamo.stop();
    // A million cases' file is about 54 GB: left behind only when asked for (BENCH_CASES_KEEP=1).
    if (!KEEP) rmSync(dbPath, { recursive: true, force: true });
  }
}

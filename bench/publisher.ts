/**
 * Benchmark: the publisher at 100,000 institutions (BENCH_PUBLISHER_COUNT),
 * on DynamoDB Local (in memory, started here) and the local public store
 * (files on disk, written as the S3 store writes: whole objects, only when the
 * content changed), through exactly what the Lambda runs per invocation for
 * institutions (`publishInstitutionsUntil`, functions/jobs/publish-run.ts),
 * with the pages also at their `path/` keys (withDirectoryKeys), as in AWS.
 *
 * Phases, one after the other on one table:
 * 1. first publication: all N institutions waiting (seeded by BatchWriteItem,
 *    records only), published in one go; or, with BENCH_PUBLISHER_SEED=published,
 *    seeded as already published (records marked published, the summaries and
 *    search files written once from their summaries, the re-render of the
 *    first shell recorded as done; no pages: the re-render writes them);
 * 2. steady state: 1,000 status changes a minute (BENCH_PUBLISHER_RATE) for
 *    BENCH_PUBLISHER_MINUTES, the publisher running back to back as the
 *    stream and schedule wake it; two lags from the change's commit: its page
 *    written (`onPages`) and the lists written, so that it is in the search
 *    (a hook, called after the summaries and search files);
 * 4. a run with nothing changed: files written (must be 0);
 * 3. a full re-render after a new shell, in runs of BENCH_PUBLISHER_RUN_SECONDS
 *    (each a fresh call that reads the checkpoint, as a new invocation would),
 *    while the same 1,000 changes a minute arrive: total time, runs, and the
 *    lags of the changes made during it; stopped after
 *    BENCH_PUBLISHER_RERENDER_MAX_MINUTES (default the budget) if not done;
 *    then a run with nothing changed again.
 *
 * The store is the run's (publishOnce): each page also at its `path/` key and
 * as its 长者模式 copy under `elder/`, every key compared before it is written;
 * files written are counted by kind.
 *
 * Budgets: both lags' p95 and max ≤ 60 s in phases 2 and 3; the full re-render
 * well within an hour (≤ 30 min here); phase 4 writes no file.
 * Results go to bench/out/publisher/results.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, ensureTable, type Db } from '../functions/data/client.ts';
// eslint-disable-next-line no-restricted-imports -- the seed writes records straight into the table (100,000 through the repository would take most of the run)
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { changeStatus, getInstitution, recordItem } from '../functions/data/institutions.ts';
import { Institution } from '../shared/schemas/institution.ts';
import { runPool } from '../functions/import/pool.ts';
import { publishInstitutionsUntil } from '../functions/jobs/publish-run.ts';
import { PUBLISH_HOOKS, type PublishHook } from '../functions/publish/hooks.ts';
import { SHELL_KEY, SHELL_MARKERS, writeLists, type SummaryCache } from '../functions/publish/publisher.ts';
import { renderKeyOf, supervisionPairs } from '../functions/publish/republish.ts';
import { pinyinInitials } from '../functions/publish/initials.ts';
import { saveRepublishProgress } from '../functions/data/publish-progress.ts';
import { toPublicSummary } from '../shared/rules/institution.ts';
import type { InstitutionSummary } from '../shared/schemas/institution.ts';
import type { PublicStore } from '../functions/storage/types.ts';
import { onlyChanged } from '../functions/storage/changed-only.ts';
import { withDirectoryKeys } from '../functions/storage/directory-keys.ts';
import { withElderPages } from '../functions/storage/elder-pages.ts';
import { createFsStore } from '../functions/storage/fs-store.ts';
import { generateInstitutions } from '../scripts/demo/institutions.ts';
import { startDynamoLocal } from '../scripts/lib/dynamo-local.ts';

export const name = 'publisher';
export const budget = { lagSeconds: 60, rerenderMinutes: 30 };

const COUNT = Number(process.env.BENCH_PUBLISHER_COUNT ?? 100_000);
const RATE_PER_MINUTE = Number(process.env.BENCH_PUBLISHER_RATE ?? 1000);
const STEADY_MINUTES = Number(process.env.BENCH_PUBLISHER_MINUTES ?? 2);
const RUN_SECONDS = Number(process.env.BENCH_PUBLISHER_RUN_SECONDS ?? 120);
const SEED_PUBLISHED = process.env.BENCH_PUBLISHER_SEED === 'published';
const RERENDER_MAX_MINUTES = Number(process.env.BENCH_PUBLISHER_RERENDER_MAX_MINUTES ?? budget.rerenderMinutes);
const ORIGIN = 'https://shouhu.example.cn';
const actor = { staffId: 'bench', name: '基准测试', departmentId: 'education-411500' };
const outDir = join(import.meta.dirname, 'out', name);

const shellOf = (edition: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${SHELL_MARKERS.title} - 守护</title><meta name="description" content="${SHELL_MARKERS.description}"><link rel="stylesheet" href="/_astro/site.${edition}.css"></head><body><header>守护</header><main>${SHELL_MARKERS.content}</main><footer>信阳市</footer></body></html>`;

const s1 = (ms: number) => Math.round(ms / 100) / 10;
function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const lagStats = (xs: number[]) => ({ count: xs.length, p50: s1(percentile(xs, 50)), p95: s1(percentile(xs, 95)), max: s1(Math.max(...xs)) });
const lagText = (l: ReturnType<typeof lagStats>) => `p50 ${l.p50} s, p95 ${l.p95} s, max ${l.max} s (${l.count})`;

/** What kind of file a key is, for counting the files written. */
function kindOf(key: string): string {
  if (key.startsWith('data/summaries/base-')) return 'summaries base';
  if (key.startsWith('data/summaries/delta-')) return 'summaries delta';
  if (key.startsWith('data/summaries/')) return 'summaries manifest';
  if (key.startsWith('data/')) return 'search files';
  const elder = key.startsWith('elder/') ? 'elder ' : '';
  const k = elder ? key.slice('elder/'.length) : key;
  if (k.endsWith('/index.html')) return `${elder}page`;
  if (k.endsWith('/')) return `${elder}page path/`;
  if (k.endsWith('qr.svg')) return 'qr';
  if (k.endsWith('.xml') || k.includes('feed')) return 'feed';
  return 'other';
}

/** Counts what reaches the store (what the changed-only store above it decided to write), by kind. */
function countingKinds(store: PublicStore) {
  const written: Record<string, number> = {};
  return {
    written,
    store: {
      get: (key: string) => store.get(key),
      etag: (key: string) => store.etag(key),
      sha256: (key: string) => store.sha256!(key),
      async put(key, body, options) {
        await store.put(key, body, options);
        const kind = kindOf(key);
        written[kind] = (written[kind] ?? 0) + 1;
      },
    } satisfies PublicStore,
  };
}

/** 1,000 changes a minute, each a status change (approved ⇄ rectification) of a random institution; the commit time of each by id and version. */
function startChanges(db: Db, ids: string[], committed: Map<string, number>) {
  let stopped = false;
  let made = 0;
  let conflicts = 0;
  const gap = 60_000 / RATE_PER_MINUTE;
  const started = performance.now();
  const loop = async () => {
    while (!stopped) {
      const due = started + made * gap;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (stopped) break;
      made += 1;
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      // Not awaited one after another: changes arrive at the rate whatever each takes.
      void (async () => {
        const inst = await getInstitution(db, id);
        if (!inst) return;
        const status = inst.status === 'approved' ? 'rectification' : 'approved';
        const next = await changeStatus(db, { id, change: { status, on: '2026-12-04', reason: '基准测试状态变更' }, expectedVersion: inst.version, actor, now: new Date() });
        committed.set(`${id}#${next.version}`, Date.now());
      })().catch(() => (conflicts += 1));
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped = true;
      await running;
      return { made, conflicts };
    },
  };
}

export async function run(): Promise<{ ok: boolean; summary: string }> {
  const load = [loadavg()[0]!.toFixed(1)];
  const dynamo = await startDynamoLocal();
  const dir = await mkdtemp(join(tmpdir(), 'shouhu-bench-publisher-'));
  try {
    const db = createDb({ tableName: 'bench-publisher', region: 'local', endpoint: dynamo.endpoint });
    await ensureTable(db);
    const base = createFsStore(dir);
    const kinds = countingKinds(base);
    const counted = onlyChanged(kinds.store);
    // As publishOnce builds it: each page at its `path/` key and as its elder copy, every key compared first.
    const store = withElderPages(withDirectoryKeys(counted));
    await base.put(SHELL_KEY, shellOf('one'), { contentType: 'text/html', cacheControl: 'no-cache' });
    const cache: SummaryCache = {};
    const committed = new Map<string, number>();
    let pageLags: number[] = [];
    let searchLags: number[] = [];
    const lagOf = (into: number[], at: number, id: string, version: number) => {
      const t = committed.get(`${id}#${version}`);
      if (t !== undefined) into.push(at - t);
    };
    const lagHook: PublishHook = {
      name: 'bench-lag',
      async afterPages({ changes }) {
        const at = Date.now();
        for (const c of changes) lagOf(searchLags, at, c.institution.id, c.institution.version);
      },
    };
    const options = {
      db,
      store,
      publicOrigin: ORIGIN,
      cache,
      hooks: [...PUBLISH_HOOKS, lagHook],
      onPages: (items: readonly { id: string; version: number }[]) => {
        const at = Date.now();
        for (const i of items) lagOf(pageLags, at, i.id, i.version);
      },
    };
    const snapshotCounts = () => ({ ...counted.counts, kinds: { ...kinds.written } });
    const delta = (before: ReturnType<typeof snapshotCounts>) => ({
      written: counted.counts.written - before.written,
      skipped: counted.counts.skipped - before.skipped,
      kinds: Object.fromEntries(Object.entries(kinds.written).map(([k, n]) => [k, n - (before.kinds[k] ?? 0)]).filter(([, n]) => n !== 0)),
    });
    const resetLags = () => {
      pageLags = [];
      searchLags = [];
    };

    // ── Seed: N institutions, waiting to be published ──
    const t0 = performance.now();
    const records = generateInstitutions({ count: COUNT, seed: 2026 });
    const at = '2026-11-01T02:00:00.000Z';
    const institutions = records.map((r) => Institution.parse({ ...r.fields, id: r.id, status: r.status, statusHistory: r.statusHistory, createdAt: at, updatedAt: at, version: r.statusHistory.length }));
    const items = institutions.map((inst) => {
      const item: Record<string, unknown> = recordItem(inst);
      if (!SEED_PUBLISHED) return item;
      // Already published at this version: off the waiting index.
      const { gsi2pk: _pk, gsi2sk: _sk, ...published } = item;
      return { ...published, publishedVersion: inst.version };
    });
    const groups: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += 25) groups.push(items.slice(i, i + 25));
    // Records only (the publisher reads nothing else), 25 to a BatchWriteItem: a seed, not the import's path.
    const seeded = await runPool(
      groups,
      async (group) => {
        let pending = group.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending } }));
          pending = (out.UnprocessedItems?.[db.tableName] ?? []) as typeof pending;
        }
      },
      { concurrency: 8, stopOnError: true },
    );
    if (seeded.some((o) => o.state === 'failed')) throw new Error('seeding failed');
    if (SEED_PUBLISHED) {
      // The lists as the first publication leaves them, and its render recorded as done for the first shell.
      const summaries = new Map<string, InstitutionSummary>(institutions.map((inst) => [inst.id, toPublicSummary(inst, pinyinInitials)]));
      const tLists = performance.now();
      await writeLists(base, cache, summaries, summaries.keys(), new Date());
      console.log(`  the lists written once from all ${COUNT} (the summaries' base and the search files): ${s1(performance.now() - tLists)} s`);
      const stamp = new Date().toISOString();
      await saveRepublishProgress(db, { renderKey: renderKeyOf(shellOf('one'), ORIGIN), pair: supervisionPairs().length, pages: 0, done: true, startedAt: stamp, updatedAt: stamp }, undefined);
    }
    const seedMs = performance.now() - t0;
    const ids = records.map((r) => r.id);
    console.log(`  seeded ${COUNT}${SEED_PUBLISHED ? ' as published' : ''} in ${s1(seedMs)} s`);

    // ── 1. First publication of everything ──
    let before = snapshotCounts();
    const t1 = performance.now();
    const first = SEED_PUBLISHED ? { published: 0 } : await publishInstitutionsUntil(options, Date.now() + 3 * 3600_000);
    const firstMs = performance.now() - t1;
    const firstFiles = delta(before);
    load.push(loadavg()[0]!.toFixed(1));
    console.log(`  first publication: ${first.published} in ${s1(firstMs)} s, ${JSON.stringify(firstFiles)}`);

    // ── 2. Steady state: 1,000 changes a minute ──
    resetLags();
    before = snapshotCounts();
    const steadyChanges = startChanges(db, ids, committed);
    const steadyEnd = Date.now() + STEADY_MINUTES * 60_000;
    let steadyRuns = 0;
    while (Date.now() < steadyEnd) {
      await publishInstitutionsUntil(options, Math.min(steadyEnd, Date.now() + RUN_SECONDS * 1000));
      steadyRuns += 1;
      if (Date.now() < steadyEnd) await new Promise((r) => setTimeout(r, 500));
    }
    const steadyMade = await steadyChanges.stop();
    await publishInstitutionsUntil(options, Date.now() + 60_000);
    const steadyLags = { page: lagStats(pageLags), search: lagStats(searchLags) };
    const steadyFiles = delta(before);
    load.push(loadavg()[0]!.toFixed(1));
    console.log(`  steady state: ${JSON.stringify(steadyMade)} lag ${JSON.stringify(steadyLags)} ${JSON.stringify(steadyFiles)}`);

    // ── 4. Nothing changed ──
    const quietRun = async () => {
      const b = snapshotCounts();
      const t = performance.now();
      const r = await publishInstitutionsUntil(options, Date.now() + 60_000);
      return { seconds: s1(performance.now() - t), published: r.published, republished: r.republished, files: delta(b) };
    };
    const quiet = await quietRun();
    console.log(`  nothing changed: ${JSON.stringify(quiet)}`);

    // ── 3. A new shell: the full re-render, resumed run after run, while changes arrive ──
    resetLags();
    before = snapshotCounts();
    await base.put(SHELL_KEY, shellOf('two'), { contentType: 'text/html', cacheControl: 'no-cache' });
    const rerenderChanges = startChanges(db, ids, committed);
    const t3 = performance.now();
    let runs = 0;
    let rerendered = 0;
    let rerenderDone = false;
    /** When the last slice ended (the run that finished it goes on with the changes until its deadline). */
    let rerenderEndedMs: number | undefined;
    for (;;) {
      const r = await publishInstitutionsUntil(options, Date.now() + RUN_SECONDS * 1000);
      runs += 1;
      rerendered += r.republished;
      rerenderDone = r.republishDone;
      if (r.republishDoneAt !== undefined) rerenderEndedMs = r.republishDoneAt - performance.timeOrigin;
      const elapsed = performance.now() - t3;
      console.log(`    run ${runs}: ${r.republished} pages re-rendered (${rerendered} in ${s1(elapsed)} s), ${r.published} changes published, done ${r.republishDone}; load ${loadavg()[0]!.toFixed(1)}`);
      if (r.republishDone || elapsed >= RERENDER_MAX_MINUTES * 60_000) break;
    }
    const runsMs = performance.now() - t3;
    // The re-render's own time: to its last slice, not to the end of the run it ended in.
    const rerenderMs = (rerenderEndedMs ?? performance.now()) - t3;
    const rerenderMade = await rerenderChanges.stop();
    await publishInstitutionsUntil(options, Date.now() + 60_000);
    const rerenderLags = { page: lagStats(pageLags), search: lagStats(searchLags) };
    const rerenderFiles = delta(before);
    load.push(loadavg()[0]!.toFixed(1));

    // ── 4 again, after the re-render ──
    const quietAfter = rerenderDone ? await quietRun() : undefined;

    const results = {
      count: COUNT,
      ratePerMinute: RATE_PER_MINUTE,
      loadAverage: load,
      seededAsPublished: SEED_PUBLISHED,
      seedSeconds: s1(seedMs),
      first: { published: first.published, seconds: s1(firstMs), perSecond: Math.round(first.published / (firstMs / 1000)), files: firstFiles },
      steady: { minutes: STEADY_MINUTES, runs: steadyRuns, changes: steadyMade, lagSeconds: steadyLags, files: steadyFiles },
      quiet,
      rerender: { runSeconds: RUN_SECONDS, runs, done: rerenderDone, pages: rerendered, seconds: s1(rerenderMs), runsSeconds: s1(runsMs), pagesPerSecond: Math.round(rerendered / (rerenderMs / 1000)), changes: rerenderMade, lagSeconds: rerenderLags, files: rerenderFiles },
      quietAfter,
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

    const within = (l: ReturnType<typeof lagStats>) => l.p95 <= budget.lagSeconds && l.max <= budget.lagSeconds;
    const ok =
      within(steadyLags.page) &&
      within(steadyLags.search) &&
      within(rerenderLags.page) &&
      within(rerenderLags.search) &&
      rerenderDone &&
      rerenderMs <= budget.rerenderMinutes * 60_000 &&
      rerendered >= COUNT - rerenderMade.made &&
      quiet.files.written === 0 &&
      quietAfter?.files.written === 0;
    const filesText = (f: ReturnType<typeof delta>) => `files written ${f.written} (${Object.entries(f.kinds).map(([k, n]) => `${k} ${n}`).join(', ')}), unchanged ${f.skipped}`;
    const summary = [
      `  ${COUNT} institutions; load average ${load.join(' → ')}`,
      `  seeded (BatchWriteItem${SEED_PUBLISHED ? ', as published, with the lists' : ', records only'})  ${s1(seedMs)} s`,
      `  1. first publication         ${SEED_PUBLISHED ? 'seeded instead' : `${first.published} in ${s1(firstMs)} s (${results.first.perSecond}/s); ${filesText(firstFiles)}`}`,
      `  2. ${RATE_PER_MINUTE} changes/min for ${STEADY_MINUTES} min  ${steadyMade.made} made; page public after ${lagText(steadyLags.page)}; in the search after ${lagText(steadyLags.search)}; ${filesText(steadyFiles)}`,
      `  4. nothing changed            ${quiet.seconds} s; files written ${quiet.files.written}, unchanged ${quiet.files.skipped}`,
      `  3. full re-render (new shell) ${rerenderDone ? 'done' : `NOT DONE after ${RERENDER_MAX_MINUTES} min`}: ${rerendered} pages in ${s1(rerenderMs)} s (to its last slice; the runs ${s1(runsMs)} s) over ${runs} runs of ≤ ${RUN_SECONDS} s (${results.rerender.pagesPerSecond} pages/s); ${rerenderMade.made} changes meanwhile: page after ${lagText(rerenderLags.page)}, search after ${lagText(rerenderLags.search)}; ${filesText(rerenderFiles)}`,
      `  4. nothing changed, after it   ${quietAfter ? `${quietAfter.seconds} s; files written ${quietAfter.files.written}, unchanged ${quietAfter.files.skipped}` : 'not run (re-render not done)'}`,
      `  budget: lag p95 and max ≤ ${budget.lagSeconds} s; re-render ≤ ${budget.rerenderMinutes} min; a quiet run writes nothing`,
    ].join('\n');
    return { ok, summary };
  } finally {
    await dynamo.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

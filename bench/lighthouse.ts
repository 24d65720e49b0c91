/**
 * Benchmark: Lighthouse (mobile, its default simulated throttling: a
 * mid-range phone on slow 4G, CPU ×4) on the public pages a parent opens,
 * served as `npm start` serves them: the site built into a temporary folder,
 * DynamoDB Local in memory with one listed centre, the publisher run once
 * (its page and the search snapshot), the local server (the Hono app plus
 * the files, with the production CSP) on 127.0.0.1, and Debian's Chromium
 * (--headless=new --no-sandbox).
 *
 * Pages: the home page, the search page, a centre's page, the complaint
 * form, the refund form, the fee checker. Each is measured
 * `BENCH_LIGHTHOUSE_RUNS` times (default 3); the median run and the best
 * run (by performance score, then blocking time) are reported.
 * `BENCH_LIGHTHOUSE_PAGES=complaint,refund` measures some pages only.
 *
 * Budgets: performance ≥ 98 and accessibility 100 on every page; total
 * blocking time ≤ 200 ms on the two forms; checked on the best run. Why the
 * best: simulated throttling computes the metrics from a trace of the
 * page's own work, multiplied for a slower phone, so on a machine shared
 * with other jobs (load 30–50 on 2 cores here) Chromium's own tasks stretch
 * and a page with no script at all has measured 9 s of "blocking time".
 * Other jobs only ever add to a run; a page whose script really blocks (the
 * forms before: 10–13 s in every run) misses in every run, the best
 * included. The median, the load average and Lighthouse's benchmark index
 * of the machine (lower: slower) are reported beside.
 *
 * And, from the build: every script each form's page can load (its modules,
 * what they import, the workers they start), at most 60 KB gzipped together.
 *
 * Results: bench/out/lighthouse/summary.json and one report per page
 * (HTML). Run: `npm run bench -- lighthouse`.
 */
import type { ServerType } from '@hono/node-server';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import lighthouse from 'lighthouse';
import { createDb, ensureTable } from '../functions/data/client.ts';
import { createInstitution } from '../functions/data/institutions.ts';
import { publishNotices } from '../functions/publish/notices.ts';
import { publishChanges } from '../functions/publish/publisher.ts';
import { startLocalServer } from '../functions/server.ts';
import { createFsStore } from '../functions/storage/fs-store.ts';
import { startDynamoLocal } from '../scripts/lib/dynamo-local.ts';
import { makeInstitutionFields, testActor } from '../test/builders/institution.ts';
import { CHROMIUM_PATH } from '../test/support/browser.ts';
import { runMeasured } from './lib/measure-process.ts';
import { pageScripts } from './lib/page-scripts.ts';

export const name = 'lighthouse';
export const budget = { performance: 98, accessibility: 100, formTbtMs: 200, formScriptsGzipBytes: 60 * 1024 };

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
/** Some pages only (`BENCH_LIGHTHOUSE_PAGES=complaint,refund`); all by default. */
const ONLY = process.env.BENCH_LIGHTHOUSE_PAGES?.split(',').filter(Boolean);
const root = resolve(import.meta.dirname, '..');
const astroBin = join(root, 'node_modules/astro/bin/astro.mjs');
const outDir = join(import.meta.dirname, 'out', name);
const CENTRE_ID = 'shihe-swan';

const PAGES: ReadonlyArray<{ key: string; path: string; form?: true }> = [
  { key: 'home', path: '/' },
  { key: 'search', path: '/institutions/' },
  { key: 'centre', path: `/institutions/${CENTRE_ID}/` },
  { key: 'complaint', path: '/complaints/new/', form: true },
  { key: 'refund', path: '/refunds/new/', form: true },
  { key: 'fee-checker', path: '/fees/check/' },
];

interface Figures {
  performance: number;
  accessibility: number;
  tbtMs: number;
  fcpMs: number;
  lcpMs: number;
  cls: number;
  scriptBytes: number;
  totalBytes: number;
  failedAudits: string[];
  /** Lighthouse's measure of the machine's speed at the time (lower: slower, e.g. a loaded machine). */
  benchmarkIndex: number;
}

/** Debian's Chromium with a DevTools port of its own choosing, for Lighthouse to drive. */
async function startChromium(profile: string): Promise<{ port: number; process: ChildProcess }> {
  const child = spawn(
    CHROMIUM_PATH,
    ['--headless=new', '--no-sandbox', '--remote-debugging-port=0', `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((done, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`Chromium gave no DevTools port in 60 s: ${seen.slice(-500)}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
      if (match) {
        clearTimeout(timer);
        done(Number(match[1]));
      }
    });
    child.once('exit', (code) => fail(new Error(`Chromium exited (${code}): ${seen.slice(-500)}`)));
  });
  return { port, process: child };
}

async function measure(url: string, port: number, key: string, run: number): Promise<Figures> {
  const result = await lighthouse(url, { port, output: 'html', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  writeFileSync(join(outDir, `${key}-${run}.html`), String(result.report));
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const items = (lhr.audits['resource-summary']?.details as { items?: Array<{ resourceType: string; transferSize: number }> } | undefined)?.items ?? [];
  const size = (type: string) => items.find((i) => i.resourceType === type)?.transferSize ?? 0;
  const failedAudits = Object.values(lhr.categories)
    .flatMap((category) => category.auditRefs.filter((ref) => ref.weight > 0).map((ref) => lhr.audits[ref.id]!))
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
    .map((a) => `${a.id} ${a.displayValue ?? ''}`.trim());
  return {
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    tbtMs: Math.round(audit('total-blocking-time')),
    fcpMs: Math.round(audit('first-contentful-paint')),
    lcpMs: Math.round(audit('largest-contentful-paint')),
    cls: Math.round(audit('cumulative-layout-shift') * 1000) / 1000,
    scriptBytes: size('script'),
    totalBytes: size('total'),
    failedAudits,
    benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
  };
}

export async function run(): Promise<{ ok: boolean; summary: string }> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const loadAtStart = loadavg().map((l) => Math.round(l * 10) / 10);
  const work = await mkdtemp(join(tmpdir(), 'shouhu-lighthouse-'));
  const siteDir = join(work, 'site');
  const storeDir = join(work, 'store');
  let server: ServerType | undefined;
  let chromium: ChildProcess | undefined;
  const dynamo = await startDynamoLocal({ timeoutMs: 180_000 });
  try {
    const build = await runMeasured(process.execPath, [astroBin, 'build', '--root', 'site', '--outDir', siteDir, '--silent'], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    if (build.code !== 0) throw new Error(`astro build failed (${build.code}):\n${build.output.trim().split('\n').slice(-20).join('\n')}`);

    const formScripts = Object.fromEntries(
      ['complaints/new/shell/index.html', 'refunds/new/shell/index.html'].map((file) => [file, pageScripts(siteDir, file)]),
    );

    const db = createDb({ tableName: 'bench-lighthouse', region: 'local', endpoint: dynamo.endpoint });
    await ensureTable(db);
    mkdirSync(storeDir, { recursive: true });
    const store = createFsStore(storeDir, [siteDir]);
    server = await startLocalServer({ db, store, siteDir, publishedDir: storeDir, port: 0, hostname: '127.0.0.1' });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await createInstitution(db, {
      id: CENTRE_ID,
      fields: makeInstitutionFields({ name: '信阳市小天鹅舞蹈培训中心', category: 'arts', districtCode: '411502' }),
      status: 'approved',
      actor: testActor,
      now: new Date(),
    });
    await publishChanges({ db, store, publicOrigin: base });
    await publishNotices({ db, store, publicOrigin: base });

    const started = await startChromium(join(work, 'chromium'));
    chromium = started.process;
    const rows: Array<{ key: string; path: string; form: boolean; median: Figures; best: Figures; runs: Figures[] }> = [];
    for (const page of PAGES.filter((p) => !ONLY || ONLY.includes(p.key))) {
      const runs: Figures[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(`${base}${page.path}`, started.port, page.key, i + 1));
      const ranked = [...runs].sort((a, b) => a.performance - b.performance || b.tbtMs - a.tbtMs);
      rows.push({ key: page.key, path: page.path, form: !!page.form, median: ranked[Math.floor(runs.length / 2)]!, best: ranked.at(-1)!, runs });
      console.log(`  … ${page.key}: performance ${runs.map((r) => r.performance).join('/')}, TBT ${runs.map((r) => r.tbtMs).join('/')} ms`);
    }
    const loadAtEnd = loadavg().map((l) => Math.round(l * 10) / 10);
    const misses = rows.flatMap(({ key, form, best: m }) => [
      ...(m.performance < budget.performance ? [`${key}: performance ${m.performance} < ${budget.performance}`] : []),
      ...(m.accessibility < budget.accessibility ? [`${key}: accessibility ${m.accessibility} < ${budget.accessibility}`] : []),
      ...(form && m.tbtMs > budget.formTbtMs ? [`${key}: total blocking time ${m.tbtMs} ms > ${budget.formTbtMs} ms`] : []),
    ]);
    for (const [file, scripts] of Object.entries(formScripts)) {
      if (scripts.gzipBytes > budget.formScriptsGzipBytes) misses.push(`${file}: its scripts ${scripts.gzipBytes} B gzipped > ${budget.formScriptsGzipBytes} B`);
    }
    writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify({ runs: RUNS, loadAtStart, loadAtEnd, budget, misses, formScripts, rows }, null, 1)}\n`);

    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    const lines = [
      `  load average at start ${loadAtStart.join(' ')}, at end ${loadAtEnd.join(' ')}; ${RUNS} runs per page (Lighthouse mobile, simulated throttling); budgets on the best run`,
      '  page         run     perf  a11y   TBT ms   FCP ms   LCP ms    CLS  script KB  total KB  bench index',
      ...rows.flatMap(({ key, median, best }) =>
        (
          [
            ['best', best],
            ['median', median],
          ] as const
        ).map(
          ([which, m]) =>
            `  ${(which === 'best' ? key : '').padEnd(12)} ${which.padEnd(6)} ${String(m.performance).padStart(5)} ${String(m.accessibility).padStart(5)} ${String(m.tbtMs).padStart(8)} ${String(m.fcpMs).padStart(8)} ${String(m.lcpMs).padStart(8)} ${m.cls.toFixed(3).padStart(6)} ${kb(m.scriptBytes).padStart(10)} ${kb(m.totalBytes).padStart(9)} ${String(m.benchmarkIndex).padStart(12)}` +
            (which === 'best' && m.failedAudits.length ? `\n      below full marks: ${m.failedAudits.join('; ')}` : ''),
        ),
      ),
      ...Object.entries(formScripts).map(
        ([file, scripts]) =>
          `  ${file}: every script it can load, workers included: ${kb(scripts.rawBytes)} KB raw, ${kb(scripts.gzipBytes)} KB gzipped (${scripts.files.map((f) => `${f.path.replace('/_astro/', '')} ${kb(f.gzipBytes)}`).join(', ')})`,
      ),
      ...(misses.length ? ['  over budget:', ...misses.map((m) => `    ${m}`)] : []),
      `  reports: ${outDir}`,
    ];
    return { ok: misses.length === 0, summary: lines.join('\n') };
  } finally {
    chromium?.kill('SIGKILL');
    if (server) await new Promise((done) => server!.close(done));
    await dynamo.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Benchmark: what each Lambda handler costs at cold start.
 *
 * Each function the stack deploys (`lambdaFunctions` in infra/constructs/bundling.ts)
 * is built by the builder the CDK construct uses (infra/lambda-build.ts: esbuild's JS
 * API, split at `import()`, zod's locales cut to two), its variant included, next to the
 * baseline the issue names: a Hono handler with the DynamoDB document client, built the
 * same way in the same run. For each bundle:
 * - size at start: gzipped, the entry `index.mjs` and the chunks it imports statically,
 *   which is what a cold start reads and parses (the chunks it only `import()`s are
 *   counted apart, as "on first use"; source maps are deployed but not loaded);
 * - cold import: fresh `node` processes, each timing one `await import()` of the
 *   entry, with the environment the stack sets and `@aws-sdk/*` resolved from
 *   node_modules, as the Lambda runtime provides it.
 *
 * Budget per function: ≤ 120 KB gzipped at start and a median cold import ≤ 1.5 × the
 * baseline's median in the same run.
 * Outputs (bundles, esbuild metafiles, results.json) go to bench/out/lambda-bundle/.
 */
import type { BuildOptions, Metafile } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { isBuiltin } from 'node:module';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleVariants, lambdaBundling, lambdaFunctions, type BundleVariant } from '../infra/constructs/bundling.ts';
import { buildLambda } from '../infra/lambda-build.ts';

export const name = 'lambda-bundle';

const root = join(import.meta.dirname, '..');
const outRoot = join(root, 'bench', 'out', name);

/** Every Lambda function the stack deploys, from the same list the constructs use. */
const handlers = Object.entries(lambdaFunctions).map(([name, f]) => ({ name, entry: f.entry, variant: bundleVariants[f.variant] as BundleVariant }));
const FULL: BundleVariant = bundleVariants.full;

/** Size at start, and the median cold import as a multiple of the baseline's in the same run. */
export const budget = { gzipKb: 120, coldImportRatio: 1.5 };
/** Cold imports per bundle; BENCH_LAMBDA_RUNS=31 for steadier medians on a busy machine. */
const RUNS = Number(process.env.BENCH_LAMBDA_RUNS ?? 15);

/**
 * The environment the stack gives the functions (infra/constructs/api.ts, jobs.ts), with
 * placeholder values; AWS_REGION is set by Lambda itself.
 */
const LAMBDA_ENV = {
  AWS_REGION: 'cn-north-1',
  TABLE_NAME: 'shouhu-bench',
  SITE_BUCKET: 'shouhu-bench-site',
  AUTH_SECRET: 'bench-only-secret-bench-only-secret-0000',
  CASES_KMS_KEY_ID: 'arn:aws-cn:kms:cn-north-1:123456789012:key/00000000-0000-0000-0000-000000000000',
  ATTACHMENTS_BUCKET: 'shouhu-bench-attachments',
  CASES_PII_RETENTION_DAYS: '365',
  PUBLIC_ORIGIN: 'https://shouhu.example.cn',
};

/** The baseline: Hono and the DynamoDB document client, one route reading one item. */
const BASELINE_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono().get('/:id', async (c) => c.json((await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: c.req.param('id') } }))).Item ?? null));
export const handler = handle(app);
`;
const BARE_HONO_SOURCE = `import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
export const handler = handle(new Hono().get('/', (c) => c.text('ok')));
`;
const BASELINE = 'baseline: Hono + DynamoDB client';

interface Bundle {
  name: string;
  file: string;
  /** The entry and the chunks it imports statically: what a cold start loads. */
  rawKb: number;
  gzipKb: number;
  /** The chunks only `import()`ed, gzipped: loaded on first use. */
  lazyGzipKb: number;
  metafile: Metafile;
  atStart: string[];
  /**
   * Per module the bundle only `import()`s (a route group, the search snapshot, …): gzipped KB
   * of the start plus that module's chunk and what it imports statically, which is what a cold
   * start followed by the first request needing it reads.
   */
  onFirstUse: { module: string; gzipKb: number }[];
}

/** The outputs a cold start loads: the entry and, transitively, the chunks it imports statically. */
function loadedAtStart(metafile: Metafile, entryOut: string): string[] {
  const seen = new Set<string>();
  const stack = [entryOut];
  while (stack.length) {
    const out = stack.pop()!;
    if (seen.has(out) || !metafile.outputs[out]) continue;
    seen.add(out);
    for (const i of metafile.outputs[out].imports) if (!i.external && i.kind === 'import-statement') stack.push(i.path);
  }
  return [...seen];
}

async function bundle(handlerName: string, entry: string, variant: BundleVariant, overrides: Partial<BuildOptions> = {}): Promise<Bundle> {
  const dir = join(outRoot, handlerName.replace(/[^a-z0-9-]+/gi, '-'));
  const file = join(dir, lambdaBundling.outFile);
  const metafile = await buildLambda({ entry, variant, outdir: dir, overrides });
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(metafile));
  const entryOut = relative(root, file);
  const atStart = loadedAtStart(metafile, entryOut);
  const sizes = (outs: string[]) => outs.map((o) => readFileSync(join(root, o))).reduce((t, code) => ({ raw: t.raw + code.length, gz: t.gz + gzipSync(code).length }), { raw: 0, gz: 0 });
  const start = sizes(atStart);
  const lazy = sizes(Object.keys(metafile.outputs).filter((o) => o.endsWith('.mjs') && !atStart.includes(o)));
  const onFirstUse = Object.entries(metafile.outputs)
    .filter(([o, out]) => out.entryPoint && o !== entryOut)
    .map(([o, out]) => ({ module: out.entryPoint!, gzipKb: sizes([...new Set([...atStart, ...loadedAtStart(metafile, o)])]).gz / 1024 }))
    .sort((a, b) => a.module.localeCompare(b.module));
  return { name: handlerName, file, rawKb: start.raw / 1024, gzipKb: start.gz / 1024, lazyGzipKb: lazy.gz / 1024, metafile, atStart, onFirstUse };
}

/** One fresh process, one import; returns the milliseconds the import took. */
function coldImport(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    // Only what Lambda would set; nothing inherited from npm or tsx.
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV },
  });
  if (child.status !== 0) {
    // The first line of a minified bundle is long: keep the error's own lines.
    const why = child.stderr.split('\n').filter((line) => line.length < 300).join('\n').trim();
    throw new Error(`Importing ${relative(root, file)} failed:\n${why}`);
  }
  return Number(child.stdout);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
/** Nearest-rank percentile: with 15 runs, p95 is the slowest run; with 31, the second slowest. */
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/**
 * The modules a bundle leaves to the runtime (the `external` option): those it imports at
 * start (static imports), or those it loads only when called (`import()`).
 */
function externalImports(b: Bundle, kind: 'static' | 'dynamic'): string[] {
  const outputs = kind === 'static' ? b.atStart.map((o) => b.metafile.outputs[o]!) : Object.values(b.metafile.outputs);
  const wanted = (i: { kind: string }) => (kind === 'dynamic' ? i.kind === 'dynamic-import' : i.kind !== 'dynamic-import');
  return [...new Set(outputs.flatMap((o) => o.imports).filter((i) => i.external && !isBuiltin(i.path) && wanted(i)).map((i) => i.path))].sort();
}

/** Bytes loaded at start by package (or by project folder), largest first. */
function contributors(b: Bundle, top = 6) {
  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of b.atStart.flatMap((o) => Object.entries(b.metafile.outputs[o]!.inputs))) {
    const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const owner = m ? m[1]! : input.split('/').slice(0, 2).join('/');
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + bytesInOutput);
  }
  return [...byOwner.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([owner, bytes]) => ({ owner, kb: Number((bytes / 1024).toFixed(1)) }));
}

interface Row {
  name: string;
  budgeted: boolean;
  rawKb: number;
  gzipKb: number;
  lazyGzipKb: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  top: { owner: string; kb: number }[];
  onFirstUse: { module: string; gzipKb: number }[];
  overBudget: string[];
}

export async function run(): Promise<{ ok: boolean; summary: string }> {
  rmSync(outRoot, { recursive: true, force: true });
  mkdirSync(join(outRoot, 'baseline-src'), { recursive: true });
  const source = (file: string, text: string) => {
    const path = join(outRoot, 'baseline-src', file);
    writeFileSync(path, text);
    return path;
  };

  const bundles = [
    ...(await Promise.all(handlers.map((h) => bundle(h.name, h.entry, h.variant)))),
    await bundle(BASELINE, source('handler.ts', BASELINE_SOURCE), FULL),
  ];
  // Information, not budgeted, to show where the API's time goes:
  const api = handlers.find((h) => h.name === 'api')!;
  const apiBundle = bundles.find((b) => b.name === 'api')!;
  // - a bare Hono handler (no SDK): the floor;
  const bare = await bundle('bare Hono handler (no SDK)', source('bare.ts', BARE_HONO_SOURCE), FULL);
  // - the AWS SDK clients the API imports at start, imported alone, as Lambda loads them;
  const externals = externalImports(apiBundle, 'static');
  const lazyExternals = externalImports(apiBundle, 'dynamic');
  const sdkOnly = await bundle('api: its AWS SDK imports alone', source('externals.ts', externals.map((m) => `import ${JSON.stringify(m)};`).join('\n') + '\n'), FULL);
  // - the API as NodejsFunction's command line built it (one file: no splitting, every zod locale).
  const oneFile = await bundle('api in one file, all zod locales (as NodejsFunction built it)', api.entry, api.variant, { splitting: false, plugins: [] });
  const variants = [...bundles, bare, sdkOnly, oneFile].map((b) => ({ bundle: b, label: b.name }));

  // One unmeasured import each to warm the file-system cache, then interleaved runs so
  // that a burst of machine noise does not land on one bundle only.
  for (const v of variants) coldImport(v.bundle.file);
  const times = new Map<string, number[]>(variants.map((v) => [v.label, []]));
  for (let i = 0; i < RUNS; i++) for (const v of variants) times.get(v.label)!.push(coldImport(v.bundle.file));
  const baselineMedian = median(times.get(BASELINE)!);
  const importBudgetMs = budget.coldImportRatio * baselineMedian;

  const rows: Row[] = variants.map((v) => {
    const t = times.get(v.label)!;
    const budgeted = handlers.some((h) => h.name === v.bundle.name);
    const row: Row = {
      name: v.label,
      budgeted,
      rawKb: v.bundle.rawKb,
      gzipKb: v.bundle.gzipKb,
      lazyGzipKb: v.bundle.lazyGzipKb,
      medianMs: median(t),
      p95Ms: percentile(t, 95),
      minMs: Math.min(...t),
      top: contributors(v.bundle),
      onFirstUse: v.bundle.onFirstUse,
      overBudget: [],
    };
    if (budgeted && row.gzipKb > budget.gzipKb) row.overBudget.push(`${row.gzipKb.toFixed(1)} KB gzipped at start > ${budget.gzipKb} KB`);
    if (budgeted && row.medianMs > importBudgetMs) {
      row.overBudget.push(`median cold import ${row.medianMs.toFixed(1)} ms > ${budget.coldImportRatio} × baseline ${baselineMedian.toFixed(1)} ms = ${importBudgetMs.toFixed(1)} ms`);
    }
    return row;
  });

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}, esbuild ${(await import('esbuild')).version}`;
  const header = ['bundle', 'start raw KB', 'start gzip KB', 'on first use gzip KB', 'import median ms', '× baseline', 'p95 ms', 'min ms', 'budget'];
  const table = [
    header,
    ...rows.map((r) => [
      r.name,
      r.rawKb.toFixed(1),
      r.gzipKb.toFixed(1),
      r.lazyGzipKb.toFixed(1),
      r.medianMs.toFixed(1),
      (r.medianMs / baselineMedian).toFixed(2),
      r.p95Ms.toFixed(1),
      r.minMs.toFixed(1),
      r.budgeted ? (r.overBudget.length ? 'OVER' : 'ok') : '-',
    ]),
  ];
  const widths = header.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
  const lines = table.map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));

  const out: string[] = [
    `Lambda bundles: ${RUNS} cold imports each; budget per function ${budget.gzipKb} KB gzipped at start and a median cold import ≤ ${budget.coldImportRatio} × the baseline's (${importBudgetMs.toFixed(1)} ms in this run)`,
    `Machine: ${machine}`,
    '',
    ...lines,
    '',
  ];
  out.push(`External imports of the api at start (left to the Lambda runtime): ${externals.join(', ')}`);
  out.push(`External imports of the api on first use only (import()): ${lazyExternals.join(', ') || 'none'}`);
  for (const r of rows.filter((row) => row.budgeted || row.name === BASELINE)) {
    out.push(`Largest at start in ${r.name}: ${r.top.map((t) => `${t.owner} ${t.kb} KB`).join(', ')}`);
  }
  for (const r of rows.filter((row) => row.budgeted && row.onFirstUse.length)) {
    out.push(`Start + one chunk on first use in ${r.name} (gzip KB; a cold start then the first request needing it): ${r.onFirstUse.map((u) => `${u.module} ${u.gzipKb.toFixed(1)}`).join(', ')}`);
  }
  const over = rows.filter((r) => r.overBudget.length);
  for (const r of over) out.push(`✗ ${r.name} is over budget: ${r.overBudget.join('; ')}`);

  writeFileSync(
    join(outRoot, 'results.json'),
    JSON.stringify({ date: new Date().toISOString(), machine, runs: RUNS, budget, baselineMedianMs: baselineMedian, bundling: lambdaBundling, rows, times: Object.fromEntries(times) }, null, 2),
  );
  out.push(`Bundles, metafiles and results.json: ${relative(root, outRoot)}/`);
  return { ok: over.length === 0, summary: out.join('\n') };
}

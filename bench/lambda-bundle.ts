/**
 * Benchmark: what each Lambda handler costs at cold start.
 *
 * Each function the stack deploys (`lambdaFunctions` in infra/constructs/bundling.ts)
 * is bundled with exactly the options the CDK construct uses, its variant included
 * (the API leaves the spreadsheet readers out), next to a bare Hono handler bundled
 * the same way as the baseline. For each bundle:
 * - size: the bundle gzipped (the source map is deployed but not loaded);
 * - cold import: fresh `node` processes, each timing one `await import()` of the
 *   bundle, with the environment the stack sets and `@aws-sdk/*` resolved from
 *   node_modules, as the Lambda runtime provides it.
 *
 * Budget per function: ≤ 120 KB gzipped and a median cold import ≤ 50 ms.
 * Outputs (bundles, esbuild metafiles, results.json) go to bench/out/lambda-bundle/.
 */
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { isBuiltin } from 'node:module';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleVariants, lambdaBundling, lambdaFunctions, type BundleVariant } from '../infra/constructs/bundling.ts';

export const name = 'lambda-bundle';

const root = join(import.meta.dirname, '..');
const outRoot = join(root, 'bench', 'out', name);

/** Every Lambda function the stack deploys, from the same list the constructs use. */
const handlers = Object.entries(lambdaFunctions).map(([name, f]) => ({ name, entry: f.entry, variant: bundleVariants[f.variant] as BundleVariant }));
const FULL: BundleVariant = bundleVariants.full;

export const budget = { gzipKb: 120, coldImportMs: 50 };
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

const BASELINE_SOURCE = `import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
export const handler = handle(new Hono().get('/', (c) => c.text('ok')));
`;

/** The esbuild options NodejsFunction passes on the command line, from the same constants. */
function buildOptions(entry: string, outfile: string, variant: BundleVariant, overrides: Partial<BuildOptions> = {}): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    target: lambdaBundling.target,
    platform: lambdaBundling.platform,
    format: lambdaBundling.format,
    minify: lambdaBundling.minify,
    sourcemap: lambdaBundling.sourcemap,
    mainFields: [...lambdaBundling.mainFields],
    external: [...lambdaBundling.external, ...variant.external],
    alias: { ...variant.alias },
    charset: lambdaBundling.charset,
    banner: { js: lambdaBundling.banner },
    metafile: true,
    logLevel: 'warning',
    ...overrides,
  };
}

interface Bundle {
  name: string;
  file: string;
  rawKb: number;
  gzipKb: number;
  metafile: Metafile;
}

async function bundle(handlerName: string, entry: string, variant: BundleVariant, overrides: Partial<BuildOptions> = {}): Promise<Bundle> {
  const dir = join(outRoot, handlerName.replace(/[^a-z0-9-]+/gi, '-'));
  const file = join(dir, lambdaBundling.outFile);
  // Code splitting needs an output folder; the entry keeps the name Lambda loads.
  const options: BuildOptions = overrides.splitting
    ? { ...buildOptions(entry, file, variant, overrides), outfile: undefined, outdir: dir, entryNames: 'index', chunkNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.mjs' } }
    : buildOptions(entry, file, variant, overrides);
  const result = await build(options);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(result.metafile));
  const code = readFileSync(file);
  return {
    name: handlerName,
    file,
    rawKb: code.length / 1024,
    gzipKb: gzipSync(code).length / 1024,
    metafile: result.metafile!,
  };
}

/**
 * Proposal, measured here only: keep zod's error messages in the two languages the app uses.
 * Needs a plugin: zod imports its locales by relative path, which esbuild's `--alias` (the
 * only way through NodejsFunction's command line) does not reach.
 */
const zodLocalesEnZh: Plugin = {
  name: 'zod-locales-en-zh-cn',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js'; export { default as zhCN } from './zh-CN.js';",
      resolveDir: dirname(args.path),
    }));
  },
};

/** One fresh process, one import; returns the milliseconds the import took. */
function coldImport(file: string, nodeOptions = ''): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    // Only what Lambda would set; nothing inherited from npm or tsx.
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV, NODE_OPTIONS: nodeOptions },
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
function externalImports(metafile: Metafile, file: string, kind: 'static' | 'dynamic'): string[] {
  const output = Object.entries(metafile.outputs).find(([out]) => join(root, out) === file)?.[1];
  const wanted = (i: { kind: string }) => (kind === 'dynamic' ? i.kind === 'dynamic-import' : i.kind !== 'dynamic-import');
  return [...new Set((output?.imports ?? []).filter((i) => i.external && !isBuiltin(i.path) && wanted(i)).map((i) => i.path))].sort();
}

/** Bytes in the bundle by package (or by project folder), largest first. */
function contributors(metafile: Metafile, file: string, top = 6) {
  const output = Object.entries(metafile.outputs).find(([out]) => join(root, out) === file)?.[1];
  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
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
  medianMs: number;
  p95Ms: number;
  minMs: number;
  top: { owner: string; kb: number }[];
  overBudget: string[];
}

export async function run(): Promise<{ ok: boolean; summary: string }> {
  rmSync(outRoot, { recursive: true, force: true });
  mkdirSync(join(outRoot, 'baseline-src'), { recursive: true });
  const baselineEntry = join(outRoot, 'baseline-src', 'handler.ts');
  writeFileSync(baselineEntry, BASELINE_SOURCE);

  const bundles = [
    ...(await Promise.all(handlers.map((h) => bundle(h.name, h.entry, h.variant)))),
    await bundle('baseline (bare Hono)', baselineEntry, FULL),
  ];
  // Information, not budgeted, to show where the API's time goes:
  const api = handlers.find((h) => h.name === 'api')!;
  const apiBundle = bundles.find((b) => b.name === 'api')!;
  // - the AWS SDK clients it imports at start, imported alone, as Lambda loads them;
  const externals = externalImports(apiBundle.metafile, apiBundle.file, 'static');
  const lazyExternals = externalImports(apiBundle.metafile, apiBundle.file, 'dynamic');
  const externalsEntry = join(outRoot, 'baseline-src', 'externals.ts');
  writeFileSync(externalsEntry, externals.map((m) => `import ${JSON.stringify(m)};`).join('\n') + '\n');
  const sdkOnly = await bundle('api: its AWS SDK imports alone', externalsEntry, FULL);
  // - the same handler with the SDK bundled in instead of taken from the runtime;
  const sdkBundled = await bundle('api with the AWS SDK bundled', api.entry, api.variant, { external: [...api.variant.external] });
  // - what CDK's NodejsFunction cannot do from its command line (it runs esbuild with --outfile, no
  //   plugins): split at the app's dynamic import()s (only the entry chunk loads at cold start), with
  //   zod's locales cut to the two the app uses.
  const splitTrimmed = await bundle('api split at import() + zod locales en/zh-CN (entry chunk)', api.entry, api.variant, {
    splitting: true,
    plugins: [zodLocalesEnZh],
  });
  const variants = [
    ...bundles.map((b) => ({ bundle: b, label: b.name === 'import' ? 'import (= the API before: everything bundled)' : b.name, nodeOptions: '' })),
    { bundle: sdkOnly, label: sdkOnly.name, nodeOptions: '' },
    { bundle: sdkBundled, label: sdkBundled.name, nodeOptions: '' },
    { bundle: splitTrimmed, label: splitTrimmed.name, nodeOptions: '' },
  ];

  // One unmeasured import each to warm the file-system cache, then interleaved runs so
  // that a burst of machine noise does not land on one bundle only.
  for (const v of variants) coldImport(v.bundle.file, v.nodeOptions);
  const times = new Map<string, number[]>(variants.map((v) => [v.label, []]));
  for (let i = 0; i < RUNS; i++) for (const v of variants) times.get(v.label)!.push(coldImport(v.bundle.file, v.nodeOptions));

  const rows: Row[] = variants.map((v) => {
    const t = times.get(v.label)!;
    const budgeted = handlers.some((h) => h.name === v.bundle.name);
    const row: Row = {
      name: v.label,
      budgeted,
      rawKb: v.bundle.rawKb,
      gzipKb: v.bundle.gzipKb,
      medianMs: median(t),
      p95Ms: percentile(t, 95),
      minMs: Math.min(...t),
      top: contributors(v.bundle.metafile, v.bundle.file),
      overBudget: [],
    };
    if (budgeted && row.gzipKb > budget.gzipKb) row.overBudget.push(`${row.gzipKb.toFixed(1)} KB gzipped > ${budget.gzipKb} KB`);
    if (budgeted && row.medianMs > budget.coldImportMs) row.overBudget.push(`median cold import ${row.medianMs.toFixed(1)} ms > ${budget.coldImportMs} ms`);
    return row;
  });

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}, esbuild ${(await import('esbuild')).version}`;
  const header = ['bundle', 'raw KB', 'gzip KB', 'import median ms', 'p95 ms', 'min ms', 'budget'];
  const table = [
    header,
    ...rows.map((r) => [
      r.name,
      r.rawKb.toFixed(1),
      r.gzipKb.toFixed(1),
      r.medianMs.toFixed(1),
      r.p95Ms.toFixed(1),
      r.minMs.toFixed(1),
      r.budgeted ? (r.overBudget.length ? 'OVER' : 'ok') : '-',
    ]),
  ];
  const widths = header.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
  const lines = table.map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));

  const out: string[] = [
    `Lambda bundles: ${RUNS} cold imports each, budget ${budget.gzipKb} KB gzipped and ${budget.coldImportMs} ms median per function`,
    `Machine: ${machine}`,
    '',
    ...lines,
    '',
  ];
  out.push(`External imports of the api at start (left to the Lambda runtime): ${externals.join(', ')}`);
  out.push(`External imports of the api on first use only (import()): ${lazyExternals.join(', ') || 'none'}`);
  for (const r of rows.filter((row) => row.budgeted || row.name.startsWith('baseline'))) {
    out.push(`Largest in ${r.name}: ${r.top.map((t) => `${t.owner} ${t.kb} KB`).join(', ')}`);
  }
  const over = rows.filter((r) => r.overBudget.length);
  for (const r of over) out.push(`✗ ${r.name} is over budget: ${r.overBudget.join('; ')}`);

  writeFileSync(
    join(outRoot, 'results.json'),
    JSON.stringify({ date: new Date().toISOString(), machine, runs: RUNS, budget, bundling: lambdaBundling, rows, times: Object.fromEntries(times) }, null, 2),
  );
  out.push(`Bundles, metafiles and results.json: ${relative(root, outRoot)}/`);
  return { ok: over.length === 0, summary: out.join('\n') };
}

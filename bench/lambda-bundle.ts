/**
 * Benchmark: what each Lambda handler costs at cold start.
 *
 * Each handler is bundled with exactly the options the CDK construct uses
 * (infra/constructs/bundling.ts), next to a bare Hono handler bundled the same
 * way as the baseline. For each bundle:
 * - size: the bundle gzipped (the source map is deployed but not loaded);
 * - cold import: fresh `node` processes, each timing one `await import()` of the
 *   bundle, with TABLE_NAME and AWS_REGION set as in Lambda and `@aws-sdk/*`
 *   resolved from node_modules, as the Lambda runtime provides it.
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
import { lambdaBundling } from '../infra/constructs/bundling.ts';

export const name = 'lambda-bundle';

const root = join(import.meta.dirname, '..');
const outRoot = join(root, 'bench', 'out', name);

/** Every Lambda handler the stack deploys (infra/constructs/*). Add new ones here. */
const handlers = [{ name: 'api', entry: join(root, 'functions', 'lambda.ts') }];

export const budget = { gzipKb: 120, coldImportMs: 50 };
const RUNS = 15;

/**
 * The environment the stack gives the API function (infra/constructs/api.ts), with
 * placeholder values; AWS_REGION is set by Lambda itself.
 */
const LAMBDA_ENV = {
  AWS_REGION: 'cn-north-1',
  TABLE_NAME: 'shouhu-bench',
  SITE_BUCKET: 'shouhu-bench-site',
  AUTH_SECRET: 'bench-only-secret-bench-only-secret-0000',
};

const BASELINE_SOURCE = `import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
export const handler = handle(new Hono().get('/', (c) => c.text('ok')));
`;

/** The esbuild options NodejsFunction passes on the command line, from the same constant. */
function buildOptions(entry: string, outfile: string, overrides: Partial<BuildOptions> = {}): BuildOptions {
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
    external: [...lambdaBundling.external],
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

async function bundle(handlerName: string, entry: string, overrides: Partial<BuildOptions> = {}): Promise<Bundle> {
  const dir = join(outRoot, handlerName.replace(/[^a-z0-9-]+/gi, '-'));
  const file = join(dir, lambdaBundling.outFile);
  // Code splitting needs an output folder; the entry keeps the name Lambda loads.
  const options: BuildOptions = overrides.splitting
    ? { ...buildOptions(entry, file, overrides), outfile: undefined, outdir: dir, entryNames: 'index', chunkNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.mjs' } }
    : buildOptions(entry, file, overrides);
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

/** Proposal, measured here only: keep zod's error messages in the two languages the app uses. */
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
/** Nearest-rank percentile: with 15 runs, p95 is the slowest run. */
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** The modules a bundle leaves to the runtime (the `external` option), as it imports them. */
function externalImports(metafile: Metafile, file: string): string[] {
  const output = Object.entries(metafile.outputs).find(([out]) => join(root, out) === file)?.[1];
  return [...new Set((output?.imports ?? []).filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path))].sort();
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
    ...(await Promise.all(handlers.map((h) => bundle(h.name, h.entry)))),
    await bundle('baseline (bare Hono)', baselineEntry),
  ];
  // Information, not budgeted, to show where the first handler's time goes:
  const first = bundles[0]!;
  const firstHandler = handlers[0]!;
  // - the external modules it imports (the AWS SDK clients), imported alone, as Lambda loads them;
  const externals = externalImports(first.metafile, first.file);
  const externalsEntry = join(outRoot, 'baseline-src', 'externals.ts');
  writeFileSync(externalsEntry, externals.map((m) => `import ${JSON.stringify(m)};`).join('\n') + '\n');
  const sdkOnly = await bundle(`${firstHandler.name}: its AWS SDK imports alone`, externalsEntry);
  // - the same handler with the SDK bundled in instead of taken from the runtime.
  const sdkBundled = await bundle(`${firstHandler.name} with the AWS SDK bundled`, firstHandler.entry, { external: [] });
  // - two fixes CDK's NodejsFunction cannot apply today (it runs esbuild with --outfile, no plugins):
  //   code split at the app's dynamic import()s (only the entry chunk loads at cold start),
  //   and zod's locales cut to the two the app uses.
  const split = await bundle(`${firstHandler.name} split at import() (entry chunk)`, firstHandler.entry, { splitting: true });
  const splitTrimmed = await bundle(`${firstHandler.name} split + zod locales en/zh-CN`, firstHandler.entry, {
    splitting: true,
    plugins: [zodLocalesEnZh],
  });
  const variants = [
    ...bundles.map((b) => ({ bundle: b, label: b.name, nodeOptions: '' })),
    { bundle: sdkOnly, label: sdkOnly.name, nodeOptions: '' },
    { bundle: sdkBundled, label: sdkBundled.name, nodeOptions: '' },
    { bundle: split, label: split.name, nodeOptions: '' },
    { bundle: splitTrimmed, label: splitTrimmed.name, nodeOptions: '' },
    // - the same handler with source maps applied to stack traces (NODE_OPTIONS=--enable-source-maps).
    { bundle: first, label: `${first.name} + --enable-source-maps`, nodeOptions: '--enable-source-maps' },
  ];

  // One unmeasured import each to warm the file-system cache, then interleaved runs so
  // that a burst of machine noise does not land on one bundle only.
  for (const v of variants) coldImport(v.bundle.file, v.nodeOptions);
  const times = new Map<string, number[]>(variants.map((v) => [v.label, []]));
  for (let i = 0; i < RUNS; i++) for (const v of variants) times.get(v.label)!.push(coldImport(v.bundle.file, v.nodeOptions));

  const rows: Row[] = variants.map((v) => {
    const t = times.get(v.label)!;
    const budgeted = handlers.some((h) => h.name === v.label);
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
  out.push(`External imports of ${firstHandler.name} (left to the Lambda runtime): ${externals.join(', ')}`);
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

/**
 * How every Lambda handler is bundled, as plain data. One builder reads it:
 * infra/lambda-build.ts, which calls esbuild's JS API (NodejsFunction's command
 * line can neither split code nor run a plugin). Two callers of that builder:
 * - the CDK construct (./api-function.ts), through a local-bundling asset;
 * - the bundle benchmark (bench/lambda-bundle.ts),
 * so what is measured is what is deployed.
 * No aws-cdk-lib import here: the benchmark must not load the CDK.
 */
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '..', '..');

export const lambdaBundling = {
  /** Same major as the Lambda runtime (`nodejs22.x`) and .nvmrc. */
  target: 'node22',
  platform: 'node',
  format: 'esm',
  /** The entry is index.mjs (handler `index.handler`), which Lambda loads as ESM. */
  outFile: 'index.mjs',
  /**
   * Split at every `import()`: what a function loads only on first use (the notices'
   * Markdown renderer, the spreadsheet readers, the S3 and KMS clients' callers) is a
   * chunk of its own under `chunks/`, never parsed at cold start; code shared by the
   * entry and a lazy part is a chunk the entry imports.
   */
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  /**
   * zod's error messages in the languages the app uses, not all 40-odd: zod imports its
   * locales by relative path, so only a plugin reaches them (infra/lambda-build.ts).
   * `en` is zod's default, `zhCN` what shared/schemas/common.ts configures.
   */
  zodLocales: ['en', 'zhCN'],
  minify: true,
  /** A linked `index.mjs.map` beside the bundle, with sources: readable stack traces, no cost at import. */
  sourcemap: true,
  /** Prefer packages' ES module builds. */
  mainFields: ['module', 'main'],
  /**
   * The Node.js 22 Lambda runtime ships AWS SDK v3; bundling it would add size and cold-start time.
   * That includes @aws-sdk/client-kms (a devDependency here, for types and tests only).
   */
  external: ['@aws-sdk/*'],
  /**
   * Chinese text stays UTF-8 in the bundle instead of `\uXXXX` escapes (half the bytes).
   * NodejsFunction has no option for it, so it goes through `esbuildArgs`.
   */
  charset: 'utf8',
  /**
   * ESM output has no `require`, and esbuild turns a bundled CommonJS package's
   * `require('fs')` into a call that throws "Dynamic require of "fs" is not supported"
   * at cold start (found by the bundle benchmark). This gives the bundle a real one.
   */
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
} as const;

export type LambdaBundling = typeof lambdaBundling;

/**
 * What a bundle leaves out, on top of `lambdaBundling.external`: modules not
 * installed beside it (`external`) and modules replaced by another file (`alias`,
 * esbuild's `--alias:name=path`).
 */
export interface BundleVariant {
  external: readonly string[];
  alias: Readonly<Record<string, string>>;
}

export const bundleVariants = {
  /** Everything the entry imports is bundled. */
  full: { external: [], alias: {} },
  /**
   * The public API without the spreadsheet readers, which only the bulk import uses
   * (about 1.3 MB of the 2 MB bundle; docs/benchmarks.md). That route has its own
   * function with the `full` bundle (infra/constructs/api.ts).
   * - iconv-lite is loaded with `await import('iconv-lite')` (functions/import/read.ts),
   *   which stays a dynamic import of an external: never evaluated unless called.
   * - exceljs cannot simply be external: functions/import/xlsx.ts imports it statically,
   *   and esbuild hoists an external's static import to the top of the one-file ESM
   *   bundle, so the API would fail at cold start with ERR_MODULE_NOT_FOUND. It is
   *   replaced by a stub that throws if it is ever used.
   */
  api: {
    external: ['iconv-lite'],
    alias: { exceljs: join(repoRoot, 'infra', 'bundle-stubs', 'exceljs.ts') },
  },
} as const satisfies Record<string, BundleVariant>;

export type BundleVariantName = keyof typeof bundleVariants;

/**
 * Every Lambda function the stack deploys from this repository: its entry and how
 * it is bundled. The constructs take their entries from here and the benchmark
 * measures each one, so a new function is added here.
 */
export const lambdaFunctions = {
  /**
   * 1,024 MB: the search index of 100,000 institutions lives in this function's memory
   * (functions/search/compact.ts); bench/registry-scale.ts checks its peak leaves 30 % free.
   */
  api: { entry: join(repoRoot, 'functions', 'lambda.ts'), variant: 'api', memoryMb: 1024 },
  import: { entry: join(repoRoot, 'functions', 'lambda.ts'), variant: 'full' },
  publish: { entry: join(repoRoot, 'functions', 'jobs', 'publish.ts'), variant: 'full' },
  purge: { entry: join(repoRoot, 'functions', 'jobs', 'purge.ts'), variant: 'full' },
  certExpiry: { entry: join(repoRoot, 'functions', 'jobs', 'cert-expiry.ts'), variant: 'full' },
  notify: { entry: join(repoRoot, 'functions', 'jobs', 'notify.ts'), variant: 'full' },
  /** Background imports (functions/import/job.ts): the spreadsheet readers, so the full bundle. */
  importWorker: { entry: join(repoRoot, 'functions', 'jobs', 'import-worker.ts'), variant: 'full' },
} as const satisfies Record<string, { entry: string; variant: BundleVariantName; memoryMb?: number }>;

export type LambdaFunctionName = keyof typeof lambdaFunctions;

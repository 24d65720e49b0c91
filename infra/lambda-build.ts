/**
 * Builds one Lambda function's code with esbuild's JS API, from the options in
 * ./constructs/bundling.ts: an `index.mjs` entry, the chunks it loads on first use
 * under `chunks/`, and their source maps, in `outdir`.
 *
 * Why not NodejsFunction's own bundling: it runs esbuild's command line with
 * `--outfile`, which cannot split code at `import()` and cannot run a plugin, and
 * both are needed (lazily loaded parts as chunks of their own; zod's locales cut to
 * the two the app uses). Two callers:
 * - the CDK construct (./constructs/api-function.ts), as a local-bundling asset; it
 *   runs this file as a script in a child process (CDK's local bundling is
 *   synchronous, esbuild's plugins need the asynchronous API):
 *   `node --import tsx infra/lambda-build.ts '{"entry":"…","variant":"api","outdir":"…"}'`;
 * - the bundle benchmark (bench/lambda-bundle.ts), which imports `buildLambda`.
 * No aws-cdk-lib import here.
 */
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleVariants, lambdaBundling, type BundleVariant, type BundleVariantName } from './constructs/bundling.ts';

/** zod's `locales/index.js`, re-exporting only the locales in `lambdaBundling.zodLocales`. */
export const zodLocalesPlugin: Plugin = {
  name: 'zod-locales',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const kept = source.split('\n').filter((line) => lambdaBundling.zodLocales.some((name) => line.includes(`default as ${name} `)));
      if (kept.length !== lambdaBundling.zodLocales.length) {
        throw new Error(`zod's locales/index.js no longer exports ${lambdaBundling.zodLocales.join(', ')} as expected: update infra/lambda-build.ts`);
      }
      return { contents: kept.join('\n'), resolveDir: dirname(args.path) };
    });
  },
};

/**
 * zod's `fromJSONSchema` (JSON Schema to zod, 12 KB raw), which the app never calls but
 * every bundle would carry: `@hono/zod-openapi` hands zod's whole `z` namespace to
 * `extendZodWithOpenApi`, so nothing in it can be tree-shaken. Replaced by a function
 * that says so if it is ever called.
 */
export const zodFromJsonSchemaPlugin: Plugin = {
  name: 'zod-from-json-schema',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]classic[\\/]external\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const line = 'export { fromJSONSchema } from "./from-json-schema.js";';
      if (!source.includes(line)) throw new Error(`zod's classic/external.js no longer has \`${line}\`: update infra/lambda-build.ts`);
      const stub = 'export function fromJSONSchema() { throw new Error("zod\'s fromJSONSchema is left out of the Lambda bundles (infra/lambda-build.ts)"); }';
      return { contents: source.replace(line, stub), resolveDir: dirname(args.path) };
    });
  },
};

/** The esbuild options for one function; `overrides` only for the benchmark's what-if rows. */
export function lambdaBuildOptions(entry: string, outdir: string, variant: BundleVariant, overrides: Partial<BuildOptions> = {}): BuildOptions {
  return {
    entryPoints: [entry],
    outdir,
    entryNames: 'index',
    chunkNames: lambdaBundling.chunkNames,
    outExtension: { '.js': '.mjs' },
    splitting: lambdaBundling.splitting,
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
    plugins: [zodLocalesPlugin, zodFromJsonSchemaPlugin],
    metafile: true,
    logLevel: 'warning',
    ...overrides,
  };
}

export async function buildLambda(options: { entry: string; variant: BundleVariantName | BundleVariant; outdir: string; overrides?: Partial<BuildOptions> }): Promise<Metafile> {
  const variant = typeof options.variant === 'string' ? bundleVariants[options.variant] : options.variant;
  const result = await build(lambdaBuildOptions(options.entry, options.outdir, variant, options.overrides));
  return result.metafile!;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = JSON.parse(process.argv[2] ?? '{}') as { entry?: string; variant?: BundleVariantName; outdir?: string };
  if (!args.entry || !args.outdir || !args.variant || !(args.variant in bundleVariants)) {
    console.error('usage: node --import tsx infra/lambda-build.ts \'{"entry":"<file>","variant":"full|api","outdir":"<dir>"}\'');
    process.exit(2);
  }
  await buildLambda({ entry: args.entry, variant: args.variant, outdir: args.outdir });
}

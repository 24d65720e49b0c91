/**
 * How every Lambda handler is bundled, as plain data. Two readers:
 * - the CDK construct (./api-function.ts), which hands it to NodejsFunction,
 *   whose local esbuild run turns it into
 *   `esbuild --bundle <entry> --target=… --platform=node --format=esm --minify --sourcemap …`;
 * - the bundle benchmark (bench/lambda-bundle.ts), which calls esbuild's API with the same values,
 *   so what is measured is what is deployed.
 * No aws-cdk-lib import here: the benchmark must not load the CDK.
 */

export const lambdaBundling = {
  /** Same major as the Lambda runtime (`nodejs22.x`) and .nvmrc. */
  target: 'node22',
  platform: 'node',
  format: 'esm',
  /** NodejsFunction names ESM output index.mjs, which Lambda loads as ESM. */
  outFile: 'index.mjs',
  minify: true,
  /** A linked `index.mjs.map` beside the bundle, with sources: readable stack traces, no cost at import. */
  sourcemap: true,
  /** Prefer packages' ES module builds. */
  mainFields: ['module', 'main'],
  /** The Node.js 22 Lambda runtime ships AWS SDK v3; bundling it would add size and cold-start time. */
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

import { defineConfig } from 'vitest/config';

/**
 * Three projects, so that each test pays only for what it needs
 * (test/support/global-setup.ts starts the resources by project name):
 * - `unit`: pure tests beside the code; no database, no site, no browser.
 * - `db`: tests against DynamoDB Local (one in-memory instance per run, a fresh table per file).
 * - `site`: DynamoDB Local plus one build of the site, and Debian's Chromium (installed once):
 *   the browser tests and the few others that serve the built site.
 * `npm test` runs all three; `npx vitest run --project unit` runs one.
 */

/** Tests beside the code that need DynamoDB Local. */
const DB_TESTS = [
  'functions/app.test.ts',
  'functions/data/**/*.test.ts',
  'functions/publish/**/*.test.ts',
  'functions/routes/**/*.test.ts',
  'scripts/demo/load.test.ts',
];
/** Tests outside test/browser that serve the built site. */
const SITE_TESTS = ['infra/grants.test.ts', 'test/integration/fee-check.test.ts', 'test/integration/notices.test.ts'];
const BROWSER_TESTS = ['test/browser/**/*.test.ts'];
const DB_FOLDERS = ['test/integration/**/*.test.ts', 'test/faults/**/*.test.ts'];
const EXCLUDE = ['**/node_modules/**', 'cdk.out/**', 'site/dist/**'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Two cores: DynamoDB Local, Chromium and the CDK synth share them.
    maxWorkers: 2,
    // Memory-hard hashes at a test cost (functions/config.ts readHashingConfig); production never lowers it.
    env: { SCRYPT_LN_OVERRIDE: '11' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{shared,functions,infra,scripts,bench}/**/*.test.ts'],
          exclude: [...EXCLUDE, ...DB_TESTS, ...SITE_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: [...DB_TESTS, ...DB_FOLDERS],
          exclude: [...EXCLUDE, ...SITE_TESTS],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'site',
          include: [...SITE_TESTS, ...BROWSER_TESTS],
          exclude: EXCLUDE,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});

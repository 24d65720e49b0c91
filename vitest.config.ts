import { defineConfig } from 'vitest/config';
import { classifyTests } from './test/support/projects.ts';
import { LongestFirst } from './test/support/sequencer.ts';
import { testRunTempFolder } from './test/support/temp-folder.ts';
import { TEST_WORKERS } from './test/support/workers.ts';

/**
 * Three projects, so that each test pays only for what it needs
 * (test/support/global-setup.ts starts the resources by project name):
 * - `unit`: pure tests beside the code and the CDK assertions; no database, no site, no browser
 *   (its global set-up only holds the run's temporary folder, test/support/temp-folder.ts).
 * - `db`: tests against DynamoDB Local (in memory, one instance per test worker, a fresh table per file).
 * - `site`: DynamoDB Local plus one build of the site, and Debian's Chromium (installed once):
 *   the browser tests and the others that serve the built site.
 * Which file goes where is read from what it uses (test/support/projects.ts), never listed by hand.
 * `npm test` runs all three; `npx vitest run --project unit` runs one.
 * `isolate: false`: a worker keeps the modules it imported for the project's next file (each file
 * importing the app afresh was a quarter to a third of the unit and db projects' CPU); no module keeps state a file depends on,
 * and a file that mocks a module loads what uses it afresh (test/integration/cases-tracking.test.ts).
 */
const projects = classifyTests(import.meta.dirname);
const EXCLUDE = ['**/node_modules/**', 'cdk.out/**', 'site/dist/**'];

export default defineConfig({
  test: {
    // A net for a test that hangs, not a speed budget (benchmarks are in bench/): a browser test's steps
    // under a load average of 20 on two cores took over 30 s without anything being wrong.
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // expect.poll waits for a condition; its default of 1 s does not hold on a loaded two-core machine.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // Two cores: DynamoDB Local, Chromium and the CDK synth share them (test/support/workers.ts).
    maxWorkers: TEST_WORKERS,
    // All three projects' files in one queue, the longest first (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    // Memory-hard hashes at a test cost (functions/config.ts readHashingConfig); production never lowers it.
    // The forms' proof of work too (functions/config.ts readPowOverride): challenges of at most 2,000 hashes.
    // TMPDIR: the run's own temporary folder, removed at its end (test/support/temp-folder.ts).
    env: { SCRYPT_LN_OVERRIDE: '11', POW_MAX_COUNTER_OVERRIDE: '2000', TMPDIR: testRunTempFolder() },
    projects: [
      { extends: true, test: { name: 'unit', include: projects.unit, exclude: EXCLUDE, isolate: false, globalSetup: ['test/support/global-setup.ts'] } },
      { extends: true, test: { name: 'db', include: projects.db, exclude: EXCLUDE, isolate: false, globalSetup: ['test/support/global-setup.ts'] } },
      { extends: true, test: { name: 'site', include: projects.site, exclude: EXCLUDE, isolate: false, globalSetup: ['test/support/global-setup.ts'] } },
    ],
  },
});

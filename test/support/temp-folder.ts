/**
 * One folder for everything a test run puts in the system's temporary
 * folder, removed when the run ends. The tests make stores, repositories,
 * CDK outputs and browser profiles with `mkdtemp(join(tmpdir(), ...))`, and
 * most never removed theirs: about two hundred folders a run were left in
 * /tmp, many thousands on a machine that runs the suite all day.
 * vitest.config.ts makes the folder when it loads and sets it as the test
 * workers' TMPDIR (`os.tmpdir()` reads it at each call), so every file's
 * temporary folders land inside it; the global set-up
 * (test/support/global-setup.ts) removes it after the last project's
 * teardown. A run that is killed leaves its one folder, named
 * `shouhu-test-run-*`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The run's folder: made on the first call in the vitest process (the configuration may be loaded more than once). */
export function testRunTempFolder(): string {
  return (process.env.SHOUHU_TEST_RUN_TMP ??= mkdtempSync(join(tmpdir(), 'shouhu-test-run-')));
}

/** Removes the run's folder and all in it. */
export function removeTestRunTempFolder(): void {
  const folder = process.env.SHOUHU_TEST_RUN_TMP;
  if (!folder) return;
  rmSync(folder, { recursive: true, force: true });
  delete process.env.SHOUHU_TEST_RUN_TMP;
}

/**
 * Builds the Astro site for a test run. The global setup calls this once and
 * hands the output folder to the test files (`inject('siteDir')`).
 *
 * The build goes to a fresh temporary folder, not site/dist, so a test run
 * never empties the folder that `npm start`, or another engineer's test run
 * in the same tree, is serving at that moment.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');
const astroBin = join(repoRoot, 'node_modules/astro/bin/astro.mjs');

export class SiteBuildError extends Error {
  override name = 'SiteBuildError';
}

export interface BuiltSite {
  /** The folder holding index.html, 404.html and _astro/. */
  dir: string;
  remove(): Promise<void>;
}

/** Runs `astro build --root site` into a temporary folder; rejects with the build's own messages if it fails. */
export async function buildSite(): Promise<BuiltSite> {
  const dir = await mkdtemp(join(tmpdir(), 'shouhu-site-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  // The Node running the tests (22, from node_modules) also runs Astro; the one on PATH may be older.
  const args = [astroBin, 'build', '--root', 'site', '--outDir', dir, '--silent'];
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', fail);
    child.once('exit', done);
  }).catch(async (error: Error) => {
    await remove();
    throw new SiteBuildError(`Could not start the site build (${process.execPath} ${astroBin}): ${error.message}`);
  });
  if (code !== 0) {
    await remove();
    const tail = output.join('').trim().split('\n').slice(-30).join('\n');
    throw new SiteBuildError(
      `The site did not build: \`astro build --root site\` exited with code ${code}. ` +
        `Run \`npm run build:site\` to see the error in full.${tail ? `\n${tail}` : ''}`,
    );
  }
  return { dir, remove };
}

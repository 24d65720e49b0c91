/**
 * Builds the Astro site for a test run. The global setup calls this once and
 * hands the output folder to the test files (`inject('siteDir')`).
 *
 * The build goes to a temporary folder, not site/dist, so a test run never
 * empties the folder that `npm start`, or another engineer's test run in the
 * same tree, is serving at that moment. `cachedSiteBuild` keeps it there,
 * named by a hash of everything the build reads, so that a run whose sources
 * have not changed since the last run skips the build (about 5 s of both
 * cores before any test file starts); the tests only read the folder
 * (functions/storage/fs-store.ts read-only layers).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
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
export async function buildSite(parent = tmpdir()): Promise<BuiltSite> {
  const dir = await mkdtemp(join(parent, 'shouhu-site-'));
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

/** What the build reads: the site, and the shared and functions code it imports; the installed packages; the Node running it; the day. */
const BUILD_INPUTS = ['site', 'shared', 'functions'];
const NOT_INPUTS = new Set(['node_modules', 'dist', '.astro']);
const INSTALLED = ['package.json', 'package-lock.json', 'node_modules/.package-lock.json'];

/** SHA-256 of every file the build reads (path and content), in a fixed order. */
export async function siteSourceHash(root = repoRoot): Promise<string> {
  // The day too (UTC and Beijing), in case a page prints the date it was built.
  const days = [0, 8].map((hours) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 10));
  const hash = createHash('sha256').update(`${process.version}\0${days.join(' ')}\0`);
  const files: string[] = [];
  for (const top of BUILD_INPUTS) {
    for (const entry of await readdir(join(root, top), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      if (path.slice(root.length + 1).split('/').some((part) => NOT_INPUTS.has(part))) continue;
      files.push(path.slice(root.length + 1));
    }
  }
  files.push(...INSTALLED);
  for (const file of files.sort()) {
    const body = await readFile(join(root, file)).catch(() => Buffer.from('(missing)'));
    hash.update(`${file}\0${body.length}\0`).update(body);
  }
  return hash.digest('hex').slice(0, 24);
}

/** A cached build not used for this long is removed by the next run that looks. */
const CACHE_KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * The build of the sources as they are now: the cached one if a run built the
 * same sources before, else a new build, then cached. `remove()` keeps it (the
 * next run may use it); a failed build is never cached. Runs side by side may
 * both build the same sources: the first to finish keeps its folder.
 */
export async function cachedSiteBuild(cacheDir = join(tmpdir(), 'shouhu-site-cache')): Promise<BuiltSite & { cached: boolean }> {
  await mkdir(cacheDir, { recursive: true });
  await pruneCache(cacheDir);
  const dir = join(cacheDir, await siteSourceHash());
  const keep = async () => undefined;
  if (await stat(join(dir, 'index.html')).then(() => true, () => false)) {
    const touched = new Date();
    await utimes(dir, touched, touched).catch(() => undefined);
    return { dir, remove: keep, cached: true };
  }
  const built = await buildSite(cacheDir);
  try {
    await rename(built.dir, dir);
  } catch {
    // Another run cached the same sources meanwhile: use its folder.
    await built.remove();
  }
  return { dir, remove: keep, cached: false };
}

async function pruneCache(cacheDir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(cacheDir).catch(() => [])) {
    const path = join(cacheDir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > CACHE_KEEP_MS) await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

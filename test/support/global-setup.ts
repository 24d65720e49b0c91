/**
 * Once per test run, and only for the projects that need them (vitest.config.ts):
 * - `db`: DynamoDB Local, in memory, one per test worker, on free ports. Each test file makes
 *   its own table in it (test/support/db.ts), so files never share data.
 * - `site`: DynamoDB Local as above, one build of the site (browser tests and
 *   the tests that serve it read `inject('siteDir')`; the last run's build when
 *   its sources have not changed, test/support/site.ts), and Debian's Chromium
 *   and a CJK font, installed here once when missing, before any browser test
 *   file starts (each launches its own headless shell,
 *   test/support/browser-site.ts; with SHOUHU_BROWSER_SHARED=1, one launched
 *   here for the whole run, `inject('browserEndpoint')`).
 * - every project, `unit` too: the run's temporary folder (test/support/temp-folder.ts),
 *   removed after the last project's teardown.
 * The `unit` project starts no JVM and builds nothing. When several projects run together (npm test) they share one
 * DynamoDB Local: the resources live on globalThis with a count of users, so
 * each project's set-up and teardown only take and return a reference.
 */
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal, type DynamoLocal } from '../../scripts/lib/dynamo-local.ts';
import { ensureBrowserPackages, launchBrowserServer } from './browser.ts';
import { cachedSiteBuild, type BuiltSite } from './site.ts';
import { removeTestRunTempFolder, testRunTempFolder } from './temp-folder.ts';
import { TEST_WORKERS } from './workers.ts';

interface Shared<T> {
  value: Promise<T>;
  users: number;
  stop: (value: T) => Promise<void>;
}

const registry = ((globalThis as { __shouhuTestResources?: Map<string, Shared<unknown>> }).__shouhuTestResources ??= new Map());

/** Starts a resource on first use; later users get the same one. */
function acquire<T>(name: string, start: () => Promise<T>, stop: (value: T) => Promise<void>): Promise<T> {
  let entry = registry.get(name) as Shared<T> | undefined;
  if (!entry) {
    entry = { value: start(), users: 0, stop };
    registry.set(name, entry as Shared<unknown>);
    // A failed start is not kept: the next project may try again and report its own error.
    entry.value.catch(() => registry.delete(name));
  }
  entry.users += 1;
  return entry.value;
}

async function release(name: string): Promise<void> {
  const entry = registry.get(name);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  registry.delete(name);
  const value = await entry.value.catch(() => undefined);
  if (value !== undefined) await entry.stop(value);
}

/** Which resources a project needs, by its name in vitest.config.ts. */
const needs = (project: TestProject) => ({
  dynamo: project.name === 'db' || project.name === 'site',
  site: project.name === 'site',
  sharedBrowser: project.name === 'site' && process.env.SHOUHU_BROWSER_SHARED === '1',
});

/**
 * One DynamoDB Local per test worker (vitest.config.ts maxWorkers), each worker using its own
 * (test/support/db.ts): one instance serialises its requests (an in-memory SQLite behind one
 * lock), so two workers' files waited on each other's writes, the more so since every queue
 * entry is written into up to eight indexes. SHOUHU_TEST_DYNAMO_INSTANCES=1 goes back to one.
 */
async function startDynamoLocals(): Promise<DynamoLocal[]> {
  const count = Math.max(1, Number(process.env.SHOUHU_TEST_DYNAMO_INSTANCES ?? TEST_WORKERS));
  const started = await Promise.allSettled(Array.from({ length: count }, () => startDynamoLocal({ light: true })));
  const ok = started.filter((r): r is PromiseFulfilledResult<DynamoLocal> => r.status === 'fulfilled').map((r) => r.value);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(ok.map((d) => d.stop()));
    throw failed.reason;
  }
  return ok;
}

export async function setup(project: TestProject) {
  const need = needs(project);
  // Every project holds the run's temporary folder; the last to let go removes it, after its other resources stopped.
  await acquire('temp', async () => testRunTempFolder(), async () => removeTestRunTempFolder());
  // Once, before any browser test file starts: files running side by side would race for apt's lock.
  if (need.site) ensureBrowserPackages();
  // Started side by side: the JVM, the Astro build and Chromium each take a few seconds.
  const [dynamo, site, browser] = await Promise.allSettled([
    need.dynamo ? acquire<DynamoLocal[]>('dynamo', startDynamoLocals, (all) => Promise.all(all.map((d) => d.stop())).then(() => undefined)) : Promise.resolve(undefined),
    need.site ? acquire<BuiltSite>('site', cachedSiteBuild, (s) => s.remove()) : Promise.resolve(undefined),
    need.sharedBrowser ? acquire<BrowserServer>('browser', launchBrowserServer, (b) => b.close()) : Promise.resolve(undefined),
  ]);
  const teardown = async () => {
    await Promise.all([need.dynamo ? release('dynamo') : undefined, need.site ? release('site') : undefined, need.sharedBrowser ? release('browser') : undefined]);
    await release('temp');
  };
  const failed = [dynamo, site, browser].find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  if (dynamo.status === 'fulfilled' && dynamo.value) {
    project.provide('dynamoEndpoint', dynamo.value[0]!.endpoint);
    project.provide('dynamoEndpoints', dynamo.value.map((d) => d.endpoint));
  }
  if (site.status === 'fulfilled' && site.value) project.provide('siteDir', site.value.dir);
  if (browser.status === 'fulfilled' && browser.value) project.provide('browserEndpoint', browser.value.wsEndpoint());
  return teardown;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The first of `dynamoEndpoints`. */
    dynamoEndpoint: string;
    /** One DynamoDB Local per test worker; a worker uses the one its VITEST_POOL_ID names (test/support/db.ts). */
    dynamoEndpoints: string[];
    /** Folder of this run's build of the site (index.html, 404.html, _astro/). */
    siteDir: string;
    /** With SHOUHU_BROWSER_SHARED=1: web socket address of this run's one Chromium (loopback only; its path is a random secret). */
    browserEndpoint: string;
  }
}

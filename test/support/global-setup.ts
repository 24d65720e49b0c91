/**
 * Once per test run: one DynamoDB Local, in memory, on a free port, and one
 * build of the site. Each test file makes its own table in DynamoDB Local
 * (test/support/db.ts), so files never share data; browser tests serve the
 * built site from `inject('siteDir')`. Both are cleaned up when the run ends.
 * Debian's Chromium and a CJK font are installed here, once, when missing.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoLocal, type DynamoLocal } from '../../scripts/lib/dynamo-local.ts';
import { ensureBrowserPackages } from './browser.ts';
import { buildSite, type BuiltSite } from './site.ts';

let dynamo: DynamoLocal | undefined;
let site: BuiltSite | undefined;

export async function setup(project: TestProject) {
  // Once, before any browser test file starts: files running side by side would race for apt's lock.
  ensureBrowserPackages();
  // Started side by side: the JVM and the Astro build each take a second or two.
  const [dynamoResult, siteResult] = await Promise.allSettled([startDynamoLocal(), buildSite()]);
  if (dynamoResult.status === 'fulfilled') dynamo = dynamoResult.value;
  if (siteResult.status === 'fulfilled') site = siteResult.value;
  if (dynamoResult.status === 'rejected' || siteResult.status === 'rejected') {
    await teardown();
    throw dynamoResult.status === 'rejected' ? dynamoResult.reason : (siteResult as PromiseRejectedResult).reason;
  }
  project.provide('dynamoEndpoint', dynamoResult.value.endpoint);
  project.provide('siteDir', siteResult.value.dir);
}

export async function teardown() {
  await Promise.all([dynamo?.stop(), site?.remove()]);
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** Folder of this run's build of the site (index.html, 404.html, _astro/). */
    siteDir: string;
  }
}

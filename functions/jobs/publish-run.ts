/**
 * One run of the publisher, apart from its Lambda entry (./publish.ts), which
 * reads the environment at cold start: tests run exactly what Lambda runs,
 * against their own table and store. (One file per job, so that each bundle
 * holds only its own job.)
 */
import type { Db } from '../data/client.ts';
import { publisherLagSeconds } from '../data/waiting.ts';
import { publishNotices } from '../publish/notices.ts';
import { publishChanges, publishSitePageKeys, republishIfShellChanged } from '../publish/publisher.ts';
import { publishTimeliness } from '../publish/timeliness.ts';
import { withDirectoryKeys } from '../storage/directory-keys.ts';
import { withElderPages } from '../storage/elder-pages.ts';
import type { PublicStore } from '../storage/types.ts';
import { withLease, type LeaseOptions } from './lease.ts';

export interface PublishRun {
  /** True when another run held the lease: this one did nothing. */
  busy: boolean;
  /** Seconds since the oldest change waiting when the run started (0: nothing waited). */
  lagSeconds: number;
  republished: number;
  /** Pages of the site build given their `path/` key (a deploy changed the site). */
  sitePages: number;
  published: number;
  notices: { ran: boolean; written: number };
  ms: number;
}

/** A run in which some step failed; `run` says what the others did. */
export class PublishFailed extends AggregateError {
  override name = 'PublishFailed';
  constructor(
    errors: unknown[],
    readonly run: PublishRun,
  ) {
    super(errors, `Publishing failed in ${errors.length} step(s); the next run tries again`);
  }
}

export const PUBLISHER_LEASE = 'publisher';

/**
 * The publisher, once, under the `publisher` lease (one run at a time; a run
 * that finds it held returns `busy` at once): every page again if the shell
 * changed, the site's pages under their `path/` keys if the build changed,
 * then changed institutions (with the snapshot and open data), then notices
 * and fee guidance when due, the departments' timeliness page hourly, as
 * `npm start` does every 3 s. Every page is
 * written at `path/index.html` and at `path/` (functions/storage/directory-keys.ts),
 * so an S3 origin without index documents (CloudFront in China) serves the
 * addresses the site links to. A step that fails does not stop the others;
 * the run then throws PublishFailed, and the next one tries again.
 */
export async function publishOnce(options: { db: Db; store: PublicStore; publicOrigin: string; now?: () => Date; lease?: LeaseOptions }): Promise<PublishRun> {
  const started = Date.now();
  const leased = await withLease(options.db, PUBLISHER_LEASE, () => runSteps({ ...options, store: withElderPages(withDirectoryKeys(options.store)) }, started), options.lease);
  if (leased.busy) return { busy: true, lagSeconds: 0, republished: 0, sitePages: 0, published: 0, notices: { ran: false, written: 0 }, ms: Date.now() - started };
  return leased.result;
}

async function runSteps(options: { db: Db; store: PublicStore; publicOrigin: string; now?: () => Date }, started: number): Promise<PublishRun> {
  const failures: unknown[] = [];
  const step = async <T>(fallback: T, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      failures.push(error);
      return fallback;
    }
  };
  const lagSeconds = await step(0, () => publisherLagSeconds(options.db, (options.now ?? (() => new Date()))()));
  const republished = await step(0, () => republishIfShellChanged(options));
  const sitePages = await step(0, () => publishSitePageKeys(options.store));
  const changes = await step({ published: 0, snapshotCount: -1 }, () => publishChanges(options));
  const notices = await step({ ran: false, written: 0, visible: -1 }, () => publishNotices(options));
  // Each department's timeliness (/timeliness/): at most once an hour.
  await step({ ran: false, written: false }, () => publishTimeliness(options));
  const run: PublishRun = {
    busy: false,
    lagSeconds,
    republished,
    sitePages,
    published: changes.published,
    notices: { ran: notices.ran, written: notices.written },
    ms: Date.now() - started,
  };
  if (failures.length) {
    console.error(JSON.stringify({ publisher: run, failures: failures.map((e) => (e instanceof Error ? e.message : String(e))) }));
    throw new PublishFailed(failures, run);
  }
  return run;
}

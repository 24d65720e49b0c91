/**
 * One run of the publisher, apart from its Lambda entry (./publish.ts), which
 * reads the environment at cold start: tests run exactly what Lambda runs,
 * against their own table and store. (One file per job, so that each bundle
 * holds only its own job.)
 */
import type { Db } from '../data/client.ts';
import { publisherLagSeconds } from '../data/waiting.ts';
import { publishNotices } from '../publish/notices.ts';
import { publishChanges, publishSitePageKeys, type PublisherOptions, type SummaryCache } from '../publish/publisher.ts';
import { republishPages } from '../publish/republish.ts';
import { onlyChanged, type WriteCounts } from '../storage/changed-only.ts';
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
  /** Pages rendered again into a new shell in this run (a full re-render goes on over several runs). */
  republished: number;
  /** False while a full re-render is under way (it goes on in the next run). */
  republishDone: boolean;
  /** Pages of the site build given their `path/` key (a deploy changed the site). */
  sitePages: number;
  published: number;
  /** Files written, and files left alone because their content had not changed. */
  files: WriteCounts;
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
 * How long one slice of a full re-render may hold up the institutions changed
 * meanwhile (plus the rest of its last 250 pages). Changes take priority:
 * their turn is up to CHANGES_TURN_MS and ends as soon as nothing waits. At
 * 100,000 with 20 s slices of 500 pages a change made during a re-render was
 * in the search after p95 72 s (docs/benchmarks.md, "Publisher at 100,000").
 */
export const REPUBLISH_SLICE_MS = 10_000;
/** The longest turn of the changes while a re-render is under way (they end it sooner when nothing more waits). */
export const CHANGES_TURN_MS = 20_000;

export interface PublishOnceOptions {
  db: Db;
  store: PublicStore;
  publicOrigin: string;
  now?: () => Date;
  lease?: LeaseOptions;
  /** Epoch ms by which the run should end its work (Lambda: its timeout less a margin); default a minute. */
  deadline?: number;
  /** Kept by a warm process between runs (publisher.ts). */
  cache?: SummaryCache;
}

/**
 * The publisher, once, under the `publisher` lease (one run at a time; a run
 * that finds it held returns `busy` at once): the site's pages under their
 * `path/` keys if the build changed, then changed institutions (with the
 * snapshot, and the open data hourly) alternating with slices of a full
 * re-render while one is under way (a new shell), until the deadline; then notices
 * and fee guidance when due, the departments' timeliness page hourly, as
 * `npm start` does every 3 s. Every page is
 * written at `path/index.html` and at `path/` (functions/storage/directory-keys.ts),
 * so an S3 origin without index documents (CloudFront in China) serves the
 * addresses the site links to, and only when its content changed
 * (functions/storage/changed-only.ts). A step that fails does not stop the others;
 * the run then throws PublishFailed, and the next one tries again.
 */
export async function publishOnce(options: PublishOnceOptions): Promise<PublishRun> {
  const started = Date.now();
  // Each key compared before it is written, the page's `path/` and `/elder/` copies included.
  const counted = onlyChanged(options.store);
  const store = withElderPages(withDirectoryKeys(counted));
  const leased = await withLease(options.db, PUBLISHER_LEASE, () => runSteps({ ...options, store }, started, counted.counts), options.lease);
  if (leased.busy) {
    return { busy: true, lagSeconds: 0, republished: 0, republishDone: false, sitePages: 0, published: 0, files: counted.counts, notices: { ran: false, written: 0 }, ms: Date.now() - started };
  }
  return leased.result;
}

type Step = <T>(fallback: T, run: () => Promise<T>) => Promise<T>;

/**
 * The institutions' part of a run: a slice of a full re-render if one is
 * under way, then a slice of changed institutions, and again, until the
 * deadline or the re-render is done, so a change waits at most one slice,
 * however long the re-render, and the re-render gets half the time however
 * many changes arrive. (The re-render's first call comes first: on a new
 * deployment it records the shell before anything is published.) `step`
 * runs each part, catching its failure (runSteps) or not (the benchmark).
 */
export async function publishInstitutionsUntil(
  options: Omit<PublishOnceOptions, 'lease' | 'deadline'> & Pick<PublisherOptions, 'hooks' | 'onPages' | 'listsEveryMs'>,
  deadline: number,
  step: Step = (_fallback, run) => run(),
): Promise<{ published: number; republished: number; republishDone: boolean; republishDoneAt?: number; failed: boolean }> {
  let published = 0;
  let republished = 0;
  let republishDone = false;
  /** Epoch ms when a slice in this call found the re-render done (the call then goes on with the changes). */
  let republishDoneAt: number | undefined;
  let failed = false;
  const guarded: Step = async (fallback, run) => {
    let ok = true;
    const value = await step(fallback, () => run().catch((error: unknown) => ((ok = false), Promise.reject(error))));
    if (!ok) failed = true;
    return value;
  };
  for (;;) {
    const slice = await guarded<{ pages: number; done: boolean }>({ pages: 0, done: false }, () => republishPages({ ...options, deadline: Math.min(deadline, Date.now() + REPUBLISH_SLICE_MS) }));
    republished += slice.pages;
    republishDone = slice.done;
    if (republishDone) republishDoneAt ??= Date.now();
    // While a re-render is under way the two take turns, a slice each: changes arriving all the time must not starve it.
    const changesUntil = republishDone ? deadline : Math.min(deadline, Date.now() + CHANGES_TURN_MS);
    // With no re-render under way, the changes gather between writings of the lists (LISTS_EVERY_MS); in its turns they do not hold it up.
    const changes = await guarded<{ published: number }>({ published: 0 }, () => publishChanges({ ...options, deadline: changesUntil, gather: republishDone }));
    published += changes.published;
    if (republishDone || failed || Date.now() >= deadline) break;
  }
  return { published, republished, republishDone, ...(republishDoneAt === undefined ? {} : { republishDoneAt }), failed };
}

async function runSteps(options: PublishOnceOptions, started: number, files: WriteCounts): Promise<PublishRun> {
  const failures: unknown[] = [];
  const step: Step = async <T>(fallback: T, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      failures.push(error);
      return fallback;
    }
  };
  const lagSeconds = await step(0, () => publisherLagSeconds(options.db, (options.now ?? (() => new Date()))()));
  const deadline = options.deadline ?? started + 60_000;
  const sitePages = await step(0, () => publishSitePageKeys(options.store));
  const { published, republished, republishDone } = await publishInstitutionsUntil(options, deadline, step);
  const notices = await step({ ran: false, written: 0, visible: -1 }, () => publishNotices(options));
  // Each department's timeliness (/timeliness/): at most once an hour.
  await step({ ran: false, written: false }, () => publishTimeliness(options));
  const run: PublishRun = {
    busy: false,
    lagSeconds,
    republished,
    republishDone,
    sitePages,
    published,
    files,
    notices: { ran: notices.ran, written: notices.written },
    ms: Date.now() - started,
  };
  if (failures.length) {
    console.error(JSON.stringify({ publisher: run, failures: failures.map((e) => (e instanceof Error ? e.message : String(e))) }));
    throw new PublishFailed(failures, run);
  }
  return run;
}

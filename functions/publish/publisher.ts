/**
 * The publisher: turns institutions changed since they were last published
 * into public files — their pages and QR codes, then the lists that link
 * them (the summaries, the search files, and what `PUBLISH_HOOKS` adds) — and only then
 * marks them published. A crash in between leaves them waiting, so the next
 * run publishes them again: nothing is lost. Locally `npm start` runs it
 * every few seconds; in AWS a stream or a schedule does (docs/ARCHITECTURE.md).
 *
 * At 100,000 institutions (docs/benchmarks.md, "Publisher at 100,000"):
 * - it works in rounds of `batchSize` waiting institutions, oldest change
 *   first, `concurrency` pages at once, until nothing waits or the run's
 *   `deadline`; each round's pages go out at once, while the lists (the
 *   summaries' delta and the search files) are written for all the rounds
 *   since the last time, at most every `listsEveryMs` while changes keep
 *   arriving, and then those institutions are marked published;
 * - the summaries are a base and a delta named by a manifest
 *   (./summary-store.ts): a writing rewrites the delta of what changed since
 *   the base, never the 52 MB of all of them (but a rare compaction), and is
 *   made only when a summary changed; a warm process keeps them between runs
 *   (`SummaryCache`) and reads them again only when the manifest moved;
 * - the search file and its candidate lists are the search's
 *   (functions/search/search-index-writer.ts), made from all the summaries;
 * - the open data is written at most hourly (open-data.ts);
 * - the store it is given decides whether an unchanged file is written
 *   (functions/storage/changed-only.ts: the job and `npm start` use it);
 * - a new shell's full re-render is ./republish.ts.
 */
import { toPublicSummary } from '#shared/rules/institution.ts';
import type { Institution, InstitutionSummary } from '#shared/schemas/institution.ts';
import * as t from '#shared/i18n/zh-CN/index.ts';
import type { Db } from '../data/client.ts';
import { listUnpublished, markPublished } from '../data/institutions.ts';
import { createHash } from 'node:crypto';
import { runPool } from '../import/pool.ts';
import { firstUse } from '../lib/first-use.ts';
import type { SearchIndexState } from '../search/search-index-writer.ts';
import { loadSummaries, writeSummaries, type SummaryState } from './summary-store.ts';
import { directoryKeyOf, PAGE_CONTENT_TYPE } from '../storage/directory-keys.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';
import { PUBLISH_HOOKS, type PublishHook } from './hooks.ts';
import { publishOpenDataIfDue } from './open-data.ts';
import { institutionPath } from './feed-paths.ts';
import { fillShell, SHELL_KEY } from './shell.ts';
import { feedHeadLinks } from './feeds.ts';

export { fillShell, SHELL_KEY, SHELL_MARKERS } from './shell.ts';

/**
 * The search file's writer (the search's normalising tables, 繁简 among them, and its
 * sorting), loaded on first use: only a run that publishes a change writes the lists,
 * so a run with nothing waiting reads none of it at cold start (docs/benchmarks.md,
 * "Lambda bundles").
 */
const searchIndexWriter = firstUse(() => import('../search/search-index-writer.ts'));

/**
 * The institution page's renderer (the jurisdiction's departments and contacts, the
 * page's strings), loaded with the first page published: a run with nothing waiting
 * neither renders nor parses the jurisdiction.
 */
const institutionRenderer = firstUse(() => import('./render-institution.ts'));

const s = t.institution;

/**
 * The public summaries as last read or written (./summary-store.ts), kept by
 * a warm process between runs (the Lambda's module scope, `npm start`'s
 * loop) so a run reads them only when another writer moved the manifest.
 */
export interface SummaryCache extends SummaryState, SearchIndexState {
  /** Epoch ms the lists were last written by this process (listsEveryMs counts from it). */
  listsWrittenAt?: number;
}

/**
 * How long the lists may wait behind the pages while changes keep arriving:
 * a status change is in the search within this plus one writing of the
 * lists (about 10 s at 100,000 on a loaded machine), inside the 60 s budget
 * (docs/benchmarks.md, "Publisher at 100,000"). A lone change is written at
 * once, since the lists were written longer ago than this.
 */
export const LISTS_EVERY_MS = 20_000;

export interface PublisherOptions {
  db: Db;
  store: PublicStore;
  /** The site's public origin, printed under QR codes, e.g. https://shouhu.xinyang.gov.cn */
  publicOrigin: string;
  now?: () => Date;
  /** Waiting institutions per round (default 500). */
  batchSize?: number;
  /** Pages rendered and written at once (default 16). */
  concurrency?: number;
  /** Epoch ms: no round starts after it (default: until nothing waits). */
  deadline?: number;
  cache?: SummaryCache;
  /** What else is kept in step with the published institutions (default PUBLISH_HOOKS). */
  hooks?: readonly PublishHook[];
  /** At most how often the lists are written while changes keep arriving (default LISTS_EVERY_MS). */
  listsEveryMs?: number;
  /**
   * When nothing more waits but the lists were written less than
   * `listsEveryMs` ago, wait for more (looking every second, until the
   * deadline) before writing them (default false: write them and return).
   * The run sets it when no re-render is under way.
   */
  gather?: boolean;
  /** Told as each round's pages are written (before the lists): how the benchmark sees a page go public. */
  onPages?: (institutions: readonly Institution[]) => void;
  /** Elapsed time, for `listsEveryMs`, `deadline` and the waits while gathering (default: the real one); a test moves its own. */
  clock?: PublisherClock;
}

export interface PublisherClock {
  /** Epoch ms. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PublisherClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PublishResult {
  published: number;
  /** Published summaries after the run; -1 when nothing waited. */
  snapshotCount: number;
  rounds: number;
  /** How many times the lists were written (and the institutions since the last time marked). */
  listsWritten: number;
  /** Whether the summaries and search files were written (false when no summary changed). */
  snapshotWritten: boolean;
  openDataWritten: boolean;
}

/**
 * The lists from these summaries, `changedIds` having changed since the last
 * writing: the summaries' delta (or a new base, ./summary-store.ts), then the
 * search file and its candidate lists (the search's own serialiser).
 */
export async function writeLists(store: PublicStore, cache: SummaryCache, summaries: Map<string, InstitutionSummary>, changedIds: Iterable<string>, now: Date): Promise<void> {
  await writeSummaries(store, cache, summaries, changedIds, now);
  const all = [...summaries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // The API's search reads this one (functions/search/compact.ts), made from the same summaries in the same run.
  const { writeSearchIndex } = await searchIndexWriter();
  await writeSearchIndex(store, all, now.toISOString(), cache);
}

export async function publishInstitutionPage(store: PublicStore, shell: string, inst: Institution, publicOrigin: string, now: Date) {
  const pageUrl = `${publicOrigin}${institutionPath(inst.id)}`;
  const { renderInstitution } = await institutionRenderer();
  const content = String(await renderInstitution(inst, { today: now.toISOString().slice(0, 10), pageUrl }));
  const page = fillShell(shell, {
    title: inst.name,
    description: `${inst.name}：${s.statusExplained[inst.status]}`,
    content,
    head: feedHeadLinks(inst),
  });
  // The QR code library (qrcode and pngjs, about 55 KB) is loaded with the first page, not at cold start.
  const { default: QRCode } = await import('qrcode');
  const qr = await QRCode.toString(pageUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  const base = institutionPath(inst.id).slice(1);
  // Whole objects, independent of each other, so they go out at once (with the store's `path/` and elder copies, five).
  await Promise.all([
    store.put(`${base}index.html`, page, { contentType: 'text/html; charset=utf-8', cacheControl: CACHE.published }),
    store.put(`${base}qr.svg`, qr, { contentType: 'image/svg+xml', cacheControl: CACHE.published }),
  ]);
}

/** The page shell the site build wrote (institution pages are filled into it). */
export async function readShell(store: PublicStore): Promise<string> {
  const shellFile = await store.get(SHELL_KEY);
  if (!shellFile) throw new Error(`The page shell ${SHELL_KEY} is missing: build the site first`);
  return shellFile.body.toString('utf8');
}

/** Renders and writes every page of the list, `concurrency` at once; throws the first failure once none is in flight. */
export async function publishPages(store: PublicStore, shell: string, institutions: readonly Institution[], publicOrigin: string, now: Date, concurrency: number) {
  const outcomes = await runPool(institutions, (inst) => publishInstitutionPage(store, shell, inst, publicOrigin, now), { concurrency, stopOnError: true });
  const failed = outcomes.find((o) => o.state === 'failed');
  if (failed?.state === 'failed') throw failed.error;
}

/**
 * Publishes what waits, round by round: each round's pages at once; then,
 * for every round since the last time, the lists (summaries, search files, hooks), then
 * each institution marked published at the version rendered, so an
 * institution is in a list only once its page is there, and marked only once
 * both are (a crash in between leaves it waiting: the next run writes its
 * unchanged page again, which the store skips, and the lists). The lists are
 * written when `listsEveryMs` has passed since the last time, when nothing
 * more waits (after gathering, see `gather`), and at the deadline. Then the
 * open data, if due.
 */
export async function publishChanges(options: PublisherOptions): Promise<PublishResult> {
  const { db, store, publicOrigin } = options;
  const now = (options.now ?? (() => new Date()))();
  const batchSize = options.batchSize ?? 500;
  const concurrency = options.concurrency ?? 16;
  const cache = options.cache ?? {};
  const hooks = options.hooks ?? PUBLISH_HOOKS;
  const everyMs = options.listsEveryMs ?? LISTS_EVERY_MS;
  const result: PublishResult = { published: 0, snapshotCount: -1, rounds: 0, listsWritten: 0, snapshotWritten: false, openDataWritten: false };
  let shell: string | undefined;
  /** Pages written, not yet in the lists nor marked, by id (a later version replaces an earlier one). */
  const pending = new Map<string, Institution>();
  /** Where the list of waiting institutions goes on after what is pending (it is still there until marked). */
  let resumeAt: string | undefined;
  const clock = options.clock ?? realClock;
  const pastDeadline = () => options.deadline !== undefined && clock.now() >= options.deadline;
  const listsDue = () => clock.now() - (cache.listsWrittenAt ?? 0) >= everyMs;

  const writePending = async () => {
    const items = [...pending.values()];
    const summaries = await loadSummaries(store, cache);
    // pinyin-pro (about 300 KB) is loaded when there is something to publish, not at cold start.
    const { pinyinInitials } = await import('./initials.ts');
    const changes = items.map((institution) => {
      const previous = summaries.get(institution.id);
      const summary = toPublicSummary(institution, pinyinInitials);
      summaries.set(institution.id, summary);
      return { institution, summary, previous };
    });
    // An inspection or an unpublished sanction changes the page, not the summary: the lists stay.
    const changed = changes.filter((c) => JSON.stringify(c.previous) !== JSON.stringify(c.summary));
    if (changed.length > 0) {
      await writeLists(store, cache, summaries, changed.map((c) => c.institution.id), now);
      result.snapshotWritten = true;
    }
    for (const hook of hooks) await hook.afterPages({ store, now, publicOrigin, changes, summaries });

    // Only now is each version public: mark it, unless it changed again meanwhile (then it stays waiting).
    const marked = await runPool(items, (inst) => markPublished(db, inst.id, inst.version), { concurrency, stopOnError: true });
    const unmarked = marked.find((o) => o.state === 'failed');
    // Those not marked stay waiting and are published again next time: the lists already hold them, which is the truth.
    if (unmarked?.state === 'failed') throw unmarked.error;
    result.published += items.length;
    result.listsWritten += 1;
    result.snapshotCount = summaries.size;
    cache.listsWrittenAt = clock.now();
    pending.clear();
    // Everything read so far is marked: the next look starts from the oldest change again.
    resumeAt = undefined;
  };

  for (;;) {
    const page = await listUnpublished(db, batchSize, resumeAt);
    resumeAt = page.resumeAt ?? resumeAt;
    const items = page.items;
    if (items.length === 0) {
      if (page.cursor && !pastDeadline()) continue;
      if (pending.size === 0) break;
      if (options.gather && !listsDue() && !pastDeadline()) {
        await clock.sleep(Math.min(1000, Math.max(0, (options.deadline ?? Infinity) - clock.now())));
        continue;
      }
      await writePending();
      if (pastDeadline()) break;
      continue;
    }
    shell ??= await readShell(store);
    await publishPages(store, shell, items, publicOrigin, now, concurrency);
    for (const inst of items) pending.set(inst.id, inst);
    options.onPages?.(items);
    result.rounds += 1;
    if (listsDue() || pastDeadline()) await writePending();
    if (pastDeadline()) break;
  }

  result.openDataWritten = (await publishOpenDataIfDue({ store, now, summaries: async () => (await loadSummaries(store, cache)).values() })).written;
  return result;
}

/** Written by the site build (site/astro.config.mjs): every page of the build, `path/index.html`, with its SHA-256. */
export const SITE_PAGES_KEY = 'site-pages.json';
const SITE_PAGES_HASH_KEY = 'site-pages.sha256';

interface SitePages {
  pages: Array<{ key: string; sha256: string }>;
}

/**
 * After a site deploy (which uploads the build's `path/index.html` files),
 * gives every page of the build its `path/` key too, so an S3 origin without
 * index documents (China) serves `/notices/`, `/admin/`, ... Cheap to call:
 * it does nothing while the build's page list is unchanged. Answers how many
 * pages it wrote.
 */
export async function publishSitePageKeys(store: PublicStore): Promise<number> {
  const manifest = await store.get(SITE_PAGES_KEY);
  if (!manifest) throw new Error(`The site's page list ${SITE_PAGES_KEY} is missing: build the site first`);
  const hash = createHash('sha256').update(manifest.body).digest('hex');
  if ((await store.get(SITE_PAGES_HASH_KEY))?.body.toString('utf8') === hash) return 0;
  const { pages } = JSON.parse(manifest.body.toString('utf8')) as SitePages;
  let count = 0;
  for (const { key } of pages) {
    const directory = directoryKeyOf(key);
    const page = directory ? await store.get(key) : null;
    if (!directory || !page) continue;
    await store.put(directory, page.body, { contentType: PAGE_CONTENT_TYPE, cacheControl: CACHE.published });
    count += 1;
  }
  await store.put(SITE_PAGES_HASH_KEY, hash, { contentType: 'text/plain', cacheControl: 'no-cache' });
  return count;
}

/**
 * The full re-render: after a site build changes the page shell (new
 * stylesheet names, a new header) or the public origin changes, every
 * published institution page is rendered again. At 100,000 institutions
 * that is longer than one run may take, so it is:
 *
 * - **resumable**: the render's key (the shell's SHA-256 and the origin) and
 *   a cursor over the institutions (the supervision index, pair by pair) are
 *   checkpointed in the table after every slice
 *   (functions/data/publish-progress.ts); the next run goes on from there;
 * - **parallel**: the slice's records read in a few consistent BatchGetItem
 *   calls, then `concurrency` pages at once (rendering, writes: each page's
 *   files at once);
 * - **never half-written**: each page is one object, replaced whole (S3
 *   PutObject; locally write-then-rename); the lists (search, open data) do
 *   not change, since a new shell changes no summary;
 * - **bounded**: it stops at `deadline`, so the publish run can go back to
 *   the institutions that changed meanwhile (they wait at most one slice).
 *
 * An institution still waiting to be published is skipped: the incremental
 * publisher renders it into the current shell anyway. Each page is read
 * from the record itself (consistent), never from the index's copy, and read
 * again once the slice's pages are out (`renderWhatMovedOn`), so a slice never
 * leaves an older version over a newer page.
 */
import { createHash } from 'node:crypto';
import { DepartmentKinds } from '#shared/vocabulary.ts';
// The served jurisdiction's districts as plain data: this module does not load or parse the jurisdiction.
import { servedDistricts } from '#shared/jurisdiction/districts.ts';
import type { Db } from '../data/client.ts';
import { getManyForPublishing, listIdsBySupervision } from '../data/institutions.ts';
import { readRepublishProgress, saveRepublishProgress, type RepublishProgress } from '../data/publish-progress.ts';
import { anythingPublished } from './summary-store.ts';
import type { PublicStore } from '../storage/types.ts';
import { publishPages, readShell } from './publisher.ts';
import { publishFeeds } from './feeds.ts';
import type { Institution } from '#shared/schemas/institution.ts';

/** Before this module, the shell's hash was kept in the store; a deployment that has it is not rendered again for nothing. */
const LEGACY_SHELL_HASH_KEY = 'institutions/shell.sha256';

export interface RepublishOptions {
  db: Db;
  store: PublicStore;
  publicOrigin: string;
  now?: () => Date;
  /** Epoch ms: no slice starts after it (default: to the end). */
  deadline?: number;
  /** Institutions per slice, one checkpoint each (default 250: a slice overruns its deadline by at most this many pages). */
  sliceSize?: number;
  /** Pages at once (default 16). */
  concurrency?: number;
}

export interface RepublishResult {
  /** Pages rendered in this call. */
  pages: number;
  /** True when every page is in the current shell. */
  done: boolean;
  /** Pages rendered in this render so far, this call's included. */
  total: number;
}

/** Every (department kind, district) pair, in a fixed order: the cursor's outer loop. */
export function supervisionPairs(): Array<{ kind: string; districtCode: string }> {
  return DepartmentKinds.keys.flatMap((kind) => servedDistricts.map((d) => ({ kind, districtCode: d.code })));
}

export function renderKeyOf(shell: string, publicOrigin: string): string {
  return `${createHash('sha256').update(shell).digest('hex')}|${publicOrigin}`;
}

/** How many times a slice's pages are checked against their records after they are written. */
const MOVED_ON_CHECKS = 3;

/**
 * After a slice's pages and feeds are written: reads their records again
 * (consistent, a few batch calls) and renders anew, from the newer version,
 * every page (and its feeds) whose record changed since it was read. A
 * status change made while the slice rendered, and published by a
 * publisher that ran meanwhile (a lease lost in a stalled run), is then
 * never left under this render's older version; a change not yet published
 * is only rendered early (the publisher writes it again, unchanged, and
 * marks it). Checked up to MOVED_ON_CHECKS times while records keep moving.
 */
async function renderWhatMovedOn(options: RepublishOptions, shell: string, rendered: readonly Institution[], at: Date, concurrency: number) {
  let check = rendered;
  for (let attempt = 0; attempt < MOVED_ON_CHECKS && check.length > 0; attempt++) {
    const versions = new Map(check.map((inst) => [inst.id, inst.version]));
    const fresh = await getManyForPublishing(options.db, [...versions.keys()]);
    check = fresh.map((found) => found.institution).filter((inst) => inst.version !== versions.get(inst.id));
    await publishPages(options.store, shell, check, options.publicOrigin, at, concurrency);
    await publishFeeds(options.store, check, options.publicOrigin);
  }
}

/**
 * Goes on with the full re-render if the shell or origin changed since the
 * last one finished; does nothing (one GetItem and one read of the shell)
 * when it did not.
 */
export async function republishPages(options: RepublishOptions): Promise<RepublishResult> {
  const { db, store, publicOrigin } = options;
  const shell = await readShell(store);
  const renderKey = renderKeyOf(shell, publicOrigin);
  const saved = await readRepublishProgress(db);
  if (saved?.renderKey === renderKey && saved.done) return { pages: 0, done: true, total: saved.pages };
  const at = (options.now ?? (() => new Date()))();
  const stamp = at.toISOString();

  let progress: RepublishProgress;
  if (saved?.renderKey === renderKey) progress = saved;
  else {
    progress = { renderKey, pair: 0, pages: 0, done: false, startedAt: stamp, updatedAt: stamp };
    // Nothing published yet, or the last render recorded in the store's old marker is this one: nothing to render.
    const legacy = saved ? undefined : (await store.get(LEGACY_SHELL_HASH_KEY))?.body.toString('utf8');
    const nothingPublished = !saved && !(await anythingPublished(store));
    if (nothingPublished || (legacy !== undefined && legacy === renderKey.split('|')[0])) {
      await saveRepublishProgress(db, { ...progress, done: true }, saved?.renderKey);
      return { pages: 0, done: true, total: 0 };
    }
  }

  const pairs = supervisionPairs();
  const sliceSize = options.sliceSize ?? 250;
  const concurrency = options.concurrency ?? 16;
  let previousKey = saved?.renderKey;
  let pages = 0;
  while (progress.pair < pairs.length) {
    if (options.deadline !== undefined && Date.now() >= options.deadline) break;
    const page = await listIdsBySupervision(db, { ...pairs[progress.pair]!, limit: sliceSize, ...(progress.cursor ? { cursor: progress.cursor } : {}) });
    // The slice's records in a few consistent BatchGetItem calls (not one GetItem a page).
    const rerendered = (await getManyForPublishing(db, page.items)).filter((found) => !found.waiting).map((found) => found.institution);
    await publishPages(store, shell, rerendered, publicOrigin, at, concurrency);
    // The pages link their feeds: a page published before the feeds existed gets them now (unchanged ones are not rewritten).
    await publishFeeds(store, rerendered, publicOrigin);
    await renderWhatMovedOn(options, shell, rerendered, at, concurrency);
    const rendered = rerendered.length;
    pages += rendered;
    const { cursor: _cursor, ...rest } = progress;
    progress = page.cursor
      ? { ...rest, cursor: page.cursor, pages: progress.pages + rendered, updatedAt: new Date().toISOString() }
      : { ...rest, pair: progress.pair + 1, pages: progress.pages + rendered, updatedAt: new Date().toISOString() };
    progress.done = progress.pair >= pairs.length;
    // A newer render started elsewhere (another shell): leave the rest to it.
    if (!(await saveRepublishProgress(db, progress, previousKey))) return { pages, done: false, total: progress.pages };
    previousKey = renderKey;
  }
  if (progress.pair >= pairs.length && !progress.done) {
    progress.done = true;
    await saveRepublishProgress(db, progress, previousKey);
  }
  return { pages, done: progress.done, total: progress.pages };
}

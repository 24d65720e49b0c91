/**
 * Where the API's search index comes from: the search file the publisher writes
 * whenever institutions change (./compact.ts, data/search-index.bin), with the
 * delta written over it since (./delta.ts, data/search-delta.json). The API
 * reloads when its index is older than `maxAgeMs` and an etag has changed; when
 * only the delta's has, it keeps the search file it holds and reads the delta.
 *
 * Where there is no search file this reader can read (a store published before
 * it, or by an older publisher), it searches the summaries the publisher keeps
 * (functions/publish/summary-store.ts: base, delta and manifest; or the one-file
 * snapshot before them), which it validates, sorts and indexes itself: slower,
 * until the next publish writes the file.
 */
import type { PublicStore } from '../storage/types.ts';
import { decodeSearchFile, SEARCH_INDEX_KEY, UnreadableSearchIndex } from './compact.ts';
import { SEARCH_DELTA_KEY, SearchDelta, withDelta } from './delta.ts';
import { createSearchIndex, createSearchIndexFromColumns, type RowIndex, type SearchIndex } from './engine.ts';
import { SNAPSHOT_KEY } from './snapshot-file.ts';

/** The one-file snapshot of every summary, as publishers wrote it before the summaries' base and delta (read by summary-store.ts). */
export { Snapshot, SNAPSHOT_KEY } from './snapshot-file.ts';

export interface SnapshotSource {
  index(): Promise<SearchIndex>;
}

export function createSnapshotSource(store: PublicStore, options: { maxAgeMs?: number; now?: () => number } = {}): SnapshotSource {
  const maxAgeMs = options.maxAgeMs ?? 10_000;
  const now = options.now ?? Date.now;
  let current: SearchIndex = createSearchIndex([], 'empty');
  let checkedAt = -Infinity;
  let loading: Promise<SearchIndex> | undefined;
  /** The search file last refused (key and etag): not read again until it changes. */
  let refused: string | undefined;
  /** The search file last read: kept while only its delta changes. */
  let base: { from: string; generation: string; index: RowIndex } | undefined;

  /** The search file with this etag, read and decoded unless it is the one held; undefined when refused. */
  async function readBase(etag: string) {
    if (refused === `${SEARCH_INDEX_KEY} ${etag}`) return undefined;
    if (base?.from === `${SEARCH_INDEX_KEY} ${etag}`) return base;
    const file = await store.get(SEARCH_INDEX_KEY);
    if (!file) return undefined;
    try {
      const columns = decodeSearchFile(file.body);
      const from = `${SEARCH_INDEX_KEY} ${file.etag}`;
      base = { from, generation: columns.generation, index: createSearchIndexFromColumns(columns, from) };
      return base;
    } catch (error) {
      if (!(error instanceof UnreadableSearchIndex)) throw error;
      refused = `${SEARCH_INDEX_KEY} ${file.etag}`;
      console.warn(`${error.message}. Searching the published summaries until the next publish writes the search file.`);
      return undefined;
    }
  }

  /** The delta over this base, when there is one written over it (one that cannot be read is left aside, and said so). */
  async function readDelta(generation: string): Promise<SearchDelta | undefined> {
    const file = await store.get(SEARCH_DELTA_KEY);
    if (!file) return undefined;
    const text = file.body.toString('utf8');
    const parsed = (() => {
      try {
        return SearchDelta.safeParse(JSON.parse(text));
      } catch {
        return undefined; // not JSON: cut short
      }
    })();
    if (!parsed?.success) {
      console.warn(`${SEARCH_DELTA_KEY} is not a search delta this reader reads: searching the search file without it until the next publish.`);
      return undefined;
    }
    const delta = parsed.data;
    return delta.base === generation && (delta.changed.length > 0 || delta.removed.length > 0) ? delta : undefined;
  }

  /** The index of the newest files, or undefined when it is the one already built (same keys and etags) or there is none. */
  async function load(): Promise<SearchIndex | undefined> {
    const [etag, deltaEtag] = await Promise.all([store.etag(SEARCH_INDEX_KEY), store.etag(SEARCH_DELTA_KEY)]);
    if (etag) {
      const from = `${SEARCH_INDEX_KEY} ${etag} ${SEARCH_DELTA_KEY} ${deltaEtag}`;
      if (from === current.builtFrom) return undefined;
      const read = await readBase(etag);
      if (read) {
        const delta = deltaEtag ? await readDelta(read.generation) : undefined;
        return delta ? withDelta(read.index, delta, from) : { ...read.index, builtFrom: from };
      }
    }
    // Loaded on this path only: a store with a search file never needs the summaries.
    const { loadSummaries, SUMMARIES_MANIFEST_KEY } = await import('../publish/summary-store.ts');
    const [manifest, snapshot] = await Promise.all([store.etag(SUMMARIES_MANIFEST_KEY), store.etag(SNAPSHOT_KEY)]);
    const summariesFrom = manifest ? `${SUMMARIES_MANIFEST_KEY} ${manifest}` : snapshot ? `${SNAPSHOT_KEY} ${snapshot}` : undefined;
    if (!summariesFrom || summariesFrom === current.builtFrom) return undefined;
    const summaries = await loadSummaries(store, {});
    return createSearchIndex([...summaries.values()], summariesFrom);
  }

  async function reload(): Promise<SearchIndex> {
    current = (await load()) ?? current;
    checkedAt = now();
    return current;
  }

  return {
    async index() {
      if (now() - checkedAt < maxAgeMs) return current;
      // One reload at a time; concurrent requests share it.
      loading ??= reload().finally(() => (loading = undefined));
      return loading;
    },
  };
}

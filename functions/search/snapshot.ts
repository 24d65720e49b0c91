/**
 * Where the API's search index comes from: the files the publisher writes
 * whenever institutions change. The API reloads when its index is older than
 * `maxAgeMs` and the file's etag has changed.
 *
 * It reads the search file (./compact.ts: sorted by name, by column) with the
 * candidate lists written for it (./postings.ts) and, only
 * where there is none yet (a store published before it existed), the snapshot,
 * which it validates and sorts itself.
 */
import type { PublicStore } from '../storage/types.ts';
import { readSearchColumns, SEARCH_INDEX_KEY } from './compact.ts';
import { createSearchIndex, createSearchIndexFromColumns, type SearchIndex } from './engine.ts';
import { decodePostings, POSTINGS_KEY, UnreadablePostings, type Postings } from './postings.ts';
import { Snapshot, SNAPSHOT_KEY } from './snapshot-file.ts';

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

  /** The candidate lists written with the search file `postingsId` names; none (the index builds them) if they are not those. */
  async function postingsFor(postingsId: string | undefined): Promise<Postings | undefined> {
    if (!postingsId) return undefined;
    const file = await store.get(POSTINGS_KEY);
    if (!file) return undefined;
    try {
      const postings = decodePostings(file.body);
      return postings.id === postingsId ? postings : undefined;
    } catch (error) {
      if (error instanceof UnreadablePostings) return undefined;
      throw error;
    }
  }

  /** The index of the newest file, or undefined when it is the one already built (same key and etag). */
  async function load(): Promise<SearchIndex | undefined> {
    const compactEtag = await store.etag(SEARCH_INDEX_KEY);
    if (compactEtag) {
      if (`${SEARCH_INDEX_KEY} ${compactEtag}` === current.builtFrom) return undefined;
      const file = await store.get(SEARCH_INDEX_KEY);
      if (!file) return undefined;
      // The file's text is dropped as soon as it is parsed: only the columns are kept.
      const columns = readSearchColumns(file.body.toString('utf8'));
      return createSearchIndexFromColumns(columns, `${SEARCH_INDEX_KEY} ${file.etag}`, await postingsFor(columns.postingsId));
    }
    const etag = await store.etag(SNAPSHOT_KEY);
    if (!etag || `${SNAPSHOT_KEY} ${etag}` === current.builtFrom) return undefined;
    const file = await store.get(SNAPSHOT_KEY);
    if (!file) return undefined;
    const snapshot = Snapshot.parse(JSON.parse(file.body.toString('utf8')));
    return createSearchIndex(snapshot.institutions, `${SNAPSHOT_KEY} ${file.etag}`);
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

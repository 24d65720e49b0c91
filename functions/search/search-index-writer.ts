/**
 * The publisher's hook for the API's search: each time it writes the summaries, the
 * same summaries are written for the search, as one of
 * - the search file (./compact.ts: one binary file, sorted by name, by column,
 *   normalised, with its candidate lists), which a cold API reads without parsing,
 *   sorting, validating or normalising: 54 MB and about 2.5 s of CPU at 100,000;
 * - or, when this writer wrote the search file still in the store and few summaries
 *   changed since, the delta over it (./delta.ts: those summaries, a few KB).
 * The delta is written again whole each time (every change since the base), until it
 * would pass `compactAt` rows: then a new base (the compaction). Kept apart from the
 * publisher so that how the publisher gathers the summaries can change without
 * touching these files' format.
 */
import { randomUUID } from 'node:crypto';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';
import { encodeSearchFile, SEARCH_INDEX_KEY } from './compact.ts';
import { SEARCH_DELTA_FORMAT, SEARCH_DELTA_KEY, type SearchDelta } from './delta.ts';

/** What a writer keeps between writings (a warm publisher's cache): the base it wrote last. */
export interface SearchIndexState {
  searchBase?: {
    generation: string;
    /** The base's etag as written: a base written since by another process is not this one. */
    etag: string | null;
    /** The summaries it was made from, by id. */
    summaries: ReadonlyMap<string, InstitutionSummary>;
  };
}

export interface WriteSearchIndexResult {
  written: 'base' | 'delta';
  bytes: number;
  /** Summaries in the delta (changed or removed since the base); 0 after a base. */
  deltaCount: number;
}

/** Rows a delta may hold before a new base is written: at 100,000, 2,000 (a reload of about 1 MB and a small index). */
export const defaultCompactAt = (size: number) => 1_000 + Math.floor(size / 100);

export async function writeSearchIndex(
  store: PublicStore,
  summaries: readonly InstitutionSummary[],
  generatedAt: string,
  state: SearchIndexState = {},
  options: { compactAt?: number } = {},
): Promise<WriteSearchIndexResult> {
  const base = state.searchBase;
  if (base && base.etag === (await store.etag(SEARCH_INDEX_KEY))) {
    const changed = summaries.filter((s) => {
      const before = base.summaries.get(s.id);
      return before !== s && JSON.stringify(before) !== JSON.stringify(s);
    });
    const published = new Set(summaries.map((s) => s.id));
    const removed = [...base.summaries.keys()].filter((id) => !published.has(id));
    if (changed.length + removed.length <= (options.compactAt ?? defaultCompactAt(summaries.length))) {
      const delta: SearchDelta = { format: SEARCH_DELTA_FORMAT, base: base.generation, generatedAt, changed, removed };
      const body = JSON.stringify(delta);
      await store.put(SEARCH_DELTA_KEY, body, { contentType: 'application/json', cacheControl: CACHE.published });
      return { written: 'delta', bytes: Buffer.byteLength(body), deltaCount: changed.length + removed.length };
    }
  }
  const generation = randomUUID();
  const file = encodeSearchFile(summaries, generatedAt, generation);
  await store.put(SEARCH_INDEX_KEY, file, { contentType: 'application/octet-stream', cacheControl: CACHE.published });
  // A delta left from the previous base names that base: readers ignore it until the next writing replaces it.
  state.searchBase = { generation, etag: await store.etag(SEARCH_INDEX_KEY), summaries: new Map(summaries.map((s) => [s.id, s])) };
  return { written: 'base', bytes: file.length, deltaCount: 0 };
}

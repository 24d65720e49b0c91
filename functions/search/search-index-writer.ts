/**
 * The publisher's hook for the API's search: after it writes the snapshot, the same
 * summaries are written as the search file (./compact.ts), sorted by name and by
 * column, so that a cold API reads and indexes them without sorting or validating.
 * Kept apart from the publisher so that how the publisher gathers the summaries can
 * change (incremental runs) without touching the file's format.
 */
import { CACHE, type PublicStore } from '../storage/types.ts';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { SEARCH_INDEX_KEY, toSearchColumns } from './compact.ts';

export async function writeSearchIndex(store: PublicStore, summaries: readonly InstitutionSummary[], generatedAt: string): Promise<number> {
  const body = JSON.stringify(toSearchColumns(summaries, generatedAt));
  await store.put(SEARCH_INDEX_KEY, body, { contentType: 'application/json', cacheControl: CACHE.published });
  return Buffer.byteLength(body);
}

/**
 * The publisher's hook for the API's search: each time it writes the summaries, the
 * same summaries are written as the search file (./compact.ts: one binary file, sorted
 * by name, by column, normalised, with its candidate lists), so that a cold API reads
 * it without parsing, sorting, validating or normalising. One object, replaced whole:
 * a reader never pairs columns and lists of two writings. Kept apart from the
 * publisher so that how the publisher gathers the summaries can change without
 * touching the file's format.
 */
import { CACHE, type PublicStore } from '../storage/types.ts';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { encodeSearchFile, SEARCH_INDEX_KEY } from './compact.ts';

export async function writeSearchIndex(store: PublicStore, summaries: readonly InstitutionSummary[], generatedAt: string): Promise<{ bytes: number }> {
  const file = encodeSearchFile(summaries, generatedAt);
  await store.put(SEARCH_INDEX_KEY, file, { contentType: 'application/octet-stream', cacheControl: CACHE.published });
  return { bytes: file.length };
}

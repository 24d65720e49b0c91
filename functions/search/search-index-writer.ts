/**
 * The publisher's hook for the API's search: after it writes the snapshot, the same
 * summaries are written as the search file (./compact.ts: sorted by name, by column)
 * and its candidate lists (./postings.ts: binary), so that a cold API reads and
 * indexes them without sorting, validating or building lists. The lists are written
 * first and the search file names them, so a reader never pairs a search file with
 * older lists (with newer ones it builds its own). Kept apart from the publisher so
 * that how the publisher gathers the summaries can change (incremental runs) without
 * touching these files' format.
 */
import { randomUUID } from 'node:crypto';
import { CACHE, type PublicStore } from '../storage/types.ts';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { SEARCH_INDEX_KEY, toSearchColumns } from './compact.ts';
import { searchableOf } from './engine.ts';
import { buildPostings, encodePostings, POSTINGS_KEY } from './postings.ts';

export async function writeSearchIndex(store: PublicStore, summaries: readonly InstitutionSummary[], generatedAt: string): Promise<{ bytes: number; postingsBytes: number }> {
  const columns = toSearchColumns(summaries, generatedAt);
  const postingsId = `${generatedAt} ${randomUUID()}`;
  const postings = encodePostings(buildPostings(searchableOf(columns)), postingsId);
  await store.put(POSTINGS_KEY, postings, { contentType: 'application/octet-stream', cacheControl: CACHE.published });
  const body = JSON.stringify({ ...columns, postingsId });
  await store.put(SEARCH_INDEX_KEY, body, { contentType: 'application/json', cacheControl: CACHE.published });
  return { bytes: Buffer.byteLength(body), postingsBytes: postings.length };
}

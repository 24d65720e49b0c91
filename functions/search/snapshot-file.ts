/**
 * The snapshot file's key and shape (every public summary in one JSON file,
 * the search's source before the search file, ./compact.ts), apart from the
 * search engine that reads it (./snapshot.ts): the publisher's summaries
 * (functions/publish/summary-store.ts) read and write the file without
 * loading the engine and its normalising tables at cold start.
 */
import { z } from 'zod';
import { InstitutionSummary } from '#shared/schemas/institution.ts';

export const SNAPSHOT_KEY = 'data/search-snapshot.json';

export const Snapshot = z.object({
  generatedAt: z.string(),
  count: z.number().int(),
  institutions: z.array(InstitutionSummary),
});
export type Snapshot = z.infer<typeof Snapshot>;

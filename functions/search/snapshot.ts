/**
 * The search snapshot: every public summary, published as one file by the
 * publisher whenever institutions change. The API reloads it when it is
 * older than `maxAgeMs` and its etag has changed.
 */
import { z } from 'zod';
import { InstitutionSummary } from '#shared/schemas/institution.ts';
import type { PublicStore } from '../storage/types.ts';
import { createSearchIndex, type SearchIndex } from './engine.ts';

export const SNAPSHOT_KEY = 'data/search-snapshot.json';

export const Snapshot = z.object({
  generatedAt: z.string(),
  count: z.number().int(),
  institutions: z.array(InstitutionSummary),
});
export type Snapshot = z.infer<typeof Snapshot>;

export interface SnapshotSource {
  index(): Promise<SearchIndex>;
}

export function createSnapshotSource(store: PublicStore, options: { maxAgeMs?: number; now?: () => number } = {}): SnapshotSource {
  const maxAgeMs = options.maxAgeMs ?? 10_000;
  const now = options.now ?? Date.now;
  let current: SearchIndex = createSearchIndex([], 'empty');
  let checkedAt = -Infinity;
  let loading: Promise<SearchIndex> | undefined;

  async function reload(): Promise<SearchIndex> {
    const etag = await store.etag(SNAPSHOT_KEY);
    if (etag && etag !== current.builtFrom) {
      const file = await store.get(SNAPSHOT_KEY);
      if (file) {
        const snapshot = Snapshot.parse(JSON.parse(file.body.toString('utf8')));
        current = createSearchIndex(snapshot.institutions, file.etag);
      }
    }
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

/**
 * The search file's delta (data/search-delta.json): the summaries changed or removed
 * since the search file (the base, ./compact.ts) was written, which the API lays over
 * it, so that a writing of the lists after a few changes writes a few KB, not the
 * 54 MB base made from all 100,000 summaries (./search-index-writer.ts decides, and
 * writes a new base once the delta has grown past its limit: the compaction).
 *
 * The delta names the base it was written over by the base's generation; a reader
 * that holds another base (a new one was written since) ignores it, and finds the
 * newer base at its next check. Small, so it is JSON and checked with zod when read.
 *
 * Answers are the same as an index of all the summaries would give: the base's rows
 * that the delta replaces or removes are left out of its answers, the changed rows
 * are an index of their own, and the two answers' first offset + limit hits are merged
 * in the engine's order (best score first, then by name: ./compact.ts `byName`).
 */
import { z } from 'zod';
import { InstitutionSummary } from '#shared/schemas/institution.ts';
import { byName } from './compact.ts';
import { createSearchIndex, type RowIndex, type SearchIndex, type SearchResult } from './engine.ts';

export const SEARCH_DELTA_KEY = 'data/search-delta.json';
export const SEARCH_DELTA_FORMAT = 'shouhu-search-delta/1';

export const SearchDelta = z.object({
  format: z.literal(SEARCH_DELTA_FORMAT),
  /** The generation of the search file it was written over. */
  base: z.string(),
  generatedAt: z.string(),
  /** Summaries changed or added since the base, by id. */
  changed: z.array(InstitutionSummary),
  /** Ids in the base that are no longer published. */
  removed: z.array(z.string()),
});
export type SearchDelta = z.infer<typeof SearchDelta>;

/** The base's answers with the delta laid over them. */
export function withDelta(base: RowIndex, delta: SearchDelta, builtFrom: string): SearchIndex {
  const changed = createSearchIndex(delta.changed);
  const excluded = new Uint8Array(base.size);
  let hidden = 0;
  for (const id of [...delta.changed.map((s) => s.id), ...delta.removed]) {
    const row = base.rowOf(id);
    if (row !== undefined && excluded[row] === 0) {
      excluded[row] = 1;
      hidden += 1;
    }
  }
  const removed = new Set(delta.removed);
  const sides = [
    { index: base, excluded },
    { index: changed, excluded: undefined },
  ];
  return {
    size: base.size - hidden + changed.size,
    builtFrom,
    get: (id) => changed.get(id) ?? (removed.has(id) ? undefined : base.get(id)),
    search(query): SearchResult {
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 20;
      const wide = { ...query, offset: 0, limit: offset + limit };
      let answers = sides.map(({ index, excluded }) => ({ index, ranked: index.rank(wide, excluded) }));
      // Names one character away only when no name matches exactly, on either side (as in one index).
      if (answers.some((a) => a.ranked.total > 0 && !a.ranked.approximate)) answers = answers.filter((a) => !a.ranked.approximate);
      const hits = merge(answers.map(({ index, ranked }) => ranked.hits.map((h) => ({ score: h.score, summary: index.summaryAt(h.row) }))));
      return {
        total: answers.reduce((sum, a) => sum + a.ranked.total, 0),
        totalEstimated: answers.some((a) => a.ranked.totalEstimated),
        items: hits.slice(offset, offset + limit).map((h) => h.summary),
        approximate: answers.some((a) => a.ranked.approximate),
      };
    },
  };
}

type Scored = { score: number; summary: InstitutionSummary };

/** Lists each in the engine's order (Ranked['hits']), as one in that order. */
function merge(lists: Scored[][]): Scored[] {
  const before = (a: Scored, b: Scored) => b.score - a.score || byName(a.summary, b.summary);
  return lists.reduce((merged, list) => {
    const out: Scored[] = [];
    let i = 0;
    let j = 0;
    while (i < merged.length || j < list.length) {
      if (j >= list.length || (i < merged.length && before(merged[i]!, list[j]!) <= 0)) out.push(merged[i++]!);
      else out.push(list[j++]!);
    }
    return out;
  }, []);
}

/**
 * The search index the API answers from: every public summary held in
 * memory, built from the published snapshot. No database query per search.
 */
import { classifyQuery, matchScore, normalizeQuery, toSearchable, type Searchable } from '#shared/search/match.ts';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import type { InstitutionCategory, InstitutionStatus } from '#shared/vocabulary.ts';

export interface SearchQuery {
  q?: string | undefined;
  district?: string | undefined;
  category?: InstitutionCategory | undefined;
  status?: InstitutionStatus | undefined;
  offset?: number;
  limit?: number;
}

export interface SearchResult {
  total: number;
  items: InstitutionSummary[];
}

export interface SearchIndex {
  size: number;
  builtFrom: string;
  search(query: SearchQuery): SearchResult;
  get(id: string): InstitutionSummary | undefined;
}

const collator = new Intl.Collator('zh-CN');

/**
 * Two-character pieces of a text: every substring match of a query of two
 * or more characters contains each of the query's pieces.
 */
function bigrams(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 <= text.length; i++) out.push(text.slice(i, i + 2));
  return out;
}

export function createSearchIndex(summaries: InstitutionSummary[], builtFrom = ''): SearchIndex {
  const sorted = [...summaries].sort((a, b) => collator.compare(a.name, b.name));
  const searchable: Searchable[] = sorted.map(toSearchable);
  const byId = new Map(sorted.map((s) => [s.id, s]));

  // Candidate lists for text and initials queries: record positions, ascending, by bigram of the
  // name, former names and initials. The matching rules (matchScore) still decide every hit;
  // the lists only skip records that cannot match.
  const postings = new Map<string, number[]>();
  searchable.forEach((s, i) => {
    const grams = new Set([s.name, ...s.formerNames, ...s.initials].flatMap(bigrams));
    for (const gram of grams) {
      const list = postings.get(gram);
      if (list) list.push(i);
      else postings.set(gram, [i]);
    }
  });
  const EMPTY: number[] = [];

  /** The positions worth scoring: the shortest list among the query's bigrams, or every record. */
  function candidates(normalized: string, kind: ReturnType<typeof classifyQuery>): Iterable<number> {
    if ((kind === 'text' || kind === 'initials') && normalized.length >= 2) {
      let best: number[] | undefined;
      for (const gram of bigrams(normalized)) {
        const list = postings.get(gram) ?? EMPTY;
        if (!best || list.length < best.length) best = list;
        if (best.length === 0) break;
      }
      return best ?? EMPTY;
    }
    return sorted.keys();
  }

  return {
    size: sorted.length,
    builtFrom,
    get: (id) => byId.get(id),
    search({ q = '', district, category, status, offset = 0, limit = 20 }) {
      const normalized = normalizeQuery(q);
      const kind = classifyQuery(normalized);
      const hits: Array<{ i: number; score: number }> = [];
      for (const i of candidates(normalized, kind)) {
        const s = sorted[i]!;
        if (district && s.districtCode !== district) continue;
        if (category && s.category !== category) continue;
        if (status && s.status !== status) continue;
        const score = normalized ? matchScore(searchable[i]!, normalized, kind) : 1;
        if (score > 0) hits.push({ i, score });
      }
      // Best match first; among equals, the list's order (by name).
      hits.sort((a, b) => b.score - a.score || a.i - b.i);
      return { total: hits.length, items: hits.slice(offset, offset + limit).map((h) => sorted[h.i]!) };
    },
  };
}

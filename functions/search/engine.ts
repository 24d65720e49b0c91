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

export function createSearchIndex(summaries: InstitutionSummary[], builtFrom = ''): SearchIndex {
  const sorted = [...summaries].sort((a, b) => collator.compare(a.name, b.name));
  const searchable: Searchable[] = sorted.map(toSearchable);
  const byId = new Map(sorted.map((s) => [s.id, s]));
  return {
    size: sorted.length,
    builtFrom,
    get: (id) => byId.get(id),
    search({ q = '', district, category, status, offset = 0, limit = 20 }) {
      const normalized = normalizeQuery(q);
      const kind = classifyQuery(normalized);
      const hits: Array<{ i: number; score: number }> = [];
      for (let i = 0; i < sorted.length; i++) {
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

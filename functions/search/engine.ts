/**
 * The search index the API answers from: every public summary held in
 * memory, built from the published snapshot. No database query per search.
 */
import { containsWithinOneEdit } from '#shared/search/fuzzy.ts';
import { APPROXIMATE_MIN_LENGTH, classifyQuery, matchScore, normalizeQuery, toSearchable, type Searchable } from '#shared/search/match.ts';
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
  /**
   * True when nothing matched exactly and these are names one character away
   * from the query (a character mistyped, left out or added): the page says
   * so instead of "not on the list".
   */
  approximate: boolean;
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

/** Three-digit pieces of a run of digits (licence numbers, credit codes, numbers in names). */
function digitTrigrams(run: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 <= run.length; i++) out.push(run.slice(i, i + 3));
  return out;
}

export function createSearchIndex(summaries: InstitutionSummary[], builtFrom = ''): SearchIndex {
  const sorted = [...summaries].sort((a, b) => collator.compare(a.name, b.name));
  const searchable: Searchable[] = sorted.map(toSearchable);
  const byId = new Map(sorted.map((s) => [s.id, s]));

  // Candidate lists, record positions ascending: by bigram of the name, former names and initials
  // (text and initials queries), and by all-digit trigram of every field (queries with digits).
  // The matching rules (matchScore) still decide every hit; the lists only skip records that cannot match.
  const postings = new Map<string, number[]>();
  const digitPostings = new Map<string, number[]>();
  const byCreditCode = new Map<string, number>();
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  searchable.forEach((s, i) => {
    const texts = [s.name, ...s.formerNames, ...s.initials];
    for (const gram of new Set(texts.flatMap(bigrams))) add(postings, gram, i);
    const digitGrams = new Set(
      [...texts, s.licenceNumber, s.creditCode].flatMap((text) => (text.match(/\d{3,}/g) ?? []).flatMap(digitTrigrams)),
    );
    for (const gram of digitGrams) add(digitPostings, gram, i);
    byCreditCode.set(s.creditCode, i);
  });
  const EMPTY: number[] = [];

  const shortest = (map: Map<string, number[]>, grams: string[]): number[] | undefined => {
    let best: number[] | undefined;
    for (const gram of grams) {
      const list = map.get(gram) ?? EMPTY;
      if (!best || list.length < best.length) best = list;
      if (best.length === 0) break;
    }
    return best;
  };

  /** The positions worth scoring: the shortest candidate list for the query, or every record. */
  function candidates(normalized: string, kind: ReturnType<typeof classifyQuery>): Iterable<number> {
    if (kind === 'credit_code') {
      const i = byCreditCode.get(normalized);
      return i === undefined ? EMPTY : [i];
    }
    if (kind === 'number') return shortest(digitPostings, (normalized.match(/\d{3,}/g) ?? []).flatMap(digitTrigrams)) ?? sorted.keys();
    if (normalized.length >= 2) return shortest(postings, bigrams(normalized)) ?? EMPTY;
    return sorted.keys();
  }

  /**
   * Records that may hold a part one edit away from the query, in list order: one edit breaks at most
   * two of the query's character pairs, so such a record shares all but two of them (and at least one).
   */
  function nearCandidates(normalized: string): number[] {
    const grams = [...new Set(bigrams(normalized))];
    const needed = Math.max(1, grams.length - 2);
    const shared = new Uint8Array(sorted.length);
    const found: number[] = [];
    for (const gram of grams) {
      for (const i of postings.get(gram) ?? EMPTY) {
        shared[i] = shared[i]! + 1;
        if (shared[i] === needed) found.push(i);
      }
    }
    return found.sort((a, b) => a - b);
  }

  return {
    size: sorted.length,
    builtFrom,
    get: (id) => byId.get(id),
    search({ q = '', district, category, status, offset = 0, limit = 20 }) {
      const normalized = normalizeQuery(q);
      const kind = classifyQuery(normalized);
      const passes = (s: InstitutionSummary) =>
        (!district || s.districtCode === district) && (!category || s.category === category) && (!status || s.status === status);
      // Hits bucketed by score (0–10): best match first, and within a score the list's order (by name),
      // without sorting thousands of hits.
      const buckets: number[][] = [];
      let total = 0;
      const hit = (i: number, score: number) => {
        (buckets[score] ??= []).push(i);
        total += 1;
      };
      for (const i of candidates(normalized, kind)) {
        if (!passes(sorted[i]!)) continue;
        const score = normalized ? matchScore(searchable[i]!, normalized, kind) : 1;
        if (score > 0) hit(i, score);
      }
      let approximate = false;
      if (total === 0 && kind === 'text' && [...normalized].length >= APPROXIMATE_MIN_LENGTH) {
        for (const i of nearCandidates(normalized)) {
          if (!passes(sorted[i]!)) continue;
          const s = searchable[i]!;
          if (containsWithinOneEdit(s.name, normalized)) hit(i, 2);
          else if (s.formerNames.some((name) => containsWithinOneEdit(name, normalized))) hit(i, 1);
        }
        approximate = total > 0;
      }
      const items: InstitutionSummary[] = [];
      let skip = offset;
      for (let score = buckets.length - 1; score > 0 && items.length < limit; score--) {
        const bucket = buckets[score];
        if (!bucket) continue;
        if (skip >= bucket.length) {
          skip -= bucket.length;
          continue;
        }
        for (let k = skip; k < bucket.length && items.length < limit; k++) items.push(sorted[bucket[k]!]!);
        skip = 0;
      }
      return { total, items, approximate };
    },
  };
}

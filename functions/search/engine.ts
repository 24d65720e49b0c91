/**
 * The search index the API answers from: every public summary held in
 * memory by column (./compact.ts), built from the published search file.
 * No database query per search.
 */
import { containsWithinOneEdit } from '#shared/search/fuzzy.ts';
import { APPROXIMATE_MIN_LENGTH, classifyQuery, matchScore, normalizeQuery, toSearchable, type Searchable } from '#shared/search/match.ts';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import type { InstitutionCategory, InstitutionStatus } from '#shared/vocabulary.ts';
import { summaryAt, toSearchColumns, type SearchColumns } from './compact.ts';
import { buildPostings, digitKeys, pairKeys, type CandidateList, type Postings } from './postings.ts';

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

/** An index of these summaries (tests, the benchmark); the API builds it from the published columns. */
export function createSearchIndex(summaries: InstitutionSummary[], builtFrom = ''): SearchIndex {
  return createSearchIndexFromColumns(toSearchColumns(summaries, ''), builtFrom);
}

/** The searchable text of every row, normalised (shared/search/match.ts), in the columns' order. */
export function searchableOf(columns: SearchColumns): Searchable[] {
  const { plain, lists } = columns;
  const searchable = new Array<Searchable>(columns.count);
  for (let i = 0; i < columns.count; i++) {
    searchable[i] = toSearchable({
      name: plain.name[i]!,
      formerNames: lists.formerNames[i]!,
      initials: lists.initials[i]!,
      licenceNumber: plain.licenceNumber[i]!,
      creditCode: plain.creditCode[i]!,
    });
  }
  return searchable;
}

/**
 * The index of a search file's columns, already in name order (./compact.ts), with the
 * candidate lists the publisher wrote for them (./postings.ts), or built here without.
 */
export function createSearchIndexFromColumns(columns: SearchColumns, builtFrom = '', prebuilt?: Postings): SearchIndex {
  const size = columns.count;
  const { plain, coded, values } = columns;
  const searchable = searchableOf(columns);
  const rowOfId = new Map<string, number>();
  for (let i = 0; i < size; i++) rowOfId.set(plain.id[i]!, i);
  const statusSince = new Map(columns.statusSince);
  const summary = (i: number) => summaryAt(columns, i, statusSince);
  /** The coded value's position, -1 when no row has it, undefined when not asked. */
  const wanted = (field: 'districtCode' | 'category' | 'status', value: string | undefined) => (value ? values[field].indexOf(value) : undefined);

  // Candidate lists (./postings.ts): the publisher's, or built from the names here.
  const { pairs: postings, digits: digitPostings } = prebuilt ?? buildPostings(searchable);
  const byCreditCode = new Map<string, number>();
  for (let i = 0; i < size; i++) byCreditCode.set(searchable[i]!.creditCode, i);
  const EMPTY: number[] = [];

  const shortest = (map: Postings['pairs'], keys: number[]): CandidateList | undefined => {
    let best: CandidateList | undefined;
    for (const key of keys) {
      const list = map.get(key) ?? EMPTY;
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
    if (kind === 'number') return shortest(digitPostings, digitKeys(normalized)) ?? searchable.keys();
    if (normalized.length >= 2) return shortest(postings, pairKeys(normalized)) ?? EMPTY;
    return searchable.keys();
  }

  /**
   * Records that may hold a part one edit away from the query, in list order: one edit breaks at most
   * two of the query's character pairs, so such a record shares all but two of them (and at least one).
   */
  function nearCandidates(normalized: string): number[] {
    const grams = [...new Set(pairKeys(normalized))];
    const needed = Math.max(1, grams.length - 2);
    const shared = new Uint8Array(size);
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
    size,
    builtFrom,
    get: (id) => {
      const i = rowOfId.get(id);
      return i === undefined ? undefined : summary(i);
    },
    search({ q = '', district, category, status, offset = 0, limit = 20 }) {
      const normalized = normalizeQuery(q);
      const kind = classifyQuery(normalized);
      const [d, c, st] = [wanted('districtCode', district), wanted('category', category), wanted('status', status)];
      const passes = (i: number) =>
        (d === undefined || coded.districtCode[i] === d) && (c === undefined || coded.category[i] === c) && (st === undefined || coded.status[i] === st);
      // Hits bucketed by score (0–10): best match first, and within a score the list's order (by name),
      // without sorting thousands of hits.
      const buckets: number[][] = [];
      let total = 0;
      const hit = (i: number, score: number) => {
        (buckets[score] ??= []).push(i);
        total += 1;
      };
      for (const i of candidates(normalized, kind)) {
        if (!passes(i)) continue;
        const score = normalized ? matchScore(searchable[i]!, normalized, kind) : 1;
        if (score > 0) hit(i, score);
      }
      let approximate = false;
      if (total === 0 && kind === 'text' && [...normalized].length >= APPROXIMATE_MIN_LENGTH) {
        for (const i of nearCandidates(normalized)) {
          if (!passes(i)) continue;
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
        for (let k = skip; k < bucket.length && items.length < limit; k++) items.push(summary(bucket[k]!));
        skip = 0;
      }
      return { total, items, approximate };
    },
  };
}

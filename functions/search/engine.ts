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

/**
 * Two-character pieces of a text, each as one number (its two UTF-16 code units): every
 * substring match of a query of two or more characters contains each of the query's pieces.
 * Numbers, not strings: building the lists for 100,000 names makes no string per piece.
 */
function bigramKeys(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 2 <= text.length; i++) out.push(text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1));
  return out;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/** Three-digit pieces (0–999) of every run of three or more ASCII digits (licence numbers, credit codes, numbers in names). */
function digitTrigramKeys(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 3 <= text.length; i++) {
    const [a, b, c] = [text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2)];
    if (isDigit(a) && isDigit(b) && isDigit(c)) out.push((a - 48) * 100 + (b - 48) * 10 + (c - 48));
  }
  return out;
}

/** An index of these summaries (tests, the benchmark); the API builds it from the published columns. */
export function createSearchIndex(summaries: InstitutionSummary[], builtFrom = ''): SearchIndex {
  return createSearchIndexFromColumns(toSearchColumns(summaries, ''), builtFrom);
}

/** The index of a search file's columns, already in name order (./compact.ts). */
export function createSearchIndexFromColumns(columns: SearchColumns, builtFrom = ''): SearchIndex {
  const size = columns.count;
  const { plain, lists, coded, values } = columns;
  const searchable: Searchable[] = new Array<Searchable>(size);
  for (let i = 0; i < size; i++) {
    searchable[i] = toSearchable({
      name: plain.name[i]!,
      formerNames: lists.formerNames[i]!,
      initials: lists.initials[i]!,
      licenceNumber: plain.licenceNumber[i]!,
      creditCode: plain.creditCode[i]!,
    });
  }
  const rowOfId = new Map<string, number>();
  for (let i = 0; i < size; i++) rowOfId.set(plain.id[i]!, i);
  const statusSince = new Map(columns.statusSince);
  const summary = (i: number) => summaryAt(columns, i, statusSince);
  /** The coded value's position, -1 when no row has it, undefined when not asked. */
  const wanted = (field: 'districtCode' | 'category' | 'status', value: string | undefined) => (value ? values[field].indexOf(value) : undefined);

  // Candidate lists, record positions ascending: by character pair of the name, former names and initials
  // (text and initials queries), and by three-digit piece of every field (queries with digits).
  // The matching rules (matchScore) still decide every hit; the lists only skip records that cannot match.
  const postings = new Map<number, number[]>();
  const digitPostings = new Map<number, number[]>();
  const byCreditCode = new Map<string, number>();
  /** Records are added in ascending order, so a record already in a list is its last entry. */
  const add = (map: Map<number, number[]>, key: number, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  // The same pieces as bigramKeys and digitTrigramKeys, without an array per text: this loop runs for every
  // name of the registry at each cold start, and its garbage was a third of the index's build time.
  const addPieces = (text: string, i: number, pairs: boolean) => {
    for (let k = 0; k + 2 <= text.length; k++) {
      const a = text.charCodeAt(k);
      const b = text.charCodeAt(k + 1);
      if (pairs) add(postings, a * 0x10000 + b, i);
      if (k + 3 <= text.length && isDigit(a) && isDigit(b)) {
        const c = text.charCodeAt(k + 2);
        if (isDigit(c)) add(digitPostings, (a - 48) * 100 + (b - 48) * 10 + (c - 48), i);
      }
    }
  };
  for (let i = 0; i < size; i++) {
    const s = searchable[i]!;
    addPieces(s.name, i, true);
    for (const text of s.formerNames) addPieces(text, i, true);
    for (const text of s.initials) addPieces(text, i, true);
    addPieces(s.licenceNumber, i, false);
    addPieces(s.creditCode, i, false);
    byCreditCode.set(s.creditCode, i);
  }
  const EMPTY: number[] = [];

  const shortest = (map: Map<number, number[]>, keys: number[]): number[] | undefined => {
    let best: number[] | undefined;
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
    if (kind === 'number') return shortest(digitPostings, digitTrigramKeys(normalized)) ?? searchable.keys();
    if (normalized.length >= 2) return shortest(postings, bigramKeys(normalized)) ?? EMPTY;
    return searchable.keys();
  }

  /**
   * Records that may hold a part one edit away from the query, in list order: one edit breaks at most
   * two of the query's character pairs, so such a record shares all but two of them (and at least one).
   */
  function nearCandidates(normalized: string): number[] {
    const grams = [...new Set(bigramKeys(normalized))];
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

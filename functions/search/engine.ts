/**
 * The search index the API answers from: every public summary held in
 * memory by column (./compact.ts), built from the published search file.
 * No database query per search.
 */
import { containsWithinOneEdit } from '#shared/search/fuzzy.ts';
import { APPROXIMATE_MIN_LENGTH, classifyQuery, INITIALS_STARTS, KNOWN_ABOVE, matchScore, normalizeQuery, type QueryKind } from '#shared/search/match.ts';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import type { InstitutionCategory, InstitutionStatus } from '#shared/vocabulary.ts';
import { decodeSearchFile, encodeSearchFile, type SearchColumns } from './compact.ts';
import { digitKeys, firstTrigramKey, pairKeys, trigramKeys, wholeKey, type CandidateList, type Postings } from './postings.ts';

export interface SearchQuery {
  q?: string | undefined;
  district?: string | undefined;
  category?: InstitutionCategory | undefined;
  status?: InstitutionStatus | undefined;
  offset?: number;
  limit?: number;
}

export interface SearchResult {
  /** How many match; an estimate, rounded, when `totalEstimated` (a broad query: see search()). */
  total: number;
  /** True when `total` was estimated from the candidates scored (the page says 约 N 家); the items are exact all the same. */
  totalEstimated: boolean;
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

/** A row of an index and its score. */
export interface Hit {
  row: number;
  score: number;
}

/** A search's answer as rows and scores (what search() makes summaries of): for merging two indexes' answers (./delta.ts). */
export interface Ranked extends Omit<SearchResult, 'items'> {
  hits: Hit[];
}

/** An index of a search file: its rows' answers before they are made summaries. */
export interface RowIndex extends SearchIndex {
  /** As search(), leaving out the rows `excluded` marks (1), answering rows and scores. */
  rank(query: SearchQuery, excluded?: Uint8Array): Ranked;
  summaryAt(row: number): InstitutionSummary;
  rowOf(id: string): number | undefined;
}

/** An index of these summaries (tests, the benchmark): made through the search file, as the API reads it. */
export function createSearchIndex(summaries: readonly InstitutionSummary[], builtFrom = ''): RowIndex {
  return createSearchIndexFromColumns(decodeSearchFile(encodeSearchFile(summaries, '')), builtFrom);
}

/** The index of a search file (./compact.ts): its rows already in name order, normalised, with their candidate lists. */
export function createSearchIndexFromColumns(columns: SearchColumns, builtFrom = ''): RowIndex {
  const size = columns.count;
  const { coded, values, searchable, summary } = columns;
  /** The coded value's position, -1 when no row has it, undefined when not asked. */
  const wanted = (field: 'districtCode' | 'category' | 'status', value: string | undefined) => (value ? values[field].indexOf(value) : undefined);
  const { pairs: postings, digits: digitPostings, prefixes, trigrams, initialsPrefixes, initialsWhole } = columns.postings;
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

  /** The rows in every list of these keys, shortest first (a match holds every piece of the query, so is in every list). */
  const inAll = (map: Postings['pairs'], keys: number[]): CandidateList => {
    const lists = [...new Set(keys)].map((key) => map.get(key) ?? EMPTY).sort((a, b) => a.length - b.length);
    let rows: CandidateList = lists[0] ?? EMPTY;
    for (const list of lists.slice(1)) rows = intersection(rows, list);
    return rows;
  };

  let everyRow: Uint32Array | undefined;
  const allRows = () => (everyRow ??= Uint32Array.from({ length: size }, (_, i) => i));

  /** The positions worth scoring, ascending: the shortest candidate list for the query, or every record. */
  function candidates(normalized: string, kind: QueryKind): CandidateList {
    if (kind === 'credit_code') return columns.rowsOfCreditCode(normalized);
    if (kind === 'number') return shortest(digitPostings, digitKeys(normalized)) ?? allRows();
    if (kind === 'initials' && normalized.length >= 3) return inAll(trigrams, trigramKeys(normalized));
    if (normalized.length >= 2) return shortest(postings, pairKeys(normalized)) ?? EMPTY;
    return allRows();
  }


  /**
   * Every row that may score above KNOWN_ABOVE[kind] for this query, ascending and each once: the prefix list of its
   * first pair, and the names that can hold it. Undefined when that cannot be known from lists (one character, a credit
   * code), or when they are not fewer than `shorterThan` (the candidates: finding them first would not pay).
   */
  function knownAbove(normalized: string, kind: QueryKind, shorterThan: number): CandidateList | undefined {
    if (normalized.length < 2 || kind === 'credit_code') return undefined;
    const prefixed = startingWith(normalized, kind);
    if (prefixed.length >= shorterThan) return undefined;
    const holders = columns.holders[kind];
    const rows = holders ? union(prefixed, holders) : prefixed;
    return rows.length < shorterThan ? rows : undefined;
  }

  /**
   * Every row with a prefix field (prefixFields) starting with the query, ascending: the prefix list of its first pair; for
   * initials of three letters or more, the shorter list of initials starting with its first three (initials queries score
   * no other prefix field).
   */
  function startingWith(normalized: string, kind: QueryKind): CandidateList {
    if (kind === 'initials' && normalized.length >= 3) return initialsPrefixes.get(firstTrigramKey(normalized)) ?? EMPTY;
    return prefixes.get(normalized.charCodeAt(0) * 0x10000 + normalized.charCodeAt(1)) ?? EMPTY;
  }

  /**
   * An initials query with many candidates, whose rows above KNOWN_ABOVE are most of them (xys…: a quarter of the
   * registry's initials start so), one level up (INITIALS_STARTS, shared/search/match.ts): the rows above it (initials equal to the query,
   * names that can hold it) are found first; then the rows whose initials start with the query, and those names (or the
   * candidates, when fewer), in name order, until the page is full of rows at INITIALS_STARTS. Undefined when the page is not full by then (rows below it
   * are needed): the query is then searched as any other.
   */
  function initialsFirst(normalized: string, list: CandidateList, passes: (i: number) => boolean, score: (i: number) => number, offset: number, limit: number): Ranked | undefined {
    const holders = columns.holders.initials ?? EMPTY;
    const hits = new Hits(offset + limit);
    for (const i of union(initialsWhole.get(wholeKey(normalized)) ?? EMPTY, holders)) {
      if (!passes(i)) continue;
      const s = score(i);
      if (s > INITIALS_STARTS) hits.add(i, s);
    }
    const needed = offset + limit - hits.total;
    let full = needed <= 0;
    // Every row at INITIALS_STARTS is in both the candidates and the rows starting with the query (and those names): the shorter.
    const starting = startingWith(normalized, 'initials');
    const scan = list.length <= starting.length + holders.length ? list : merged(starting, holders);
    for (const i of full ? EMPTY : scan) {
      // Above INITIALS_STARTS: added already; below: not needed while the page fills.
      if (!passes(i) || score(i) !== INITIALS_STARTS) continue;
      hits.add(i, INITIALS_STARTS);
      if (hits.count(INITIALS_STARTS) >= needed) {
        full = true;
        break;
      }
    }
    if (!full) return undefined;
    let total: number;
    let totalEstimated = false;
    if (everyCandidateMatches(normalized, 'initials')) {
      total = 0;
      for (let k = 0; k < list.length; k++) if (passes(list[k]!)) total += 1;
    } else {
      const rest: number[] = [];
      for (let k = 0; k < list.length; k++) if (passes(list[k]!)) rest.push(list[k]!);
      ({ total, totalEstimated } = countOrEstimate(rest, 0, hits.total, score));
    }
    return { total, totalEstimated, hits: hits.page(offset, limit), approximate: false };
  }

  /**
   * Whether every candidate (passing the filters) matches, so that the candidates left are the total: the empty query's
   * rows; a two-character name query's pair list, when no initials can hold the pair (initials are letters and digits);
   * initials of two or three letters.
   */
  function everyCandidateMatches(normalized: string, kind: QueryKind): boolean {
    if (!normalized) return true;
    // Initials of two or three letters: their candidates (a pair's or three letters' list) hold them in a name, a former name or initials.
    if (kind === 'initials') return normalized.length === 2 || normalized.length === 3;
    if (kind !== 'text' || normalized.length !== 2 || /[a-z0-9]/.test(normalized)) return false;
    return columns.alphanumericInitials;
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

  const index: RowIndex = {
    size,
    builtFrom,
    get: (id) => {
      const i = columns.rowOfId(id);
      return i === undefined ? undefined : summary(i);
    },
    /**
     * Hits in order: best score first, and within a score the list's order (by name). A broad query
     * (培训: 46,000 of 100,000) is not scored to the end: the rows scoring above KNOWN_ABOVE
     * (shared/search/match.ts) are found first, from the prefix lists and the few names that
     * can hold such a query; then the candidates are scored in order until the page is full of
     * rows at that score, and no later row can come before them. The total is then the
     * candidates left (when every candidate matches) or an estimate from the rate so far.
     */
    search(query) {
      const { hits, ...rest } = index.rank(query);
      return { ...rest, items: hits.map((h) => summary(h.row)) };
    },
    summaryAt: summary,
    rowOf: (id) => columns.rowOfId(id),
    rank({ q = '', district, category, status, offset = 0, limit = 20 }, excluded) {
      const normalized = normalizeQuery(q);
      const kind = classifyQuery(normalized);
      const [d, c, st] = [wanted('districtCode', district), wanted('category', category), wanted('status', status)];
      const passes = (i: number) =>
        (d === undefined || coded.districtCode[i] === d) && (c === undefined || coded.category[i] === c) && (st === undefined || coded.status[i] === st) && (excluded === undefined || excluded[i] === 0);
      const score = (i: number) => (normalized ? matchScore(searchable[i]!, normalized, kind) : 1);
      const hits = new Hits(offset + limit);
      const list = candidates(normalized, kind);
      // The empty query scores every row 1; a query of one character, or a credit code, is scored to the end.
      const level = normalized ? KNOWN_ABOVE[kind] : 1;
      // Initials with many candidates: one level up first (their rows above KNOWN_ABOVE are most of the candidates).
      if (kind === 'initials' && normalized.length >= 2 && list.length > 2 * SAMPLE) {
        const answer = initialsFirst(normalized, list, passes, score, offset, limit);
        if (answer) return answer;
      }
      // Finding the rows above first pays only when they are fewer than the candidates: else every candidate is scored,
      // as a full scan would.
      const known = normalized ? knownAbove(normalized, kind, list.length) : [];
      const mayStop = known !== undefined;
      // A row that matches holds the query in a field whose pairs are listed, so it is in the candidates; but a number
      // query's candidates are by licence and credit code digits only, and a name can start with it too.
      const check = kind === 'number';
      for (const i of known ?? []) {
        if (!passes(i) || (check && !has(list, i))) continue;
        const s = score(i);
        if (s > level) hits.add(i, s);
      }
      const above = hits.total;
      let scanned = 0;
      let seenAbove = 0;
      let k = 0;
      let stopped = false;
      while (k < list.length) {
        const i = list[k++]!;
        if (!passes(i)) continue;
        scanned += 1;
        const s = score(i);
        if (s === 0) continue;
        if (mayStop && s > level) {
          seenAbove += 1;
          continue;
        }
        hits.add(i, s);
        if (mayStop && hits.count(level) >= offset + limit - above) {
          stopped = true;
          break;
        }
      }
      let total = hits.total;
      let totalEstimated = false;
      if (stopped) {
        const rest: number[] = [];
        for (; k < list.length; k++) if (passes(list[k]!)) rest.push(list[k]!);
        // Matches among the rows scored (those above `level` included), then among the rest: all of them when every
        // candidate matches; else scored, or past 2 × SAMPLE rows a sample spread over the rest, so clusters in the name order count.
        if (everyCandidateMatches(normalized, kind)) total = scanned + rest.length;
        else ({ total, totalEstimated } = countOrEstimate(rest, hits.total - above + seenAbove, hits.total, score));
      }
      let approximate = false;
      if (total === 0 && kind === 'text' && [...normalized].length >= APPROXIMATE_MIN_LENGTH) {
        for (const i of nearCandidates(normalized)) {
          if (!passes(i)) continue;
          const s = searchable[i]!;
          if (containsWithinOneEdit(s.name, normalized)) hits.add(i, 2);
          else if (s.formerNames.some((name) => containsWithinOneEdit(name, normalized))) hits.add(i, 1);
        }
        total = hits.total;
        approximate = total > 0;
      }
      return { total, totalEstimated, hits: hits.page(offset, limit), approximate };
    },
  };
  return index;
}

/**
 * A broad query's total, from the matches counted among the rows scored (`matched`) and the candidates not scored
 * (`rest`, passing the filters): those scored too when they are few, else a sample of SAMPLE spread evenly over them, so
 * that clusters in the name order count; at least `floor` (the hits found).
 */
function countOrEstimate(rest: readonly number[], matched: number, floor: number, score: (i: number) => number): { total: number; totalEstimated: boolean } {
  const counted = () => ({ total: matched + rest.filter((i) => score(i) > 0).length, totalEstimated: false });
  if (rest.length <= 2 * SAMPLE) return counted();
  const step = rest.length / SAMPLE;
  let sampled = 0;
  for (let n = 0; n < SAMPLE; n++) if (score(rest[Math.floor(n * step)]!) > 0) sampled += 1;
  // Too few matches in the sample to say "about" anything: counted instead (a rare query in a long list).
  if (sampled < MIN_SAMPLED) return counted();
  return { total: Math.max(floor, Number((matched + (sampled / SAMPLE) * rest.length).toPrecision(2))), totalEstimated: true };
}

/** Rows scored to estimate a broad query's total: spread evenly over the candidates not scored for the page. */
const SAMPLE = 1_000;
/** Matches the sample must find for an estimate (within 30 % of the count, measured over 12,000 searches at 100,000); fewer, and the rest is counted. */
const MIN_SAMPLED = 25;

/** Hits by score (0–10), each score's rows in the order added, keeping only the first `keep`: no page needs more. */
class Hits {
  private readonly buckets: number[][] = [];
  private readonly counts: number[] = [];
  total = 0;
  constructor(private readonly keep: number) {}

  add(i: number, score: number) {
    this.counts[score] = (this.counts[score] ?? 0) + 1;
    this.total += 1;
    const bucket = (this.buckets[score] ??= []);
    if (bucket.length < this.keep) bucket.push(i);
  }

  count(score: number): number {
    return this.counts[score] ?? 0;
  }

  /** Rows `offset` to `offset + limit`, best score first. */
  page(offset: number, limit: number): Hit[] {
    const rows: Hit[] = [];
    let skip = offset;
    for (let score = this.buckets.length - 1; score > 0 && rows.length < limit; score--) {
      const bucket = this.buckets[score];
      if (!bucket) continue;
      if (skip >= this.counts[score]!) {
        skip -= this.counts[score]!;
        continue;
      }
      for (let k = skip; k < bucket.length && rows.length < limit; k++) rows.push({ row: bucket[k]!, score });
      skip = 0;
    }
    return rows;
  }
}

/** Whether an ascending list holds `i`. */
function has(list: ArrayLike<number>, i: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid]!;
    if (v === i) return true;
    if (v < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The rows in both of two ascending lists. */
function intersection(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) out.push(x);
    if (x <= y) i++;
    if (y <= x) j++;
  }
  return out;
}

/** Two ascending lists as one, each row once, as they are walked (a walk that stops early merges only what it saw). */
function* merged(a: ArrayLike<number>, b: ArrayLike<number>): Generator<number> {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    yield Math.min(x, y);
    if (x <= y) i++;
    if (y <= x) j++;
  }
}

/** Two ascending lists as one, each row once. */
function union(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    out.push(Math.min(x, y));
    if (x <= y) i++;
    if (y <= x) j++;
  }
  return out;
}

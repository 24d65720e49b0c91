/**
 * How a parent's query matches an institution: one implementation, used by
 * the API's search and anything else that searches the public list.
 *
 * - a whole credit code (18 characters) matches that institution exactly;
 * - letters only match pinyin initials (`xtewd` finds 小天鹅舞蹈…);
 * - a query with digits matches licence numbers and credit codes by fragment;
 * - anything else matches any part of the name or a former name.
 *
 * Queries and names are normalised the same way (normalizeQuery), so a query
 * in traditional or variant characters finds the simplified name. When a
 * name query of four or more characters matches nothing, the engine looks
 * again for names one character away (functions/search/engine.ts,
 * containsWithinOneEdit) and says its hits are approximate.
 */
import { isValidCreditCode } from '../rules/credit-code.ts';
import { simplifyChinese } from './simplify.ts';

/** Full-width to half-width, traditional and variant characters to simplified, lower case, no spaces. */
export function normalizeQuery(q: string): string {
  return simplifyChinese(q.normalize('NFKC')).toLowerCase().replace(/[\s\u3000·・]+/g, '');
}

/** The shortest name query worth a second, approximate look: shorter ones would match half the list. */
export const APPROXIMATE_MIN_LENGTH = 4;

export type QueryKind = 'credit_code' | 'initials' | 'number' | 'text';

export function classifyQuery(normalized: string): QueryKind {
  if (normalized.length === 18 && isValidCreditCode(normalized.toUpperCase())) return 'credit_code';
  if (/^[a-z]+$/.test(normalized)) return 'initials';
  if (/\d/.test(normalized) && /^[0-9a-z\u4e00-\u9fa5]+$/.test(normalized) && /\d{3,}/.test(normalized)) return 'number';
  return 'text';
}

/** The searchable text of one institution, normalised once when the index is built. */
export interface Searchable {
  name: string;
  formerNames: string[];
  initials: string[];
  licenceNumber: string;
  creditCode: string;
}

export function toSearchable(s: Searchable): Searchable {
  return {
    name: same(s.name, normalizeQuery(s.name)),
    formerNames: s.formerNames.map((n) => same(n, normalizeQuery(n))),
    initials: s.initials.map((i) => same(i, i.toLowerCase())),
    licenceNumber: same(s.licenceNumber, normalizeQuery(s.licenceNumber)),
    creditCode: same(s.creditCode, s.creditCode.toLowerCase()),
  };
}

/** The original string when normalising left it as it was: an index of 100,000 names then keeps one copy, not two. */
const same = (original: string, normalized: string) => (normalized === original ? original : normalized);

/**
 * What lets the engine fill a page from a long list of candidates without scoring all of
 * them (functions/search/engine.ts): for each kind of query, a score such that every score
 * above it is
 * - a prefix field (prefixFields) equal to the query or starting with it, which the engine
 *   finds by the fields' first two characters; or
 * - the name containing the query, where the name has what such a query is made of
 *   (nameMayHold: two letters in a row, three digits in a row), which few names have.
 * The rows above it are found first; then the scan stops once the page is full of rows at
 * this score. A test holds matchScore to it (match.test.ts).
 */
export const KNOWN_ABOVE: Readonly<Record<QueryKind, number>> = { credit_code: 9, initials: 3, number: 4, text: 5 };

/**
 * One level up, for initials typed from the start of a name many share (xys…, 信阳市…: a
 * quarter of the registry): every initials score above this is initials equal to the
 * query, or a name that can hold it (NAME_MAY_HOLD) containing it; every score equal to
 * it is initials starting with the query, or such a name. So the engine fills a page
 * from the rows whose initials start with the query, in name order, and stops. A test
 * holds matchScore to it (match.test.ts).
 */
export const INITIALS_STARTS = 5;

/** The fields whose beginning decides most scores above KNOWN_ABOVE. */
export function prefixFields(s: Searchable): string[] {
  return [s.name, ...s.initials, s.licenceNumber, s.creditCode];
}

/** Whether a (normalised) name can contain a query of this kind at all; undefined: no such score above KNOWN_ABOVE. */
export const NAME_MAY_HOLD: Readonly<Partial<Record<QueryKind, RegExp>>> = { initials: /[a-z]{2}/, number: /\d{3}/ };

/** 0 when it does not match; otherwise higher is a better match. */
export function matchScore(s: Searchable, q: string, kind: QueryKind = classifyQuery(q)): number {
  switch (kind) {
    case 'credit_code':
      return s.creditCode === q ? 10 : 0;
    case 'initials': {
      // The best of: some initials equal to the query (6), starting with it (5), holding it (3). One pass: it runs for every candidate.
      let best = 0;
      for (const i of s.initials) {
        if (i === q) return 6;
        if (best < 5 && i.startsWith(q)) best = 5;
        else if (best < 3 && i.includes(q)) best = 3;
      }
      return best || textScore(s, q);
    }
    case 'number':
      if (s.licenceNumber === q || s.creditCode === q) return 9;
      if (s.licenceNumber.includes(q) || s.creditCode.includes(q)) return 4;
      return textScore(s, q);
    case 'text':
      return textScore(s, q);
  }
}

function textScore(s: Searchable, q: string): number {
  if (s.name === q) return 8;
  if (s.name.startsWith(q)) return 7;
  if (s.name.includes(q)) return 5;
  if (s.formerNames.some((n) => n.includes(q))) return 2;
  return 0;
}

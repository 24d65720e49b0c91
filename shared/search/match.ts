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

/** 0 when it does not match; otherwise higher is a better match. */
export function matchScore(s: Searchable, q: string, kind: QueryKind = classifyQuery(q)): number {
  switch (kind) {
    case 'credit_code':
      return s.creditCode === q ? 10 : 0;
    case 'initials': {
      if (s.initials.some((i) => i === q)) return 6;
      if (s.initials.some((i) => i.startsWith(q))) return 5;
      if (s.initials.some((i) => i.includes(q))) return 3;
      return textScore(s, q);
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

/**
 * The search index's candidate lists, and their binary file.
 *
 * Kinds of list, record positions ascending (positions in the search file's name
 * order, ./compact.ts):
 * - pairs: by character pair (two UTF-16 code units as one number) of names, former
 *   names and initials;
 * - digits: by three-digit piece (0–999) of every field's runs of digits;
 * - prefixes: by the first pair of each prefix field (prefixFields: name, initials,
 *   licence number, credit code), which holds every record that can score above
 *   KNOWN_ABOVE for a query beginning with that pair;
 * - trigrams: by three letters in a row (a–z) of names, former names and initials: the
 *   candidates of an initials query of three letters or more, much shorter than a
 *   pair's (xys… is in a quarter of the registry's initials, ys in more);
 * - initialsPrefixes: by the first three letters of each initials string, and
 *   initialsWhole: by a hash (FNV-1a, 32 bits) of each whole initials string: the rows
 *   an initials query scores at or above INITIALS_STARTS (shared/search/match.ts).
 * The matching rules (matchScore) still decide every hit; a list only skips records
 * that cannot match (a hash's list may hold a few rows of another string).
 *
 * Building them would be most of a cold start's work at 100,000 institutions (5
 * million entries), so the publisher builds them once and writes them as a section of
 * the search file (./compact.ts): the API looks at the bytes through typed arrays,
 * without parsing anything. Layout, little-endian 32-bit words:
 *   'SHP3', then for each kind in the order of KINDS: key count, entry count, keys
 *   (ascending), offsets (key count + 1), entries.
 */
import { endianness } from 'node:os';
import { prefixFields, type Searchable } from '#shared/search/match.ts';

/** Record positions, ascending. */
export type CandidateList = ArrayLike<number> & Iterable<number>;

export interface CandidateLists {
  get(key: number): CandidateList | undefined;
}

export interface Postings {
  pairs: CandidateLists;
  digits: CandidateLists;
  prefixes: CandidateLists;
  trigrams: CandidateLists;
  initialsPrefixes: CandidateLists;
  initialsWhole: CandidateLists;
}

const KINDS = ['pairs', 'digits', 'prefixes', 'trigrams', 'initialsPrefixes', 'initialsWhole'] as const satisfies readonly (keyof Postings)[];

type PostingMaps = { [K in keyof Postings]: Map<number, number[]> };

const isDigit = (code: number) => code >= 48 && code <= 57;
const letter = (code: number) => (code >= 97 && code <= 122 ? code - 97 : -1);

/** The key (0–17,575) of the three letters at `i`, or -1 when they are not three letters a–z. */
function trigramAt(text: string, i: number): number {
  if (i + 3 > text.length) return -1;
  const [a, b, c] = [letter(text.charCodeAt(i)), letter(text.charCodeAt(i + 1)), letter(text.charCodeAt(i + 2))];
  return a < 0 || b < 0 || c < 0 ? -1 : a * 676 + b * 26 + c;
}

/** The key of each three letters in a row of `text` (repeats included). */
export function trigramKeys(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 3 <= text.length; i++) {
    const key = trigramAt(text, i);
    if (key >= 0) out.push(key);
  }
  return out;
}

/** The key of the first three letters of `text`; -1 when it does not start with three letters. */
export const firstTrigramKey = (text: string) => trigramAt(text, 0);

/** The key of a whole string: FNV-1a over its UTF-16 code units. */
export function wholeKey(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** The key of each character pair of `text`, in order (repeats included). */
export function pairKeys(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 2 <= text.length; i++) out.push(text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1));
  return out;
}

/** The key (0–999) of each three-digit piece of every run of three or more ASCII digits in `text`. */
export function digitKeys(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 3 <= text.length; i++) {
    const [a, b, c] = [text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2)];
    if (isDigit(a) && isDigit(b) && isDigit(c)) out.push((a - 48) * 100 + (b - 48) * 10 + (c - 48));
  }
  return out;
}

/** The lists of these records (in their order), as maps. */
export function buildPostings(searchable: readonly Searchable[]): PostingMaps {
  const maps: PostingMaps = { pairs: new Map(), digits: new Map(), prefixes: new Map(), trigrams: new Map(), initialsPrefixes: new Map(), initialsWhole: new Map() };
  const { pairs, digits, prefixes, trigrams, initialsPrefixes, initialsWhole } = maps;
  /** Records are added in ascending order, so a record already in a list is its last entry. */
  const add = (map: Map<number, number[]>, key: number, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  // The same pieces as pairKeys and digitKeys, without an array per text: garbage was a third of the build's time.
  const addPieces = (text: string, i: number, withPairs: boolean) => {
    for (let k = 0; k + 2 <= text.length; k++) {
      const a = text.charCodeAt(k);
      const b = text.charCodeAt(k + 1);
      if (withPairs) {
        add(pairs, a * 0x10000 + b, i);
        const trigram = trigramAt(text, k);
        if (trigram >= 0) add(trigrams, trigram, i);
      }
      if (k + 3 <= text.length && isDigit(a) && isDigit(b)) {
        const c = text.charCodeAt(k + 2);
        if (isDigit(c)) add(digits, (a - 48) * 100 + (b - 48) * 10 + (c - 48), i);
      }
    }
  };
  for (let i = 0; i < searchable.length; i++) {
    const s = searchable[i]!;
    addPieces(s.name, i, true);
    for (const text of s.formerNames) addPieces(text, i, true);
    for (const text of s.initials) addPieces(text, i, true);
    addPieces(s.licenceNumber, i, false);
    addPieces(s.creditCode, i, false);
    for (const text of prefixFields(s)) if (text.length >= 2) add(prefixes, text.charCodeAt(0) * 0x10000 + text.charCodeAt(1), i);
    for (const text of s.initials) {
      const first = firstTrigramKey(text);
      if (first >= 0) add(initialsPrefixes, first, i);
      add(initialsWhole, wholeKey(text), i);
    }
  }
  return maps;
}

const MAGIC = 0x33504853; // 'SHP3' read as a little-endian word

function words(map: Map<number, number[]>): Uint32Array[] {
  const keys = [...map.keys()].sort((a, b) => a - b);
  const offsets = new Uint32Array(keys.length + 1);
  let total = 0;
  keys.forEach((key, i) => {
    offsets[i] = total;
    total += map.get(key)!.length;
  });
  offsets[keys.length] = total;
  const entries = new Uint32Array(total);
  keys.forEach((key, i) => entries.set(map.get(key)!, offsets[i]));
  return [Uint32Array.of(keys.length, total), Uint32Array.from(keys), offsets, entries];
}

export function encodePostings(postings: PostingMaps): Buffer {
  if (endianness() !== 'LE') throw new Error('The candidate lists are little-endian');
  const parts = [Uint32Array.of(MAGIC), ...KINDS.flatMap((kind) => words(postings[kind]))];
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}

class Lists implements CandidateLists {
  constructor(
    private readonly keys: Uint32Array,
    private readonly offsets: Uint32Array,
    private readonly entries: Uint32Array,
  ) {}
  get(key: number): Uint32Array | undefined {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid]!;
      if (k === key) return this.entries.subarray(this.offsets[mid]!, this.offsets[mid + 1]!);
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

export class UnreadablePostings extends Error {}

/** The lists, read in place (typed arrays over their bytes). */
export function decodePostings(file: Buffer): Postings {
  if (endianness() !== 'LE') throw new UnreadablePostings('The candidate lists are little-endian');
  // Typed arrays need 4-byte alignment; a Buffer may sit anywhere in its pool.
  const bytes = file.byteOffset % 4 === 0 ? file : Buffer.from(new Uint8Array(file));
  const word = (at: number, count: number) => {
    if (at + count * 4 > bytes.byteLength) throw new UnreadablePostings('The candidate lists are cut short');
    return new Uint32Array(bytes.buffer, bytes.byteOffset + at, count);
  };
  const [magic] = word(0, 1);
  if (magic !== MAGIC) throw new UnreadablePostings('Not candidate lists of this format');
  let at = 4;
  const lists = () => {
    const [keyCount, total] = word(at, 2);
    at += 8;
    const keys = word(at, keyCount!);
    at += keyCount! * 4;
    const offsets = word(at, keyCount! + 1);
    at += (keyCount! + 1) * 4;
    const entries = word(at, total!);
    at += total! * 4;
    return new Lists(keys, offsets, entries);
  };
  return Object.fromEntries(KINDS.map((kind) => [kind, lists()])) as unknown as Postings;
}

/**
 * The search file (data/search-index.bin): every public summary, in name order, by
 * column, in one binary file written by the publisher (./search-index-writer.ts) and
 * read by the API's search at a cold start without parsing it.
 *
 * Why binary: at 100,000 institutions the JSON search file (25 MB) cost a cold start
 * 290 ms of JSON.parse and 320 ms of normalising every name (615 ms of CPU in all,
 * docs/benchmarks.md). Here the publisher does that work once:
 * - the rows are sorted by name (Intl.Collator zh-CN), as the results list is ordered;
 * - the text a query is matched against (shared/search/match.ts `toSearchable`: names,
 *   former names, initials, licence number, credit code) is written already
 *   normalised, each column one block of text with row offsets: the reader makes one
 *   string of the block and cuts it per row, without looking at a character;
 * - the fields only a result shows (address, scope, the names as written…) are blocks
 *   the reader leaves as bytes, decoded for a row only when a search returns it;
 * - the few-valued fields are 16-bit numbers into a list of values, read in place;
 * - the candidate lists (./postings.ts), the rows in id and credit-code order, and the
 *   rows whose name can hold a letters or digits query are written with them.
 * A text block is Latin-1 when every character fits (ids, codes, dates, initials) and
 * UTF-16LE otherwise (Chinese: two bytes a character, where UTF-8 needs three): either
 * is decoded by a copy, and a matched column's offsets are string positions.
 *
 * Layout (little-endian): 'SHSF', format version (u32), header length (u32), file
 * length (u32), the header (JSON: generatedAt, generation, count, values, where each
 * section is), then the sections, each starting on an 8-byte boundary. The reader refuses a
 * file with another magic or version (an older publisher's), or cut short.
 */
import { NAME_MAY_HOLD, toSearchable, type QueryKind, type Searchable } from '#shared/search/match.ts';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { buildPostings, decodePostings, encodePostings, UnreadablePostings, type Postings } from './postings.ts';

export const SEARCH_INDEX_KEY = 'data/search-index.bin';
const MAGIC = 'SHSF';
export const SEARCH_FILE_VERSION = 1;

/** The fields with few values, stored as positions into `values[field]`. */
const CODED = ['districtCode', 'category', 'status', 'profitType', 'supervisingDepartment', 'licenceIssuer'] as const;
type Coded = (typeof CODED)[number];
/** Matched against queries: written normalised, held as strings. */
const MATCHED = ['name', 'licenceNumber', 'creditCode'] as const;
const MATCHED_LISTS = ['formerNames', 'initials'] as const;
/**
 * Shown in a result only: decoded per row. `statusSince` is '' where a row has none. A
 * matched field is shown as written: '' where that is its normalised text (most names,
 * every licence number in the demo registry), which is then read from the matched column.
 */
const SHOWN = ['id', 'name', 'address', 'licenceNumber', 'licenceExpiresOn', 'scope', 'creditCode', 'updatedAt', 'statusSince'] as const;
const SHOWN_LISTS = ['formerNames', 'initials'] as const;
const isMatched = (field: string): field is (typeof MATCHED)[number] | (typeof MATCHED_LISTS)[number] => (MATCHED as readonly string[]).includes(field) || (MATCHED_LISTS as readonly string[]).includes(field);

/** The search file, read: what the engine (./engine.ts) needs, with the display fields left in the file until asked for. */
export interface SearchColumns {
  generatedAt: string;
  /** Names this writing of the file, for a delta written over it (./delta.ts). */
  generation: string;
  count: number;
  values: Readonly<Record<Coded, readonly string[]>>;
  coded: Readonly<Record<Coded, Uint16Array>>;
  /** Each row's normalised text, in name order. */
  searchable: readonly Searchable[];
  /** Rows whose normalised name can hold a query of this kind (NAME_MAY_HOLD), ascending. */
  holders: Readonly<Partial<Record<QueryKind, Uint32Array>>>;
  /** Whether every initials string is letters and digits only. */
  alphanumericInitials: boolean;
  postings: Postings;
  /** Row `i` as the summary it was written from. */
  summary(i: number): InstitutionSummary;
  rowOfId(id: string): number | undefined;
  /** The rows with this normalised credit code (one, unless the registry holds a duplicate), ascending. */
  rowsOfCreditCode(normalized: string): number[];
}

/**
 * Made on first use: a zh-CN collator loads ICU's collation data (about 5 ms), which
 * a cold start that sorts nothing (the publisher's, docs/benchmarks.md "Lambda
 * bundles") should not pay.
 */
let collator: Intl.Collator | undefined;

/** Summaries in the order the results list shows them: by name, then by id so the order is total. */
export function byName(a: InstitutionSummary, b: InstitutionSummary): number {
  collator ??= new Intl.Collator('zh-CN');
  return collator.compare(a.name, b.name) || compare(a.id, b.id);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Section {
  at: number;
  bytes: number;
  /** Text blocks: how the characters are stored. */
  encoding?: 'latin1' | 'utf16le';
}

interface Header {
  generatedAt: string;
  generation: string;
  count: number;
  values: Record<Coded, string[]>;
  alphanumericInitials: boolean;
  sections: Record<string, Section>;
}

type Part = { name: string; body: Buffer; encoding?: Section['encoding'] };

const bytesOf = (a: Uint16Array | Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * A text column: its strings' starts (count + 1) and the block, Latin-1 when every character fits, else UTF-16LE.
 * Matched columns are cut into strings at load, so their starts count characters (a string position); shown columns
 * are decoded a string at a time, so theirs count bytes.
 */
function textParts(name: string, strings: readonly string[], use: 'matched' | 'shown'): Part[] {
  const text = strings.join('');
  const encoding = /^[\0-\xff]*$/.test(text) ? 'latin1' : 'utf16le';
  const unit = use === 'shown' && encoding === 'utf16le' ? 2 : 1;
  const starts = new Uint32Array(strings.length + 1);
  let at = 0;
  for (let i = 0; i < strings.length; i++) {
    starts[i] = at;
    at += strings[i]!.length * unit;
  }
  starts[strings.length] = at;
  return [
    { name: `${name}.starts`, body: bytesOf(starts) },
    { name: `${name}.text`, body: Buffer.from(text, encoding), encoding },
  ];
}

/** A column of lists: each row's first item (count + 1) into a text column of every item. */
function listParts(name: string, lists: readonly (readonly string[])[], use: 'matched' | 'shown'): Part[] {
  const rows = new Uint32Array(lists.length + 1);
  let at = 0;
  lists.forEach((list, i) => {
    rows[i] = at;
    at += list.length;
  });
  rows[lists.length] = at;
  return [{ name: `${name}.rows`, body: bytesOf(rows) }, ...textParts(`${name}.items`, lists.flat(), use)];
}

/** Rows ordered by a key, for binary search. */
function orderBy(keys: readonly string[]): Uint32Array {
  const rows = Array.from(keys, (_, i) => i).sort((a, b) => compare(keys[a]!, keys[b]!));
  return Uint32Array.from(rows);
}

/** The search file of these summaries (any order). */
export function encodeSearchFile(summaries: readonly InstitutionSummary[], generatedAt: string, generation = ''): Buffer {
  const sorted = [...summaries].sort(byName);
  const count = sorted.length;
  const searchable = sorted.map((s) => toSearchable(s));
  const values = Object.fromEntries(CODED.map((f) => [f, [] as string[]])) as Record<Coded, string[]>;
  const parts: Part[] = [];
  for (const field of CODED) {
    const positions = new Map<string, number>();
    const column = new Uint16Array(count);
    sorted.forEach((s, i) => {
      let at = positions.get(s[field]);
      if (at === undefined) {
        at = values[field].push(s[field]) - 1;
        if (at > 0xffff) throw new Error(`More than 65,536 values of ${field}`);
        positions.set(s[field], at);
      }
      column[i] = at;
    });
    parts.push({ name: `coded.${field}`, body: bytesOf(column) });
  }
  const unlessMatched = (shown: string, matched: string | undefined) => (shown === matched ? '' : shown);
  for (const field of SHOWN) {
    parts.push(...textParts(`shown.${field}`, sorted.map((s, i) => (isMatched(field) ? unlessMatched(s[field], searchable[i]![field]) : (s[field] ?? ''))), 'shown'));
  }
  for (const field of SHOWN_LISTS) parts.push(...listParts(`shown.${field}`, sorted.map((s, i) => s[field].map((x, k) => unlessMatched(x, searchable[i]![field][k]))), 'shown'));
  for (const field of MATCHED) parts.push(...textParts(`matched.${field}`, searchable.map((s) => s[field]), 'matched'));
  for (const field of MATCHED_LISTS) parts.push(...listParts(`matched.${field}`, searchable.map((s) => s[field]), 'matched'));
  parts.push({ name: 'order.id', body: bytesOf(orderBy(sorted.map((s) => s.id))) });
  parts.push({ name: 'order.creditCode', body: bytesOf(orderBy(searchable.map((s) => s.creditCode))) });
  for (const [kind, pattern] of Object.entries(NAME_MAY_HOLD)) {
    const rows = searchable.flatMap((s, i) => (pattern.test(s.name) ? [i] : []));
    parts.push({ name: `holders.${kind}`, body: bytesOf(Uint32Array.from(rows)) });
  }
  parts.push({ name: 'postings', body: encodePostings(buildPostings(searchable)) });

  const sections: Record<string, Section> = {};
  const header: Header = { generatedAt, generation, count, values, alphanumericInitials: searchable.every((s) => s.initials.every((x) => /^[a-z0-9]*$/.test(x))), sections };
  // The header names where each section is, and its own length decides where they start: settle both.
  let headerBytes = Buffer.alloc(0);
  for (let settled = false; !settled; ) {
    let at = align(16 + headerBytes.length);
    for (const part of parts) {
      sections[part.name] = { at, bytes: part.body.length, ...(part.encoding ? { encoding: part.encoding } : {}) };
      at = align(at + part.body.length);
    }
    const next = Buffer.from(JSON.stringify(header), 'utf8');
    settled = next.length === headerBytes.length;
    headerBytes = next;
  }
  const total = Object.values(sections).reduce((end, s) => Math.max(end, s.at + s.bytes), align(16 + headerBytes.length));
  const file = Buffer.alloc(total);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(SEARCH_FILE_VERSION, 4);
  file.writeUInt32LE(headerBytes.length, 8);
  file.writeUInt32LE(total, 12);
  headerBytes.copy(file, 16);
  for (const part of parts) part.body.copy(file, sections[part.name]!.at);
  return file;
}

const align = (n: number) => Math.ceil(n / 8) * 8;

export class UnreadableSearchIndex extends Error {
  override name = 'UnreadableSearchIndex';
}

const EMPTY: string[] = [];

/**
 * The file's columns, read in place: typed arrays and slices over its bytes, the matched
 * text as strings. Refuses a file with another magic or format version, or cut short.
 */
export function decodeSearchFile(input: Buffer): SearchColumns {
  const fail = (why: string) => new UnreadableSearchIndex(`${SEARCH_INDEX_KEY}: ${why}`);
  if (input.length < 16 || input.toString('latin1', 0, 4) !== MAGIC) throw fail(`not a search file (no '${MAGIC}' at its start: an older format, or another file)`);
  const version = input.readUInt32LE(4);
  if (version !== SEARCH_FILE_VERSION) throw fail(`format version ${version}, this reader reads version ${SEARCH_FILE_VERSION}: publish again to write it`);
  const declared = input.readUInt32LE(12);
  if (input.length !== declared) throw fail(`${input.length} bytes where its header says ${declared}: cut short or damaged`);
  // Typed arrays need their element's alignment; a Buffer may sit anywhere in its memory.
  const file = input.byteOffset % 8 === 0 ? input : Buffer.from(new Uint8Array(input));
  const header = JSON.parse(file.toString('utf8', 16, 16 + file.readUInt32LE(8))) as Header;
  const { count } = header;
  const section = (name: string): Section => {
    const s = header.sections[name];
    if (!s || s.at + s.bytes > file.length) throw fail(`no section ${name}`);
    return s;
  };
  const u16 = (name: string, length: number) => {
    const s = section(name);
    if (s.bytes !== length * 2) throw fail(`${name} does not have ${length} entries`);
    return new Uint16Array(file.buffer, file.byteOffset + s.at, length);
  };
  const u32 = (name: string, length?: number) => {
    const s = section(name);
    if (length !== undefined && s.bytes !== length * 4) throw fail(`${name} does not have ${length} entries`);
    return new Uint32Array(file.buffer, file.byteOffset + s.at, s.bytes / 4);
  };
  const width = (s: Section) => (s.encoding === 'latin1' ? 1 : 2);

  /** A text column read per string (starts in bytes), when asked. */
  const shownText = (name: string, length: number) => {
    const starts = u32(`${name}.starts`, length + 1);
    const text = section(`${name}.text`);
    if (starts[length]! !== text.bytes) throw fail(`${name} does not end where its text does`);
    return (i: number) => file.toString(text.encoding!, text.at + starts[i]!, text.at + starts[i + 1]!);
  };
  /** A text column as strings: one of the whole block, cut per row. */
  const matchedText = (name: string, length: number) => {
    const starts = u32(`${name}.starts`, length + 1);
    const text = section(`${name}.text`);
    if (starts[length]! * width(text) !== text.bytes) throw fail(`${name} does not end where its text does`);
    const whole = file.toString(text.encoding!, text.at, text.at + text.bytes);
    const out = new Array<string>(length);
    for (let i = 0; i < length; i++) out[i] = whole.slice(starts[i]!, starts[i + 1]!);
    return out;
  };
  const listRows = (name: string) => {
    const rows = u32(`${name}.rows`, count + 1);
    return { rows, items: rows[count]! };
  };

  const coded = Object.fromEntries(CODED.map((f) => [f, u16(`coded.${f}`, count)])) as Record<Coded, Uint16Array>;
  const matched = Object.fromEntries(MATCHED.map((f) => [f, matchedText(`matched.${f}`, count)])) as Record<(typeof MATCHED)[number], string[]>;
  const matchedLists = Object.fromEntries(
    MATCHED_LISTS.map((f) => {
      const { rows, items } = listRows(`matched.${f}`);
      const all = matchedText(`matched.${f}.items`, items);
      const out = new Array<string[]>(count);
      for (let i = 0; i < count; i++) out[i] = rows[i] === rows[i + 1] ? EMPTY : all.slice(rows[i]!, rows[i + 1]!);
      return [f, out];
    }),
  ) as Record<(typeof MATCHED_LISTS)[number], string[][]>;
  const shown = Object.fromEntries(
    SHOWN.map((f) => {
      const text = shownText(`shown.${f}`, count);
      return [f, isMatched(f) ? (i: number) => text(i) || matched[f][i]! : text];
    }),
  ) as Record<(typeof SHOWN)[number], (i: number) => string>;
  const shownLists = Object.fromEntries(
    SHOWN_LISTS.map((f) => {
      const { rows, items } = listRows(`shown.${f}`);
      if (items !== listRows(`matched.${f}`).items) throw fail(`shown.${f} and matched.${f} do not have the same items`);
      const item = shownText(`shown.${f}.items`, items);
      return [f, (i: number) => Array.from({ length: rows[i + 1]! - rows[i]! }, (_, k) => item(rows[i]! + k) || matchedLists[f][i]![k]!)];
    }),
  ) as Record<(typeof SHOWN_LISTS)[number], (i: number) => string[]>;
  const searchable = new Array<Searchable>(count);
  for (let i = 0; i < count; i++) {
    searchable[i] = { name: matched.name[i]!, formerNames: matchedLists.formerNames[i]!, initials: matchedLists.initials[i]!, licenceNumber: matched.licenceNumber[i]!, creditCode: matched.creditCode[i]! };
  }
  const holders = Object.fromEntries(Object.keys(NAME_MAY_HOLD).map((kind) => [kind, u32(`holders.${kind}`)]));
  const postingsSection = section('postings');
  let postings: Postings;
  try {
    postings = decodePostings(file.subarray(postingsSection.at, postingsSection.at + postingsSection.bytes));
  } catch (error) {
    if (error instanceof UnreadablePostings) throw fail(error.message);
    throw error;
  }
  const idOrder = u32('order.id', count);
  const creditOrder = u32('order.creditCode', count);
  /** The rows whose key is `wanted`, ascending: a binary search over the rows in key order. */
  const find = (order: Uint32Array, key: (i: number) => string, wanted: string) => {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(key(order[mid]!), wanted) < 0) lo = mid + 1;
      else hi = mid;
    }
    const rows: number[] = [];
    for (let k = lo; k < count && key(order[k]!) === wanted; k++) rows.push(order[k]!);
    return rows.sort((a, b) => a - b);
  };
  const { values } = header;
  for (const f of CODED) if (!Array.isArray(values[f])) throw fail(`no values for ${f}`);

  return {
    generatedAt: header.generatedAt,
    generation: header.generation,
    count,
    values,
    coded,
    searchable,
    holders,
    alphanumericInitials: header.alphanumericInitials,
    postings,
    rowOfId: (id) => find(idOrder, shown.id, id)[0],
    rowsOfCreditCode: (normalized) => find(creditOrder, (i) => matched.creditCode[i]!, normalized),
    summary(i) {
      const since = shown.statusSince(i);
      return {
        id: shown.id(i),
        name: shown.name(i),
        formerNames: shownLists.formerNames(i),
        initials: shownLists.initials(i),
        category: values.category[coded.category[i]!] as InstitutionSummary['category'],
        profitType: values.profitType[coded.profitType[i]!] as InstitutionSummary['profitType'],
        districtCode: values.districtCode[coded.districtCode[i]!]!,
        address: shown.address(i),
        status: values.status[coded.status[i]!] as InstitutionSummary['status'],
        ...(since === '' ? {} : { statusSince: since }),
        licenceNumber: shown.licenceNumber(i),
        licenceIssuer: values.licenceIssuer[coded.licenceIssuer[i]!]!,
        licenceExpiresOn: shown.licenceExpiresOn(i),
        scope: shown.scope(i),
        creditCode: shown.creditCode(i),
        supervisingDepartment: values.supervisingDepartment[coded.supervisingDepartment[i]!] as InstitutionSummary['supervisingDepartment'],
        updatedAt: shown.updatedAt(i),
      };
    },
  };
}

/**
 * The search file: every public summary, in name order, by column, written by
 * the publisher beside the snapshot (data/search-index.json) for the API's search.
 *
 * Why not the snapshot itself (data/search-snapshot.json: an array of objects,
 * sorted by id, checked with zod on every read): at 100,000 institutions the API
 * spent 1.6 s of a cold start and up to 682 MB on it, a third of the time in
 * JSON.parse, a fifth in zod, a quarter in sorting by name (docs/benchmarks.md).
 * Here the work is done once, by the publisher:
 * - sorted by name (Intl.Collator zh-CN) as the results list is ordered;
 * - by column: each field is one array, so no key is repeated 100,000 times and
 *   JSON.parse makes strings, not objects; the few-valued fields (district,
 *   category, status, type, department) are small numbers into a list of values;
 * - checked once: the summaries it is written from are the publisher's own
 *   (zod-parsed records made public by toPublicSummary); the reader checks the
 *   file's shape (format, lengths), not each row.
 * A summary is made again from its columns only when a search returns it.
 * Nothing is dropped: the API answers with the same summaries as before.
 */
import type { InstitutionSummary } from '#shared/schemas/institution.ts';

export const SEARCH_INDEX_KEY = 'data/search-index.json';
export const SEARCH_INDEX_FORMAT = 'shouhu-search-index/1';

/** The fields with few values, stored as positions into `values[field]`. */
const CODED = ['districtCode', 'category', 'status', 'profitType', 'supervisingDepartment', 'licenceIssuer'] as const;
/** The other fields, one string (or list of strings) per institution. */
const PLAIN = ['id', 'name', 'address', 'licenceNumber', 'licenceExpiresOn', 'scope', 'creditCode', 'updatedAt'] as const;
const LISTS = ['formerNames', 'initials'] as const;

type Coded = (typeof CODED)[number];
type Plain = (typeof PLAIN)[number];
type Lists = (typeof LISTS)[number];

export interface SearchColumns {
  format: typeof SEARCH_INDEX_FORMAT;
  generatedAt: string;
  count: number;
  values: Record<Coded, string[]>;
  coded: Record<Coded, number[]>;
  plain: Record<Plain, string[]>;
  lists: Record<Lists, string[][]>;
  /** `statusSince` is optional: [row, date] pairs for the rows that have one. */
  statusSince: [number, string][];
  /** The id of the candidate lists written for these rows (./postings.ts), if any. */
  postingsId?: string;
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
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function toSearchColumns(summaries: readonly InstitutionSummary[], generatedAt: string): SearchColumns {
  const sorted = [...summaries].sort(byName);
  const values = Object.fromEntries(CODED.map((f) => [f, [] as string[]])) as Record<Coded, string[]>;
  const positions = Object.fromEntries(CODED.map((f) => [f, new Map<string, number>()])) as Record<Coded, Map<string, number>>;
  const code = (field: Coded, value: string) => {
    let at = positions[field].get(value);
    if (at === undefined) {
      at = values[field].push(value) - 1;
      positions[field].set(value, at);
    }
    return at;
  };
  const statusSince: [number, string][] = [];
  sorted.forEach((s, i) => {
    if (s.statusSince !== undefined) statusSince.push([i, s.statusSince]);
  });
  return {
    format: SEARCH_INDEX_FORMAT,
    generatedAt,
    count: sorted.length,
    values,
    coded: Object.fromEntries(CODED.map((f) => [f, sorted.map((s) => code(f, s[f]))])) as Record<Coded, number[]>,
    plain: Object.fromEntries(PLAIN.map((f) => [f, sorted.map((s) => s[f])])) as Record<Plain, string[]>,
    lists: Object.fromEntries(LISTS.map((f) => [f, sorted.map((s) => s[f])])) as Record<Lists, string[][]>,
    statusSince,
  };
}

export class UnreadableSearchIndex extends Error {}

/** The file's text as columns; its shape is checked (format, one value per row in every column), not each value. */
export function readSearchColumns(text: string): SearchColumns {
  const data = JSON.parse(text) as Partial<SearchColumns> | null;
  if (!data || data.format !== SEARCH_INDEX_FORMAT || typeof data.count !== 'number' || !data.coded || !data.plain || !data.lists || !data.values) {
    throw new UnreadableSearchIndex(`${SEARCH_INDEX_KEY} is not a ${SEARCH_INDEX_FORMAT} file`);
  }
  const columns = [...CODED.map((f) => data.coded![f]), ...PLAIN.map((f) => data.plain![f]), ...LISTS.map((f) => data.lists![f])];
  if (columns.some((c) => !Array.isArray(c) || c.length !== data.count) || !Array.isArray(data.statusSince)) {
    throw new UnreadableSearchIndex(`${SEARCH_INDEX_KEY}: a column does not have ${data.count} rows`);
  }
  for (const f of CODED) if (!Array.isArray(data.values[f])) throw new UnreadableSearchIndex(`${SEARCH_INDEX_KEY}: no values for ${f}`);
  return data as SearchColumns;
}

/** Row `i` as the summary it was written from. */
export function summaryAt(columns: SearchColumns, i: number, statusSince: ReadonlyMap<number, string>): InstitutionSummary {
  const { coded, values, plain, lists } = columns;
  const since = statusSince.get(i);
  return {
    id: plain.id[i]!,
    name: plain.name[i]!,
    formerNames: lists.formerNames[i]!,
    initials: lists.initials[i]!,
    category: values.category[coded.category[i]!] as InstitutionSummary['category'],
    profitType: values.profitType[coded.profitType[i]!] as InstitutionSummary['profitType'],
    districtCode: values.districtCode[coded.districtCode[i]!]!,
    address: plain.address[i]!,
    status: values.status[coded.status[i]!] as InstitutionSummary['status'],
    ...(since === undefined ? {} : { statusSince: since }),
    licenceNumber: plain.licenceNumber[i]!,
    licenceIssuer: values.licenceIssuer[coded.licenceIssuer[i]!]!,
    licenceExpiresOn: plain.licenceExpiresOn[i]!,
    scope: plain.scope[i]!,
    creditCode: plain.creditCode[i]!,
    supervisingDepartment: values.supervisingDepartment[coded.supervisingDepartment[i]!] as InstitutionSummary['supervisingDepartment'],
    updatedAt: plain.updatedAt[i]!,
  };
}

/**
 * The open data export of the public list (CSV and JSON), documented in
 * docs/open-data.md. Both are made from the same summaries as the search,
 * written on a schedule (publishOpenDataIfDue), not on every change.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
// The served jurisdiction's districts as plain data: this module does not load or parse the jurisdiction.
import { districtName } from '#shared/jurisdiction/districts.ts';
import { InstitutionSummary } from '#shared/schemas/institution.ts';
import { csvCell as cell } from '../lib/csv.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';
import { DepartmentKinds, InstitutionCategories, InstitutionStatuses, ProfitTypes } from '#shared/vocabulary.ts';

/** One record of the open data set: the summary without the search-only initials. */
export const OpenDataRecord = InstitutionSummary.omit({ initials: true }).meta({ id: 'OpenDataInstitution' });
export type OpenDataRecord = z.infer<typeof OpenDataRecord>;

export function toOpenData(summary: InstitutionSummary): OpenDataRecord {
  const { initials: _initials, ...record } = summary;
  return record;
}

/** CSV columns: Chinese header, and how to read the value. */
const columns: Array<[string, (r: OpenDataRecord) => string]> = [
  ['机构编号', (r) => r.id],
  ['机构名称', (r) => r.name],
  ['曾用名', (r) => r.formerNames.join('；')],
  ['培训类别', (r) => InstitutionCategories.label(r.category)],
  ['营利性质', (r) => ProfitTypes.label(r.profitType)],
  ['所在区县代码', (r) => r.districtCode],
  ['所在区县', (r) => districtName(r.districtCode) ?? ''],
  ['培训地址', (r) => r.address],
  ['状态', (r) => InstitutionStatuses.label(r.status)],
  ['状态日期', (r) => r.statusSince ?? ''],
  ['办学许可证编号', (r) => r.licenceNumber],
  ['发证机关', (r) => r.licenceIssuer],
  ['许可证有效期至', (r) => r.licenceExpiresOn],
  ['许可培训范围', (r) => r.scope],
  ['统一社会信用代码', (r) => r.creditCode],
  ['监管部门类型', (r) => DepartmentKinds.label(r.supervisingDepartment)],
  ['更新时间', (r) => r.updatedAt],
];

/** UTF-8 with a byte-order mark, so spreadsheet programs in China open it correctly. */
export function toCsv(records: OpenDataRecord[]): string {
  const lines = [columns.map(([h]) => cell(h)).join(',')];
  for (const r of records) lines.push(columns.map(([, read]) => cell(read(r))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function toJson(records: OpenDataRecord[], generatedAt: string): string {
  return JSON.stringify({ generatedAt, count: records.length, schema: '/data/institutions.schema.json', institutions: records });
}

/** The JSON Schema of one record, generated from the same zod schema. */
export function jsonSchema(): string {
  return JSON.stringify(z.toJSONSchema(OpenDataRecord), null, 2);
}

/** How often the open data may be written again: it is a download, not a live view (docs/open-data.md). */
export const OPEN_DATA_EVERY_MS = 60 * 60 * 1000;
export const OPEN_DATA_KEYS = { json: 'data/institutions.json', csv: 'data/institutions.csv', schema: 'data/institutions.schema.json' } as const;
/** When the open data was last written, and the hash of the records it held (not published on the site's pages). */
const STATE_KEY = 'data/institutions.state.json';

interface OpenDataState {
  at: string;
  recordsHash: string;
}

/**
 * Writes the open data (JSON, CSV, the JSON Schema) when it is due: at most
 * once every OPEN_DATA_EVERY_MS, and then only if the records differ from
 * those last written (their hash, not the files': `generatedAt` changes every
 * time). So 1,000 changes a minute write it once an hour, and a quiet
 * registry never. `summaries` is called only when the time has come.
 */
export async function publishOpenDataIfDue(options: {
  store: PublicStore;
  now: Date;
  summaries: () => Promise<Iterable<InstitutionSummary>>;
  everyMs?: number;
}): Promise<{ written: boolean }> {
  const { store, now } = options;
  const stateFile = await store.get(STATE_KEY);
  const state = stateFile ? (JSON.parse(stateFile.body.toString('utf8')) as OpenDataState) : undefined;
  if (state && now.getTime() - Date.parse(state.at) < (options.everyMs ?? OPEN_DATA_EVERY_MS)) return { written: false };
  const records = [...(await options.summaries())].sort((a, b) => a.id.localeCompare(b.id)).map(toOpenData);
  const recordsHash = createHash('sha256').update(JSON.stringify(records)).digest('hex');
  if (state?.recordsHash === recordsHash) return { written: false };
  const generatedAt = now.toISOString();
  // The schema and the data first, the state last: a run that stops between them writes them again next time.
  await store.put(OPEN_DATA_KEYS.schema, jsonSchema(), { contentType: 'application/schema+json', cacheControl: CACHE.published });
  await store.put(OPEN_DATA_KEYS.json, toJson(records, generatedAt), { contentType: 'application/json; charset=utf-8', cacheControl: CACHE.published });
  await store.put(OPEN_DATA_KEYS.csv, toCsv(records), { contentType: 'text/csv; charset=utf-8', cacheControl: CACHE.published });
  const next: OpenDataState = { at: generatedAt, recordsHash };
  await store.put(STATE_KEY, JSON.stringify(next), { contentType: 'application/json', cacheControl: 'no-cache' });
  return { written: true };
}

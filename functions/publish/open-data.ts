/**
 * The open data export of the public list (CSV and JSON), documented in
 * docs/open-data.md. Both are made from the same summaries as the search.
 */
import { z } from 'zod';
import { districtName } from '#shared/jurisdiction/index.ts';
import { InstitutionSummary } from '#shared/schemas/institution.ts';
import { csvCell as cell } from '../lib/csv.ts';
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

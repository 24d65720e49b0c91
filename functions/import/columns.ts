/**
 * The columns of the regulator's list, defined once: the Chinese header a
 * spreadsheet carries (and the other spellings we accept), whether a value
 * is required, and how an institution's fields read in that column (for the
 * before/after of a change, for the template and for the benchmarks).
 * docs/import-format.md describes the same columns for people.
 */
import { districtName } from '#shared/jurisdiction/districts.ts';
import type { InstitutionFields } from '#shared/schemas/institution.ts';
import {
  FundSupervisionModes,
  InstitutionCategories,
  InstitutionStatuses,
  ProfitTypes,
  RegistrationTypes,
  type InstitutionStatus,
} from '#shared/vocabulary.ts';

export type ColumnKey =
  | 'name'
  | 'formerNames'
  | 'category'
  | 'profitType'
  | 'district'
  | 'address'
  | 'licenceNumber'
  | 'licenceIssuer'
  | 'licenceIssuedOn'
  | 'licenceExpiresOn'
  | 'scope'
  | 'creditCode'
  | 'registrationType'
  | 'fundMode'
  | 'bank'
  | 'insured'
  | 'status'
  | 'statusDate'
  | 'statusReason'
  | 'decisionNumber';

export interface Column {
  key: ColumnKey;
  /** The header as our template writes it. */
  header: string;
  /** Other headers that mean the same column. */
  aliases: readonly string[];
  /** A required column must be present, with a value in every row. */
  required: boolean;
  /** The field it fills (dotted path), or undefined for the status columns. */
  field?: string;
  /** What to write, for the documentation. */
  help: string;
  /** How an institution reads in this column (undefined: the column does not describe a stored field). */
  show?: (fields: InstitutionFields, status: InstitutionStatus) => string;
}

/** Separator for several former names in one cell: the Chinese or the ASCII semicolon. */
export const NAME_SEPARATOR = /[；;]/;

export const COLUMNS: readonly Column[] = [
  { key: 'name', header: '机构名称', aliases: ['名称', '机构全称'], required: true, field: 'name', help: '登记的全称', show: (f) => f.name },
  {
    key: 'formerNames',
    header: '曾用名',
    aliases: [],
    required: false,
    field: 'formerNames',
    help: '多个曾用名用分号（；或 ;）隔开',
    show: (f) => f.formerNames.join('；'),
  },
  {
    key: 'category',
    header: '培训类别',
    aliases: ['类别', '机构类别'],
    required: true,
    field: 'category',
    help: InstitutionCategories.entries.map((e) => e.label).join('、'),
    show: (f) => InstitutionCategories.label(f.category),
  },
  {
    key: 'profitType',
    header: '营利性质',
    aliases: ['营利类型', '是否营利'],
    required: true,
    field: 'profitType',
    help: '营利性 或 非营利性',
    show: (f) => ProfitTypes.label(f.profitType),
  },
  {
    key: 'district',
    header: '所在区县',
    aliases: ['区县', '所属区县', '行政区划', '区县代码'],
    required: true,
    field: 'districtCode',
    help: '区县名称（如 浉河区）或6位行政区划代码（如 411502）',
    show: (f) => districtName(f.districtCode) ?? f.districtCode,
  },
  {
    key: 'address',
    header: '培训地址',
    aliases: ['地址', '办学地址', '培训场所地址', '经营场所'],
    required: true,
    field: 'premises',
    help: '主要培训场所的详细地址',
    show: (f) => f.premises[0]?.address ?? '',
  },
  {
    key: 'licenceNumber',
    header: '办学许可证编号',
    aliases: ['许可证编号', '办学许可证号', '许可证号'],
    required: true,
    field: 'licence.number',
    help: '如 教民141150270001234号',
    show: (f) => f.licence.number,
  },
  { key: 'licenceIssuer', header: '发证机关', aliases: ['发证单位', '审批机关'], required: true, field: 'licence.issuer', help: '如 浉河区教育体育局', show: (f) => f.licence.issuer },
  { key: 'licenceIssuedOn', header: '发证日期', aliases: ['发证时间'], required: true, field: 'licence.issuedOn', help: '日期，如 2024-03-01', show: (f) => f.licence.issuedOn },
  {
    key: 'licenceExpiresOn',
    header: '有效期至',
    aliases: ['有效期截止日期', '许可证有效期至', '有效期'],
    required: true,
    field: 'licence.expiresOn',
    help: '日期，须晚于发证日期',
    show: (f) => f.licence.expiresOn,
  },
  { key: 'scope', header: '培训范围', aliases: ['许可范围', '办学范围', '培训项目'], required: true, field: 'licence.scope', help: '许可证上的培训范围', show: (f) => f.licence.scope },
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    aliases: ['信用代码', '社会信用代码'],
    required: true,
    field: 'registration.creditCode',
    help: '18位；导入按此代码识别机构',
    show: (f) => f.registration.creditCode,
  },
  {
    key: 'registrationType',
    header: '登记类型',
    aliases: ['登记证照类型', '证照类型'],
    required: false,
    field: 'registration.type',
    help: `${RegistrationTypes.entries.map((e) => e.label).join(' 或 ')}；不填时新机构按营利性质推定`,
    show: (f) => RegistrationTypes.label(f.registration.type),
  },
  {
    key: 'fundMode',
    header: '资金监管方式',
    aliases: ['预收费监管方式', '资金监管'],
    required: true,
    field: 'fundSupervision.mode',
    help: FundSupervisionModes.entries.map((e) => e.label).join('、'),
    show: (f) => FundSupervisionModes.label(f.fundSupervision.mode),
  },
  {
    key: 'bank',
    header: '监管银行',
    aliases: ['托管银行', '存管银行'],
    required: false,
    field: 'fundSupervision.bank',
    help: '银行托管时必填',
    show: (f) => f.fundSupervision.bank ?? '',
  },
  { key: 'insured', header: '是否投保', aliases: ['投保情况', '是否购买保险'], required: false, field: 'insured', help: '是 或 否', show: (f) => (f.insured ? '是' : '否') },
  {
    key: 'status',
    header: '状态',
    aliases: ['机构状态'],
    required: false,
    help: `${InstitutionStatuses.entries.map((e) => e.label).join('、')}（也可写 白名单、整改、吊销、注销、黑名单）；不填：新机构为已审批，已有机构保持不变`,
    show: (_f, status) => InstitutionStatuses.label(status),
  },
  { key: 'statusDate', header: '状态变更日期', aliases: ['变更日期'], required: false, help: '状态改变时的决定日期；不填为导入当天' },
  { key: 'statusReason', header: '状态变更原因', aliases: ['变更原因'], required: false, help: '已有机构的状态改变时必填' },
  { key: 'decisionNumber', header: '决定文号', aliases: ['决定书文号', '文号'], required: false, help: '如 信教监〔2025〕37号' },
];

export const columnByKey = Object.fromEntries(COLUMNS.map((c) => [c.key, c])) as Record<ColumnKey, Column>;

/** A header as people type it: without spaces, the asterisk marking required columns, or a "(必填)" note. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .replace(/[*＊]/g, '')
    .replace(/\((必填|选填)\)$/, '');
}

const HEADER_INDEX = new Map<string, ColumnKey>(
  COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [normalizeHeader(h), c.key] as const)),
);

export function columnForHeader(text: string): ColumnKey | undefined {
  return HEADER_INDEX.get(normalizeHeader(text));
}

/** An institution as a row of the import format: for the template, exports and benchmarks. */
export function rowOf(fields: InstitutionFields, status: InstitutionStatus): Record<ColumnKey, string> {
  const row = {} as Record<ColumnKey, string>;
  for (const column of COLUMNS) row[column.key] = column.show ? column.show(fields, status) : '';
  return row;
}

/** The template's header row, in our order. */
export const TEMPLATE_HEADERS = COLUMNS.map((c) => c.header);

/**
 * Planning an import: what each row of the regulator's list would do to the
 * registry (create, update, unchanged or rejected, with the reasons), from
 * the sheet and what the registry holds now. Pure: the caller looks the
 * existing institutions up first (functions/data/import.ts) and applies the
 * plan afterwards (apply.ts), so a dry run and a real run plan the same way.
 *
 * A row's key is its credit code: an institution holding that code is the
 * one the row describes. Columns left blank, or absent, keep what the
 * registry has (or take the default for a new institution): an import never
 * erases a value by leaving a cell empty.
 */
import { districtName } from '#shared/jurisdiction/districts.ts';
import { supervisingDepartment } from '#shared/rules/institution.ts';
import type { ScopeTarget } from '#shared/rules/scope.ts';
import { InstitutionFields, StatusChange, type Institution } from '#shared/schemas/institution.ts';
import { DepartmentKinds, InstitutionStatuses, type InstitutionStatus } from '#shared/vocabulary.ts';
import { columnByKey, COLUMNS, type ColumnKey } from './columns.ts';
import type { Sheet, SheetRow } from './read.ts';
import {
  readCategory,
  readCreditCode,
  readDate,
  readDistrict,
  readFundMode,
  readLicenceNumber,
  readNames,
  readProfitType,
  readRegistrationType,
  readStatus,
  readYesNo,
  type Read,
} from './values.ts';
import { beijingDate } from '#shared/rules/beijing-time.ts';

/** What is wrong with a row, by column (the header as the template writes it). */
export interface RowProblem {
  column: string;
  message: string;
}

/** One column's value before and after, as the spreadsheet would show it. */
export interface FieldChange {
  column: string;
  before: string;
  after: string;
}

interface RowIdentity {
  /** The row number the spreadsheet shows. */
  row: number;
  name: string;
  creditCode: string;
}

export type PlannedRow =
  | (RowIdentity & { action: 'create'; id: string; fields: InstitutionFields; status: InstitutionStatus })
  | (RowIdentity & {
      action: 'update';
      id: string;
      expectedVersion: number;
      /** Undefined when only the status changes. */
      fields?: InstitutionFields;
      statusChange?: StatusChange;
      changes: FieldChange[];
    })
  | (RowIdentity & { action: 'unchanged'; id: string })
  | (RowIdentity & { action: 'rejected'; id?: string; problems: RowProblem[] });

export type ImportAction = PlannedRow['action'];
export type ImportSummary = Record<ImportAction, number>;

export interface ImportPlan {
  rows: PlannedRow[];
  summary: ImportSummary;
  /** Problems with the file as a whole (missing columns, a column given twice). */
  fileProblems: string[];
}

/** What the registry holds for the codes and numbers in the file. */
export interface ImportLookups {
  /** Existing institutions by credit code. */
  byCreditCode: ReadonlyMap<string, Institution>;
  /** Who holds each licence number now. */
  licenceOwners: ReadonlyMap<string, { id: string; name: string }>;
}

export interface PlanOptions {
  /** A new institution's id. */
  newId: () => string;
  /** Today in the jurisdiction (YYYY-MM-DD): the default date of a status change. */
  today: string;
  /** May the importer act on an institution of this department kind and district? Omitted: no check. */
  inScope?: (target: ScopeTarget) => boolean;
  /** Who the importer is, for the out-of-scope message (e.g. 浉河区教育体育局). */
  importerDepartment?: string;
}

/** The credit codes and licence numbers of a sheet, for looking the registry up before planning. */
export function lookupKeys(sheet: Sheet): { creditCodes: string[]; licenceNumbers: string[] } {
  const creditCodes = new Set<string>();
  const licenceNumbers = new Set<string>();
  for (const { cells } of sheet.rows) {
    const code = cells.creditCode ? readCreditCode(cells.creditCode) : undefined;
    if (code?.ok) creditCodes.add(code.value);
    const number = cells.licenceNumber ? readLicenceNumber(cells.licenceNumber) : undefined;
    if (number?.ok) licenceNumbers.add(number.value);
  }
  return { creditCodes: [...creditCodes], licenceNumbers: [...licenceNumbers] };
}

/** Today's date in China (UTC+8, no daylight saving). */
export function chinaDate(now: Date): string {
  return beijingDate(now);
}

/** The values a row gives, read and checked column by column. */
interface RowValues {
  name?: string;
  formerNames?: string[];
  category?: InstitutionFields['category'];
  profitType?: InstitutionFields['profitType'];
  districtCode?: string;
  address?: string;
  licenceNumber?: string;
  licenceIssuer?: string;
  licenceIssuedOn?: string;
  licenceExpiresOn?: string;
  scope?: string;
  creditCode?: string;
  registrationType?: InstitutionFields['registration']['type'];
  fundMode?: InstitutionFields['fundSupervision']['mode'];
  bank?: string;
  insured?: boolean;
  status?: InstitutionStatus;
  statusDate?: string;
  statusReason?: string;
  decisionNumber?: string;
}

const text = (s: string): Read<string> => ({ ok: true, value: s });
const READERS: { [K in ColumnKey]: (cell: string) => Read<unknown> } = {
  name: text,
  formerNames: (s) => ({ ok: true, value: readNames(s) }),
  category: readCategory,
  profitType: readProfitType,
  district: readDistrict,
  address: text,
  licenceNumber: readLicenceNumber,
  licenceIssuer: text,
  licenceIssuedOn: (s) => readDate(columnByKey.licenceIssuedOn.header, s),
  licenceExpiresOn: (s) => readDate(columnByKey.licenceExpiresOn.header, s),
  scope: text,
  creditCode: readCreditCode,
  registrationType: readRegistrationType,
  fundMode: readFundMode,
  bank: text,
  insured: readYesNo,
  status: readStatus,
  statusDate: (s) => readDate(columnByKey.statusDate.header, s),
  statusReason: text,
  decisionNumber: text,
};
const VALUE_NAMES: Record<ColumnKey, keyof RowValues> = {
  name: 'name',
  formerNames: 'formerNames',
  category: 'category',
  profitType: 'profitType',
  district: 'districtCode',
  address: 'address',
  licenceNumber: 'licenceNumber',
  licenceIssuer: 'licenceIssuer',
  licenceIssuedOn: 'licenceIssuedOn',
  licenceExpiresOn: 'licenceExpiresOn',
  scope: 'scope',
  creditCode: 'creditCode',
  registrationType: 'registrationType',
  fundMode: 'fundMode',
  bank: 'bank',
  insured: 'insured',
  status: 'status',
  statusDate: 'statusDate',
  statusReason: 'statusReason',
  decisionNumber: 'decisionNumber',
};

function readRow(row: SheetRow, sheet: Sheet): { values: RowValues; problems: RowProblem[] } {
  const values: RowValues = {};
  const problems: RowProblem[] = [];
  for (const column of COLUMNS) {
    const cell = row.cells[column.key];
    if (cell === undefined || cell === '') {
      if (column.required) {
        problems.push({
          column: column.header,
          message: sheet.missingColumns.includes(column.key) ? `文件缺少必填列“${column.header}”` : `请填写${column.header}`,
        });
      }
      continue;
    }
    const read = READERS[column.key](cell);
    if (read.ok) (values as Record<string, unknown>)[VALUE_NAMES[column.key]] = read.value;
    else problems.push({ column: column.header, message: read.message });
  }
  return { values, problems };
}

/** Where a schema issue belongs, by the field's path. */
const COLUMN_OF_PATH: Array<[RegExp, ColumnKey]> = [
  [/^name$/, 'name'],
  [/^formerNames/, 'formerNames'],
  [/^category$/, 'category'],
  [/^profitType$/, 'profitType'],
  [/^districtCode$/, 'district'],
  [/^premises/, 'address'],
  [/^licence\.number$/, 'licenceNumber'],
  [/^licence\.issuer$/, 'licenceIssuer'],
  [/^licence\.issuedOn$/, 'licenceIssuedOn'],
  [/^licence\.expiresOn$/, 'licenceExpiresOn'],
  [/^licence\.scope$/, 'scope'],
  [/^registration\.creditCode$/, 'creditCode'],
  [/^registration\.type$/, 'registrationType'],
  [/^fundSupervision\.mode$/, 'fundMode'],
  [/^fundSupervision\.bank$/, 'bank'],
  [/^insured$/, 'insured'],
  [/^status$/, 'status'],
  [/^on$/, 'statusDate'],
  [/^reason$/, 'statusReason'],
  [/^decisionNumber$/, 'decisionNumber'],
];
function columnOfPath(path: PropertyKey[]): string {
  const dotted = path.map(String).join('.');
  const key = COLUMN_OF_PATH.find(([pattern]) => pattern.test(dotted))?.[1];
  return key ? columnByKey[key].header : `（${dotted || '整行'}）`;
}

/** The editable fields of a stored institution (without identity, status and bookkeeping). */
export function fieldsOf(inst: Institution): InstitutionFields {
  const { id: _id, status: _s, statusHistory: _h, createdAt: _c, updatedAt: _u, version: _v, ...fields } = inst;
  return fields;
}

/** JSON with sorted keys and no undefined values, so equal values compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The row's values laid over the stored fields (or the defaults of a new institution). */
function mergeFields(values: Required<Pick<RowValues, 'name' | 'category' | 'profitType' | 'districtCode' | 'address' | 'licenceNumber' | 'licenceIssuer' | 'licenceIssuedOn' | 'licenceExpiresOn' | 'scope' | 'creditCode' | 'fundMode'>> & RowValues, existing: InstitutionFields | undefined) {
  const bank = values.fundMode === 'none' ? undefined : (values.bank ?? existing?.fundSupervision.bank);
  return {
    ...(existing ?? { inspections: [], sanctions: [] }),
    name: values.name,
    formerNames: values.formerNames ?? existing?.formerNames ?? [],
    category: values.category,
    profitType: values.profitType,
    districtCode: values.districtCode,
    premises: [{ address: values.address, districtCode: values.districtCode }, ...(existing?.premises.slice(1) ?? [])],
    licence: {
      number: values.licenceNumber,
      issuer: values.licenceIssuer,
      issuedOn: values.licenceIssuedOn,
      expiresOn: values.licenceExpiresOn,
      scope: values.scope,
    },
    registration: {
      creditCode: values.creditCode,
      type:
        values.registrationType ??
        existing?.registration.type ??
        (values.profitType === 'for_profit' ? 'business_licence' : 'non_enterprise_certificate'),
    },
    fundSupervision: { mode: values.fundMode, ...(bank ? { bank } : {}) },
    insured: values.insured ?? existing?.insured ?? false,
  };
}

const REQUIRED_VALUES = [
  'name', 'category', 'profitType', 'districtCode', 'address', 'licenceNumber', 'licenceIssuer',
  'licenceIssuedOn', 'licenceExpiresOn', 'scope', 'creditCode', 'fundMode',
] as const;
type CompleteValues = Parameters<typeof mergeFields>[0];
const isComplete = (v: RowValues): v is CompleteValues => REQUIRED_VALUES.every((k) => v[k] !== undefined);

function scopeTarget(fields: Pick<InstitutionFields, 'category' | 'supervisingDepartmentOverride' | 'districtCode'>): ScopeTarget {
  return { supervisingDepartmentKind: supervisingDepartment(fields), districtCode: fields.districtCode };
}

function outOfScopeMessage(target: ScopeTarget, importer: string | undefined): string {
  const where = districtName(target.districtCode) ?? target.districtCode;
  const who = importer ?? '您所在部门';
  return `这家机构位于${where}、由${DepartmentKinds.label(target.supervisingDepartmentKind)}监管，不在您的管理范围内：${who}只能导入由本部门监管、且位于本部门辖区内的机构`;
}

/** Plans every row of the sheet. Nothing is written; the plan says what a real run would do. */
export function planImport(sheet: Sheet, lookups: ImportLookups, options: PlanOptions): ImportPlan {
  const fileProblems = [
    ...sheet.headerProblems,
    ...(sheet.missingColumns.length > 0
      ? [`文件缺少必填列：${sheet.missingColumns.map((k) => `“${columnByKey[k].header}”`).join('、')}。请使用导入模板的列名`]
      : []),
  ];

  const read = sheet.rows.map((row) => ({ row, ...readRow(row, sheet) }));

  // Within the file, a credit code or licence number may appear only once.
  const rowsBy = (key: 'creditCode' | 'licenceNumber') => {
    const map = new Map<string, number[]>();
    for (const r of read) {
      const value = r.values[key];
      if (value) map.set(value, [...(map.get(value) ?? []), r.row.row]);
    }
    return map;
  };
  const codeRows = rowsBy('creditCode');
  const licenceRows = rowsBy('licenceNumber');
  const others = (rows: number[] | undefined, self: number) => (rows ?? []).filter((n) => n !== self);

  const planned: PlannedRow[] = read.map(({ row, values, problems }) => {
    const identity: RowIdentity = { row: row.row, name: values.name ?? row.cells.name ?? '', creditCode: values.creditCode ?? row.cells.creditCode ?? '' };
    for (const problem of sheet.headerProblems) problems.push({ column: '（表头）', message: problem });

    const sameCode = others(values.creditCode ? codeRows.get(values.creditCode) : undefined, row.row);
    if (sameCode.length > 0) {
      problems.push({
        column: columnByKey.creditCode.header,
        message: `统一社会信用代码与第${sameCode.join('、')}行重复：同一家机构在文件中只能出现一次，请合并或删去重复的行`,
      });
    }
    const sameLicence = others(values.licenceNumber ? licenceRows.get(values.licenceNumber) : undefined, row.row);
    if (sameLicence.length > 0) {
      problems.push({ column: columnByKey.licenceNumber.header, message: `办学许可证编号与第${sameLicence.join('、')}行重复，请核对` });
    }

    const existing = values.creditCode ? lookups.byCreditCode.get(values.creditCode) : undefined;
    const reject = (): PlannedRow => ({ ...identity, action: 'rejected', ...(existing ? { id: existing.id } : {}), problems });
    if (!isComplete(values)) return reject();

    // The row over what is stored, checked as a whole.
    const before = existing ? fieldsOf(existing) : undefined;
    const merged = mergeFields(values, before);
    if (values.fundMode === 'none' && values.bank) {
      problems.push({ column: columnByKey.bank.header, message: '资金监管方式为“未纳入监管”时不应填写监管银行，请核对资金监管方式' });
    }
    if (merged.fundSupervision.mode === 'bank_custody' && !merged.fundSupervision.bank) {
      problems.push({ column: columnByKey.bank.header, message: '资金监管方式为“银行托管”时，请填写监管银行' });
    }
    const parsed = InstitutionFields.safeParse(merged);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ column: columnOfPath(issue.path), message: issue.message });
      return reject();
    }
    const fields = parsed.data;

    // The licence number must not belong to another institution.
    const owner = lookups.licenceOwners.get(fields.licence.number);
    if (owner && owner.id !== existing?.id) {
      problems.push({
        column: columnByKey.licenceNumber.header,
        message: `办学许可证编号“${fields.licence.number}”已登记在机构“${owner.name}”（编号 ${owner.id}）名下。若是同一家机构，请核对统一社会信用代码；否则请核对许可证编号`,
      });
    }

    // Scope: the importer must supervise the institution, as stored and as it will be.
    if (options.inScope) {
      const targets = [scopeTarget(fields), ...(before ? [scopeTarget(before)] : [])];
      const outside = targets.find((t) => !options.inScope!(t));
      if (outside) problems.push({ column: '（管理范围）', message: outOfScopeMessage(outside, options.importerDepartment) });
    }

    // Status: a new institution takes the row's status (default approved); a change needs its reason.
    let statusChange: StatusChange | undefined;
    if (existing && values.status && values.status !== existing.status) {
      if (!values.statusReason) {
        problems.push({
          column: columnByKey.statusReason.header,
          message: `状态由“${InstitutionStatuses.label(existing.status)}”改为“${InstitutionStatuses.label(values.status)}”，请在“${columnByKey.statusReason.header}”列写明原因（如有决定书，请在“${columnByKey.decisionNumber.header}”列填写文号）`,
        });
      } else if (values.statusDate && values.statusDate > options.today) {
        problems.push({ column: columnByKey.statusDate.header, message: `状态变更日期${values.statusDate}晚于今天，请核对` });
      } else {
        const change = StatusChange.safeParse({
          status: values.status,
          on: values.statusDate ?? options.today,
          reason: values.statusReason,
          ...(values.decisionNumber ? { decisionNumber: values.decisionNumber } : {}),
        });
        if (change.success) statusChange = change.data;
        else for (const issue of change.error.issues) problems.push({ column: columnOfPath(issue.path), message: issue.message });
      }
    }

    if (problems.length > 0) return reject();
    if (!existing) return { ...identity, action: 'create', id: options.newId(), fields, status: values.status ?? 'approved' };

    const fieldsChanged = canonical(before) !== canonical(fields);
    if (!fieldsChanged && !statusChange) return { ...identity, action: 'unchanged', id: existing.id };
    const nextStatus = statusChange?.status ?? existing.status;
    const changes: FieldChange[] = COLUMNS.filter((c) => c.show).flatMap((c) => {
      const was = c.show!(before!, existing.status);
      const now = c.show!(fields, nextStatus);
      return was === now ? [] : [{ column: c.header, before: was, after: now }];
    });
    return {
      ...identity,
      action: 'update',
      id: existing.id,
      expectedVersion: existing.version,
      ...(fieldsChanged ? { fields } : {}),
      ...(statusChange ? { statusChange } : {}),
      changes,
    };
  });

  const summary: ImportSummary = { create: 0, update: 0, unchanged: 0, rejected: 0 };
  for (const row of planned) summary[row.action]++;
  return { rows: planned, summary, fileProblems };
}

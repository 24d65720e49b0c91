/**
 * From the uploaded bytes to a table of rows keyed by column: what kind of
 * file it is (by its content, not its name), how its text is encoded, where
 * the header is and which column is which.
 *
 * - XLSX is a zip: it starts with PK\x03\x04. The first worksheet is read.
 * - The old binary .xls (an OLE file, D0 CF 11 E0) and other binary files
 *   are refused with a message saying what to save the file as.
 * - Anything else is CSV text: valid UTF-8 (with or without a BOM) is read
 *   as UTF-8; otherwise it is decoded as GB18030, the superset of GBK that
 *   Chinese spreadsheet programs write "CSV" in.
 *
 * exceljs and iconv-lite are large (about 1 MB together before gzip), so
 * they are imported when a file needs them, never when the API starts.
 */
import { columnByKey, columnForHeader, COLUMNS, type ColumnKey } from './columns.ts';
import { parseCsv, type CsvRecord } from './csv.ts';

/** The most data rows one file may carry. */
export const MAX_IMPORT_ROWS = 20_000;
/** Rows at the top that may hold a title above the header. */
const HEADER_SEARCH_ROWS = 10;

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

/** Why a file cannot be read at all (as opposed to a row being wrong). */
export class ImportFileError extends Error {
  constructor(
    readonly kind: 'unsupported_type' | 'unreadable' | 'no_header' | 'too_many_rows' | 'empty',
    message: string,
  ) {
    super(message);
  }
}

export interface SheetRow {
  /** The row number as the spreadsheet shows it (the header row is row 1 in our template). */
  row: number;
  cells: Partial<Record<ColumnKey, string>>;
}

export interface Sheet {
  format: FileFormat;
  encoding?: TextEncoding;
  /** The columns found in the header. */
  columns: ColumnKey[];
  /** Required columns the header lacks. */
  missingColumns: ColumnKey[];
  /** Headers we do not know; their cells are ignored. */
  ignoredHeaders: string[];
  /** Problems with the header itself (a column given twice). */
  headerProblems: string[];
  headerRow: number;
  rows: SheetRow[];
}

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const BOM = [0xef, 0xbb, 0xbf];

export function detectFormat(bytes: Uint8Array): FileFormat {
  if (startsWith(bytes, ZIP)) return 'xlsx';
  if (startsWith(bytes, OLE)) {
    throw new ImportFileError('unsupported_type', '这是旧版 Excel（.xls）文件，无法直接导入。请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再上传');
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw new ImportFileError('unsupported_type', '这是 PDF 文件，无法导入。请上传 .xlsx 或 CSV 格式的名单');
  // Text has no NUL bytes (UTF-16 would, and is not supported).
  if (bytes.subarray(0, 4096).includes(0)) {
    throw new ImportFileError('unsupported_type', '无法识别这个文件的格式。请上传 .xlsx 或 CSV（UTF-8 或 GBK 编码）格式的名单');
  }
  return 'csv';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Valid UTF-8 (BOM or not) as UTF-8; anything else as GB18030 (which covers GBK and GB2312). */
export async function decodeText(bytes: Uint8Array): Promise<{ text: string; encoding: TextEncoding }> {
  const bom = startsWith(bytes, BOM);
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: strictUtf8.decode(body), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    const { default: iconv } = await import('iconv-lite');
    return { text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030'), encoding: 'gb18030' };
  }
}

/**
 * Reads the uploaded file into a sheet, or throws ImportFileError saying why it cannot.
 * `maxRows`: the most data rows accepted (default MAX_IMPORT_ROWS; a background job takes more, functions/import/job.ts).
 */
export async function readSheet(bytes: Uint8Array, options: { maxRows?: number } = {}): Promise<Sheet> {
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  if (bytes.length === 0) throw new ImportFileError('empty', '上传的文件是空的');
  const format = detectFormat(bytes);
  let records: CsvRecord[];
  let encoding: TextEncoding | undefined;
  if (format === 'xlsx') {
    const { readXlsx, UnreadableWorkbook } = await import('./xlsx.ts');
    try {
      records = await readXlsx(bytes);
    } catch (error) {
      if (error instanceof UnreadableWorkbook) {
        throw new ImportFileError('unreadable', '无法读取这个 Excel 文件，它可能已损坏或不是 .xlsx 格式。请在 Excel 或 WPS 中重新“另存为” .xlsx 后再上传');
      }
      throw error;
    }
  } else {
    const decoded = await decodeText(bytes);
    encoding = decoded.encoding;
    records = parseCsv(decoded.text);
  }
  return toSheet(format, encoding, records, maxRows);
}

function toSheet(format: FileFormat, encoding: TextEncoding | undefined, records: CsvRecord[], maxRows: number): Sheet {
  const nonEmpty = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  // The header: the first of the top rows that names the key columns (a title row above it is skipped).
  const header = nonEmpty
    .slice(0, HEADER_SEARCH_ROWS)
    .find((r) => r.cells.some((c) => columnForHeader(c) === 'name' || columnForHeader(c) === 'creditCode'));
  if (!header) {
    throw new ImportFileError(
      'no_header',
      `找不到表头。第一行应为列名，至少包括“${columnByKey.name.header}”和“${columnByKey.creditCode.header}”；请使用导入模板的列名`,
    );
  }
  const positions = new Map<ColumnKey, number>();
  const ignoredHeaders: string[] = [];
  const headerProblems: string[] = [];
  header.cells.forEach((text, index) => {
    if (text.trim() === '') return;
    const key = columnForHeader(text);
    if (!key) return void ignoredHeaders.push(text.trim());
    const earlier = positions.get(key);
    if (earlier !== undefined) {
      headerProblems.push(`“${columnByKey[key].header}”列出现了两次（第${columnLetter(earlier)}列和第${columnLetter(index)}列），无法确定以哪一列为准，请删去一列`);
      return;
    }
    positions.set(key, index);
  });
  const rows = nonEmpty
    .filter((r) => r.row > header.row)
    .map((r) => {
      const cells: Partial<Record<ColumnKey, string>> = {};
      for (const [key, index] of positions) cells[key] = (r.cells[index] ?? '').trim();
      return { row: r.row, cells };
    });
  if (rows.length === 0) throw new ImportFileError('empty', '文件中只有表头，没有机构数据');
  if (rows.length > maxRows) {
    throw new ImportFileError('too_many_rows', `文件有${rows.length}行数据，一次最多导入${maxRows}行。请拆分成几个文件分别导入`);
  }
  return {
    format,
    ...(encoding ? { encoding } : {}),
    columns: [...positions.keys()],
    missingColumns: COLUMNS.filter((c) => c.required && !positions.has(c.key)).map((c) => c.key),
    ignoredHeaders,
    headerProblems,
    headerRow: header.row,
    rows,
  };
}

/** A, B, …, Z, AA, … as spreadsheets name columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * XLSX (Office Open XML) through exceljs: the first worksheet, each cell as
 * the text a person sees (dates as YYYY-MM-DD, formulas as their result,
 * rich text and links as their text), row numbers as the sheet shows them.
 */
import ExcelJS from 'exceljs';
import type { CsvRecord } from './csv.ts';

export class UnreadableWorkbook extends Error {}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  // exceljs reads a date cell as a Date at UTC midnight of that day.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return String(value.text ?? '');
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return '';
  if ('error' in value) return '';
  return '';
}

export async function readXlsx(bytes: Uint8Array): Promise<CsvRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's declared type predates Node's generic Buffer; the bytes are what it wants.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new UnreadableWorkbook((error as Error).message);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const records: CsvRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: string[] = [];
    // row.values is 1-based: index 0 is always empty.
    for (let col = 1; col < values.length; col++) cells.push(cellText(values[col]).trim());
    records.push({ row: rowNumber, cells });
  });
  return records;
}

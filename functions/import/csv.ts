/**
 * CSV as spreadsheets write it (RFC 4180): fields separated by commas (or
 * tabs, when the header line has more tabs than commas), quoted with double
 * quotes when they hold a separator, a quote ("" inside) or a line break.
 * Each record is one spreadsheet row, so record n is row n.
 */
export interface CsvRecord {
  /** The row number a spreadsheet shows (the first record is row 1). */
  row: number;
  cells: string[];
}

function detectDelimiter(text: string): ',' | '\t' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count('\t') > count(',') ? '\t' : ',';
}

export function parseCsv(text: string): CsvRecord[] {
  const delimiter = detectDelimiter(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let row = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    records.push({ row, cells });
    cells = [];
    cell = '';
    row++;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else {
      cell += ch;
    }
    i++;
  }
  // The last record, unless the text ended with a line break.
  if (cell !== '' || cells.length > 0 || quoted) endRecord();
  return records;
}

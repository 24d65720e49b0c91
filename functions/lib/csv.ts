/**
 * CSV for people to open in a spreadsheet: cells quoted when needed and never
 * read as a formula (a leading = + - @, tab or return gets a quote mark
 * first), UTF-8 with a byte-order mark so spreadsheet programs in China
 * read it right.
 */

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvDocument(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

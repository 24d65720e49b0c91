/** Yuan for a person to read: 500000 → "5000元", 499999 → "4999.99元". No imports (the strings module uses it). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}${cents ? `.${String(cents).padStart(2, '0')}` : ''}元`;
}

/**
 * Traditional and variant Chinese characters to simplified ones (繁简转换),
 * for matching only: a parent whose phone keyboard or handwriting input
 * gives 小天鵝, 學 or 藝 is looking for 小天鹅, 学, 艺.
 *
 * Character by character (OpenCC's traditional-to-mainland character table),
 * never by phrase: a phrase table converts a word differently depending on
 * its neighbours, and a query is often a fragment of a name, which must
 * convert exactly as it does inside the whole name.
 *
 * The table is opencc-js's answer for every ideograph, generated once into
 * ./t2cn-table.ts (scripts/t2cn-table.ts; ./simplify.test.ts checks it against
 * opencc-js for every ideograph), so the API, the pages and the publisher
 * carry 21 KB of pairs instead of opencc-js's 104 KB of dictionaries, and
 * nothing is converted at run time.
 */
import { T2CN_PAIRS } from './t2cn-table.ts';

const table = new Map<string, string>();
{
  const chars = [...T2CN_PAIRS];
  for (let i = 0; i + 1 < chars.length; i += 2) table.set(chars[i]!, chars[i + 1]!);
}

/** Only CJK ideographs can change; everything else is kept as it is, cheaply. */
const IDEOGRAPH = /[\u3400-\u9fff\uf900-\ufaff]/;

export function simplifyChinese(text: string): string {
  let out = '';
  for (const ch of text) {
    if (!IDEOGRAPH.test(ch)) {
      out += ch;
      continue;
    }
    // A character converts to one character; one OpenCC leaves alone (or would split) is kept.
    out += table.get(ch) ?? ch;
  }
  return out;
}

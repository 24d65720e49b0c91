/**
 * Traditional and variant Chinese characters to simplified ones (繁简转换),
 * for matching only: a parent whose phone keyboard or handwriting input
 * gives 小天鵝, 學 or 藝 is looking for 小天鹅, 学, 艺.
 *
 * Character by character (OpenCC's traditional-to-mainland character table,
 * through opencc-js), never by phrase: a phrase table converts a word
 * differently depending on its neighbours, and a query is often a fragment
 * of a name, which must convert exactly as it does inside the whole name.
 * Each character's answer is remembered, so the index of 100,000 names
 * converts each distinct character once.
 */
import { Converter } from 'opencc-js/t2cn';

const convert = Converter({ from: 't', to: 'cn' });
const cache = new Map<string, string>();

/** Only CJK ideographs can change; everything else is kept as it is, cheaply. */
const IDEOGRAPH = /[\u3400-\u9fff\uf900-\ufaff]/;

export function simplifyChinese(text: string): string {
  let out = '';
  for (const ch of text) {
    if (!IDEOGRAPH.test(ch)) {
      out += ch;
      continue;
    }
    let simplified = cache.get(ch);
    if (simplified === undefined) {
      simplified = convert(ch);
      // A character converts to one character; anything else (never seen) keeps the original.
      if ([...simplified].length !== 1) simplified = ch;
      cache.set(ch, simplified);
    }
    out += simplified;
  }
  return out;
}

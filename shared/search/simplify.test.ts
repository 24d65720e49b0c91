import { Converter } from 'opencc-js/t2cn';
import { describe, expect, it } from 'vitest';
import { IDEOGRAPH_RANGES } from '../../scripts/t2cn-table.ts';
import { simplifyChinese } from './simplify.ts';

describe('traditional and variant characters, from the generated table', () => {
  it('convert every ideograph exactly as opencc-js does, one character at a time', () => {
    const convert = Converter({ from: 't', to: 'cn' });
    const differing: string[] = [];
    let changed = 0;
    for (const [first, last] of IDEOGRAPH_RANGES) {
      for (let code = first; code <= last; code++) {
        const ch = String.fromCodePoint(code);
        const byOpencc = convert(ch);
        const expected = [...byOpencc].length === 1 ? byOpencc : ch;
        const actual = simplifyChinese(ch);
        if (actual !== ch) changed++;
        if (actual !== expected) differing.push(`${ch} → ${actual}, opencc-js ${expected}`);
      }
    }
    // Run `npx tsx scripts/t2cn-table.ts` after updating opencc-js.
    expect(differing.slice(0, 20)).toEqual([]);
    expect(changed).toBeGreaterThan(3000);
  });

  it('convert a whole name as its characters, including characters outside the basic plane', () => {
    expect(simplifyChinese('小天鵝舞蹈學藝術')).toBe('小天鹅舞蹈学艺术');
    expect(simplifyChinese('㗲')).toBe('𠵾');
    expect(simplifyChinese('𠵾 abc 123')).toBe('𠵾 abc 123');
  });
});

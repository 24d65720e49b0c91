import { describe, expect, it } from 'vitest';
import { formatCaseNumber, mod11_2CheckCharacter, newCaseNumber, parseCaseNumber } from './case-number.ts';

/** The check character of a resident ID number computed the way GB 11643 prints it, as an independent oracle. */
function idCardCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, ch, i) => s + Number(ch) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

describe('ISO 7064 MOD 11-2', () => {
  it('gives the check character of the GB 11643 example ID number', () => {
    expect(mod11_2CheckCharacter('11010519491231002')).toBe('X');
  });

  it('agrees with the ID-card weights on many numbers', () => {
    let n = 12345;
    for (let i = 0; i < 500; i++) {
      n = (n * 1103515245 + 12345) % 2 ** 31;
      const digits = String(n).padStart(10, '0') + String(n * 7).padStart(7, '0').slice(-7);
      expect(mod11_2CheckCharacter(digits), digits).toBe(idCardCheck(digits));
    }
  });
});

describe('formatCaseNumber and newCaseNumber', () => {
  it('groups twelve digits in fours and appends the check character', () => {
    const formatted = formatCaseNumber('261138520917');
    expect(formatted).toMatch(/^2611-3852-0917-[\dX]$/);
    expect(formatted.at(-1)).toBe(mod11_2CheckCharacter('261138520917'));
  });

  it('starts with the year and month of receipt in Beijing', () => {
    expect(newCaseNumber('38520917', '2026-11-05T10:00:00+08:00').slice(0, 14)).toBe('2611-3852-0917');
    expect(newCaseNumber('38520917', '2026-10-31T16:30:00Z').slice(0, 4)).toBe('2611'); // 00:30 on 11-01 in Beijing
    expect(newCaseNumber('00000001', '2025-01-01T00:00:00+08:00').slice(0, 4)).toBe('2501');
  });

  it('rejects the wrong number of digits', () => {
    expect(() => newCaseNumber('1234567', '2026-11-05T10:00:00+08:00')).toThrow(RangeError);
    expect(() => newCaseNumber('1234567a', '2026-11-05T10:00:00+08:00')).toThrow(RangeError);
    expect(() => formatCaseNumber('26113852091')).toThrow(RangeError);
  });
});

describe('parseCaseNumber', () => {
  const sample = formatCaseNumber('261138520917');
  const compact = sample.replace(/-/g, '');
  // A number whose check character is X, found by search so the test does not depend on one guess.
  const withX = (() => {
    for (let i = 0; i < 1000; i++) {
      const digits = `2611${String(i).padStart(8, '0')}`;
      if (mod11_2CheckCharacter(digits) === 'X') return formatCaseNumber(digits);
    }
    throw new Error('no X found');
  })();

  it('accepts the number as printed, and as people type it', () => {
    const fullWidth = sample.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/-/g, '－');
    for (const typed of [sample, compact, ` ${sample.replace(/-/g, ' ')} `, sample.replace(/-/g, '—'), fullWidth, sample.replace(/-/g, '\u3000')]) {
      expect(parseCaseNumber(typed), typed).toBe(sample);
    }
  });

  it('accepts a lower-case or full-width x as the check character', () => {
    expect(withX.endsWith('X')).toBe(true);
    expect(parseCaseNumber(withX.toLowerCase())).toBe(withX);
    expect(parseCaseNumber(withX.replace('X', 'ｘ'))).toBe(withX);
  });

  it('rejects the wrong length, letters and an X anywhere but last', () => {
    for (const bad of ['', compact.slice(0, -1), `${compact}1`, `${compact.slice(0, 5)}A${compact.slice(6)}`, `X${compact.slice(1)}`]) {
      expect(parseCaseNumber(bad), bad).toBeNull();
    }
  });

  it.each([sample, withX])('rejects every single mistyped character of %s', (good) => {
    const chars = [...good.replace(/-/g, '')];
    let tried = 0;
    chars.forEach((original, i) => {
      const alphabet = i === chars.length - 1 ? '0123456789X' : '0123456789';
      for (const ch of alphabet) {
        if (ch === original) continue;
        const typo = [...chars.slice(0, i), ch, ...chars.slice(i + 1)].join('');
        expect(parseCaseNumber(typo), typo).toBeNull();
        tried++;
      }
    });
    expect(tried).toBe(12 * 9 + 10);
  });

  it.each([sample, withX])('rejects every swap of two adjacent characters of %s', (good) => {
    const chars = [...good.replace(/-/g, '')];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (chars[i] === chars[i + 1]) continue;
      const swapped = [...chars];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
      expect(parseCaseNumber(swapped.join('')), swapped.join('')).toBeNull();
    }
  });

  it('rejects every adjacent swap and single typo of many numbers, not just the samples', () => {
    let n = 987654;
    for (let k = 0; k < 200; k++) {
      n = (n * 1103515245 + 12345) % 2 ** 31;
      const chars = [...formatCaseNumber(`2611${String(n % 1e8).padStart(8, '0')}`).replace(/-/g, '')];
      for (let i = 0; i < 12; i++) {
        const typo = [...chars];
        typo[i] = String((Number(chars[i]) + 1 + (n % 9)) % 10);
        expect(parseCaseNumber(typo.join(''))).toBeNull();
        if (chars[i] !== chars[i + 1]) {
          const swapped = [...chars];
          [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
          expect(parseCaseNumber(swapped.join(''))).toBeNull();
        }
      }
    }
  });
});

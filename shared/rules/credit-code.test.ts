import { describe, expect, it } from 'vitest';
import { creditCodeProblem, isValidCreditCode } from './credit-code.ts';

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  // Published codes of real organisations, as printed on their licences.
  it.each(['91350100M000100Y43', '91110000600037341L', '12100000400000624D'])(
    'accepts %s',
    (code) => expect(isValidCreditCode(code)).toBe(true),
  );

  it('rejects a code whose check character is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check');
  });

  it('rejects letters outside the alphabet (I, O, S, V, Z)', () => {
    expect(creditCodeProblem('91350100M000100YO3')).toBe('alphabet');
    expect(creditCodeProblem('9135010OM000100Y43')).toBe('alphabet');
  });

  it('rejects the wrong length', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toBe('length');
    expect(creditCodeProblem('')).toBe('length');
  });

  it('catches any single mistyped character', () => {
    const good = '91350100M000100Y43';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 17; i++) {
      for (const ch of alphabet) {
        if (ch === good[i]) continue;
        const typo = good.slice(0, i) + ch + good.slice(i + 1);
        expect(isValidCreditCode(typo), typo).toBe(false);
      }
    }
  });
});

/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters
 * from a 31-character alphabet (no I, O, S, V, Z); the last is a check
 * character over the first 17, weighted by 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or undefined if any is outside the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check];
}

export type CreditCodeProblem = 'length' | 'alphabet' | 'check';

/** Why a credit code is invalid, or null when it is valid. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  if (![...code].every((ch) => ALPHABET.includes(ch))) return 'alphabet';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check';
}

export const isValidCreditCode = (code: string): boolean => creditCodeProblem(code) === null;

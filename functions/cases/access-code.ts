/**
 * 查询码: the secret a family gets with its case number, shown once on the
 * receipt and stored only as a salted scrypt hash. Eight characters of
 * Crockford's base32 (no I, L, O, U), so 40 random bits, read aloud without
 * ambiguity; typed back, O counts as 0 and I or L as 1, in any case, with or
 * without the dash. 40 bits is too few for a plain hash (a stolen table could
 * be searched), which is why it is a memory-hard, salted one.
 */
import { randomInt } from 'node:crypto';
import { hashPassword, verifyPassword, type ScryptParams } from '../auth/password.ts';
import { readHashingConfig } from '../config.ts';

export const ACCESS_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ACCESS_CODE_LENGTH = 8;
/** N = 2^15 (32 MiB): about a tenth of a second; each guess online is also rate-limited. Tests lower it (functions/config.ts). */
export const ACCESS_CODE_PARAMS: ScryptParams = { ln: readHashingConfig().accessCodeLn, r: 8, p: 1 };

/** A new code, uniformly random: `K7QM4XPD`. */
export function newAccessCode(): string {
  let code = '';
  for (let i = 0; i < ACCESS_CODE_LENGTH; i++) code += ACCESS_CODE_ALPHABET[randomInt(ACCESS_CODE_ALPHABET.length)];
  return code;
}

/** As printed on the receipt: `K7QM-4XPD` (one definition, shared with the hints' examples). */
export { formatAccessCode } from '#shared/rules/receipt-format.ts';

/** A code as typed, in canonical form; null when it cannot be one. */
export function normaliseAccessCode(input: string): string | null {
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.·\u2010-\u2015]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== ACCESS_CODE_LENGTH) return null;
  for (const ch of compact) if (!ACCESS_CODE_ALPHABET.includes(ch)) return null;
  return compact;
}

export function hashAccessCode(code: string): Promise<string> {
  return hashPassword(code, ACCESS_CODE_PARAMS);
}

export function verifyAccessCode(code: string, stored: string): Promise<boolean> {
  return verifyPassword(code, stored);
}

let dummy: Promise<string> | undefined;

/**
 * Spends what a real check spends and answers false: used when the case does
 * not exist, so a wrong number and a wrong code take the same time.
 */
export async function verifyAgainstDummy(code: string): Promise<false> {
  dummy ??= hashAccessCode('00000000');
  await verifyPassword(code, await dummy);
  return false;
}

import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, newTotpSecret, otpauthUri, totpCode, totpStep, verifyTotp } from './totp.ts';

// RFC 6238, appendix B: the SHA-1 key is the ASCII string "12345678901234567890".
const RFC_KEY = Buffer.from('12345678901234567890');
const RFC_SECRET = base32Encode(RFC_KEY);
const vectors: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, SHA-1)', () => {
  it.each(vectors)('at T=%i gives %s (8 digits)', (seconds, code) => {
    expect(totpCode(RFC_SECRET, new Date(seconds * 1000), 8)).toBe(code);
  });

  it.each(vectors)('at T=%i gives the last 6 digits of %s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, new Date(seconds * 1000))).toBe(code.slice(-6));
  });

  it('matches RFC 4226 appendix D for HOTP', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(RFC_KEY, i))).toEqual(expected);
  });

  it('accepts the previous and next step, not two away', () => {
    const at = new Date(1_700_000_000_000);
    const step = totpStep(at);
    const codeAt = (offset: number) => totpCode(RFC_SECRET, new Date(at.getTime() + offset * 30_000));
    expect(verifyTotp(RFC_SECRET, codeAt(0), at)).toBe(step);
    expect(verifyTotp(RFC_SECRET, codeAt(-1), at)).toBe(step - 1);
    expect(verifyTotp(RFC_SECRET, codeAt(1), at)).toBe(step + 1);
    expect(verifyTotp(RFC_SECRET, codeAt(-2), at)).toBeNull();
    expect(verifyTotp(RFC_SECRET, codeAt(2), at)).toBeNull();
  });

  it('refuses a code of a step already used', () => {
    const at = new Date(1_700_000_000_000);
    const code = totpCode(RFC_SECRET, at);
    expect(verifyTotp(RFC_SECRET, code, at, { afterStep: totpStep(at) })).toBeNull();
    expect(verifyTotp(RFC_SECRET, code, at, { afterStep: totpStep(at) - 1 })).toBe(totpStep(at));
  });

  it('refuses anything but six digits', () => {
    expect(verifyTotp(RFC_SECRET, '12345', new Date())).toBeNull();
    expect(verifyTotp(RFC_SECRET, 'abcdef', new Date())).toBeNull();
  });
});

describe('base32 (RFC 4648)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j ↔ %s', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('reads secrets written in lowercase groups with padding', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
  });

  it('makes 160-bit secrets and an otpauth URI for apps', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri(secret, 'city.publisher')).toContain(`secret=${secret}`);
  });
});

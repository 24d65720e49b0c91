import { describe, expect, it } from 'vitest';
import { PRODUCTION_SCRYPT_LN, readHashingConfig } from '../config.ts';
import { CURRENT_PARAMS, dummyHash, hashPassword, needsRehash, parseHash, verifyAgainstDummy, verifyPassword } from './password.ts';

describe('hashing cost', () => {
  it('is N = 2^16 for passwords and 2^15 for access codes unless a test lowers it', () => {
    expect(PRODUCTION_SCRYPT_LN).toEqual({ password: 16, accessCode: 15 });
    expect(readHashingConfig({})).toEqual({ passwordLn: 16, accessCodeLn: 15 });
    expect(readHashingConfig({ SCRYPT_LN_OVERRIDE: '11' })).toEqual({ passwordLn: 11, accessCodeLn: 11 });
  });

  it('can never be lowered in Lambda', () => {
    expect(() => readHashingConfig({ SCRYPT_LN_OVERRIDE: '11', AWS_LAMBDA_FUNCTION_NAME: 'api' })).toThrow(/tests only/);
    expect(readHashingConfig({ SCRYPT_LN_OVERRIDE: '17', AWS_LAMBDA_FUNCTION_NAME: 'api' }).passwordLn).toBe(17);
  });

  it('refuses a value outside 2^10..2^20', () => {
    expect(() => readHashingConfig({ SCRYPT_LN_OVERRIDE: '4' })).toThrow(/SCRYPT_LN_OVERRIDE/);
  });
});

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('encodes its parameters, a random salt and the hash in the stored string', async () => {
    const a = await hashPassword('same password twice');
    const b = await hashPassword('same password twice');
    expect(a).toMatch(new RegExp(`^\\$scrypt\\$ln=${CURRENT_PARAMS.ln},r=8,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$`));
    expect(a).not.toBe(b);
    const parsed = parseHash(a);
    expect(parsed).toMatchObject({ ln: CURRENT_PARAMS.ln, r: 8, p: 1 });
    expect(parsed?.salt).toHaveLength(16);
    expect(parsed?.hash).toHaveLength(32);
  });

  it('still verifies a hash made with older, weaker parameters, and asks for a rehash', async () => {
    const weaker = CURRENT_PARAMS.ln - 1;
    const old = await hashPassword('an older account password', { ln: weaker, r: 8, p: 1 });
    expect(old.startsWith(`$scrypt$ln=${weaker},r=8,p=1$`)).toBe(true);
    expect(await verifyPassword('an older account password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('a current password'))).toBe(false);
  });

  it('treats a full-width password (Chinese input method) as the same password', async () => {
    const stored = await hashPassword('Xinyang2024!abc');
    expect(await verifyPassword('Ｘｉｎｙａｎｇ２０２４！ａｂｃ', stored)).toBe(true);
  });

  it('never matches a malformed or out-of-bounds stored string', async () => {
    expect(await verifyPassword('x', 'plain-text-password')).toBe(false);
    expect(await verifyPassword('x', '$scrypt$ln=30,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });

  it('checks unknown usernames against a hash with the same parameters as real ones', async () => {
    expect(parseHash(await dummyHash())).toMatchObject(CURRENT_PARAMS);
    expect(needsRehash(await dummyHash())).toBe(false);
  });

  it('spends the work of a real check on unknown usernames, and says no', async () => {
    await verifyAgainstDummy('warm-up');
    const stored = await hashPassword('a real password');
    // The quickest of a few checks each: a pause of the machine (another test's burst) lengthens one, never shortens it.
    const quickest = async (check: () => Promise<boolean>) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        expect(await check()).toBe(false);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const dummy = await quickest(() => verifyAgainstDummy('anything at all'));
    const real = await quickest(() => verifyPassword('a wrong password', stored));
    expect(dummy).toBeGreaterThan(real / 3);
  });
});

import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { describe, expect, it } from 'vitest';
import { issueChallenge, verifyPow } from '../abuse/pow.ts';
import { secretsManagerAuthSecrets } from './auth-secret.ts';
import { SecretUnavailableError, type SecretFetcher, type SecretStage } from './source.ts';

const V1 = 'auth-secret-version-one-0000000000000000';
const V2 = 'auth-secret-version-two-1111111111111111';

function fakeSecretsManager(versions: Partial<Record<SecretStage, string>>) {
  const state = { versions, failing: false };
  const fetch: SecretFetcher = async (_id, stage) => {
    if (state.failing) throw Object.assign(new Error('unreachable'), { name: 'InternalServiceError' });
    return state.versions[stage];
  };
  return { state, fetch };
}

describe('auth secret from Secrets Manager', () => {
  it('is unknown until read; unreadable on a cold start is SecretUnavailableError (the app answers 503)', async () => {
    const sm = fakeSecretsManager({ AWSCURRENT: V1 });
    sm.state.failing = true;
    const secrets = secretsManagerAuthSecrets({ secretId: 'auth', fetch: sm.fetch });
    expect(() => secrets.current()).toThrow(SecretUnavailableError);
    await expect(secrets.ready()).rejects.toBeInstanceOf(SecretUnavailableError);
  });

  it('refuses a secret shorter than 32 characters', async () => {
    const secrets = secretsManagerAuthSecrets({ secretId: 'auth', fetch: fakeSecretsManager({ AWSCURRENT: 'short' }).fetch });
    await expect(secrets.ready()).rejects.toBeInstanceOf(SecretUnavailableError);
  });

  it('follows a rotation within the cache time, keeping the previous version', async () => {
    const sm = fakeSecretsManager({ AWSCURRENT: V1 });
    let ms = 0;
    const secrets = secretsManagerAuthSecrets({ secretId: 'auth', fetch: sm.fetch, now: () => ms });
    await secrets.ready();
    expect([secrets.current(), secrets.previous()]).toEqual([V1, undefined]);
    sm.state.versions = { AWSCURRENT: V2, AWSPREVIOUS: V1 };
    ms += 60_000;
    await secrets.ready();
    expect(secrets.current()).toBe(V1);
    ms += 5 * 60_000;
    await secrets.ready();
    expect([secrets.current(), secrets.previous()]).toEqual([V2, V1]);
  });

  it('a proof-of-work challenge signed before a rotation still verifies after it; one signed with another secret does not', async () => {
    const now = new Date('2025-03-03T02:00:00Z');
    const pow = { minCounter: 10, maxCounter: 20, ttlSeconds: 1800 };
    const solve = async (secret: string) => {
      const { expiresInSeconds: _e, ...challenge } = await issueChallenge({ ...pow, secret: secret }, now);
      const solution = await solveChallenge({ challenge, deriveKey });
      return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
    };
    const beforeRotation = await solve(V1);
    expect(await verifyPow(beforeRotation, { ...pow, secret: V2, previousSecret: V1 }, now)).toMatchObject({ ok: true });
    expect(await verifyPow(beforeRotation, { ...pow, secret: V2 }, now)).toMatchObject({ ok: false, reason: 'pow_invalid' });
  });
});

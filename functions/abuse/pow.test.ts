import { afterEach, describe, expect, it, vi } from 'vitest';
import { readPowOverride } from '../config.ts';
import { DEFAULT_POW, powSettings } from './pow.ts';

describe("the forms' proof of work", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('asks for 5,000 to 50,000 hashes unless a test lowers it', () => {
    vi.stubEnv('POW_MAX_COUNTER_OVERRIDE', undefined);
    expect(DEFAULT_POW).toMatchObject({ minCounter: 5_000, maxCounter: 50_000 });
    expect(powSettings({ secret: 's'.repeat(32) })).toMatchObject({ minCounter: 5_000, maxCounter: 50_000 });
    expect(readPowOverride({})).toBeUndefined();
  });

  it('is lowered for the test suite, keeping the same proportions', () => {
    vi.stubEnv('POW_MAX_COUNTER_OVERRIDE', '2000');
    expect(powSettings({ secret: 's'.repeat(32) })).toMatchObject({ minCounter: 200, maxCounter: 2_000, ttlSeconds: DEFAULT_POW.ttlSeconds });
    // A caller's own settings still win (the abuse-control tests set theirs).
    expect(powSettings({ secret: 's'.repeat(32), pow: { minCounter: 10, maxCounter: 20 } })).toMatchObject({ minCounter: 10, maxCounter: 20 });
  });

  it('can never be lowered in Lambda, nor raised past the default', () => {
    expect(() => readPowOverride({ POW_MAX_COUNTER_OVERRIDE: '2000', AWS_LAMBDA_FUNCTION_NAME: 'api' })).toThrow(/tests only/);
    expect(() => readPowOverride({ POW_MAX_COUNTER_OVERRIDE: '60000' })).toThrow(/POW_MAX_COUNTER_OVERRIDE/);
  });
});

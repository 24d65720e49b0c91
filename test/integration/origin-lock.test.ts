/**
 * The origin lock (functions/secrets/origin-lock.ts), on the real app: in AWS
 * the API answers only requests carrying CloudFront's secret header; the
 * secret comes from a fake Secrets Manager here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, MAX_BODY_BYTES } from '../../functions/app.ts';
import { ORIGIN_HEADER, originLock, originSecretSource } from '../../functions/secrets/origin-lock.ts';
import type { SecretFetcher } from '../../functions/secrets/source.ts';
import { createTestStore } from '../support/app.ts';
import { createTestDb } from '../support/db.ts';

const OLD = 'origin-value-0000-old-aaaaaaaaaaaa';
const NEW = 'origin-value-1111-new-bbbbbbbbbbbb';
const ARN = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:shouhu-origin';

/** A Secrets Manager stand-in: what it holds can change, and it can fail. */
function fakeSecretsManager(value: { header: string; accepted?: string[] }) {
  const state = { value: JSON.stringify(value), failing: false, calls: 0 };
  const fetch: SecretFetcher = async (id, stage) => {
    state.calls += 1;
    if (id !== ARN || stage !== 'AWSCURRENT') throw new Error('unexpected secret');
    if (state.failing) throw Object.assign(new Error('unreachable'), { name: 'InternalServiceError' });
    return state.value;
  };
  return { state, fetch };
}

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
});

function appWith(fetch: SecretFetcher, clock = { ms: Date.now() }) {
  const source = originSecretSource({ secretId: ARN, fetch, now: () => clock.ms });
  return createApp({ db, store: createTestStore().store, originLock: originLock(source) });
}

const health = (app: ReturnType<typeof createApp>, header?: string) =>
  app.request('http://localhost/api/health', { headers: header === undefined ? {} : { [ORIGIN_HEADER]: header } });

describe('origin lock', () => {
  it('refuses a request without the header with 403 origin_refused, in Chinese', async () => {
    const app = appWith(fakeSecretsManager({ header: OLD }).fetch);
    const res = await health(app);
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe('origin_refused');
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await health(app, 'origin-value-guessed-cccccccccccc')).status).toBe(403);
  });

  it('lets the right header through to the route', async () => {
    const res = await health(appWith(fakeSecretsManager({ header: OLD }).fetch), OLD);
    expect(res.status).toBe(200);
    expect((await res.json()).database).toBe('reachable');
  });

  it('refuses before anything else runs: an oversized body gets 403, not 413', async () => {
    const app = appWith(fakeSecretsManager({ header: OLD }).fetch);
    const res = await app.request('http://localhost/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost' },
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('origin_refused');
  });

  it('accepts a value listed in `accepted` during a rotation, and sees a rotation without waiting for the cache', async () => {
    const sm = fakeSecretsManager({ header: OLD });
    const clock = { ms: Date.now() };
    const app = appWith(sm.fetch, clock);
    expect((await health(app, OLD)).status).toBe(200);

    // Rotation starts: the new value is accepted, CloudFront switches to it.
    sm.state.value = JSON.stringify({ header: OLD, accepted: [NEW] });
    clock.ms += 61_000; // past the once-a-minute limit on early refreshes, well within the 5-minute cache
    expect((await health(app, NEW)).status).toBe(200);
    expect((await health(app, OLD)).status).toBe(200);

    // Rotation ends: the old value is dropped, and refused once the cache (5 minutes) has expired.
    sm.state.value = JSON.stringify({ header: NEW });
    clock.ms += 5 * 60_000 + 1;
    expect((await health(app, OLD)).status).toBe(403);
    expect((await health(app, NEW)).status).toBe(200);
  });

  it('refreshes early at most once a minute, however many unknown values arrive', async () => {
    const sm = fakeSecretsManager({ header: OLD });
    const clock = { ms: Date.now() };
    const app = appWith(sm.fetch, clock);
    const guesses = async () => {
      for (let i = 0; i < 10; i++) expect((await health(app, `origin-value-guess-${i}-ddddddddddd`)).status).toBe(403);
    };
    await guesses();
    expect(sm.state.calls).toBe(1);
    clock.ms += 61_000;
    await guesses();
    expect(sm.state.calls).toBe(2);
  });

  it('answers 503 with Retry-After, never 500, when the secret cannot be read', async () => {
    const sm = fakeSecretsManager({ header: OLD });
    sm.state.failing = true;
    const res = await health(appWith(sm.fetch), OLD);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await res.json()).error.code).toBe('unavailable');
  });

  it('keeps working on the cached value when Secrets Manager fails later', async () => {
    const sm = fakeSecretsManager({ header: OLD });
    const clock = { ms: Date.now() };
    const app = appWith(sm.fetch, clock);
    expect((await health(app, OLD)).status).toBe(200);
    sm.state.failing = true;
    clock.ms += 6 * 60_000; // the cache has expired
    expect((await health(app, OLD)).status).toBe(200);
  });
});

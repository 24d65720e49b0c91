/**
 * Rate limits see the viewer's address, not CloudFront's, with each
 * partition's CLIENT_IP_SOURCE (docs/deploy.md "Application settings in AWS"):
 * global CloudFront sends `cloudfront-viewer-address`; behind API Gateway REST
 * the viewer is the second X-Forwarded-For entry from the right. Every
 * request arrives from one CloudFront address, as in AWS.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestStore } from '../support/app.ts';
import { createTestDb } from '../support/db.ts';

const CLOUDFRONT = '130.176.1.10';
const VIEWER = '203.0.113.9';
const NEIGHBOUR = '203.0.113.10';

/** The app, freshly imported with CLIENT_IP_SOURCE set (settings are read once, at cold start). */
async function appWithSource(source: string) {
  vi.stubEnv('CLIENT_IP_SOURCE', source);
  vi.resetModules();
  const { createApp } = await import('../../functions/app.ts');
  const { LOGIN_BY_NETWORK, recordFailure } = await import('../../functions/auth/rate-limit.ts');
  const { keyFor } = await import('../../functions/auth/keys.ts');
  const db = await createTestDb();
  const app = createApp({ db, store: createTestStore().store });
  /** 20 failed sign-ins from a network: its limit (functions/auth/rate-limit.ts). */
  const exhaust = async (network: string) => {
    for (let i = 0; i < LOGIN_BY_NETWORK.limit; i++) await recordFailure(db, LOGIN_BY_NETWORK, keyFor('ip', network), new Date());
  };
  const login = (headers: Record<string, string>) =>
    app.request(
      'http://localhost/api/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost', ...headers }, body: JSON.stringify({ username: 'nobody.here', password: 'wrong-password' }) },
      { requestContext: { identity: { sourceIp: CLOUDFRONT } } },
    );
  return { exhaust, login };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each([
  { partition: 'global (cloudfront-viewer-address)', source: 'header:cloudfront-viewer-address', from: (ip: string) => ({ 'cloudfront-viewer-address': `${ip}:50123` }) },
  { partition: 'China (X-Forwarded-For, 2nd from the right)', source: 'xff:2', from: (ip: string) => ({ 'x-forwarded-for': `${ip}, ${CLOUDFRONT}` }) },
])('$partition', ({ source, from }) => {
  it('limits the viewer, and not everyone else behind the same CloudFront address', { timeout: 120_000 }, async () => {
    const { exhaust, login } = await appWithSource(source);
    await exhaust(VIEWER);
    expect((await login(from(VIEWER))).status).toBe(429);
    expect((await login(from(NEIGHBOUR))).status).toBe(401);
  });
});

describe('X-Forwarded-For entries a client writes itself', () => {
  it('are ignored: a limited viewer cannot escape by prepending other addresses', { timeout: 120_000 }, async () => {
    const { exhaust, login } = await appWithSource('xff:2');
    await exhaust(VIEWER);
    expect((await login({ 'x-forwarded-for': `${NEIGHBOUR}, 198.51.100.1, ${VIEWER}, ${CLOUDFRONT}` })).status).toBe(429);
  });

  it('cannot get a neighbour limited either', { timeout: 120_000 }, async () => {
    const { exhaust, login } = await appWithSource('xff:2');
    await exhaust(NEIGHBOUR);
    expect((await login({ 'x-forwarded-for': `${NEIGHBOUR}, ${VIEWER}, ${CLOUDFRONT}` })).status).toBe(401);
  });
});

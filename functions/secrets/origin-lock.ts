/**
 * The origin lock: in AWS the API answers only requests that came through
 * CloudFront, which adds the header `x-shouhu-origin` with a value kept in
 * Secrets Manager (ORIGIN_SECRET_ARN). The secret is JSON
 * `{"header": "<value CloudFront sends>", "accepted": ["<other values>", ...]}`:
 * to rotate without downtime, put the new value in `accepted`, switch
 * CloudFront's header to it, then make it `header` and drop the old one
 * (docs/operations.md).
 *
 * Runs first, before rate limits and before the body is read. A value we do
 * not know triggers one early refresh of the cached secret (at most once a
 * minute), so a rotation is seen without waiting for the cache to expire.
 * Locally (npm start) there is no lock.
 */
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { safeEqual } from '../auth/keys.ts';
import { errorBody } from '../lib/errors.ts';
import { cachedSecret, type CachedSecret, type SecretFetcher } from './source.ts';

export const ORIGIN_HEADER = 'x-shouhu-origin';

/** How long a client is asked to wait when the secret cannot be read. */
const RETRY_AFTER_SECONDS = 30;

const OriginSecret = z.object({
  header: z.string().min(16),
  accepted: z.array(z.string().min(16)).default([]),
});

export type OriginVerdict = 'ok' | 'refused' | 'unavailable';

const matches = (presented: string, values: readonly string[]) =>
  // Every value is compared (no early exit), each in constant time.
  values.map((v) => safeEqual(presented, v)).includes(true);

export function originSecretSource(options: { secretId: string; fetch: SecretFetcher; now?: () => number }): CachedSecret<string[]> {
  return cachedSecret({
    fetch: options.fetch,
    secretId: options.secretId,
    ...(options.now ? { now: options.now } : {}),
    parse: (value) => {
      const secret = OriginSecret.parse(JSON.parse(value ?? 'null'));
      return [secret.header, ...secret.accepted];
    },
  });
}

/** Whether the header's value is one the secret allows; refreshes the secret once on an unknown value. */
export async function checkOrigin(source: CachedSecret<string[]>, presented: string | undefined): Promise<OriginVerdict> {
  try {
    if (!presented) return 'refused';
    if (matches(presented, await source.get())) return 'ok';
    return matches(presented, await source.refreshSoon()) ? 'ok' : 'refused';
  } catch {
    return 'unavailable';
  }
}

export function originLock(source: CachedSecret<string[]>): MiddlewareHandler {
  return async (c, next) => {
    const verdict = await checkOrigin(source, c.req.header(ORIGIN_HEADER));
    if (verdict === 'ok') return next();
    if (verdict === 'unavailable') {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return c.json(errorBody('unavailable'), 503);
    }
    return c.json(errorBody('origin_refused'), 403);
  };
}

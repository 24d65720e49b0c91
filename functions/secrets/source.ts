/**
 * Secrets read at run time (Secrets Manager in AWS), cached, so a rotation
 * takes effect without a new deployment or a cold start:
 *
 * - `get()` answers from the cache while it is younger than `ttlMs`
 *   (5 minutes), then fetches again; when that fetch fails it keeps the value
 *   it has (a brief outage of Secrets Manager changes nothing) and only an
 *   empty cache throws `SecretUnavailableError` (the app answers 503).
 * - `refreshSoon()` fetches again ahead of time, at most once per
 *   `minRefreshMs` (1 minute): for a caller that sees a value it does not
 *   know (a rotated origin header), without letting a stream of bad requests
 *   turn into a stream of Secrets Manager calls.
 *
 * The fetcher is injected: ./aws.ts in Lambda, a fake in tests. Values are
 * never logged; errors name the secret's stage, never its value.
 */

/** Secrets Manager's staging labels: the value in use, and the one before the last rotation. */
export type SecretStage = 'AWSCURRENT' | 'AWSPREVIOUS';

/** Reads one version of a secret; undefined when that stage does not exist (no rotation yet). */
export type SecretFetcher = (secretId: string, stage: SecretStage) => Promise<string | undefined>;

export class SecretUnavailableError extends Error {
  override name = 'SecretUnavailableError';
}

export interface CachedSecretOptions<T> {
  fetch: SecretFetcher;
  secretId: string;
  stage?: SecretStage;
  /** Turns the SecretString into what callers use; throwing here counts as a failed fetch. */
  parse: (value: string | undefined) => T;
  ttlMs?: number;
  minRefreshMs?: number;
  now?: () => number;
}

export interface CachedSecret<T> {
  get(): Promise<T>;
  /** Fetches again unless that was done within `minRefreshMs`; answers the (possibly unchanged) value. */
  refreshSoon(): Promise<T>;
}

export const SECRET_TTL_MS = 5 * 60_000;
export const SECRET_MIN_REFRESH_MS = 60_000;

export function cachedSecret<T>(options: CachedSecretOptions<T>): CachedSecret<T> {
  const ttl = options.ttlMs ?? SECRET_TTL_MS;
  const minRefresh = options.minRefreshMs ?? SECRET_MIN_REFRESH_MS;
  const now = options.now ?? Date.now;
  const stage = options.stage ?? 'AWSCURRENT';
  let cached: { value: T } | undefined;
  let fetchedAt = -Infinity;
  let inFlight: Promise<T> | undefined;

  const load = (): Promise<T> => {
    inFlight ??= (async () => {
      try {
        const value = options.parse(await options.fetch(options.secretId, stage));
        cached = { value };
        return value;
      } catch (error) {
        if (cached) {
          console.warn(JSON.stringify({ level: 'warn', msg: 'secret refresh failed; keeping the cached value', stage, error: (error as Error).name }));
          return cached.value;
        }
        throw new SecretUnavailableError(`The secret (${stage}) could not be read: ${(error as Error).name}`, { cause: error });
      } finally {
        // Failed fetches count too, so an outage is not hammered.
        fetchedAt = now();
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  return {
    get: () => (cached && now() - fetchedAt < ttl ? Promise.resolve(cached.value) : load()),
    refreshSoon: () => (cached && now() - fetchedAt < minRefresh ? Promise.resolve(cached.value) : load()),
  };
}

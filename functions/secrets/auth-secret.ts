/**
 * The auth secret (AUTH_SECRET_ARN) read from Secrets Manager at run time:
 * the current version and the one before the last rotation (AWSPREVIOUS),
 * each cached for 5 minutes (./source.ts).
 *
 * What a rotation does, by use of the secret:
 * - Rate-limit and audit keys (client networks, user names, mobile numbers,
 *   case numbers being tracked): new keys from the moment a function sees
 *   the new version, so counters start again; acceptable, and the audit log
 *   keeps its old keys unlinkable to the new ones.
 * - Proof-of-work challenges (functions/abuse/pow.ts) live 30 minutes and are
 *   verified later: a solution signed with the previous version is accepted.
 * - Idempotency fingerprints (functions/cases/fingerprint.ts) are compared
 *   with a stored one for 24 hours: the previous version is tried too.
 * - Sessions and CSRF tokens are random and stored as SHA-256: untouched.
 * Functions see a rotation within 5 minutes of each other; during that
 * window two instances may key the same client differently.
 */
import { z } from 'zod';
import { cachedSecret, SecretUnavailableError, type SecretFetcher } from './source.ts';

const Current = z.string().min(32, { error: 'the auth secret must be at least 32 characters' });

export interface AuthSecrets {
  /** Reads (or refreshes) the cached versions; rejects with SecretUnavailableError only while nothing was ever read. */
  ready(): Promise<void>;
  /** The version in use; throws SecretUnavailableError before the first `ready()`. */
  current(): string;
  /** The version before the last rotation, for checking what was signed earlier. */
  previous(): string | undefined;
}

/** A fixed secret (AUTH_SECRET, or the development key): nothing to read. */
export function fixedAuthSecrets(secret: string): AuthSecrets {
  return { ready: () => Promise.resolve(), current: () => secret, previous: () => undefined };
}

export function secretsManagerAuthSecrets(options: { secretId: string; fetch: SecretFetcher; now?: () => number }): AuthSecrets {
  const common = { fetch: options.fetch, secretId: options.secretId, ...(options.now ? { now: options.now } : {}) };
  const current = cachedSecret({ ...common, stage: 'AWSCURRENT', parse: (v) => Current.parse(v) });
  const previous = cachedSecret({ ...common, stage: 'AWSPREVIOUS', parse: (v) => (v === undefined ? undefined : Current.parse(v)) });
  let known: { current: string; previous: string | undefined } | undefined;
  return {
    async ready() {
      const [now, before] = await Promise.all([current.get(), previous.get().catch(() => undefined)]);
      known = { current: now, previous: before === now ? undefined : before };
    },
    current() {
      if (!known) throw new SecretUnavailableError('The auth secret has not been read yet');
      return known.current;
    },
    previous: () => known?.previous,
  };
}

import { readAuthConfig, type AuthConfig } from '../config.ts';
import { fixedAuthSecrets, secretsManagerAuthSecrets, type AuthSecrets } from '../secrets/auth-secret.ts';
import type { SecretFetcher } from '../secrets/source.ts';

/**
 * Sign-in settings, read once at cold start (functions/config.ts). In Lambda
 * a missing AUTH_SECRET_ARN stops the function here rather than running on
 * the development key.
 *
 * The secret itself: AUTH_SECRET (locally, in tests) is fixed; with
 * AUTH_SECRET_ARN (AWS) it is read at run time, cached, and follows
 * rotations (functions/secrets/auth-secret.ts says what a rotation resets).
 * The app awaits `authSecretsReady()` before any route runs, so the
 * synchronous `authSettings.secret` is always known inside a request.
 */
const config = readAuthConfig();

let secrets: AuthSecrets = config.secret !== undefined ? fixedAuthSecrets(config.secret) : unconfigured();

function unconfigured(): AuthSecrets {
  const missing = () => {
    throw new Error('AUTH_SECRET_ARN is set but no secret fetcher was given (useAuthSecretFetcher)');
  };
  return { ready: () => Promise.resolve(missing()), current: missing, previous: () => undefined };
}

/** The Lambda entry gives the Secrets Manager fetcher; tests may give a fake one. */
export function useAuthSecretFetcher(fetch: SecretFetcher, secretId: string | undefined = config.secretArn): void {
  if (secretId) secrets = secretsManagerAuthSecrets({ secretId, fetch });
}

/** Resolves the secret (cached; a no-op with AUTH_SECRET). */
export const authSecretsReady = (): Promise<void> => secrets.ready();

export const authSettings = {
  /** The current auth secret. */
  get secret(): string {
    return secrets.current();
  },
  /** The auth secret before the last rotation, if any: for checking what was signed with it. */
  get previousSecret(): string | undefined {
    return secrets.previous();
  },
  devSecret: config.devSecret,
  allowedOrigins: config.allowedOrigins,
  clientIpSource: config.clientIpSource,
  secretArn: config.secretArn,
} satisfies Omit<AuthConfig, 'secret'> & { secret: string; previousSecret: string | undefined };

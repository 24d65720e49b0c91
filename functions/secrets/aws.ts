/**
 * The Secrets Manager fetcher used in AWS. The SDK client is imported on
 * first use, so code paths that never read a secret (and cold starts that do
 * not need one yet) do not load it.
 */
import { firstUse } from '../lib/first-use.ts';
import type { SecretFetcher } from './source.ts';

export function awsSecretFetcher(options: { region: string }): SecretFetcher {
  const client = firstUse(async () => {
    const sdk = await import('@aws-sdk/client-secrets-manager');
    const sm = new sdk.SecretsManagerClient({ region: options.region });
    return {
      send: async (SecretId: string, VersionStage: string) => {
        try {
          return (await sm.send(new sdk.GetSecretValueCommand({ SecretId, VersionStage }))).SecretString;
        } catch (error) {
          // No AWSPREVIOUS before the first rotation: not an error for the caller.
          if (error instanceof sdk.ResourceNotFoundException && VersionStage !== 'AWSCURRENT') return undefined;
          throw error;
        }
      },
    };
  });
  return async (secretId, stage) => (await client()).send(secretId, stage);
}

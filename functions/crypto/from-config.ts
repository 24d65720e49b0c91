import type { CasesConfig } from '../config.ts';
import type { KeyProvider } from './envelope.ts';
import { createKmsKeyProvider, type KmsApi } from './kms-key-provider.ts';
import { createLocalKeyProvider } from './local-key-provider.ts';

/**
 * The key provider configuration asks for: KMS when CASES_KMS_KEY_ID is set
 * (the entry point passes the client: `new KMS({ region })` from
 * @aws-sdk/client-kms), else the local master key.
 */
export function keyProviderFromConfig(config: CasesConfig, options: { kms?: KmsApi } = {}): KeyProvider {
  if (config.kmsKeyId) {
    if (!options.kms) {
      throw new Error('CASES_KMS_KEY_ID is set but no KMS client was given: pass `new KMS({ region })` from @aws-sdk/client-kms to createApp({ cases: { kms } })');
    }
    return createKmsKeyProvider({ kms: options.kms, keyId: config.kmsKeyId });
  }
  return createLocalKeyProvider({ masterKey: config.masterKey, keyId: config.masterKeyId });
}

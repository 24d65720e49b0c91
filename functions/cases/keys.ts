/**
 * The cases' settings and key provider, apart from the rest of the case services
 * (./services.ts): the app's entry seals staff TOTP secrets with the same keys and must
 * not load the jurisdiction's routing tables to get them.
 */
import { readCasesConfig, type CasesConfig } from '../config.ts';
import type { KeyProvider } from '../crypto/envelope.ts';
import { keyProviderFromConfig } from '../crypto/from-config.ts';
import type { KmsApi } from '../crypto/kms-key-provider.ts';

let config: CasesConfig | undefined;

/** Case settings from the environment, read once. */
export function casesConfig(): CasesConfig {
  config ??= readCasesConfig();
  return config;
}

/** Wraps each case's data key: the one given, else the local master key or KMS, from configuration. */
export function caseKeys(options: { keys?: KeyProvider; kms?: KmsApi } = {}): KeyProvider {
  return options.keys ?? keyProviderFromConfig(casesConfig(), options.kms ? { kms: options.kms } : {});
}

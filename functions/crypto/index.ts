export * from './envelope.ts';
export { createLocalKeyProvider } from './local-key-provider.ts';
export { createKmsKeyProvider, type KmsApi } from './kms-key-provider.ts';
export { keyProviderFromConfig } from './from-config.ts';

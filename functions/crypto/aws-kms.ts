/**
 * The AWS KMS client the case key provider needs (`KmsApi`,
 * functions/crypto/kms-key-provider.ts): `new KMS({ region })` from
 * @aws-sdk/client-kms, which the Lambda runtime provides (it is external in
 * every bundle, infra/constructs/bundling.ts; a devDependency here for types
 * and tests).
 *
 * Loaded on first use, not at cold start: only filing a case and revealing a
 * contact call KMS, and importing an SDK client costs tens of milliseconds
 * that every search would otherwise pay (docs/benchmarks.md). A failed load is
 * tried again on the next call.
 */
import type { KMS } from '@aws-sdk/client-kms';
import { firstUse } from '../lib/first-use.ts';
import type { KmsApi } from './kms-key-provider.ts';

export function createAwsKms(options: { region: string; load?: () => Promise<{ KMS: typeof KMS }> }): KmsApi {
  const load = options.load ?? (() => import('@aws-sdk/client-kms'));
  const kms = firstUse(async () => new (await load()).KMS({ region: options.region }));
  return {
    generateDataKey: async (input) => (await kms()).generateDataKey(input),
    decrypt: async (input) => (await kms()).decrypt(input),
  };
}

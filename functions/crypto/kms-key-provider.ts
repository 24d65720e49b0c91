/**
 * The AWS KMS key provider: GenerateDataKey (AES_256) and Decrypt, with the
 * encryption context (`{ caseNumber }`) bound to every data key, so a wrapped
 * key only unwraps for its own case and every use shows in CloudTrail with
 * the case number. Works the same in the AWS China regions (cn-north-1,
 * cn-northwest-1).
 *
 * Written against the small `KmsApi` interface below rather than importing
 * the SDK: `@aws-sdk/client-kms` is not installed in this repository. Its
 * aggregated client already has this shape, so wiring it is one line:
 *
 *     import { KMS } from '@aws-sdk/client-kms';
 *     createKmsKeyProvider({ kms: new KMS({ region }), keyId: config.kmsKeyId });
 *
 * Wrapped key format: `kms1.<base64url(CiphertextBlob)>` (the blob names its key).
 */
import { DecryptionFailed, type EncryptionContext, type KeyProvider } from './envelope.ts';

/** The two KMS operations used: the shape of `KMS` from @aws-sdk/client-kms. */
export interface KmsApi {
  generateDataKey(input: {
    KeyId: string;
    KeySpec: 'AES_256';
    EncryptionContext: Record<string, string>;
  }): Promise<{ Plaintext?: Uint8Array | undefined; CiphertextBlob?: Uint8Array | undefined }>;
  decrypt(input: {
    CiphertextBlob: Uint8Array;
    KeyId?: string;
    EncryptionContext: Record<string, string>;
  }): Promise<{ Plaintext?: Uint8Array | undefined }>;
}

const PREFIX = 'kms1.';

export function createKmsKeyProvider(options: { kms: KmsApi; keyId: string }): KeyProvider {
  const { kms, keyId } = options;
  return {
    id: `kms:${keyId}`,
    async generateDataKey(context: EncryptionContext) {
      const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } });
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS GenerateDataKey returned no key');
      return { plaintext: Buffer.from(out.Plaintext), wrapped: PREFIX + Buffer.from(out.CiphertextBlob).toString('base64url') };
    },
    async decryptDataKey(wrapped: string, context: EncryptionContext) {
      if (!wrapped.startsWith(PREFIX)) throw new DecryptionFailed('not wrapped by KMS');
      // KeyId pins the key: a blob made under another key is refused rather than decrypted.
      const out = await kms.decrypt({ CiphertextBlob: Buffer.from(wrapped.slice(PREFIX.length), 'base64url'), KeyId: keyId, EncryptionContext: { ...context } });
      if (!out.Plaintext) throw new DecryptionFailed('KMS returned no plaintext');
      return Buffer.from(out.Plaintext);
    },
  };
}

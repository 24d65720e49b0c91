/**
 * The local key provider: data keys wrapped with AES-256-GCM under a master
 * key from configuration (CASES_MASTER_KEY), the encryption context as
 * additional authenticated data. For development and tests, and for a
 * deployment without a key service; in AWS use the KMS provider.
 *
 * Wrapped key format: `local1.<keyId>.<base64url(iv ‖ tag ‖ wrapped key)>`.
 */
import { randomBytes } from 'node:crypto';
import { canonicalContext, DecryptionFailed, gcmDecrypt, gcmEncrypt, type EncryptionContext, type KeyProvider } from './envelope.ts';

const PREFIX = 'local1.';

export function createLocalKeyProvider(options: { masterKey: Buffer; keyId?: string }): KeyProvider {
  if (options.masterKey.length !== 32) throw new Error('The local master key must be 32 bytes (base64 of 32 random bytes)');
  const master = Buffer.from(options.masterKey);
  const keyId = options.keyId ?? 'default';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(keyId)) throw new Error('The local key id must be 1-40 letters, digits, _ or -');
  const additional = (context: EncryptionContext) => Buffer.from(`shouhu-data-key\u0000${keyId}\u0000${canonicalContext(context)}`, 'utf8');
  return {
    id: `local:${keyId}`,
    async generateDataKey(context) {
      const plaintext = randomBytes(32);
      const wrapped = `${PREFIX}${keyId}.${gcmEncrypt(master, plaintext, additional(context)).toString('base64url')}`;
      return { plaintext, wrapped };
    },
    async decryptDataKey(wrapped, context) {
      if (!wrapped.startsWith(PREFIX)) throw new DecryptionFailed('not wrapped by the local key provider');
      const [id, body] = wrapped.slice(PREFIX.length).split('.');
      if (id !== keyId || !body) throw new DecryptionFailed(`wrapped by another local key (${id ?? '?'})`);
      return gcmDecrypt(master, Buffer.from(body, 'base64url'), additional(context));
    },
  };
}

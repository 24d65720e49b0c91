import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionFailed, newEnvelope, openEnvelope, openFields, sealFields } from './envelope.ts';
import { createKmsKeyProvider, type KmsApi } from './kms-key-provider.ts';
import { createLocalKeyProvider } from './local-key-provider.ts';

const local = createLocalKeyProvider({ masterKey: randomBytes(32), keyId: 'test' });
const context = { caseNumber: '2611-3852-0917-5' };

describe('envelope encryption, field by field', () => {
  it('round-trips fields; every value is ciphertext under a wrapped data key', async () => {
    const sealed = await sealFields(local, context, { contactName: '王女士', contactMobile: '13812345678' });
    expect(JSON.stringify(sealed)).not.toMatch(/王女士|13812345678/);
    expect(sealed.wrappedKey).toMatch(/^local1\.test\./);
    expect(await openFields(local, context, sealed)).toEqual({ contactName: '王女士', contactMobile: '13812345678' });
  });

  it('refuses another case’s context, a field moved to another name, a tampered value and another master key', async () => {
    const sealed = await sealFields(local, context, { contactName: '王女士', contactMobile: '13812345678' });
    await expect(openFields(local, { caseNumber: '2611-3852-0917-6' }, sealed)).rejects.toBeInstanceOf(DecryptionFailed);
    await expect(openFields(local, context, { ...sealed, fields: { contactName: sealed.fields.contactMobile! } })).rejects.toBeInstanceOf(DecryptionFailed);
    const tampered = sealed.fields.contactMobile!.slice(0, -2) + (sealed.fields.contactMobile!.endsWith('A') ? 'BB' : 'AA');
    await expect(openFields(local, context, { ...sealed, fields: { contactMobile: tampered } })).rejects.toBeInstanceOf(DecryptionFailed);
    const other = createLocalKeyProvider({ masterKey: randomBytes(32), keyId: 'test' });
    await expect(openFields(other, context, sealed)).rejects.toBeInstanceOf(DecryptionFailed);
  });

  it('uses a fresh IV per field, so equal values do not look equal', async () => {
    const env = await newEnvelope(local, context);
    expect(env.seal('a', 'same')).not.toBe(env.seal('a', 'same'));
    env.dispose();
  });

  it('zeroes the data key on dispose', async () => {
    const generated = await local.generateDataKey(context);
    const key = generated.plaintext;
    const env = await openEnvelope({ ...local, decryptDataKey: async () => key }, context, generated.wrapped);
    env.dispose();
    expect(key.every((b) => b === 0)).toBe(true);
  });
});

describe('the KMS key provider', () => {
  /** A stand-in for KMS that enforces what KMS enforces: the context and the key. */
  function fakeKms(): KmsApi & { calls: string[] } {
    const master = createLocalKeyProvider({ masterKey: randomBytes(32), keyId: 'kms' });
    const calls: string[] = [];
    return {
      calls,
      async generateDataKey(input) {
        calls.push(`GenerateDataKey ${input.KeyId} ${input.KeySpec} ${JSON.stringify(input.EncryptionContext)}`);
        const { plaintext, wrapped } = await master.generateDataKey({ ...input.EncryptionContext, keyId: input.KeyId });
        return { Plaintext: plaintext, CiphertextBlob: Buffer.from(wrapped) };
      },
      async decrypt(input) {
        calls.push(`Decrypt ${input.KeyId} ${JSON.stringify(input.EncryptionContext)}`);
        return { Plaintext: await master.decryptDataKey(Buffer.from(input.CiphertextBlob).toString(), { ...input.EncryptionContext, keyId: input.KeyId ?? '' }) };
      },
    };
  }

  it('asks KMS for an AES-256 data key with the case number as encryption context, and decrypts with it', async () => {
    const kms = fakeKms();
    const provider = createKmsKeyProvider({ kms, keyId: 'alias/shouhu-cases' });
    const sealed = await sealFields(provider, context, { contactMobile: '13812345678' });
    expect(sealed.wrappedKey).toMatch(/^kms1\./);
    expect(await openFields(provider, context, sealed)).toEqual({ contactMobile: '13812345678' });
    expect(kms.calls).toEqual([
      'GenerateDataKey alias/shouhu-cases AES_256 {"caseNumber":"2611-3852-0917-5"}',
      'Decrypt alias/shouhu-cases {"caseNumber":"2611-3852-0917-5"}',
    ]);
    await expect(openFields(provider, { caseNumber: 'other' }, sealed)).rejects.toThrow();
  });

  it('will not open a key wrapped by the local provider, nor the other way round', async () => {
    const provider = createKmsKeyProvider({ kms: fakeKms(), keyId: 'alias/x' });
    const byLocal = await sealFields(local, context, { a: 'b' });
    await expect(openFields(provider, context, byLocal)).rejects.toBeInstanceOf(DecryptionFailed);
    const byKms = await sealFields(provider, context, { a: 'b' });
    await expect(openFields(local, context, byKms)).rejects.toBeInstanceOf(DecryptionFailed);
  });
});

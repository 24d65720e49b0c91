/**
 * Envelope encryption for personal data, field by field.
 *
 * Each case gets its own random 256-bit data key. Every field is encrypted
 * with it (AES-256-GCM, a fresh 96-bit IV per field), with the encryption
 * context (the case number) and the field's name as additional authenticated
 * data: a ciphertext moved to another case or another field fails to decrypt.
 * The data key itself is stored only wrapped by a key provider (a local
 * master key in development, AWS KMS in AWS: functions/crypto/*-key-provider.ts),
 * which binds it to the same encryption context.
 *
 * Formats (all stored as strings):
 * - a field: `f1.<base64url(iv ‖ tag ‖ ciphertext)>`
 * - a wrapped key: whatever the provider writes, prefixed with its scheme
 *   (`local1.` or `kms1.`), so an item says which provider can open it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What binds a key and its fields to one record: `{ caseNumber }` for cases. */
export type EncryptionContext = Readonly<Record<string, string>>;

export interface DataKey {
  /** 32 bytes; zeroed by `dispose()`. */
  plaintext: Buffer;
  /** The data key wrapped by the provider's master key, bound to the context. */
  wrapped: string;
}

/** Makes and unwraps data keys. One implementation per key service; no plaintext master key ever leaves it. */
export interface KeyProvider {
  /** For the record: which provider and master key (never secret). */
  readonly id: string;
  generateDataKey(context: EncryptionContext): Promise<DataKey>;
  decryptDataKey(wrapped: string, context: EncryptionContext): Promise<Buffer>;
}

export class DecryptionFailed extends Error {
  constructor(reason: string) {
    super(`decryption failed: ${reason}`);
  }
}

const FIELD_PREFIX = 'f1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The context as bytes, keys sorted, so the same context always authenticates the same way. */
export function canonicalContext(context: EncryptionContext): string {
  return JSON.stringify(Object.keys(context).sort().map((k) => [k, context[k]]));
}

function aad(context: EncryptionContext, field: string): Buffer {
  return Buffer.from(`${canonicalContext(context)}\u0000${field}`, 'utf8');
}

/** AES-256-GCM of `plaintext` under `key`, authenticated with `additional`: iv ‖ tag ‖ ciphertext. */
export function gcmEncrypt(key: Buffer, plaintext: Buffer, additional: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additional);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function gcmDecrypt(key: Buffer, sealed: Buffer, additional: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new DecryptionFailed('too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(additional);
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionFailed('authentication failed');
  }
}

/** An open envelope: seals fields under one data key. Call `dispose()` when done. */
export interface SealingEnvelope {
  readonly wrappedKey: string;
  seal(field: string, plaintext: string): string;
  dispose(): void;
}

export interface OpeningEnvelope {
  open(field: string, sealed: string): string;
  dispose(): void;
}

function envelope(key: Buffer, context: EncryptionContext) {
  return {
    seal(field: string, plaintext: string): string {
      return FIELD_PREFIX + gcmEncrypt(key, Buffer.from(plaintext, 'utf8'), aad(context, field)).toString('base64url');
    },
    open(field: string, sealed: string): string {
      if (!sealed.startsWith(FIELD_PREFIX)) throw new DecryptionFailed('unknown field format');
      return gcmDecrypt(key, Buffer.from(sealed.slice(FIELD_PREFIX.length), 'base64url'), aad(context, field)).toString('utf8');
    },
    dispose(): void {
      key.fill(0);
    },
  };
}

/** A new data key for this context, ready to seal fields. */
export async function newEnvelope(provider: KeyProvider, context: EncryptionContext): Promise<SealingEnvelope> {
  const { plaintext, wrapped } = await provider.generateDataKey(context);
  const { seal, dispose } = envelope(plaintext, context);
  return { wrappedKey: wrapped, seal, dispose };
}

/** Unwraps a stored data key (checking the context) to open its fields. */
export async function openEnvelope(provider: KeyProvider, context: EncryptionContext, wrappedKey: string): Promise<OpeningEnvelope> {
  const key = await provider.decryptDataKey(wrappedKey, context);
  const { open, dispose } = envelope(key, context);
  return { open, dispose };
}

/** Seals a set of fields under a new data key: `{ wrappedKey, fields }`, every value ciphertext. */
export async function sealFields(
  provider: KeyProvider,
  context: EncryptionContext,
  fields: Readonly<Record<string, string>>,
): Promise<{ wrappedKey: string; fields: Record<string, string> }> {
  const env = await newEnvelope(provider, context);
  try {
    return { wrappedKey: env.wrappedKey, fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, env.seal(k, v)])) };
  } finally {
    env.dispose();
  }
}

export async function openFields(
  provider: KeyProvider,
  context: EncryptionContext,
  sealed: { wrappedKey: string; fields: Readonly<Record<string, string>> },
): Promise<Record<string, string>> {
  const env = await openEnvelope(provider, context, sealed.wrappedKey);
  try {
    return Object.fromEntries(Object.entries(sealed.fields).map(([k, v]) => [k, env.open(k, v)]));
  } finally {
    env.dispose();
  }
}

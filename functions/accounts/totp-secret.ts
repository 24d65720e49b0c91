/**
 * TOTP secrets at rest: sealed with the service's key provider (a local
 * master key in development, AWS KMS in AWS), exactly as cases' personal
 * data is, under the encryption context `{ staff: <username> }` and the
 * field name `totp`, so a sealed secret copied to another account fails to open.
 *
 * Migration: accounts stored before this kept `totpSecret` in plain text.
 * `openTotpSecret` still reads it, and the sign-in replaces it with a sealed
 * copy (functions/auth/sign-in.ts), so plain secrets disappear as members sign in.
 */
import { openFields, sealFields, type KeyProvider } from '../crypto/envelope.ts';
import type { SealedSecret, StaffRecord } from '../data/staff.ts';

const FIELD = 'totp';
/** The encryption context of a member's TOTP secret; the API's KMS grant allows exactly its key (infra/constructs/cases.ts). */
export const totpContext = (username: string) => ({ staff: username });
const context = totpContext;

export async function sealTotpSecret(keys: KeyProvider, username: string, secret: string): Promise<SealedSecret> {
  const { wrappedKey, fields } = await sealFields(keys, context(username), { [FIELD]: secret });
  return { wrappedKey, sealed: fields[FIELD]! };
}

/** The account's TOTP secret in base32, or undefined when it has none. */
export async function openTotpSecret(keys: KeyProvider, username: string, record: Pick<StaffRecord, 'totpSealed' | 'totpSecret'>): Promise<string | undefined> {
  if (record.totpSealed) {
    const fields = await openFields(keys, context(username), { wrappedKey: record.totpSealed.wrappedKey, fields: { [FIELD]: record.totpSealed.sealed } });
    return fields[FIELD];
  }
  return record.totpSecret;
}

/**
 * 查询码: the secret a family gets with its case number, shown once on the
 * receipt and stored only as a keyed hash. Eight characters of Crockford's
 * base32 (no I, L, O, U), so 40 random bits, read aloud without ambiguity;
 * typed back, O counts as 0 and I or L as 1, in any case, with or without
 * the dash.
 *
 * Stored as HMAC-SHA-256 under a server-side key (a pepper derived from the
 * auth secret, AUTH_SECRET or AUTH_SECRET_ARN, functions/config.ts), with a
 * random salt per case: `$hmac-sha256$k=<key id>$<salt>$<mac>`. Why a fast
 * keyed hash is enough, where a password needs a slow one:
 *
 * - The code is drawn uniformly at random by the server (40 bits), never
 *   chosen by a person, so there is no dictionary to try first: a guess is a
 *   guess among 2^40 ≈ 1.1e12.
 * - Online, guessing is capped by the per-network and per-case limits
 *   (functions/cases/tracking.ts): at most ~2e6 tries a day on one case even
 *   from 100,000 networks, a chance under 2e-6 a day. The hash's speed does
 *   not enter: the limits, not the CPU, bound online guessing.
 * - Offline, a stolen table alone is useless: testing a candidate code
 *   needs the key, and the key is not in the table (it lives in Secrets
 *   Manager, read by the function at run time). Only a theft of the table
 *   AND the key makes it a search: 2^40 HMACs per case (salted), minutes on
 *   a GPU, where scrypt at N=2^15 made it thousands of CPU-years. That margin
 *   against a double theft cost filing its throughput (CPU-bound at about 9
 *   cases a second per core, issue 15); against it, the key's secrecy is
 *   what protects the codes, and a suspected key theft is answered by
 *   rotating it (below).
 * - The salt keeps two cases with the same code from having the same hash.
 *
 * Codes stored before (a salted scrypt hash, `$scrypt$…`) still verify, at
 * their old cost. Checking a code compares in constant time; an unknown case
 * number is checked against a dummy hash of today's kind, so a wrong number
 * and a wrong code take the same time (for cases stored as scrypt the check
 * is slower, which tells only that the case is older than the change).
 *
 * Key rotation: the key id says which auth secret a hash was made with; the
 * current and the previous secret (AWSPREVIOUS) are tried, like the
 * idempotency fingerprints. A code hashed under an older secret no longer
 * verifies: after a second rotation the family gets a new code through the
 * recovery by mobile (functions/cases/recovery.ts). The auth secret is
 * rotated only by hand (infra/constructs/api.ts, docs/deploy.md).
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { verifyPassword, type ScryptParams } from '../auth/password.ts';
import { readHashingConfig } from '../config.ts';

export const ACCESS_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ACCESS_CODE_LENGTH = 8;
/** The scrypt parameters of codes stored before the keyed hash (N = 2^15, 32 MiB; tests lower it, functions/config.ts): they still verify. */
export const ACCESS_CODE_PARAMS: ScryptParams = { ln: readHashingConfig().accessCodeLn, r: 8, p: 1 };

/** A new code, uniformly random: `K7QM4XPD`. */
export function newAccessCode(): string {
  let code = '';
  for (let i = 0; i < ACCESS_CODE_LENGTH; i++) code += ACCESS_CODE_ALPHABET[randomInt(ACCESS_CODE_ALPHABET.length)];
  return code;
}

/** As printed on the receipt: `K7QM-4XPD` (one definition, shared with the hints' examples). */
export { formatAccessCode } from '#shared/rules/receipt-format.ts';

/** A code as typed, in canonical form; null when it cannot be one. */
export function normaliseAccessCode(input: string): string | null {
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.·\u2010-\u2015]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== ACCESS_CODE_LENGTH) return null;
  for (const ch of compact) if (!ACCESS_CODE_ALPHABET.includes(ch)) return null;
  return compact;
}

/** The auth secrets a stored hash may have been made with: the current one, and the one before the last rotation. */
export interface AccessCodeKeys {
  secret: string;
  previousSecret?: string | undefined;
}

const PREFIX = '$hmac-sha256$';
const SALT_BYTES = 16;
const STORED = /^\$hmac-sha256\$k=([0-9a-f]{16})\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

interface Pepper {
  key: Buffer;
  id: string;
}

const peppers = new Map<string, Pepper>();

/** The access codes' own key, derived from the auth secret (different purposes never share keys), and its id. */
function pepperOf(secret: string): Pepper {
  let pepper = peppers.get(secret);
  if (!pepper) {
    const key = createHmac('sha256', secret).update('access-code-pepper\u0000v1').digest();
    pepper = { key, id: createHmac('sha256', key).update('key-id').digest('hex').slice(0, 16) };
    if (peppers.size > 4) peppers.clear();
    peppers.set(secret, pepper);
  }
  return pepper;
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

function mac(pepper: Pepper, salt: Buffer, code: string): Buffer {
  return createHmac('sha256', pepper.key).update(salt).update(code).digest();
}

/** The stored form of a new code: salted HMAC-SHA-256 under the current key. */
export async function hashAccessCode(code: string, secret: string): Promise<string> {
  const pepper = pepperOf(secret);
  const salt = randomBytes(SALT_BYTES);
  return `${PREFIX}k=${pepper.id}$${b64(salt)}$${b64(mac(pepper, salt, code))}`;
}

/** Does the code match the stored hash (either kind)? Constant-time; a malformed hash or an unknown key never matches. */
export async function verifyAccessCode(code: string, stored: string, keys: AccessCodeKeys): Promise<boolean> {
  if (stored.startsWith('$scrypt$')) return verifyPassword(code, stored);
  const m = STORED.exec(stored);
  if (!m) return false;
  const pepper = [keys.secret, keys.previousSecret].filter((s): s is string => s !== undefined).map(pepperOf).find((p) => p.id === m[1]);
  const expected = Buffer.from(m[3]!, 'base64');
  const candidate = mac(pepper ?? pepperOf(keys.secret), Buffer.from(m[2]!, 'base64'), code);
  return timingSafeEqual(candidate, expected) && pepper !== undefined;
}

/**
 * Spends what a real check spends and answers false: used when the case does
 * not exist, so a wrong number and a wrong code take the same time.
 */
export async function verifyAgainstDummy(code: string, keys: AccessCodeKeys): Promise<false> {
  await verifyAccessCode(code, await hashAccessCode('00000000', keys.secret), keys);
  return false;
}

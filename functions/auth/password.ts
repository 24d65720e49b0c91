/**
 * Password hashing with scrypt (memory-hard), from node:crypto.
 *
 * Stored as a PHC-style string, `$scrypt$ln=16,r=8,p=1$<salt>$<hash>` (salt
 * and hash in unpadded base64), so the cost can be raised later: a hash
 * made with weaker parameters still verifies, and `needsRehash` tells the
 * sign-in to store a stronger one.
 *
 * N = 2^16 (64 MiB, about 0.2 s on one core) is above the N = 2^15 floor and
 * well inside a Lambda function of 512 MB or more. The cost comes from
 * functions/config.ts (readHashingConfig): the test suite lowers it, Lambda
 * never runs below it.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readHashingConfig } from '../config.ts';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

export const CURRENT_PARAMS: ScryptParams = { ln: readHashingConfig().passwordLn, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Bounds on what a stored string may ask for, so a corrupt item cannot make a sign-in run for minutes. */
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;

const PHC = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function scryptAsync(password: string, salt: Buffer, length: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r * params.p };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * One form per password: NFKC, as NIST SP 800-63B suggests, so a password
 * typed with a Chinese input method in full-width mode (ＡＢＣ１２３) is the
 * same password as in half-width mode.
 */
function normalise(password: string): string {
  return password.normalize('NFKC');
}

export function parseHash(stored: string): (ScryptParams & { salt: Buffer; hash: Buffer }) | null {
  const m = PHC.exec(stored);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  for (const key of ['ln', 'r', 'p'] as const) {
    const [min, max] = LIMITS[key];
    if (params[key] < min || params[key] > max) return null;
  }
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  if (salt.length < 16 || hash.length < 16) return null;
  return { ...params, salt, hash };
}

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await scryptAsync(normalise(password), salt, KEY_LENGTH, params);
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

/** Does the password match the stored hash? Compared in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = await scryptAsync(normalise(password), parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}

/** Was this hash made with weaker parameters than today's? */
export function needsRehash(stored: string, params: ScryptParams = CURRENT_PARAMS): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return parsed.ln < params.ln || parsed.r < params.r || parsed.p < params.p || parsed.hash.length < KEY_LENGTH;
}

let dummy: Promise<string> | undefined;

/** The hash unknown usernames are checked against: made once, with today's parameters. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-password: timing equaliser for unknown usernames');
  return dummy;
}

/**
 * Spends the same time as a real verification and answers false: used when
 * the username matches no account, so a wrong name and a wrong password
 * cannot be told apart by how long the answer takes.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, await dummyHash());
  return false;
}

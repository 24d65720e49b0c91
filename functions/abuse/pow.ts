/**
 * A self-hosted proof of work (ALTCHA's format, altcha-lib v2, SHA-256): no
 * third party, so it works in mainland China, where Google reCAPTCHA does
 * not. The server picks a random counter, derives its key and publishes the
 * key's first half (`keyPrefix`); the browser finds the counter by trying
 * them in turn (site/src/scripts/pow.ts, crypto.subtle), a second or two on
 * a phone, while the family types. Checking a solution costs one HMAC.
 *
 * The challenge is signed with a key derived from the server secret; its
 * expiry is in the signed `data.exp` (checked against the app's clock, not
 * altcha-lib's own `expiresAt`, so tests can move time). Whether a solution
 * was used before is remembered in the table (functions/data/pow.ts).
 */
import { randomInt } from 'node:crypto';
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { PowSolution, type PowChallenge } from '#shared/schemas/cases.ts';
import { keyFor } from '../auth/keys.ts';
import { authSettings } from '../auth/settings.ts';
import { readPowOverride } from '../config.ts';

export interface PowSettings {
  /** The server secret (AUTH_SECRET); the signing keys are derived from it, one per purpose. */
  secret: string;
  /** The secret before its last rotation: challenges it signed (30 minutes' worth) still verify. */
  previousSecret?: string | undefined;
  /** The secret counter is drawn from [minCounter, maxCounter]: the work is on average their mean, in SHA-256s. */
  minCounter: number;
  maxCounter: number;
  /** How long a challenge may be used: long enough to fill in a form, short enough to be remembered cheaply. */
  ttlSeconds: number;
}

/**
 * 5,000 to 50,000 hashes: about 0.1 to 1 s in a desktop browser and up to a
 * few seconds on a slow phone, done in the background while the form is
 * filled in. Thirty minutes to use it; the page asks for a fresh one when
 * the family took longer.
 */
export const DEFAULT_POW: Omit<PowSettings, 'secret'> = { minCounter: 5_000, maxCounter: 50_000, ttlSeconds: 30 * 60 };

/** The challenge as GET /api/challenge answers it: the signed challenge and how long it lasts. */
export type IssuedChallenge = PowChallenge & { expiresInSeconds: number };

const signingKeys = (secret: string) => ({
  hmacSignatureSecret: keyFor('pow-challenge', 'v1', secret),
  hmacKeySignatureSecret: keyFor('pow-key', 'v1', secret),
});

export async function issueChallenge(settings: PowSettings, now: Date): Promise<IssuedChallenge> {
  const exp = Math.floor(now.getTime() / 1000) + settings.ttlSeconds;
  const challenge = await createChallenge({
    algorithm: 'SHA-256',
    cost: 1,
    counter: randomInt(settings.minCounter, settings.maxCounter + 1),
    deriveKey,
    data: { exp },
    ...signingKeys(settings.secret),
  });
  return { ...(challenge as PowChallenge), expiresInSeconds: settings.ttlSeconds };
}

/**
 * Settings with the secret read at each use (in AWS it is fetched at run time
 * and rotates): the given secret, else the auth secret and its previous version.
 */
export function powSettings(options: { secret?: string | undefined; pow?: Partial<Omit<PowSettings, 'secret' | 'previousSecret'>> | undefined }): PowSettings {
  return {
    ...DEFAULT_POW,
    ...readPowOverride(),
    ...options.pow,
    get secret() {
      return options.secret ?? authSettings.secret;
    },
    get previousSecret() {
      return options.secret ? undefined : authSettings.previousSecret;
    },
  };
}

export type PowVerdict =
  | { ok: true; signature: string; expiresAt: number }
  | { ok: false; reason: 'pow_invalid' | 'pow_expired' };

/** The solved challenge as sent: base64 of its JSON (the form field, or the header). */
export function decodePowPayload(payload: string): PowSolution | null {
  if (payload.length > 4096) return null;
  try {
    const parsed = PowSolution.safeParse(JSON.parse(Buffer.from(payload, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Checks a solution: our signature, not expired by the app's clock, the right counter. Does not check reuse. */
export async function verifyPow(payload: string, settings: PowSettings, now: Date): Promise<PowVerdict> {
  const solved = decodePowPayload(payload);
  if (!solved) return { ok: false, reason: 'pow_invalid' };
  const verified = async (secret: string) =>
    (await verifySolution({ challenge: solved.challenge, solution: solved.solution, deriveKey, ...signingKeys(secret) }).catch(() => null))?.verified === true;
  const previous = settings.previousSecret;
  if (!(await verified(settings.secret)) && !(previous && (await verified(previous)))) return { ok: false, reason: 'pow_invalid' };
  // Only now is `data.exp` known to be ours: it is inside the signed parameters.
  const exp = solved.challenge.parameters.data?.exp;
  if (exp === undefined || exp * 1000 <= now.getTime()) return { ok: false, reason: 'pow_expired' };
  return { ok: true, signature: solved.challenge.signature, expiresAt: exp };
}

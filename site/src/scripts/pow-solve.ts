/**
 * The proof of work's algorithm (altcha-lib v2 format, SHA-256): find the
 * counter whose key starts with the challenge's `keyPrefix`. Run in a worker
 * (./pow-worker.ts), never on the page's main thread: even in batches, tens
 * of thousands of hashes at page open were most of the forms' blocking time
 * on a slow phone. A few hundred kilobytes of widget (the `altcha` package,
 * with inline styles our CSP refuses) would do the same; this is the whole
 * algorithm.
 */

export interface Challenge {
  parameters: { algorithm: string; nonce: string; salt: string; cost: number; keyLength: number; keyPrefix: string };
  signature: string;
  expiresInSeconds: number;
}

export interface Solution {
  counter: number;
  derivedKey: string;
}

/** Hashes in flight at once: crypto.subtle answers each asynchronously, so a batch keeps it busy. */
const BATCH = 256;
const MAX_COUNTER = 0xffffffff;

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function deriveKey(salt: Uint8Array, nonce: Uint8Array, counter: number, cost: number, keyLength: number): Promise<Uint8Array> {
  const data = new Uint8Array(salt.length + nonce.length + 4);
  data.set(salt, 0);
  data.set(nonce, salt.length);
  new DataView(data.buffer).setUint32(salt.length + nonce.length, counter);
  let key: Uint8Array<ArrayBuffer> = data;
  for (let i = 0; i < Math.max(1, cost); i++) key = new Uint8Array(await crypto.subtle.digest('SHA-256', key));
  return key.slice(0, keyLength);
}

/** Finds the counter. */
export async function solve(challenge: Pick<Challenge, 'parameters'>): Promise<Solution> {
  const { salt, nonce, cost, keyLength, keyPrefix } = challenge.parameters;
  const saltBytes = fromHex(salt);
  const nonceBytes = fromHex(nonce);
  const prefix = keyPrefix.toLowerCase();
  for (let start = 0; start <= MAX_COUNTER; start += BATCH) {
    const counters = Array.from({ length: BATCH }, (_, i) => start + i);
    const keys = await Promise.all(counters.map((n) => deriveKey(saltBytes, nonceBytes, n, cost, keyLength)));
    for (const [i, key] of keys.entries()) {
      const hex = toHex(key);
      if (hex.startsWith(prefix)) return { counter: counters[i]!, derivedKey: hex };
    }
  }
  throw new Error('no solution');
}

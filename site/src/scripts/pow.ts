/**
 * The proof of work a form does before it is sent, in the browser, without
 * any third party: fetch a challenge (GET /api/challenge, altcha-lib v2
 * format, SHA-256) and find the counter whose key starts with the
 * challenge's `keyPrefix`, hashing with crypto.subtle in small batches so
 * the page stays responsive. A few hundred kilobytes of widget (the `altcha`
 * package, with inline styles our CSP refuses) would do the same; this is
 * the whole algorithm.
 *
 * Started when the form opens, so it is done long before the family has
 * finished typing; a challenge older than its lifetime is replaced at submit.
 */

interface Challenge {
  parameters: { algorithm: string; nonce: string; salt: string; cost: number; keyLength: number; keyPrefix: string };
  signature: string;
  expiresInSeconds: number;
}

const BATCH = 64;
const MAX_COUNTER = 0xffffffff;
/** A solution is replaced when less than this is left of its challenge's life. */
const MARGIN_MS = 90_000;

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

/** Finds the counter; rejects when aborted. */
export async function solve(challenge: Challenge, signal?: AbortSignal): Promise<{ counter: number; derivedKey: string }> {
  const { salt, nonce, cost, keyLength, keyPrefix } = challenge.parameters;
  const saltBytes = fromHex(salt);
  const nonceBytes = fromHex(nonce);
  const prefix = keyPrefix.toLowerCase();
  for (let start = 0; start <= MAX_COUNTER; start += BATCH) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const counters = Array.from({ length: BATCH }, (_, i) => start + i);
    const keys = await Promise.all(counters.map((n) => deriveKey(saltBytes, nonceBytes, n, cost, keyLength)));
    for (const [i, key] of keys.entries()) {
      const hex = toHex(key);
      if (hex.startsWith(prefix)) return { counter: counters[i]!, derivedKey: hex };
    }
  }
  throw new Error('no solution');
}

interface Solved {
  payload: string;
  /** performance.now() after which the solution is too close to expiring. */
  staleAt: number;
}

/** One form's proof of work: started at once, renewed when it gets old or is used up. */
export class ProofOfWork {
  private current: Promise<Solved> | undefined;

  start(): void {
    this.current ??= this.fresh();
    // A failed attempt (offline) is tried again when the form is sent.
    this.current.catch(() => (this.current = undefined));
  }

  /** The solution to send (base64 of its JSON), solving a new challenge if needed. */
  async payload(): Promise<string> {
    this.start();
    let solved = await this.current!;
    if (performance.now() > solved.staleAt) {
      this.current = this.fresh();
      solved = await this.current;
    }
    return solved.payload;
  }

  /** Forgets the solution (used, refused or expired): the next payload() solves a new challenge. */
  renew(): void {
    this.current = undefined;
    this.start();
  }

  private async fresh(): Promise<Solved> {
    const fetchedAt = performance.now();
    const response = await fetch('/api/challenge', { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) throw new Error(`challenge: ${response.status}`);
    const challenge = (await response.json()) as Challenge;
    const solution = await solve(challenge);
    const { expiresInSeconds: _e, ...signed } = challenge;
    return {
      payload: btoa(JSON.stringify({ challenge: signed, solution })),
      staleAt: fetchedAt + challenge.expiresInSeconds * 1000 - MARGIN_MS,
    };
  }
}

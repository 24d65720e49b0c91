/**
 * One form's proof of work, without any third party: fetch a challenge
 * (GET /api/challenge) and have a worker (./pow-worker.ts) find its
 * solution. Started when the family first touches the form, not when the
 * page opens: a parent who only reads the form costs nothing, and the work
 * (5,000 to 50,000 SHA-256s, functions/abuse/pow.ts) is long done before
 * the form is filled in. A challenge older than its lifetime is replaced at
 * submit. Where workers are missing, payload() rejects and the form is
 * posted the ordinary way, as without JavaScript (accepted under the
 * stricter per-network limit).
 */
import type { Challenge, Solution } from './pow-solve.ts';

/** A solution is replaced when less than this is left of its challenge's life. */
const MARGIN_MS = 90_000;

interface Solved {
  payload: string;
  /** performance.now() after which the solution is too close to expiring. */
  staleAt: number;
}

/** Solves one challenge in a worker of its own, ended when it answers. */
function solveInWorker(challenge: Challenge): Promise<Solution> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module', name: 'pow' });
    worker.onmessage = (event: MessageEvent<{ solution?: Solution; error?: string }>) => {
      worker.terminate();
      if (event.data.solution) resolve(event.data.solution);
      else reject(new Error(event.data.error ?? 'no solution'));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`proof-of-work worker: ${event.message}`));
    };
    worker.postMessage(challenge);
  });
}

/** One form's proof of work: started once, renewed when it gets old or is used up. */
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
    const solution = await solveInWorker(challenge);
    const { expiresInSeconds: _e, ...signed } = challenge;
    return {
      payload: btoa(JSON.stringify({ challenge: signed, solution })),
      staleAt: fetchedAt + challenge.expiresInSeconds * 1000 - MARGIN_MS,
    };
  }
}

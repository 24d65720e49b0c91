/**
 * The proof of work's worker: given a challenge, answers its solution (or
 * `{ error }`). A module of its own, loaded from our origin
 * (`new Worker(url, { type: 'module' })`; the CSP's script-src 'self'
 * covers workers), so the hashing never blocks the page.
 */
import { solve, type Challenge } from './pow-solve.ts';

const scope = globalThis as unknown as { postMessage(message: unknown): void; onmessage: ((event: MessageEvent<Challenge>) => void) | null };

scope.onmessage = (event) => {
  solve(event.data).then(
    (solution) => scope.postMessage({ solution }),
    (error: unknown) => scope.postMessage({ error: String(error) }),
  );
};

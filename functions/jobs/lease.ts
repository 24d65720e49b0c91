/**
 * Runs a job under a lease (functions/data/locks.ts): the work runs only if
 * the lease was free, renewed every third of the lease while it runs, and
 * released when it ends, failed or not. A held lease answers `busy` at once.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../data/client.ts';
import { acquireLease, releaseLease, renewLease } from '../data/locks.ts';

export type Leased<T> = { busy: true } | { busy: false; result: T };

export interface LeaseOptions {
  /** How long a run that died keeps others out (default 2 minutes). */
  leaseMs?: number;
  now?: () => number;
}

export async function withLease<T>(db: Db, name: string, work: () => Promise<T>, options: LeaseOptions = {}): Promise<Leased<T>> {
  const leaseMs = options.leaseMs ?? 2 * 60_000;
  const now = options.now ?? Date.now;
  const owner = randomUUID();
  if (!(await acquireLease(db, name, owner, leaseMs, now()))) return { busy: true };
  const renewal = setInterval(() => {
    renewLease(db, name, owner, leaseMs, now()).then(
      (held) => {
        if (!held) console.error(JSON.stringify({ level: 'error', msg: 'lease lost while running', lease: name }));
      },
      (error: unknown) => console.error(JSON.stringify({ level: 'error', msg: 'lease renewal failed', lease: name, name: (error as Error).name })),
    );
  }, leaseMs / 3);
  renewal.unref();
  try {
    return { busy: false, result: await work() };
  } finally {
    clearInterval(renewal);
    await releaseLease(db, name, owner).catch(() => false);
  }
}

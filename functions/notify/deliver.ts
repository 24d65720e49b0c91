/**
 * The claim loop both message senders run (the families' messages,
 * functions/notify/sender.ts; the followers', functions/follow/sender.ts):
 * claim each due message with a lease, find out whom to send it to (or why
 * not: skipped or failed at once), send it through the Notifier, and settle
 * it: sent; on a failure pending again after a backoff, up to `maxAttempts`,
 * then failed; a refusal that cannot succeed (PermanentSendFailure) fails at
 * once. A settle that finds the lease lost counts as contended.
 *
 * Delivery is at least once: the SMS APIs take no idempotency key, so only a
 * crash between the provider's acceptance and the settling sends one twice.
 * Nothing here logs a mobile or a message text: a failure's reason is the
 * error's message, cut to 200 characters.
 */
import { randomUUID } from 'node:crypto';
import type { LeaseOutcome } from '../data/leases.ts';
import { PermanentSendFailure, type Message, type Notifier } from './notifier.ts';

export interface DeliveryPolicy {
  notifier: Notifier;
  now?: () => Date;
  /** How long a claim holds before another sender may take the message (default 2 minutes). */
  leaseMs?: number;
  /** Attempts before a message is marked failed (default 5). */
  maxAttempts?: number;
  /** Wait before attempt n+1 (default 30 s × 4^(n-1): 30 s, 2 min, 8 min, 32 min). */
  backoffMs?: (attempt: number) => number;
}

export interface DeliveryCounts {
  sent: number;
  skipped: number;
  failed: number;
  retrying: number;
  /** Claimed by another sender first, or the lease was lost before settling. */
  contended: number;
}

/** One outbox: how its messages are claimed and settled, and what each says to whom. */
export interface Outbox<M extends { attempts: number }, R> {
  claim(message: M, lease: { leaseId: string; now: Date; leaseMs: number }): Promise<boolean>;
  settle(message: M, leaseId: string, outcome: LeaseOutcome): Promise<boolean>;
  /** Whom to send to (read now, after the claim), or why the message is not sent: skipped, or failed for good. A throw here ends the run; the lease then runs out. */
  recipient(message: M): Promise<R | { skip: string } | { fail: string }>;
  /** The message to send; a throw here counts as a failed attempt. */
  compose(message: M, recipient: R): Promise<Message> | Message;
}

const isReason = (r: unknown): r is { skip: string } | { fail: string } => typeof r === 'object' && r !== null && ('skip' in r || 'fail' in r);

async function deliverOne<M extends { attempts: number }, R>(outbox: Outbox<M, R>, policy: DeliveryPolicy, message: M, counts: DeliveryCounts): Promise<void> {
  const now = policy.now ?? (() => new Date());
  const leaseId = randomUUID();
  if (!(await outbox.claim(message, { leaseId, now: now(), leaseMs: policy.leaseMs ?? 120_000 }))) {
    counts.contended++;
    return;
  }
  const settle = async (outcome: LeaseOutcome, counter: keyof DeliveryCounts) => {
    counts[(await outbox.settle(message, leaseId, outcome)) ? counter : 'contended']++;
  };
  const to = await outbox.recipient(message);
  if (isReason(to)) return 'skip' in to ? settle({ status: 'skipped', at: now(), reason: to.skip }, 'skipped') : settle({ status: 'failed', at: now(), reason: to.fail }, 'failed');
  const attempt = message.attempts + 1;
  try {
    const { providerId } = await policy.notifier.send(await outbox.compose(message, to));
    await settle({ status: 'sent', at: now(), providerId }, 'sent');
  } catch (error) {
    // The error's message only: a provider's text may echo the number, and it is cut short.
    const reason = error instanceof PermanentSendFailure ? error.message : `attempt ${attempt}: ${(error as Error).message ?? 'error'}`.slice(0, 200);
    if (error instanceof PermanentSendFailure || attempt >= (policy.maxAttempts ?? 5)) return settle({ status: 'failed', at: now(), reason }, 'failed');
    const wait = (policy.backoffMs ?? ((n) => 30_000 * 4 ** (n - 1)))(attempt);
    await settle({ status: 'pending', retryAt: new Date(now().getTime() + wait), reason }, 'retrying');
  }
}

/** Delivers `due`, one message at a time (the providers limit the rate anyway), counting each outcome into `counts`. */
export async function deliver<M extends { attempts: number }, R>(outbox: Outbox<M, R>, policy: DeliveryPolicy, due: readonly M[], counts: DeliveryCounts): Promise<void> {
  for (const message of due) await deliverOne(outbox, policy, message, counts);
}

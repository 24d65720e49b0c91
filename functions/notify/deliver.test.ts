import { describe, expect, it } from 'vitest';
import type { LeaseOutcome } from '../data/leases.ts';
import { deliver, type DeliveryCounts, type Outbox } from './deliver.ts';
import { PermanentSendFailure, type Message, type Notifier } from './notifier.ts';

interface Item {
  id: string;
  attempts: number;
  /** What recipient() answers for it. */
  to: string | { skip: string } | { fail: string };
}

const NOW = new Date('2026-11-20T02:00:00.000Z');

/** An outbox in memory: which claims hold, which settles find the lease, and what was settled. */
function memoryOutbox(options: { taken?: string[]; lost?: string[]; composeThrows?: boolean } = {}) {
  const settled = new Map<string, LeaseOutcome>();
  const outbox: Outbox<Item, string> = {
    claim: async (m) => !options.taken?.includes(m.id),
    settle: async (m, _lease, outcome) => {
      if (options.lost?.includes(m.id)) return false;
      settled.set(m.id, outcome);
      return true;
    },
    recipient: async (m) => m.to,
    compose: (m, to) => {
      if (options.composeThrows) throw new Error('kms unavailable');
      return { to, template: 'case_received', params: { caseNumber: m.id, department: 'd', link: 'l' }, messageId: m.id } as Message;
    },
  };
  return { outbox, settled };
}

const notifier = (answer: (m: Message) => Promise<{ providerId: string }>): Notifier & { sent: Message[] } => {
  const sent: Message[] = [];
  return { id: 'memory', sent, send: (m) => (sent.push(m), answer(m)) };
};

const counts = (): DeliveryCounts => ({ sent: 0, skipped: 0, failed: 0, retrying: 0, contended: 0 });

describe('deliver (the claim loop of both message senders)', () => {
  it('sends each claimed message to its recipient and settles it sent; one claimed elsewhere is left alone', async () => {
    const { outbox, settled } = memoryOutbox({ taken: ['b'] });
    const n = notifier(async (m) => ({ providerId: `p-${m.messageId}` }));
    const c = counts();
    await deliver(outbox, { notifier: n, now: () => NOW }, [{ id: 'a', attempts: 0, to: '13800000000' }, { id: 'b', attempts: 0, to: '13900000000' }], c);
    expect(c).toEqual({ sent: 1, skipped: 0, failed: 0, retrying: 0, contended: 1 });
    expect(n.sent.map((m) => m.to)).toEqual(['13800000000']);
    expect(settled.get('a')).toEqual({ status: 'sent', at: NOW, providerId: 'p-a' });
    expect(settled.has('b')).toBe(false);
  });

  it('skips or fails without sending when there is no one to send to', async () => {
    const { outbox, settled } = memoryOutbox();
    const n = notifier(async () => ({ providerId: 'x' }));
    const c = counts();
    await deliver(outbox, { notifier: n, now: () => NOW }, [{ id: 's', attempts: 0, to: { skip: 'no_consent' } }, { id: 'f', attempts: 0, to: { fail: 'unknown_template' } }], c);
    expect(n.sent).toEqual([]);
    expect(settled.get('s')).toEqual({ status: 'skipped', at: NOW, reason: 'no_consent' });
    expect(settled.get('f')).toEqual({ status: 'failed', at: NOW, reason: 'unknown_template' });
    expect(c).toMatchObject({ skipped: 1, failed: 1 });
  });

  it('retries a failed send after the backoff, then fails it at the last attempt; a permanent refusal fails at once', async () => {
    const { outbox, settled } = memoryOutbox();
    const n = notifier(async (m) => {
      throw m.messageId === 'perm' ? new PermanentSendFailure('invalid_number') : new Error('timeout');
    });
    const c = counts();
    const due = [{ id: 'first', attempts: 0, to: '1' }, { id: 'last', attempts: 2, to: '1' }, { id: 'perm', attempts: 0, to: '1' }];
    await deliver(outbox, { notifier: n, now: () => NOW, maxAttempts: 3, backoffMs: (k) => k * 1000 }, due, c);
    expect(settled.get('first')).toEqual({ status: 'pending', retryAt: new Date(NOW.getTime() + 1000), reason: 'attempt 1: timeout' });
    expect(settled.get('last')).toEqual({ status: 'failed', at: NOW, reason: 'attempt 3: timeout' });
    expect(settled.get('perm')).toEqual({ status: 'failed', at: NOW, reason: 'invalid_number' });
    expect(c).toMatchObject({ retrying: 1, failed: 2 });
  });

  it('counts a failure to compose (e.g. the key service) as a failed attempt, and a lease lost before settling as contended', async () => {
    const composing = memoryOutbox({ composeThrows: true });
    const c = counts();
    await deliver(composing.outbox, { notifier: notifier(async () => ({ providerId: 'x' })), now: () => NOW }, [{ id: 'k', attempts: 0, to: '1' }], c);
    expect(composing.settled.get('k')).toMatchObject({ status: 'pending', reason: 'attempt 1: kms unavailable' });
    expect(c.retrying).toBe(1);

    const losing = memoryOutbox({ lost: ['l'] });
    const d = counts();
    await deliver(losing.outbox, { notifier: notifier(async () => ({ providerId: 'x' })), now: () => NOW }, [{ id: 'l', attempts: 0, to: '1' }], d);
    expect(d).toMatchObject({ sent: 0, contended: 1 });
  });
});

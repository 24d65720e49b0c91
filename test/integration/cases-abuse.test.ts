/**
 * The seam for abuse controls: a check that trips refuses an ordinary
 * submission with a clear Chinese message and writes nothing, but a report
 * of harm to a child is never dropped or hidden: it is kept, routed to the
 * police, shown in their queue, and flagged for a person to look at.
 */
import { describe, expect, it } from 'vitest';
import type { AbuseCheck, AbuseCheckInput } from '../../functions/cases/abuse.ts';
import { getCase, listCaseEvents, listQueue } from '../../functions/data/cases.ts';
import { caseItems, createCasesApp, makeComplaint, makeRefundDispute, newKey, postJson } from '../builders/cases.ts';

const clock = new Date('2026-11-20T02:00:00.000Z');

function tripping(seen: AbuseCheckInput[] = []): AbuseCheck {
  return {
    async check(input) {
      seen.push(input);
      return { allow: false, reason: 'rate_ip', status: 429, message: '提交太频繁，请在10分钟后再试', retryAfterSeconds: 600 };
    },
  };
}

describe('abuse checks', () => {
  it('refuses an ordinary submission when a check trips: 429, Retry-After, the check’s message, nothing written', async () => {
    const seen: AbuseCheckInput[] = [];
    const { app, db } = await createCasesApp({ now: () => clock, cases: { abuse: tripping(seen) } });
    const res = await postJson(app, '/api/refund-disputes', { ...makeRefundDispute(), website: 'http://spam.example' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('600');
    expect((await res.json()).error).toEqual({ code: 'rate_limited', message: '提交太频繁，请在10分钟后再试' });
    expect(await caseItems(db)).toEqual([]);
    // What the check is given: keyed hashes, never the number; the raw body (for a honeypot field); the headers.
    expect(seen[0]).toMatchObject({ caseType: 'refund_dispute', clientKey: expect.stringMatching(/^[0-9a-f]{64}$/), mobileKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(seen[0]!.mobileKey).not.toContain('13998765432');
    expect((seen[0]!.rawBody as { website: string }).website).toBe('http://spam.example');
  });

  it('never drops a report of harm to a child: kept, routed to the police, in their queue, flagged', async () => {
    const { app, db } = await createCasesApp({ now: () => clock, cases: { abuse: tripping() } });
    const res = await postJson(app, '/api/complaints', makeComplaint({ kind: 'child_harm', description: '培训班老师对孩子有不当身体接触。' }));
    expect(res.status).toBe(201);
    const receipt = await res.json();
    expect(receipt).toMatchObject({ leadDepartment: { id: 'police-411500' }, priority: 'emergency' });
    const stored = await getCase(db, receipt.caseNumber);
    expect(stored?.record).toMatchObject({ abuseSuspected: true, abuseReasons: ['rate_ip'] });
    expect((await listCaseEvents(db, receipt.caseNumber))[1]).toMatchObject({ type: 'routed', abuseSuspected: true, abuseReasons: ['rate_ip'] });
    const queue = await listQueue(db, { departmentId: 'police-411500' });
    expect(queue.items).toEqual([expect.objectContaining({ caseNumber: receipt.caseNumber, abuseSuspected: true, priority: 'emergency' })]);
  });

  it('keeps a report of harm to a child even when the check itself fails', async () => {
    const broken: AbuseCheck = {
      async check() {
        throw new Error('proof-of-work store unreachable');
      },
    };
    const { app, db } = await createCasesApp({ now: () => clock, cases: { abuse: broken } });
    const res = await postJson(app, '/api/complaints', makeComplaint({ kind: 'child_harm', description: '教练经常打骂孩子，孩子不敢去上课。' }));
    expect(res.status).toBe(201);
    expect((await getCase(db, (await res.json()).caseNumber))?.record.abuseReasons).toEqual(['check_failed']);
    // Anything else fails closed, writing nothing.
    expect((await postJson(app, '/api/complaints', makeComplaint())).status).toBe(500);
  });

  it('does not ask the check again for a repeat of a filed form: the family gets its receipt', async () => {
    let calls = 0;
    let allow = true;
    const flaky: AbuseCheck = {
      async check() {
        calls++;
        return allow ? { allow: true } : { allow: false, reason: 'rate_ip', status: 429, message: '提交太频繁' };
      },
    };
    const { app } = await createCasesApp({ now: () => clock, cases: { abuse: flaky } });
    const key = newKey();
    const first = await postJson(app, '/api/complaints', makeComplaint(), { key });
    allow = false;
    const again = await postJson(app, '/api/complaints', makeComplaint(), { key });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(calls).toBe(1);
  });
});

/**
 * Nothing lost, nothing duplicated: a retry, a double click or a flaky
 * connection never files a second case and always gets the receipt; the same
 * form key with other contents is refused; a case is written whole or not at all.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/app.ts';
import { getIdempotencyRecord } from '../../functions/data/idempotency.ts';
import { riskKeys, RISK_SHARDS } from '../../functions/data/risk.ts';
import { createTestStore } from '../support/app.ts';
import { newCaseNumber } from '../../shared/rules/case-number.ts';
import { caseItems, createCasesApp, deleteRaw, listInstitution, makeComplaint, makeRefundDispute, newKey, partition, postJson, putRaw, scanAll } from '../builders/cases.ts';

const clock = new Date('2026-11-20T02:00:00.000Z');
const now = () => clock;

/** Random digits the test chooses, one after another (then the real thing). */
function digits(...sequence: string[]) {
  const queue = [...sequence];
  return {
    caseDigits: () => queue.shift() ?? String(Math.floor(Math.random() * 1e8)).padStart(8, '0'),
    accessCode: () => 'K7QM4XPD',
  };
}

describe('idempotent submission', () => {
  it('files exactly one case for 10 concurrent submissions of one form, and gives all of them the same receipt', async () => {
    const { app, db } = await createCasesApp({ now });
    const inst = await listInstitution(db, { category: 'sports' });
    const key = newKey();
    const body = makeRefundDispute({ institution: { institutionId: inst.id } });
    const responses = await Promise.all(Array.from({ length: 10 }, () => postJson(app, '/api/refund-disputes', body, { key })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const receipts = await Promise.all(responses.map((r) => r.json()));
    for (const receipt of receipts) expect(receipt).toEqual(receipts[0]);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);

    const items = await scanAll(db);
    expect(items.filter((i) => i.entity === 'case')).toHaveLength(1);
    expect(items.filter((i) => i.entity === 'case_personal_data')).toHaveLength(1);
    expect(items.filter((i) => i.entity === 'idempotency')).toHaveLength(1);
    // Counted once on the institution's risk counters.
    expect(items.find((i) => i.entity === 'risk_counter')).toMatchObject({ openDisputes: 1, amountInDispute: 360_000 });

    // And later, a retry still gets it (with the access code, which is stored only encrypted).
    const again = await postJson(app, '/api/refund-disputes', body, { key });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(receipts[0]);
    expect(JSON.stringify(items)).not.toContain(receipts[0].accessCode.replace('-', ''));
  });

  it('treats the same contents under two keys as two cases (keys are never derived from contents)', async () => {
    const { app, db } = await createCasesApp({ now });
    const body = makeComplaint();
    const [a, b] = await Promise.all([postJson(app, '/api/complaints', body), postJson(app, '/api/complaints', body)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await a.json()).caseNumber).not.toBe((await b.json()).caseNumber);
    expect((await scanAll(db)).filter((i) => i.entity === 'case')).toHaveLength(2);
  });

  it('refuses the same key with different contents (409), filing nothing more', async () => {
    const { app, db } = await createCasesApp({ now });
    const key = newKey();
    expect((await postJson(app, '/api/complaints', makeComplaint(), { key })).status).toBe(201);
    const changed = await postJson(app, '/api/complaints', makeComplaint({ contact: { name: '王女士', mobile: '13812345679' } }), { key });
    expect(changed.status).toBe(409);
    const { error } = await changed.json();
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('已经提交过');
    // Nor under the other endpoint.
    expect((await postJson(app, '/api/refund-disputes', makeRefundDispute(), { key })).status).toBe(409);
    expect((await scanAll(db)).filter((i) => i.entity === 'case')).toHaveLength(1);
  });

  it('needs a key of the right form', async () => {
    const { app, db } = await createCasesApp({ now });
    const missing = await postJson(app, '/api/complaints', makeComplaint(), { key: null });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.fields['idempotency-key']).toContain('表单编号');
    expect((await postJson(app, '/api/complaints', makeComplaint(), { key: 'short' })).status).toBe(400);
    expect(await caseItems(db)).toHaveLength(0);
  });

  it('writes nothing at all when the transaction fails, and a retry of the same form then succeeds', async () => {
    const { app, db } = await createCasesApp({ now, cases: { random: digits('11111111', '11111111') } });
    const inst = await listInstitution(db, { category: 'sports' });
    // A corrupt counter (every shard of it): adding a number to a string fails inside the transaction, after the case's own items.
    const shards = Array.from({ length: RISK_SHARDS }, (_, shard) => riskKeys.shard(inst.id, shard));
    for (const key of shards) await putRaw(db, { ...key, entity: 'risk_counter', openDisputes: 'corrupt' });
    const key = newKey();
    const body = makeRefundDispute({ institution: { institutionId: inst.id } });
    const failed = await postJson(app, '/api/refund-disputes', body, { key });
    expect(failed.status).toBe(500);
    expect((await failed.json()).error.code).toBe('internal');

    const caseNumber = newCaseNumber('11111111', clock.toISOString());
    expect(await partition(db, `CASE#${caseNumber}`)).toEqual([]);
    expect(await getIdempotencyRecord(db, key, clock)).toBeNull();
    expect(await caseItems(db)).toEqual([]);

    for (const key of shards) await deleteRaw(db, key);
    const retried = await postJson(app, '/api/refund-disputes', body, { key });
    expect(retried.status).toBe(201);
    expect((await retried.json()).caseNumber).toBe(caseNumber);
    const items = await partition(db, `CASE#${caseNumber}`);
    expect(items.map((i) => i.sk).sort()).toEqual(['CASE', 'EVT#0001', 'EVT#0002', 'PII', 'QUEUE#education-411500', 'QUEUE#education-411502'].sort());
  });

  it('draws another case number when the drawn one is taken', async () => {
    const { app } = await createCasesApp({ now, cases: { random: digits('22222222', '22222222', '33333333') } });
    const first = await (await postJson(app, '/api/complaints', makeComplaint())).json();
    const second = await (await postJson(app, '/api/complaints', makeComplaint())).json();
    expect(first.caseNumber).toBe(newCaseNumber('22222222', clock.toISOString()));
    expect(second.caseNumber).toBe(newCaseNumber('33333333', clock.toISOString()));
  });
});

describe('idempotency across a rotation of the auth secret', () => {
  const V1 = 'auth-secret-before-rotation-000000000000';
  const V2 = 'auth-secret-after-rotation-1111111111111';

  it('a retry after the secret rotated still gets its receipt (the previous version is tried), and nothing more is filed', async () => {
    const { app: before, db } = await createCasesApp({ now, cases: { secret: V1 } });
    const key = newKey();
    const body = makeComplaint();
    const first = await postJson(before, '/api/complaints', body, { key });
    expect(first.status).toBe(201);
    const receipt = await first.json();

    const after = createApp({ db, store: createTestStore().store, now, cases: { secret: V2, previousSecret: V1 } });
    const retry = await postJson(after, '/api/complaints', body, { key });
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(receipt);
    expect((await scanAll(db)).filter((i) => i.entity === 'case')).toHaveLength(1);

    // Without the previous version, the same retry would look like other contents.
    const forgetful = createApp({ db, store: createTestStore().store, now, cases: { secret: V2 } });
    expect((await postJson(forgetful, '/api/complaints', body, { key })).status).toBe(409);
  });
});

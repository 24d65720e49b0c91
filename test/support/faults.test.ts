/**
 * The fault-injection layer: each fault reaches the app as the SDK would
 * hand over a real one, after the SDK's own retries (one attempt per draw).
 */
import { beforeAll, describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the layer is tested against the SDK's own error classes and retries
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../functions/data/client.ts';
import { createTestDb } from './db.ts';
import { createFaultInjector, type FaultInjector, type FaultRates } from './faults.ts';

let db: Db;
let faults: FaultInjector;

beforeAll(async () => {
  faults = createFaultInjector({ seed: 7 });
  faults.enabled = false;
  db = await createTestDb({ plugins: [faults.plugin] });
});

function only(operation: string, rates: FaultRates) {
  faults.plan = { rates: { [operation]: rates }, delayMs: 150 };
  faults.reset();
  faults.enabled = true;
}

const put = (id: string) => db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: `T#${id}`, sk: 'T' } }));
const get = async (id: string) => (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: `T#${id}`, sk: 'T' }, ConsistentRead: true }))).Item;

describe('fault injection', () => {
  it('throttles every attempt: the SDK retries (3 attempts), then the call fails with a throttling error and writes nothing', async () => {
    only('PutItem', { throttle: 1 });
    const error = await put('a').catch((e: unknown) => e as Error & { $metadata?: { attempts?: number } });
    faults.enabled = false;
    expect(['ProvisionedThroughputExceededException', 'ThrottlingException']).toContain((error as Error).name);
    expect((error as { $metadata: { attempts: number } }).$metadata.attempts).toBe(3);
    expect(faults.stats.injected.throttle).toBe(3);
    expect(await get('a')).toBeUndefined();
  });

  it('a server error on some attempts is retried by the SDK until one goes through', async () => {
    only('PutItem', { serverError: 0.5 });
    for (let i = 0; i < 20; i++) await put(`b${i}`).catch(() => undefined);
    faults.enabled = false;
    expect(faults.stats.injected.serverError).toBeGreaterThan(0);
    // Every call made 1 to 3 attempts; each one that did not end on a fault stored its item.
    expect(faults.stats.attempts).toBeGreaterThan(20);
    const stored = (await Promise.all(Array.from({ length: 20 }, (_, i) => get(`b${i}`)))).filter(Boolean).length;
    expect(stored).toBeGreaterThanOrEqual(20 - faults.stats.injected.serverError / 3);
  });

  it('cancels a transaction with a TransactionConflict reason per item position, never retried by the SDK', async () => {
    only('TransactWriteItems', { txConflict: 1 });
    const items = ['c1', 'c2', 'c3'].map((id) => ({ Put: { TableName: db.tableName, Item: { pk: `T#${id}`, sk: 'T' } } }));
    const error = (await db.doc.send(new TransactWriteCommand({ TransactItems: items })).catch((e: unknown) => e)) as Error & {
      CancellationReasons?: Array<{ Code?: string }>;
    };
    faults.enabled = false;
    expect(error.name).toBe('TransactionCanceledException');
    expect(error.CancellationReasons).toHaveLength(3);
    expect(error.CancellationReasons!.filter((r) => r.Code === 'TransactionConflict')).toHaveLength(1);
    expect(faults.stats.attempts).toBe(1);
    expect(await get('c1')).toBeUndefined();
  });

  it('a conflict is drawn only for transactions: other operations pass', async () => {
    only('*', { txConflict: 1 });
    await put('d');
    faults.enabled = false;
    expect(await get('d')).toBeDefined();
    expect(faults.stats.injected.txConflict).toBe(0);
  });

  it('a dropped connection is retried by the SDK; a response lost after the write leaves the write done', async () => {
    only('PutItem', { drop: 1 });
    const dropped = (await put('e').catch((e: unknown) => e)) as Error & { code?: string };
    faults.enabled = false;
    expect(dropped.code).toBe('ECONNRESET');
    expect(faults.stats.injected.drop).toBe(3);
    expect(await get('e')).toBeUndefined();

    only('PutItem', { lostResponse: 1 });
    const lost = (await put('f').catch((e: unknown) => e)) as Error & { code?: string };
    faults.enabled = false;
    expect(lost.code).toBe('ECONNRESET');
    expect(await get('f')).toBeDefined();
  });

  it('delays an attempt and lets it through', async () => {
    only('PutItem', { delay: 1 });
    const started = performance.now();
    await put('g');
    faults.enabled = false;
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(await get('g')).toBeDefined();
  });

  it('draws the same faults for the same seed', async () => {
    const runs = await Promise.all(
      [11, 11, 12].map(async (seed) => {
        const injector = createFaultInjector({ seed, plan: { rates: { '*': { throttle: 0.3 } } } });
        injector.enabled = false;
        const own = await createTestDb({ plugins: [injector.plugin], maxAttempts: 1 });
        injector.enabled = true;
        const outcomes: boolean[] = [];
        for (let i = 0; i < 30; i++) outcomes.push(await own.doc.send(new PutCommand({ TableName: own.tableName, Item: { pk: `S#${i}`, sk: 'S' } })).then(() => true, () => false));
        return outcomes.join('');
      }),
    );
    expect(runs[0]).toBe(runs[1]);
    expect(runs[0]).not.toBe(runs[2]);
  });
});

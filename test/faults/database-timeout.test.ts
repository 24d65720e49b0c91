/**
 * A database that accepts connections and never answers (a network fault, a
 * stalled process): the client's own time limits (functions/data/client.ts)
 * end each attempt, and the family gets 503 `unavailable` with Retry-After,
 * not a request that hangs until the gateway cuts it. A TCP server on
 * 127.0.0.1 that accepts and stays silent stands for the database.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/app.ts';
import { getCase } from '../../functions/data/cases.ts';
import { createDb } from '../../functions/data/client.ts';
import { storeUnavailable } from '../../functions/data/unavailable.ts';
import { createTestStore } from '../support/app.ts';
import { makeComplaint, postJson } from '../builders/cases.ts';

let server: Server;
const sockets = new Set<Socket>();
let endpoint: string;

beforeAll(async () => {
  server = createServer((socket) => {
    // Accept, read, never answer.
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const silentDb = () => createDb({ tableName: 'silent', region: 'cn-north-1', endpoint, maxAttempts: 2, timeouts: { connectionMs: 500, requestMs: 400 } });

describe('a database that never answers', () => {
  it('times out each attempt, and the error reads as the database unavailable', async () => {
    const started = performance.now();
    const error = await getCase(silentDb(), '2611-0000-0001-X').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(storeUnavailable(error)).toBe('unknown');
    // Two attempts of 400 ms and the SDK's back-off, not a hang (generous for a loaded machine).
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('answers a family filing a complaint 503 with Retry-After', async () => {
    const app = createApp({ db: silentDb(), store: createTestStore().store });
    const res = await postJson(app, '/api/complaints', makeComplaint());
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await res.json()).error.code).toBe('unavailable');
  }, 60_000);
});

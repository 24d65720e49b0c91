import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb, ensureTable } from '../../functions/data/client.ts';
import { addToWindow } from '../../functions/data/rate-limit.ts';
import type { DynamoLocal } from './dynamo-local.ts';
import { superviseDynamoLocal } from './dynamo-supervisor.ts';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start keeps DynamoDB Local running', () => {
  it('restarts it on the same port after it is killed, logs one line, and keeps the data on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shouhu-dynamo-'));
    const lines: string[] = [];
    // The test JVM (scripts/lib/dynamo-local.ts `light`): the same jar, data folder and supervision as `npm start`, two starts cheaper.
    const dynamo = await superviseDynamoLocal({ dbPath: dir, minBackoffMs: 100, log: (line) => lines.push(line), timeoutMs: 90_000, light: true });
    try {
      const db = createDb({ tableName: 'supervised', region: 'local', endpoint: dynamo.endpoint, maxAttempts: 1 });
      await ensureTable(db);
      // A counter written before the crash: counted once more after it, it must say 2.
      const count = () => addToWindow(db, 'kept', 'k', '2026-11-20T00:00:00.000Z', 4_000_000_000);
      expect(await count()).toBe(1);
      const first = dynamo.current().process;
      first.kill('SIGKILL');
      const after = await until('DynamoDB Local to answer again', async () => (dynamo.current().process === first ? undefined : count()), 120_000);
      expect(after).toBe(2);
      expect(dynamo.restarts()).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/DynamoDB Local exited \(SIGKILL\); restart 1 in 100 ms on port \d+, same data folder/);
    } finally {
      await dynamo.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('backs off between restarts and gives up loudly after too many failures in a row', async () => {
    // A stand-in for the Java process that dies as soon as it has started.
    const dying = async (): Promise<DynamoLocal> => {
      const process = new EventEmitter() as ChildProcess;
      setTimeout(() => process.emit('exit', 1, null), 5);
      return { endpoint: 'http://127.0.0.1:1', port: 1, process, stop: async () => undefined };
    };
    const lines: string[] = [];
    const gaveUp = new Promise<string>((resolve) => {
      void superviseDynamoLocal({ port: 1, start: dying, minBackoffMs: 10, maxBackoffMs: 40, maxFailures: 4, log: (line) => lines.push(line), onGiveUp: resolve });
    });
    const reason = await gaveUp;
    expect(reason).toMatch(/5 failures in 60 s, not restarting again/);
    // One line per restart (4), the delays doubling to the cap, then the line giving up.
    expect(lines.slice(0, 4).map((l) => Number(/in (\d+) ms/.exec(l)?.[1]))).toEqual([10, 20, 40, 40]);
    expect(lines).toHaveLength(5);
  });
});

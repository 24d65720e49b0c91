/**
 * Benchmark: hostile input at volume. At least 100,000 requests drawn from
 * the suite's arbitraries (test/support/hostile.ts: mutated schema bodies,
 * raw and malformed bodies, wrong content types, the no-JS forms, GET pages
 * with hostile queries), seeded, against the real app on DynamoDB Local,
 * `CONCURRENCY` at a time, bounded in time (BENCH_HOSTILE_MAX_SECONDS).
 *
 * Budget: no answer ≥ 500, a case stored only for a filing answered 201,
 * the table consistent afterwards, and all payloads sent within the time
 * bound. Results: bench/out/hostile/results.json. Run: `npm run bench -- hostile`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createApp } from '../functions/app.ts';
import { createDb, ensureTable } from '../functions/data/client.ts';
import { createFsStore } from '../functions/storage/fs-store.ts';
import { startDynamoLocal } from '../scripts/lib/dynamo-local.ts';
import { checkTable } from '../test/support/consistency.ts';
import { hostileRequest, sendHostile, type HostileRequest } from '../test/support/hostile.ts';

export const name = 'hostile';

const PAYLOADS = Number(process.env.BENCH_HOSTILE_PAYLOADS ?? 100_000);
const MAX_SECONDS = Number(process.env.BENCH_HOSTILE_MAX_SECONDS ?? 1200);
/** Requests in flight (in-process, `app.request`): enough that the app always has work while some wait on DynamoDB Local. */
const CONCURRENCY = Number(process.env.BENCH_HOSTILE_CONCURRENCY ?? 64);
const BATCH = 250;
const outDir = join(import.meta.dirname, 'out', name);
const load = () => loadavg().map((l) => Math.round(l * 10) / 10);

export async function run(): Promise<{ ok: boolean; summary: string }> {
  const loadAtStart = load();
  const dynamo = await startDynamoLocal({ timeoutMs: 180_000 });
  try {
    const db = createDb({ tableName: 'bench-hostile', region: 'local', endpoint: dynamo.endpoint });
    await ensureTable(db);
    const app = createApp({ db, store: createFsStore(join(outDir, 'store')) });
    const statuses: Record<string, number> = {};
    const byPath: Record<string, number> = {};
    const fiveHundreds: string[] = [];
    let filed = 0;
    let replayed = 0;
    const filedKeys = new Set<string>();
    let sent = 0;
    const started = performance.now();
    const deadline = started + MAX_SECONDS * 1000;
    // Requests are drawn in batches of BATCH (each seeded) by a producer that keeps at most two batches
    // ahead and yields between batches, so drawing uses the CPU while requests wait on the database.
    const queue: HostileRequest[] = [];
    let drawn = 0;
    let drawing = true;
    const producer = (async () => {
      for (let batch = 0; drawn < PAYLOADS && performance.now() < deadline; batch++) {
        while (queue.length >= 2 * BATCH) await new Promise((resolve) => setTimeout(resolve, 5));
        const n = Math.min(BATCH, PAYLOADS - drawn);
        queue.push(...fc.sample(hostileRequest, { numRuns: n, seed: 20261204 + batch }));
        drawn += n;
        await new Promise((resolve) => setImmediate(resolve));
      }
      drawing = false;
    })();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        for (let i = 0; performance.now() < deadline; i++) {
          const req = queue.shift();
          if (!req) {
            if (!drawing) return;
            await new Promise((resolve) => setTimeout(resolve, 5));
            continue;
          }
          sent++;
          const status = await sendHostile(app, req, `198.18.${w}.${i & 255}`).catch(() => 599);
          statuses[status] = (statuses[status] ?? 0) + 1;
          const path = req.path.split('?')[0]!.replace(/^(\/api\/institutions\/).+/, '$1{id}');
          byPath[`${req.method} ${path}`] = (byPath[`${req.method} ${path}`] ?? 0) + 1;
          if (status >= 500 && fiveHundreds.length < 20) fiveHundreds.push(`${req.method} ${req.path.slice(0, 80)} ${req.headers['content-type'] ?? ''} → ${status}`);
          if (status === 201 && req.files) {
            // A filing sent again with an Idempotency-Key already filed (the arbitraries reuse keys such as '') gets the same receipt.
            const key = req.headers['idempotency-key'];
            if (key !== undefined && filedKeys.has(key)) replayed++;
            else filed++;
            if (key !== undefined) filedKeys.add(key);
          }
        }
      }),
    );
    await producer;
    const seconds = (performance.now() - started) / 1000;
    const report = await checkTable(db);
    const errors = Object.entries(statuses).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
    const ok = sent >= PAYLOADS && errors === 0 && report.ok && report.counts.cases === filed;
    const results = {
      machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: load() },
      sent,
      seconds: Math.round(seconds),
      perSecond: Math.round(sent / seconds),
      statuses,
      byPath,
      fiveHundreds,
      filed,
      replayed,
      casesStored: report.counts.cases,
      consistency: { ok: report.ok, problems: report.problems.slice(0, 20) },
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    const summary = [
      `  ${results.machine.cpus} CPUs, Node ${process.version}, concurrency ${CONCURRENCY}, load average ${loadAtStart.join(' ')} at start, ${results.machine.loadAverageAtEnd.join(' ')} at end`,
      `  ${sent} hostile requests in ${results.seconds} s (${results.perSecond}/s), ${Object.keys(byPath).length} endpoint/method pairs; statuses ${JSON.stringify(statuses)}`,
      `  answers ≥ 500: ${errors}${fiveHundreds.length ? ` (${fiveHundreds.join('; ')})` : ''}; filings answered 201: ${filed} (and ${replayed} replays of a key already filed), cases stored: ${report.counts.cases}; consistency ${report.ok ? 'ok' : report.problems.slice(0, 3).join('; ')}`,
      `  budget: ≥ ${PAYLOADS} payloads within ${MAX_SECONDS} s, none ≥ 500, cases only for 201 filings`,
    ].join('\n');
    return { ok, summary };
  } finally {
    await dynamo.stop();
  }
}

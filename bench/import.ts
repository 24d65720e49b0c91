/**
 * Benchmark: the bulk import of a regulator's list, 10,000 rows, against
 * DynamoDB Local (in memory, started here), through the same steps as
 * `runImport` (read → look up → plan → apply), each timed:
 *
 * 1. a GBK CSV of 10,000 new institutions into an empty table (creates);
 * 2. the same file again (every row unchanged: reads only, no writes);
 * 3. a file changing one column of every row (10,000 updates);
 * 4. an XLSX of 10,000 new institutions into another empty table.
 *
 * Also: how long the demo generator takes for 100,000 records, and the file
 * sizes of 10,000 rows as UTF-8 CSV, GBK CSV and XLSX (the upload limit is 4 MB).
 *
 * Budget: 10,000 rows imported (1 and 4) in under 60 s, and a re-import (2) in under 60 s.
 * Results go to bench/out/import/results.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb, ensureTable, type Db } from '../functions/data/client.ts';
import { lookupForImport } from '../functions/data/import.ts';
import { applyPlan } from '../functions/import/apply.ts';
import { chinaDate, lookupKeys, planImport } from '../functions/import/plan.ts';
import { readSheet } from '../functions/import/read.ts';
import { newInstitutionId } from '../functions/import/run.ts';
import { generateInstitutions } from '../scripts/demo/institutions.ts';
import { startDynamoLocal } from '../scripts/lib/dynamo-local.ts';
import { csvText, gbkBytes, importRow, utf8Bytes, xlsxBytes } from '../test/fixtures/import/build.ts';

export const name = 'import';
export const budget = { importSeconds: 60, reimportSeconds: 60 };

const ROWS = 10_000;
const actor = { staffId: 'bench', name: '基准测试', departmentId: 'education-411500' };
const outDir = join(import.meta.dirname, 'out', name);

const seconds = (ms: number) => Math.round(ms / 100) / 10;
async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

interface Phases {
  read: number;
  lookup: number;
  plan: number;
  apply: number;
  total: number;
  summary: Record<string, number>;
  outcome: { applied: number; failed: number; notAttempted: number };
}

/** One import, step by step as runImport does it. */
async function importOnce(db: Db, bytes: Uint8Array): Promise<Phases> {
  const now = new Date();
  const [sheet, read] = await timed(() => readSheet(bytes));
  const [lookups, lookup] = await timed(() => lookupForImport(db, lookupKeys(sheet)));
  const [plan, planMs] = await timed(() => planImport(sheet, lookups, { newId: newInstitutionId, today: chinaDate(now) }));
  if (plan.summary.rejected > 0) throw new Error(`rows rejected: ${JSON.stringify(plan.rows.find((r) => r.action === 'rejected'))}`);
  const [applied, apply] = await timed(() => applyPlan(db, plan, { actor, now }));
  if (applied.failed > 0) throw new Error(`writes failed: ${String(applied.firstError)}`);
  return {
    read,
    lookup,
    plan: planMs,
    apply,
    total: read + lookup + planMs + apply,
    summary: plan.summary,
    outcome: { applied: applied.applied, failed: applied.failed, notAttempted: applied.notAttempted },
  };
}

const line = (label: string, p: Phases) =>
  `  ${label.padEnd(34)} ${String(seconds(p.total)).padStart(5)} s  (read ${seconds(p.read)} s, look up ${seconds(p.lookup)} s, plan ${seconds(p.plan)} s, write ${seconds(p.apply)} s)  ${JSON.stringify(p.summary)}`;

export async function run(): Promise<{ ok: boolean; summary: string }> {
  const [, generate100k] = await timed(() => generateInstitutions({ count: 100_000, seed: 1 }));
  const records = generateInstitutions({ count: ROWS * 2, seed: 2026 });
  const first = records.slice(0, ROWS).map((r) => importRow(r.fields));
  const second = records.slice(ROWS).map((r) => importRow(r.fields));
  const csv = csvText(first);
  const gbk = gbkBytes(csv);
  const utf8 = utf8Bytes(csv);
  const changed = gbkBytes(csvText(first.map((row) => ({ ...row, insured: row.insured === '是' ? '否' : '是' }))));
  const xlsx = await xlsxBytes(second);

  const dynamo = await startDynamoLocal();
  try {
    const db = createDb({ tableName: 'bench-import', region: 'local', endpoint: dynamo.endpoint });
    await ensureTable(db);
    const creates = await importOnce(db, gbk);
    const unchanged = await importOnce(db, gbk);
    const updates = await importOnce(db, changed);
    const xlsxDb = createDb({ tableName: 'bench-import-xlsx', region: 'local', endpoint: dynamo.endpoint });
    await ensureTable(xlsxDb);
    const fromXlsx = await importOnce(xlsxDb, xlsx);

    const results = {
      rows: ROWS,
      generate100kMs: Math.round(generate100k),
      fileBytes: { utf8Csv: utf8.length, gbkCsv: gbk.length, xlsx: xlsx.length },
      creates,
      unchanged,
      updates,
      fromXlsx,
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

    const ok =
      creates.total < budget.importSeconds * 1000 &&
      fromXlsx.total < budget.importSeconds * 1000 &&
      unchanged.total < budget.reimportSeconds * 1000 &&
      creates.summary.create === ROWS &&
      unchanged.summary.unchanged === ROWS &&
      updates.summary.update === ROWS;
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
    const summary = [
      `  demo generator, 100,000 records     ${seconds(generate100k)} s`,
      `  ${ROWS} rows as files               UTF-8 CSV ${mb(utf8.length)}, GBK CSV ${mb(gbk.length)}, XLSX ${mb(xlsx.length)}`,
      line(`${ROWS} new (GBK CSV)`, creates),
      line('same file again (all unchanged)', unchanged),
      line(`${ROWS} updated (one column each)`, updates),
      line(`${ROWS} new (XLSX)`, fromXlsx),
      `  budget: imports and re-import < ${budget.importSeconds} s`,
    ].join('\n');
    return { ok, summary };
  } finally {
    await dynamo.stop();
  }
}

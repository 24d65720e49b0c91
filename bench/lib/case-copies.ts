/**
 * Seeding bench/cases-scale.ts's tables: copies of real filings (templates),
 * each with its own case number and idempotency key, their Put items written
 * through DynamoDB Local's API (BatchWriteItem) or into its database file
 * (bench/lib/dynamo-local-file.ts, checked against the API's rows first),
 * their counter updates folded per item and applied through the API.
 */
import { createHash } from 'node:crypto';
// eslint-disable-next-line no-restricted-imports -- seeding writes the captured items straight into the table
import { BatchWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { createDb, type Db } from '../../functions/data/client.ts';
import { tableDefinition } from '../../functions/data/table.ts';
import { formatCaseNumber } from '../../shared/rules/case-number.ts';
import { openTableFile } from './dynamo-local-file.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Update = NonNullable<TransactItem['Update']>;

/** A real filing: its case number, its idempotency key, and the transaction the app sent. */
export interface Template {
  caseNumber: string;
  key: string;
  items: TransactItem[];
}

const WRITE_CONCURRENCY = 8;
/** One copy in RARE_EVERY (a prime, so the rare copies come from every template) is the rare one. */
export const RARE_EVERY = 251;
export const RARE_DISTRICT = '411599';
export const RARE_DAY = '2026-01-15';

const round = (x: number) => Math.round(x * 10) / 10;

/** The case number of copy `j` of a template: same month, the copy's index as the random digits. */
function copyNumber(template: string, j: number): string {
  return formatCaseNumber(template.replace(/-/g, '').slice(0, 4) + String(j).padStart(8, '0'));
}

/** The ADD clause of a counter update as attribute → amount, and its SET clause. */
function parseUpdate(update: Update): { adds: Map<string, number>; set: string } {
  const match = /^ADD (.+?) SET (.+)$/.exec(update.UpdateExpression ?? '');
  if (!match) throw new Error(`unexpected counter update: ${update.UpdateExpression}`);
  const adds = new Map<string, number>();
  for (const clause of match[1]!.split(',')) {
    const [nameToken, valueToken] = clause.trim().split(/\s+/) as [string, string];
    const attribute = nameToken.startsWith('#') ? update.ExpressionAttributeNames![nameToken]! : nameToken;
    adds.set(attribute, (adds.get(attribute) ?? 0) + Number(update.ExpressionAttributeValues![valueToken]));
  }
  return { adds, set: match[2]! };
}

/**
 * Many counter updates of one item as at most two: the first as it is, then
 * the rest's sums with the last one's attributes. Folded as they come, so a
 * million cases' updates are never held at once.
 */
class CounterFold {
  private readonly byItem = new Map<string, { first: Update; sums: Map<string, number>; last?: Update }>();

  add(update: Update): void {
    const key = JSON.stringify(update.Key);
    const known = this.byItem.get(key);
    if (!known) {
      this.byItem.set(key, { first: update, sums: new Map() });
      return;
    }
    for (const [attribute, n] of parseUpdate(update).adds) known.sums.set(attribute, (known.sums.get(attribute) ?? 0) + n);
    known.last = update;
  }

  get items(): number {
    return this.byItem.size;
  }

  updates(): Update[] {
    return [...this.byItem.values()].flatMap(({ first, sums, last }) => {
      if (!last) return [first];
      const { set } = parseUpdate(last);
      const used = new Set(set.match(/[#:][A-Za-z0-9_]+/g) ?? []);
      const names = Object.fromEntries(Object.entries(last.ExpressionAttributeNames ?? {}).filter(([k]) => used.has(k)));
      const values = Object.fromEntries(Object.entries(last.ExpressionAttributeValues ?? {}).filter(([k]) => used.has(k)));
      const adds = [...sums].map(([attribute, n], i) => {
        names[`#s${i}`] = attribute;
        values[`:s${i}`] = n;
        return `#s${i} :s${i}`;
      });
      return [first, { ...last, UpdateExpression: `ADD ${adds.join(', ')} SET ${set}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values }];
    });
  }
}

async function inParallel<T>(tasks: T[], concurrency: number, run: (task: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < tasks.length) await run(tasks[next++]!);
  }));
}

async function batchPut(db: Db, items: Record<string, unknown>[]): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length; attempt++) {
    const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending } }));
    pending = (out.UnprocessedItems?.[db.tableName] ?? []) as typeof pending;
    if (pending.length && attempt > 20) throw new Error('BatchWriteItem kept leaving items unprocessed');
  }
}

/** A filed item as the rare case's: accepted, in RARE_DISTRICT (its district offices' ids too), submitted on RARE_DAY. */
function rareCopy(item: Record<string, unknown>, t: Template): Record<string, unknown> {
  const record = t.items.find((i) => i.Put?.Item?.entity === 'case')!.Put!.Item as { districtCode: string; submittedAt: string };
  const text = JSON.stringify(item)
    .replace(new RegExp(`(?<=["#-])${record.districtCode}(?=["#])`, 'g'), RARE_DISTRICT)
    .replaceAll(record.submittedAt, `${RARE_DAY}${record.submittedAt.slice(10)}`)
    .replaceAll('"state":"submitted"', '"state":"accepted"')
    .replaceAll('#state#submitted"', '#state#accepted"');
  return JSON.parse(text) as Record<string, unknown>;
}

/** Copies `from` to `to` - 1 of the templates: their Put items, their counter updates added to `counters`. */
function copies(templates: Template[], from: number, to: number, counters?: CounterFold): Record<string, unknown>[] {
  const puts: Record<string, unknown>[] = [];
  for (let j = from; j < to; j++) {
    const t = templates[j % templates.length]!;
    const number = copyNumber(t.caseNumber, j);
    let text = JSON.stringify(t.items).replaceAll(t.caseNumber, number).replaceAll(t.key, `${t.key}-${j}`);
    // The idempotency record's key is a hash of the family's key: each copy its own, as each filing has.
    const idempotency = /"IDEM#([0-9a-f]{64})"/.exec(text)?.[1];
    if (idempotency) text = text.replaceAll(idempotency, createHash('sha256').update(`${idempotency}#${j}`).digest('hex'));
    const rare = j % RARE_EVERY === 7;
    for (const item of JSON.parse(text) as TransactItem[]) {
      if (item.Put) puts.push(rare ? rareCopy(item.Put.Item as Record<string, unknown>, t) : (item.Put.Item as Record<string, unknown>));
      else if (item.Update) counters?.add(item.Update);
    }
  }
  return puts;
}

/** Cases copied at a time: a chunk's items are made, written and dropped before the next. */
const CHUNK = 2_000;

/** How the copies' Put items reach the table: DynamoDB Local's API (BatchWriteItem), or its database file (bench/lib/dynamo-local-file.ts). */
type PutWriter = (items: Record<string, unknown>[]) => Promise<void> | void;

const throughApi = (db: Db): PutWriter => async (items) => {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await inParallel(batches, WRITE_CONCURRENCY, (b) => batchPut(db, b));
};

/** Writes `n` copies of the templates' Put items (the templates themselves are not in this table); their counter updates are folded into `counters`. */
async function seedPuts(write: PutWriter, templates: Template[], n: number, counters: CounterFold): Promise<number> {
  let items = 0;
  for (let from = 0; from < n; from += CHUNK) {
    const puts = copies(templates, from, Math.min(n, from + CHUNK), counters);
    await write(puts);
    items += puts.length;
    if (n >= 100_000 && (from / CHUNK) % 50 === 49) console.log(`    ${from + CHUNK} of ${n} cases written`);
  }
  return items;
}

/** Applies the folded counter updates through the API (a few thousand items, whatever the size). */
async function applyCounters(db: Db, counters: CounterFold): Promise<void> {
  await inParallel(counters.updates(), WRITE_CONCURRENCY, async (u) => {
    await db.doc.send(new UpdateCommand({ ...u, TableName: db.tableName } as ConstructorParameters<typeof UpdateCommand>[0]));
  });
}

export interface Seeding {
  items: number;
  counterItems: number;
  seconds: number;
}

/**
 * Seeds each size's table through DynamoDB Local's API (BatchWriteItem), as
 * filing writes them: about 1,500 items a second here.
 */
export async function seedThroughApi(fresh: (table: string) => Promise<Db>, templates: Template[], sizes: number[]): Promise<Map<number, Seeding>> {
  const out = new Map<number, Seeding>();
  for (const n of sizes) {
    const started = performance.now();
    const db = await fresh(`scale-${n}`);
    const counters = new CounterFold();
    const items = await seedPuts(throughApi(db), templates, n, counters);
    await applyCounters(db, counters);
    out.set(n, { items, counterItems: counters.items, seconds: round((performance.now() - started) / 1000) });
  }
  return out;
}

/**
 * Seeds each size's table by writing its Put items into DynamoDB Local's
 * database file while it is stopped (bench/lib/dynamo-local-file.ts), after
 * checking on `checkCopies` copies (every template twice, rare copies among them), written both ways, that the file's rows
 * are the ones DynamoDB Local's own write makes; then starts it again on the
 * same folder and applies the counters through the API.
 */
export async function seedByFile(
  local: { stop: () => Promise<void>; start: () => Promise<string>; dbPath: string },
  fresh: (table: string) => Promise<Db>,
  templates: Template[],
  sizes: number[],
  checkCopies = 2 * templates.length,
): Promise<Map<number, Seeding>> {
  const out = new Map<number, Seeding>();
  const checkItems = copies(templates, 0, checkCopies);
  await throughApi(await fresh('scale-check'))(checkItems);
  for (const n of sizes) await fresh(`scale-${n}`);
  const counters = new Map(sizes.map((n) => [n, new CounterFold()]));
  await local.stop(); // stopped while the file is written; each table is in the file already
  let checked = 0;
  for (const n of sizes) {
    const started = performance.now();
    const file = openTableFile(local.dbPath, `scale-${n}`, tableDefinition);
    try {
      if (checked === 0) checked = file.verifyAgainst('scale-check', checkItems);
      file.dropIndexes();
      const items = await seedPuts((puts) => file.insert(puts), templates, n, counters.get(n)!);
      out.set(n, { items, counterItems: counters.get(n)!.items, seconds: round((performance.now() - started) / 1000) });
    } finally {
      const indexing = performance.now();
      file.close(); // makes the indexes again
      const seeding = out.get(n);
      if (seeding) seeding.seconds = round(seeding.seconds + (performance.now() - indexing) / 1000);
    }
  }
  console.log(`  seeding by file: its rows matched DynamoDB Local's own for ${checked} items`);
  const endpoint = await local.start();
  for (const n of sizes) {
    const started = performance.now();
    await applyCounters(createDb({ tableName: `scale-${n}`, region: 'local', endpoint }), counters.get(n)!);
    out.get(n)!.seconds = round(out.get(n)!.seconds + (performance.now() - started) / 1000);
  }
  return out;
}

/**
 * Writes items straight into DynamoDB Local's database file, for seeding a
 * benchmark's table at a size DynamoDB Local's own write path cannot reach
 * in an afternoon (bench/cases-scale.ts at a million cases: 18 million items
 * at the 1,300–1,700 items a second BatchWriteItem gets here would take
 * over three hours). Only the seeding takes this path: every read measured
 * afterwards goes through DynamoDB Local's API as before.
 *
 * DynamoDB Local (started with `-dbPath`, `-sharedDb`) keeps each table as
 * one SQLite table in `shared-local-instance.db`: a row per item with the
 * item as DynamoDB JSON (`ObjectJSON`), its key values as bytes (`hashKey`,
 * `rangeKey`), their salted SHA-1 hashes (`hashValue`, `rangeValue`, and
 * `hashRangeValue` over both), its size as DynamoDB counts it (`itemSize`),
 * and one column per global secondary index key attribute (`indexKey_<n>`),
 * each index an SQLite index over those columns. That layout is DynamoDB
 * Local's, not a published format: so this module never trusts itself.
 * `verifyAgainst` compares the rows it would write, column by column, with
 * the rows DynamoDB Local wrote through its API for the same items, and the
 * seeding stops at the first difference.
 *
 * The file must not be open in a running DynamoDB Local while this writes:
 * stop it first, start it again on the same folder afterwards.
 */
// eslint-disable-next-line no-restricted-imports -- the document client's own marshalling, so the file holds what the API path would
import { marshall } from '@aws-sdk/util-dynamodb';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { isDeepStrictEqual } from 'node:util';

/** The salt DynamoDB Local puts before every key hash (its LocalDBUtils). */
const SALT = Buffer.from('LocalDdb');
/** DynamoDB Local's file when it runs with `-sharedDb`. */
export const SHARED_DB_FILE = 'shared-local-instance.db';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** An attribute value in DynamoDB JSON. */
type AttributeValue = { S: string } | { N: string } | { BOOL: boolean } | { NULL: true } | { L: AttributeValue[] } | { M: Record<string, AttributeValue> } | { SS: string[] } | { NS: string[] };

function sha1(...parts: Buffer[]): Buffer {
  const hash = createHash('sha1').update(SALT);
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Bytes of a number as DynamoDB Local counts them: its significant digits in pairs, plus one (zero is one byte; a negative number one more). */
function numberSize(n: string): number {
  const digits = n.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length === 0) return 1;
  return Math.ceil(digits.length / 2) + 1 + (n.startsWith('-') ? 1 : 0);
}

/**
 * Sizes as DynamoDB Local's `getItemSizeBytes` counts them (matched, not
 * guessed: `verifyAgainst` compares them with its own): a list or a map is 3
 * bytes plus one a member; a map's names count, as an item's do.
 */
function valueSize(v: AttributeValue): number {
  if ('S' in v) return Buffer.byteLength(v.S);
  if ('N' in v) return numberSize(v.N);
  if ('BOOL' in v || 'NULL' in v) return 1;
  if ('SS' in v) return v.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if ('NS' in v) return v.NS.reduce((sum, s) => sum + numberSize(s), 0);
  if ('L' in v) return 3 + v.L.length + v.L.reduce((sum, x) => sum + valueSize(x), 0);
  return 3 + mapSize(v.M) + Object.keys(v.M).length;
}

function mapSize(map: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, v] of Object.entries(map)) size += Buffer.byteLength(name) + valueSize(v);
  return size;
}

/** The table's key attributes: partition and sort key, and each index's. */
export interface KeySchema {
  partitionKey: string;
  sortKey: string;
  globalSecondaryIndexes: ReadonlyArray<{ indexName: string; partitionKey: string; sortKey: string }>;
}

const COLUMNS = ['hashKey', 'rangeKey', 'hashValue', 'rangeValue', 'itemSize', 'ObjectJSON', 'hashRangeValue'] as const;

export interface TableFile {
  /** Inserts items (plain values, as the document client takes them); an item already there is an error. */
  insert(items: ReadonlyArray<Record<string, unknown>>): void;
  /**
   * Throws unless the rows this module makes for `items` are, column by
   * column, the rows DynamoDB Local wrote for the same items in `table`
   * (written there through its API). Returns how many rows it compared.
   */
  verifyAgainst(table: string, items: ReadonlyArray<Record<string, unknown>>): number;
  /** Drops the table's secondary indexes for a bulk insert; `close()` makes them again, as DynamoDB Local made them. */
  dropIndexes(): void;
  close(): void;
}

/**
 * Opens `table` in the database file of the DynamoDB Local that ran on
 * `dbPath` (the table made there through the API, empty or not).
 */
export function openTableFile(dbPath: string, table: string, schema: KeySchema): TableFile {
  const db = new DatabaseSync(join(dbPath, SHARED_DB_FILE));
  db.exec('PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;');
  const quoted = `"${table.replaceAll('"', '""')}"`;
  // Which indexKey_<n> column holds which attribute, read from DynamoDB Local's own index definitions.
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).all(table) as Array<{ name: string; sql: string }>;
  if (indexes.length === 0) throw new Error(`table ${table} is not in ${dbPath} (make it through the API first)`);
  const columnOf = new Map<string, string>();
  for (const gsi of schema.globalSecondaryIndexes) {
    const index = indexes.find((i) => i.name === `${table}*${gsi.indexName}`);
    const columns = index && /\(([^)]*)\)\s*$/.exec(index.sql)?.[1]?.split(',').map((c) => c.trim());
    if (!columns || columns.length < 2) throw new Error(`DynamoDB Local has no index ${gsi.indexName} on ${table}, or one of another shape`);
    for (const [attribute, column] of [[gsi.partitionKey, columns[0]!], [gsi.sortKey, columns[1]!]] as const) {
      const known = columnOf.get(attribute);
      if (known && known !== column) throw new Error(`${attribute} is in two columns (${known}, ${column})`);
      columnOf.set(attribute, column);
    }
  }
  const indexColumns = [...new Set(columnOf.values())].sort();
  const allColumns = [...COLUMNS, ...indexColumns];
  let insertRow: StatementSync | undefined;

  const row = (item: Record<string, unknown>): Record<string, Buffer | number | null> & { hashKey: Buffer; rangeKey: Buffer } => {
    const map = marshall(item) as Record<string, AttributeValue>;
    const key = (name: string): Buffer => {
      const v = map[name];
      if (!v || !('S' in v)) throw new Error(`item without a string ${name}: ${JSON.stringify(item).slice(0, 200)}`);
      return Buffer.from(v.S);
    };
    const hashKey = key(schema.partitionKey);
    const rangeKey = key(schema.sortKey);
    const hashValue = sha1(hashKey);
    const rangeValue = sha1(rangeKey);
    const out: Record<string, Buffer | number | null> & { hashKey: Buffer; rangeKey: Buffer } = {
      hashKey,
      rangeKey,
      hashValue,
      rangeValue,
      itemSize: mapSize(map),
      ObjectJSON: Buffer.from(JSON.stringify(map)),
      hashRangeValue: sha1(hashValue, rangeValue),
    };
    for (const column of indexColumns) out[column] = null;
    for (const [attribute, column] of columnOf) {
      const v = map[attribute];
      if (v === undefined) continue;
      if (!('S' in v)) throw new Error(`${attribute} is not a string in ${JSON.stringify(item).slice(0, 200)}`);
      out[column] = Buffer.from(v.S);
    }
    return out;
  };

  return {
    insert(items) {
      insertRow ??= db.prepare(`INSERT INTO ${quoted} (${allColumns.join(', ')}) VALUES (${allColumns.map(() => '?').join(', ')})`);
      db.exec('BEGIN');
      try {
        for (const item of items) {
          const r = row(item);
          insertRow.run(...allColumns.map((c) => r[c] ?? null));
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    verifyAgainst(written, items) {
      const other = `"${written.replaceAll('"', '""')}"`;
      const select = db.prepare(`SELECT ${allColumns.map((c) => `${c}, typeof(${c}) AS "${c}:type"`).join(', ')} FROM ${other} WHERE hashKey = ? AND rangeKey = ?`);
      for (const item of items) {
        const mine = row(item);
        const theirs = select.get(mine.hashKey, mine.rangeKey) as Record<string, unknown> | undefined;
        if (!theirs) throw new Error(`DynamoDB Local has no row for ${String(mine.hashKey)} ${String(mine.rangeKey)} in ${written}`);
        for (const column of allColumns) {
          const want = theirs[column];
          const got = mine[column];
          const wantType = theirs[`${column}:type`];
          const gotType = got === null ? 'null' : typeof got === 'number' ? 'integer' : 'blob';
          const same =
            column === 'ObjectJSON'
              ? isDeepStrictEqual(JSON.parse(Buffer.from(want as Uint8Array).toString()) as Json, JSON.parse((got as Buffer).toString()) as Json)
              : wantType === gotType && (got === null || typeof got === 'number' ? want === got : Buffer.from(want as Uint8Array).equals(got as Buffer));
          if (!same) {
            const show = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8').slice(0, 300) : String(v));
            throw new Error(`seeding by file differs from DynamoDB Local's write in ${column} of ${String(mine.hashKey)} ${String(mine.rangeKey)}: file ${show(got)} (${gotType}), DynamoDB Local ${show(want)} (${String(wantType)})`);
          }
        }
      }
      return items.length;
    },
    dropIndexes() {
      for (const index of indexes) db.exec(`DROP INDEX IF EXISTS "${index.name.replaceAll('"', '""')}"`);
    },
    close() {
      for (const index of indexes) db.exec(index.sql.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
      db.close();
    },
  };
}

/**
 * The data module: the only code in the project that imports the AWS SDK.
 * A client is made once per process (module scope in Lambda) and passed on.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, UpdateTableCommand, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Pluggable, RetryStrategyV2 } from '@smithy/types';
import { tableDefinition } from './table.ts';

/** Middleware for the DynamoDB client's stack (tests and benchmarks only). */
export type DataPlugin = Pluggable<ServiceInputTypes, ServiceOutputTypes>;

export interface DataConfig {
  tableName: string;
  region: string;
  /** Set for DynamoDB Local; unset in AWS. */
  endpoint?: string | undefined;
  /**
   * Extra middleware on the client's stack. Never set in production: the
   * fault-injection layer of the tests and benchmarks (test/support/faults.ts)
   * goes in here, so faults pass through the SDK's own retries.
   */
  plugins?: ReadonlyArray<DataPlugin>;
  /** Attempts per call, retries included (default 3). */
  maxAttempts?: number;
  /**
   * Replaces the SDK's retry strategy (its back-off: 100 ms, or 500 ms for
   * throttling, doubling, with jitter). Never set in production: the tests
   * (test/support/db.ts) retry as many times without waiting out the back-off.
   */
  retryStrategy?: RetryStrategyV2;
  /** Client-side time limits per attempt (default DB_TIMEOUTS, LOCAL_DB_TIMEOUTS with an `endpoint`); tests lower them. */
  timeouts?: DbTimeouts;
}

/**
 * How long one attempt may take before the client gives up on it. The SDK
 * sets none: a database that accepts connections and never answers (a
 * network fault, an overloaded DynamoDB Local) would hang the request until
 * API Gateway's 29 s cut it with a 504 and no word to the family. A timed-out
 * attempt is a `TimeoutError`, retried by the SDK like any transient error
 * (`maxAttempts`), and when the last one times out the app answers 503
 * `unavailable` with Retry-After (functions/data/unavailable.ts, outcome
 * "unknown": the write may have been applied, so the family is not told
 * "not filed"; a retry with the same form is idempotent).
 *
 * Sizes: DynamoDB answers a single-item call in a few milliseconds and a
 * case's transaction in tens; 2 s is far beyond either's p99.9 and leaves
 * room for three attempts with the SDK's back-off (about 6.5 s) inside
 * Lambda's and API Gateway's limits. A TCP connection inside a region is
 * made in well under 100 ms: 1 s.
 */
export interface DbTimeouts {
  /** Milliseconds to establish the TCP (and TLS) connection. */
  connectionMs: number;
  /** Milliseconds from sending the request to the end of the response, and of socket inactivity. */
  requestMs: number;
}

export const DB_TIMEOUTS: DbTimeouts = { connectionMs: 1_000, requestMs: 2_000 };

/**
 * DynamoDB Local (`endpoint` set) on a loaded two-core machine: still
 * bounded, much looser. At load average 50 a connection to it once took
 * more than 5 s to be made (the intake benchmark failed on it), and a
 * transaction under a GC pause takes seconds; its tests and benchmarks
 * measure the app, not these limits (test/faults/database-timeout.test.ts
 * sets its own).
 */
export const LOCAL_DB_TIMEOUTS: DbTimeouts = { connectionMs: 30_000, requestMs: 60_000 };

export interface Db {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

export function createDb(config: DataConfig): Db {
  const timeouts = config.timeouts ?? (config.endpoint ? LOCAL_DB_TIMEOUTS : DB_TIMEOUTS);
  const client = new DynamoDBClient({
    region: config.region,
    ...(config.endpoint
      ? {
          endpoint: config.endpoint,
          // DynamoDB Local checks that credentials are present, not what they are.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: config.maxAttempts ?? 3,
    ...(config.retryStrategy ? { retryStrategy: config.retryStrategy } : {}),
    // The options of the SDK's NodeHttpHandler (@smithy/node-http-handler), which the client builds from them.
    // `throwOnRequestTimeout`: without it a breached requestTimeout is only a logged warning;
    // `socketTimeout` is the same limit on inactivity (what older handlers took requestTimeout to mean).
    requestHandler: {
      connectionTimeout: timeouts.connectionMs,
      requestTimeout: timeouts.requestMs,
      socketTimeout: timeouts.requestMs,
      throwOnRequestTimeout: true,
    },
  });
  for (const plugin of config.plugins ?? []) client.middlewareStack.use(plugin);
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return { doc, tableName: config.tableName };
}

/** Is the table there and answering? Used by the health check. */
export async function pingTable(db: Db): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const out = await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }));
    const status = out.Table?.TableStatus;
    return status === 'ACTIVE' ? { ok: true } : { ok: false, reason: `table status ${status ?? 'unknown'}` };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return { ok: false, reason: 'table not found' };
    return { ok: false, reason: error instanceof Error ? error.name : 'unreachable' };
  }
}

const gsiSpec = (gsi: (typeof tableDefinition.globalSecondaryIndexes)[number]) => ({
  IndexName: gsi.indexName,
  KeySchema: [
    { AttributeName: gsi.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: gsi.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

/** Waits (DescribeTable every 100 ms, at most two minutes: a local table, never a deployed one) until the index is ACTIVE. */
async function indexBuilt(db: Db, indexName: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { Table } = await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }));
    const index = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName);
    if (index?.IndexStatus === 'ACTIVE' && Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`The local table's index ${indexName} was not built within two minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Creates the table from `tableDefinition` when it is missing, and adds the
 * indexes a table made before lacks, one at a time as DynamoDB allows
 * (DynamoDB Local and tests only). 'indexes added': the items written
 * before carry no keys for them yet (scripts/backfill-queue-entries.ts).
 */
export async function ensureTable(db: Db): Promise<'created' | 'exists' | 'indexes added'> {
  try {
    const { Table } = await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }));
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    const missing = tableDefinition.globalSecondaryIndexes.filter((gsi) => !present.has(gsi.indexName));
    for (const gsi of missing) {
      await db.doc.send(
        new UpdateTableCommand({
          TableName: db.tableName,
          AttributeDefinitions: [...new Set([gsi.partitionKey, gsi.sortKey])].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
          GlobalSecondaryIndexUpdates: [{ Create: gsiSpec(gsi) }],
        }),
      );
      // One index at a time: the next UpdateTable is refused ("Only 1 online index can be created … simultaneously") until this one is built.
      await indexBuilt(db, gsi.indexName);
    }
    return missing.length > 0 ? 'indexes added' : 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const def = tableDefinition;
  const attributes = new Set<string>([def.partitionKey, def.sortKey]);
  for (const gsi of def.globalSecondaryIndexes) {
    attributes.add(gsi.partitionKey);
    attributes.add(gsi.sortKey);
  }
  await db.doc.send(
    new CreateTableCommand({
      TableName: db.tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: def.partitionKey, KeyType: 'HASH' },
        { AttributeName: def.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: def.globalSecondaryIndexes.map(gsiSpec),
    }),
  );
  return 'created';
}

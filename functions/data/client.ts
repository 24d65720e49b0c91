/**
 * The data module: the only code in the project that imports the AWS SDK.
 * A client is made once per process (module scope in Lambda) and passed on.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Pluggable } from '@smithy/types';
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
}

export interface Db {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

export function createDb(config: DataConfig): Db {
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

/** Creates the table from `tableDefinition` when it is missing (DynamoDB Local and tests only). */
export async function ensureTable(db: Db): Promise<'created' | 'exists'> {
  try {
    await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }));
    return 'exists';
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
      GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((gsi) => ({
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  return 'created';
}

/**
 * A local table made before an index existed (e.g. the queue's combination
 * indexes) gets it when the app starts (`ensureTable`), one index at a time
 * as DynamoDB allows; a table that has them all is left alone.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoEndpoint } from '../../test/support/db.ts';
import { createDb, ensureTable } from './client.ts';
import { tableDefinition } from './table.ts';
import { storeUnavailable } from './unavailable.ts';

describe('ensureTable', () => {
  it('adds the indexes an older table lacks, then finds it complete', async () => {
    const db = createDb({ tableName: `test-${randomUUID()}`, region: 'local', endpoint: dynamoEndpoint() });
    // The table as it was before the combination indexes: gsi1 and gsi2 only.
    await db.doc.send(
      new CreateTableCommand({
        TableName: db.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: ['gsi1', 'gsi2'].map((IndexName) => ({
          IndexName,
          KeySchema: [
            { AttributeName: `${IndexName}pk`, KeyType: 'HASH' },
            { AttributeName: `${IndexName}sk`, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    // Until then (in AWS: between the staged deploys) a read of a missing index is "not available yet", a 503, never a 500.
    const read = db.doc.send(
      new QueryCommand({ TableName: db.tableName, IndexName: 'combo1', KeyConditionExpression: 'combo1pk = :k', ExpressionAttributeValues: { ':k': { S: 'QUEUE#x#kind#fees#district#411502' } } }),
    );
    expect(storeUnavailable(await read.then(() => undefined, (error: unknown) => error))).toBe('not_written');
    expect(await ensureTable(db)).toBe('indexes added');
    const { Table } = await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }));
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((i) => ({ name: i.IndexName, keys: i.KeySchema?.map((k) => k.AttributeName) }));
    expect(indexes.sort((a, b) => a.name!.localeCompare(b.name!))).toEqual(
      tableDefinition.globalSecondaryIndexes.map((i) => ({ name: i.indexName, keys: [i.partitionKey, i.sortKey] })).sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(await ensureTable(db)).toBe('exists');
  });
});

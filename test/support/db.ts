import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, ensureTable, type Db } from '../../functions/data/client.ts';

/** A fresh, empty table in the run's DynamoDB Local, for one test file or test. */
export async function createTestDb(): Promise<Db> {
  const db = createDb({ tableName: `test-${randomUUID()}`, region: 'local', endpoint: inject('dynamoEndpoint') });
  await ensureTable(db);
  return db;
}

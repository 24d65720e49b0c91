import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, ensureTable, type DataConfig, type Db } from '../../functions/data/client.ts';

/** A fresh, empty table in the run's DynamoDB Local, for one test file or test (`plugins`: e.g. test/support/faults.ts). */
export async function createTestDb(options: Pick<DataConfig, 'plugins' | 'maxAttempts'> = {}): Promise<Db> {
  const db = createDb({ tableName: `test-${randomUUID()}`, region: 'local', endpoint: inject('dynamoEndpoint'), ...options });
  await ensureTable(db);
  return db;
}

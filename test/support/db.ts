import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, ensureTable, type DataConfig, type Db } from '../../functions/data/client.ts';

/** The run's DynamoDB Local; only the `db` and `site` projects start one (vitest.config.ts, test/support/projects.ts). */
export function dynamoEndpoint(): string {
  const endpoint = inject('dynamoEndpoint');
  if (!endpoint) {
    throw new Error('This test needs DynamoDB Local, which only the `db` and `site` test projects start: import it through test/support/db.ts so that test/support/projects.ts puts the file there.');
  }
  return endpoint;
}

/** A fresh, empty table in the run's DynamoDB Local, for one test file or test (`plugins`: e.g. test/support/faults.ts). */
export async function createTestDb(options: Pick<DataConfig, 'plugins' | 'maxAttempts'> = {}): Promise<Db> {
  const db = createDb({ tableName: `test-${randomUUID()}`, region: 'local', endpoint: dynamoEndpoint(), ...options });
  await ensureTable(db);
  return db;
}

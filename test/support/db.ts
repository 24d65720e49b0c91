import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, ensureTable, type Db } from '../../functions/data/client.ts';

/** The run's DynamoDB Local; only the `db` and `site` projects start one (vitest.config.ts). */
export function dynamoEndpoint(): string {
  const endpoint = inject('dynamoEndpoint');
  if (!endpoint) {
    throw new Error(
      'This test needs DynamoDB Local, which only the `db` and `site` test projects start: put the file under test/integration/ ' +
        '(or list it in DB_TESTS in vitest.config.ts).',
    );
  }
  return endpoint;
}

/** A fresh, empty table in the run's DynamoDB Local, for one test file or test. */
export async function createTestDb(): Promise<Db> {
  const db = createDb({ tableName: `test-${randomUUID()}`, region: 'local', endpoint: dynamoEndpoint() });
  await ensureTable(db);
  return db;
}

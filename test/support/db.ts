import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, ensureTable, type DataConfig, type Db } from '../../functions/data/client.ts';

/** The run's DynamoDB Local; only the `db` and `site` projects start one (vitest.config.ts, test/support/projects.ts). */
export function dynamoEndpoint(): string {
  // This worker's own instance (global-setup.ts): a worker's requests never queue behind the other's.
  const endpoints = inject('dynamoEndpoints') ?? [];
  const endpoint = endpoints[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % endpoints.length];
  if (!endpoint) {
    throw new Error('This test needs DynamoDB Local, which only the `db` and `site` test projects start: import it through test/support/db.ts so that test/support/projects.ts puts the file there.');
  }
  return endpoint;
}

/**
 * Milliseconds between the attempts of a call that failed (the faults the
 * tests inject, test/support/faults.ts): the SDK's own strategy (the same
 * attempts and retry quota), without its back-off of up to seconds, which
 * the fault tests spent waiting.
 */
export const TEST_RETRY_DELAY_MS = 10;

/** A fresh, empty table in the run's DynamoDB Local, for one test file or test (`plugins`: e.g. test/support/faults.ts). */
export async function createTestDb(options: Pick<DataConfig, 'plugins' | 'maxAttempts'> = {}): Promise<Db> {
  const retryStrategy = new ConfiguredRetryStrategy(options.maxAttempts ?? 3, TEST_RETRY_DELAY_MS);
  const db = createDb({ tableName: `test-${randomUUID()}`, region: 'local', endpoint: dynamoEndpoint(), retryStrategy, ...options });
  await ensureTable(db);
  return db;
}

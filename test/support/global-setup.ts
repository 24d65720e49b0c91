/**
 * Once per test run: one DynamoDB Local, in memory, on a free port. Each test
 * file makes its own table in it (test/support/db.ts), so files never share
 * data, and the process is stopped when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoLocal, type DynamoLocal } from '../../scripts/lib/dynamo-local.ts';

let dynamo: DynamoLocal | undefined;

export async function setup(project: TestProject) {
  dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

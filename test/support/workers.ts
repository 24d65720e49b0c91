/** Test workers at once (vitest.config.ts maxWorkers): two cores; DynamoDB Local, Chromium and the CDK synth share them. Also one DynamoDB Local each (global-setup.ts). */
export const TEST_WORKERS = 2;

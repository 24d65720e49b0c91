import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,functions,infra,scripts,test,bench}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'cdk.out/**', 'site/dist/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Two cores: DynamoDB Local, Chromium and the CDK synth share them.
    maxWorkers: 2,
  },
});

/**
 * The Lambda entry: a thin translation of API Gateway events to the Hono app.
 * Two functions run it (infra/constructs/api.ts): the API, and the bulk import
 * on its own route with the spreadsheet readers bundled. Neither runs import
 * jobs: the import worker does (functions/jobs/import-worker.ts).
 */
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { readApiEnv, readOriginConfig } from './config.ts';
import { useAuthSecretFetcher } from './auth/settings.ts';
import { awsSecretFetcher } from './secrets/aws.ts';
import { originLock, originSecretSource } from './secrets/origin-lock.ts';
import type { AbuseCheck } from './cases/abuse.ts';
import { firstUse } from './lib/first-use.ts';
import { createAwsKms } from './crypto/aws-kms.ts';
import { createDb } from './data/client.ts';
import { externalRunner } from './import/external-runner.ts';
import { createPrivateS3Store } from './storage/private-s3-store.ts';
import { createS3Store } from './storage/s3-store.ts';

const env = readApiEnv();
// Refuses to start without the origin secret: the API must answer only what came through CloudFront.
const origin = readOriginConfig();

// Secrets are read at run time (cached, rotatable), never from the function's configuration.
const secrets = awsSecretFetcher({ region: env.AWS_REGION });
useAuthSecretFetcher(secrets);
const lock = origin.secretArn ? originLock(originSecretSource({ secretId: origin.secretArn, fetch: secrets })) : undefined;
const db = createDb({ tableName: env.TABLE_NAME, region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });

const store = createS3Store({ bucket: env.SITE_BUCKET, region: env.AWS_REGION });

// The private attachments bucket (infra/constructs/cases.ts): without it the app would fall back to a local folder.
const privateStore = createPrivateS3Store({ bucket: env.ATTACHMENTS_BUCKET, region: env.AWS_REGION });

// Used only when CASES_KMS_KEY_ID is set (in AWS, always); the SDK client loads on first use.
const kms = createAwsKms({ region: env.AWS_REGION });

// Rate limits, the honeypot and proof of work on the public forms (functions/abuse).
// Loaded on the first filing (the rate limits, honeypot and proof of work are the filing group's only).
const abuseControls = firstUse(() => import('./abuse/index.ts').then((m) => m.createAbuseControls({ db })));
const abuse: AbuseCheck = { check: async (input) => (await abuseControls()).check(input) };

// Import jobs are moved on by the import worker (functions/jobs/import-worker.ts, woken by the table's stream),
// never in this process: Lambda freezes it once the answer is sent.
export const handler = handle(createApp({ db, store, privateStore, importJobs: externalRunner, cases: { kms, abuse }, ...(lock ? { originLock: lock } : {}) }));

/** The Lambda entry: a thin translation of API Gateway events to the Hono app. */
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { readEnv } from './config.ts';
import { createDb } from './data/client.ts';
import { createS3Store } from './storage/s3-store.ts';

const env = readEnv();
const db = createDb({ tableName: env.TABLE_NAME, region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });

const store = createS3Store({ bucket: env.SITE_BUCKET, region: env.AWS_REGION });

export const handler = handle(createApp({ db, store }));

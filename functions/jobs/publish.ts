/**
 * The publisher in AWS (infra/constructs/jobs.ts): each invocation is one run
 * of what `npm start` does every 3 s (scripts/start.ts), against the site
 * bucket and the table:
 *
 * 1. every institution page again if the site's page shell changed (a deploy);
 * 2. institutions changed since last published, the search snapshot, open data;
 * 3. safety notices and fee guidance, when something is due.
 *
 * Woken by the table's stream (something is now waiting) and by a schedule
 * every minute (publish and expiry times fall due without a write). The event
 * is not read: what is waiting is in the table's sparse index, so any wake-up
 * publishes everything that waits, and a lost one costs at most a minute.
 * One run at a time (reserved concurrency 1). A step that fails does not stop
 * the others; the run then fails, and the next one tries again.
 *
 * Environment: TABLE_NAME, SITE_BUCKET (functions/config.ts) and PUBLIC_ORIGIN,
 * the site's origin printed under QR codes and in the feeds.
 */
import { readPublisherEnv } from '../config.ts';
import { createDb } from '../data/client.ts';
import { createS3Store } from '../storage/s3-store.ts';
import { publishOnce, type PublishRun } from './publish-run.ts';

const env = readPublisherEnv();
const publicOrigin = env.PUBLIC_ORIGIN;
const db = createDb({ tableName: env.TABLE_NAME, region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });
const store = createS3Store({ bucket: env.SITE_BUCKET, region: env.AWS_REGION });

export async function handler(): Promise<PublishRun> {
  const run = await publishOnce({ db, store, publicOrigin });
  console.log(JSON.stringify({ publisher: run }));
  return run;
}

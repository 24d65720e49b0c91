/**
 * The publisher in AWS (infra/constructs/jobs.ts): each invocation is one run
 * of what `npm start` does every 3 s (scripts/start.ts), against the site
 * bucket and the table:
 *
 * 1. institutions changed since last published, the summaries and search files (and the
 *    open data, hourly), alternating with 10-second slices of a full re-render
 *    of every page while one is under way (the site's shell changed: a deploy),
 *    until the function's remaining time less a margin; the re-render's cursor
 *    is checkpointed, so the next invocation goes on from there;
 * 2. safety notices and fee guidance, when something is due.
 *
 * Woken by the table's stream (something is now waiting) and by a schedule
 * every minute (publish and expiry times fall due without a write). The event
 * is not read: what is waiting is in the table's sparse index, so any wake-up
 * publishes everything that waits, and a lost one costs at most a minute.
 * One run at a time, by a lease in the table (functions/jobs/lease.ts; no
 * reserved concurrency, which small accounts cannot spare): a run that finds
 * it held returns `busy` at once. A step that fails does not stop the
 * others; the run then fails, and the next one tries again.
 *
 * Metrics (CloudWatch Embedded Metric Format, ./metrics.ts), per run:
 * `PublisherLagSeconds` (age of the oldest waiting change when it started)
 * and `PublisherRunFailed` (1 or 0).
 *
 * Environment: TABLE_NAME, SITE_BUCKET (functions/config.ts) and PUBLIC_ORIGIN,
 * the site's origin printed under QR codes and in the feeds.
 */
import { readFunctionName, readPublisherEnv } from '../config.ts';
import { createDb } from '../data/client.ts';
import { createS3Store } from '../storage/s3-store.ts';
import { emitMetrics } from './metrics.ts';
import type { SummaryCache } from '../publish/publisher.ts';
import { PublishFailed, publishOnce, type PublishRun } from './publish-run.ts';

const env = readPublisherEnv();
const functionName = readFunctionName();
const publicOrigin = env.PUBLIC_ORIGIN;
const db = createDb({ tableName: env.TABLE_NAME, region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });
const store = createS3Store({ bucket: env.SITE_BUCKET, region: env.AWS_REGION });
/** The public summaries, kept while this instance is warm: a run reads the summaries only when their manifest moved. */
const cache: SummaryCache = {};
/** Left for notices, fee guidance and the timeliness page after the institutions' work stops. */
const MARGIN_MS = 90_000;

export async function handler(_event?: unknown, context?: { getRemainingTimeInMillis(): number }): Promise<PublishRun> {
  try {
    const remaining = context?.getRemainingTimeInMillis() ?? 5 * 60_000;
    const run = await publishOnce({ db, store, publicOrigin, cache, deadline: Date.now() + Math.max(10_000, remaining - MARGIN_MS) });
    console.log(JSON.stringify({ publisher: run }));
    if (!run.busy) emitMetrics(functionName, { PublisherLagSeconds: { value: run.lagSeconds, unit: 'Seconds' }, PublisherRunFailed: { value: 0, unit: 'Count' } });
    return run;
  } catch (error) {
    emitMetrics(functionName, {
      ...(error instanceof PublishFailed ? { PublisherLagSeconds: { value: error.run.lagSeconds, unit: 'Seconds' as const } } : {}),
      PublisherRunFailed: { value: 1, unit: 'Count' },
    });
    throw error;
  }
}

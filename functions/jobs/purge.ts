/**
 * The retention purge in AWS (infra/constructs/jobs.ts), once a day: deletes
 * the personal data of cases closed more than CASES_PII_RETENTION_DAYS ago,
 * except those on legal hold (functions/cases/purge.ts). Idempotent; a case
 * that changes while it runs is left for the next day.
 *
 * It deletes ciphertext and never reads it, so it has no use of the cases key
 * (deleting an attachment's object needs s3:DeleteObject only, no KMS);
 * CASES_KMS_KEY_ID is set only because functions/config.ts refuses to start a
 * Lambda with no key configured. Logs counts, never case numbers or contents.
 * One run at a time, by a lease in the table (./purge-run.ts). Metric
 * (Embedded Metric Format, ./metrics.ts): `PurgeRunFailed` (1 or 0).
 */
import { readCasesConfig, readFunctionName, readPurgeEnv } from '../config.ts';
import { createDb } from '../data/client.ts';
import { createPrivateS3Store } from '../storage/private-s3-store.ts';
import { emitMetrics } from './metrics.ts';
import { purgeOnce, type PurgeRun } from './purge-run.ts';

const env = readPurgeEnv();
const functionName = readFunctionName();
const { retentionDays } = readCasesConfig();
const db = createDb({ tableName: env.TABLE_NAME, region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });
const attachments = createPrivateS3Store({ bucket: env.ATTACHMENTS_BUCKET, region: env.AWS_REGION });

export async function handler(): Promise<PurgeRun> {
  try {
    const run = await purgeOnce(db, { now: new Date(), retentionDays, attachments });
    console.log(JSON.stringify({ purge: run }));
    emitMetrics(functionName, { PurgeRunFailed: { value: 0, unit: 'Count' } });
    return run;
  } catch (error) {
    emitMetrics(functionName, { PurgeRunFailed: { value: 1, unit: 'Count' } });
    throw error;
  }
}

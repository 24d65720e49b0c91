/**
 * The message sender in AWS, on a schedule (every minute): sends the due
 * outbox messages (functions/notify/sender.ts) through the provider the
 * configuration names (NOTIFIER=aliyun|tencent|sns; the outbox adapter is
 * refused in Lambda). Logs counts only, never a number, a case or a text.
 *
 * NOT YET DEPLOYED: infra/constructs/jobs.ts has no construct for it yet
 * (see docs/ARCHITECTURE.md). Its grants would be: Query gsi2; GetItem and
 * UpdateItem on CASE#* (the case, its personal data, its MSG# items); KMS
 * Decrypt on the cases key; secretsmanager:GetSecretValue on
 * NOTIFY_CREDENTIALS_SECRET_ARN (Alibaba Cloud, Tencent Cloud); sns:Publish
 * (SNS only, which takes no resource narrower than `*` for phone numbers).
 */
import { readNotifyConfig, readTableEnv } from '../config.ts';
import { caseServices } from '../cases/services.ts';
import { createDb } from '../data/client.ts';
import { notifierFromConfig } from '../notify/from-config.ts';
import { sendDueMessages, type SendReport } from '../notify/sender.ts';

const env = readTableEnv();
const config = readNotifyConfig();
const db = createDb({ tableName: env.TABLE_NAME, region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });
const notifier = notifierFromConfig(config, env.AWS_REGION);
const keys = caseServices().keys;

export async function handler(): Promise<SendReport> {
  const report = await sendDueMessages({ db, notifier, keys, trackLink: config.trackLink }, 100);
  console.log(JSON.stringify({ notify: { notifier: notifier.id, ...report } }));
  return report;
}

/**
 * The message sender in AWS, on a schedule (every minute): sends the due
 * outbox messages (functions/notify/sender.ts) through the provider the
 * configuration names (NOTIFIER=aliyun|tencent|sns; the outbox adapter is
 * refused in Lambda). Logs counts only, never a number, a case or a text.
 *
 * Deployed by ShouhuNotifyJob (infra/constructs/jobs.ts) when the stack is
 * given a `notifier`; its grants are listed there.
 */
import { readCasesConfig, readNotifyConfig, readTableEnv } from '../config.ts';
import { createAwsKms } from '../crypto/aws-kms.ts';
import { keyProviderFromConfig } from '../crypto/from-config.ts';
import { createDb } from '../data/client.ts';
import { notifierFromConfig } from '../notify/from-config.ts';
import { sendDueMessages, type SendReport } from '../notify/sender.ts';
import { authSecretsReady, authSettings, useAuthSecretFetcher } from '../auth/settings.ts';
import { awsSecretFetcher } from '../secrets/aws.ts';
import { sendFollowMessages, type FollowReport } from '../follow/sender.ts';

const env = readTableEnv();
const config = readNotifyConfig();
const db = createDb({ tableName: env.TABLE_NAME, region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });
const notifier = notifierFromConfig(config, env.AWS_REGION);
// The cases key, for Decrypt only (the mobile, at send time).
const keys = keyProviderFromConfig(readCasesConfig(), { kms: createAwsKms({ region: env.AWS_REGION }) });

// The auth secret (AUTH_SECRET_ARN), read at run time: it signs the unsubscribe links of followers' messages.
useAuthSecretFetcher(awsSecretFetcher({ region: env.AWS_REGION }));
const publicOrigin = new URL(config.trackLink).origin;

export async function handler(): Promise<SendReport & { follow: FollowReport }> {
  const report = await sendDueMessages({ db, notifier, keys, trackLink: config.trackLink }, 100);
  // Followers of a centre whose status changed (functions/follow/sender.ts); their mobiles are sealed with the same key, context `follow`.
  await authSecretsReady();
  const follow = await sendFollowMessages({ db, notifier, keys, secret: () => authSettings.secret, publicOrigin }, 100);
  console.log(JSON.stringify({ notify: { notifier: notifier.id, ...report, follow } }));
  return { ...report, follow };
}

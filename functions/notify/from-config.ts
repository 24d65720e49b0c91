/**
 * The Notifier configuration names (functions/config.ts `readNotifyConfig`).
 * Provider keys come from Secrets Manager (the SDK loaded only then), read
 * on the first message and never logged.
 */
import type { NotifyConfig } from '../config.ts';
import { once, type KeyPair } from './credentials.ts';
import { createAliyunNotifier } from './aliyun.ts';
import type { Notifier } from './notifier.ts';
import { createOutboxNotifier } from './outbox.ts';
import { createSnsNotifier } from './sns.ts';
import { createTencentNotifier } from './tencent.ts';

async function keyPairFromSecret(arn: string, region: string): Promise<KeyPair> {
  const { SecretsManager } = await import('@aws-sdk/client-secrets-manager');
  const out = await new SecretsManager({ region }).getSecretValue({ SecretId: arn });
  const parsed = JSON.parse(out.SecretString ?? '{}') as Partial<KeyPair>;
  if (!parsed.id || !parsed.secret) throw new Error('the notifier secret must hold {"id", "secret"}');
  return { id: parsed.id, secret: parsed.secret };
}

export function notifierFromConfig(config: NotifyConfig, awsRegion = process.env.AWS_REGION ?? 'cn-north-1'): Notifier {
  switch (config.kind) {
    case 'outbox':
      return createOutboxNotifier(config.file);
    case 'sns':
      return createSnsNotifier({ region: config.region, ...(config.senderId ? { senderId: config.senderId } : {}) });
    case 'aliyun':
      return createAliyunNotifier({
        credentials: once(() => keyPairFromSecret(config.secretArn, awsRegion)),
        signName: config.signName,
        templates: config.templates,
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      });
    case 'tencent':
      return createTencentNotifier({
        credentials: once(() => keyPairFromSecret(config.secretArn, awsRegion)),
        sdkAppId: config.sdkAppId!,
        signName: config.signName,
        templates: config.templates,
        region: config.region,
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      });
  }
}

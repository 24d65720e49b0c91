/**
 * Amazon SNS `Publish` to a phone number, for deployments outside mainland
 * China (SNS does not send SMS from the China regions). The SDK is loaded
 * on first use, so the China bundles never load it. The text is rendered
 * from the template here: SNS has no templates.
 */
import { e164, renderMessage, type Notifier } from './notifier.ts';

export interface SnsApi {
  publish(input: {
    PhoneNumber: string;
    Message: string;
    MessageAttributes?: Record<string, { DataType: string; StringValue: string }>;
  }): Promise<{ MessageId?: string | undefined }>;
}

export interface SnsOptions {
  region: string;
  /** AWS.SNS.SMS.SenderID, where the destination allows one. */
  senderId?: string;
  /** Tests: a stand-in for the client. */
  api?: SnsApi;
}

export function createSnsNotifier(options: SnsOptions): Notifier {
  let api: Promise<SnsApi> | undefined = options.api ? Promise.resolve(options.api) : undefined;
  const client = () =>
    (api ??= import('@aws-sdk/client-sns').then(({ SNS }) => {
      const sns = new SNS({ region: options.region });
      return { publish: (input) => sns.publish(input) } satisfies SnsApi;
    }));
  return {
    id: 'sns',
    async send(message) {
      const out = await (await client()).publish({
        PhoneNumber: e164(message.to),
        Message: renderMessage(message),
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          ...(options.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: options.senderId } } : {}),
        },
      });
      if (!out.MessageId) throw new Error('sns Publish returned no MessageId');
      return { providerId: out.MessageId };
    },
  };
}

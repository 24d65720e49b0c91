/**
 * Tencent Cloud SMS (`SendSms`, API version 2021-01-11), with fetch and
 * node:crypto, no SDK. Signed with TC3-HMAC-SHA256 ("Signature v3"):
 *
 * 1. CanonicalRequest = POST \n / \n (empty query) \n canonical headers
 *    (`content-type:…\nhost:…\n`, lower-case, sorted) \n signed header
 *    names (`content-type;host`) \n hex(SHA256(body));
 * 2. StringToSign = "TC3-HMAC-SHA256" \n timestamp \n
 *    `<UTC date>/sms/tc3_request` \n hex(SHA256(CanonicalRequest));
 * 3. key = HMAC(HMAC(HMAC("TC3" + SecretKey, date), "sms"), "tc3_request");
 *    Signature = hex(HMAC-SHA256(key, StringToSign));
 * 4. Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<scope>,
 *    SignedHeaders=content-type;host, Signature=<signature>.
 */
import { createHash, createHmac } from 'node:crypto';
import { e164, orderedParams, PermanentSendFailure, type Notifier } from './notifier.ts';
import { templateId, type KeyPairSource, type TemplateIds } from './credentials.ts';

export interface TencentOptions {
  credentials: KeyPairSource;
  /** The SMS application's SdkAppId. */
  sdkAppId: string;
  signName: string;
  templates: TemplateIds;
  /** Default ap-guangzhou. */
  region?: string;
  /** Default https://sms.tencentcloudapi.com (tests: a loopback server). */
  endpoint?: string;
  now?: () => Date;
  fetch?: typeof fetch;
}

const SERVICE = 'sms';
const CONTENT_TYPE = 'application/json; charset=utf-8';
const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

/** The Authorization header for a POST of `body` to `host` at `timestamp` (seconds). */
export function tc3Authorization(input: { secretId: string; secretKey: string; host: string; body: string; timestamp: number }): string {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonicalRequest = ['POST', '/', '', `content-type:${CONTENT_TYPE}\nhost:${input.host}\n`, signedHeaders, sha256hex(input.body)].join('\n');
  const scope = `${date}/${SERVICE}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(`TC3${input.secretKey}`, date), SERVICE), 'tc3_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** Codes for which a retry cannot succeed. */
const PERMANENT = /^(InvalidParameterValue|FailedOperation\.(PhoneNumberInBlacklist|TemplateIncorrectOrUnapproved|SignatureIncorrectOrUnapproved|MissingTemplateToModify)|UnsupportedOperation)/;

export function createTencentNotifier(options: TencentOptions): Notifier {
  const endpoint = options.endpoint ?? 'https://sms.tencentcloudapi.com';
  const host = new URL(endpoint).host;
  const doFetch = options.fetch ?? fetch;
  return {
    id: 'tencent',
    async send(message) {
      const keys = await options.credentials();
      const body = JSON.stringify({
        PhoneNumberSet: [e164(message.to)],
        SmsSdkAppId: options.sdkAppId,
        SignName: options.signName,
        TemplateId: templateId(options.templates, message.template),
        TemplateParamSet: orderedParams(message),
        SessionContext: message.messageId,
      });
      const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
      const response = await doFetch(`${endpoint}/`, {
        method: 'POST',
        headers: {
          authorization: tc3Authorization({ secretId: keys.id, secretKey: keys.secret, host, body, timestamp }),
          'content-type': CONTENT_TYPE,
          host,
          'x-tc-action': 'SendSms',
          'x-tc-timestamp': String(timestamp),
          'x-tc-version': '2021-01-11',
          'x-tc-region': options.region ?? 'ap-guangzhou',
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const answer = (await response.json().catch(() => ({}))) as {
        Response?: { Error?: { Code?: string }; SendStatusSet?: Array<{ Code?: string; SerialNo?: string }> };
      };
      const error = answer.Response?.Error?.Code;
      const status = answer.Response?.SendStatusSet?.[0];
      if (!error && status?.Code === 'Ok' && status.SerialNo) return { providerId: status.SerialNo };
      const code = error ?? status?.Code ?? `HTTP ${response.status}`;
      if (PERMANENT.test(code)) throw new PermanentSendFailure(`tencent SendSms refused: ${code}`);
      throw new Error(`tencent SendSms failed: ${code}`);
    },
  };
}

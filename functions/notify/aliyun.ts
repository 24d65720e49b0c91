/**
 * Alibaba Cloud SMS (短信服务, dysmsapi `SendSms`, API version 2017-05-25),
 * with fetch and node:crypto, no SDK. RPC style, signed as the "signature
 * mechanism" documentation says (SignatureVersion 1.0):
 *
 * 1. every parameter but Signature, sorted by name; names and values
 *    percent-encoded (RFC 3986: A-Z a-z 0-9 - _ . ~ kept, space as %20);
 *    joined `name=value` with `&`: the canonicalised query string;
 * 2. StringToSign = METHOD + "&" + enc("/") + "&" + enc(canonicalised);
 * 3. Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
 *
 * Sent as a POST form body (so the mobile is not in a URL).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { PermanentSendFailure, type Notifier } from './notifier.ts';
import { templateId, type KeyPairSource, type TemplateIds } from './credentials.ts';

export interface AliyunOptions {
  credentials: KeyPairSource;
  /** 短信签名, approved with the templates. */
  signName: string;
  templates: TemplateIds;
  /** Default https://dysmsapi.aliyuncs.com (tests: a loopback server). */
  endpoint?: string;
  regionId?: string;
  now?: () => Date;
  nonce?: () => string;
  fetch?: typeof fetch;
}

/** RFC 3986 percent-encoding, as the signature mechanism requires. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function aliyunCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
}

export function aliyunSignature(method: string, params: Record<string, string>, secret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(aliyunCanonicalQuery(params))}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

/** Codes for which a retry cannot succeed (the number, the template or the signature is wrong). */
const PERMANENT = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.SMS_TEMPLATE_ILLEGAL',
  'isv.SMS_SIGNATURE_ILLEGAL',
  'isv.INVALID_PARAMETERS',
  'isv.PARAM_LENGTH_LIMIT',
  'isv.BLACK_KEY_CONTROL_LIMIT',
]);

export function createAliyunNotifier(options: AliyunOptions): Notifier {
  const endpoint = options.endpoint ?? 'https://dysmsapi.aliyuncs.com';
  const doFetch = options.fetch ?? fetch;
  return {
    id: 'aliyun',
    async send(message) {
      const keys = await options.credentials();
      const params: Record<string, string> = {
        AccessKeyId: keys.id,
        Action: 'SendSms',
        Format: 'JSON',
        OutId: message.messageId,
        PhoneNumbers: message.to,
        RegionId: options.regionId ?? 'cn-hangzhou',
        SignName: options.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: options.nonce?.() ?? randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: templateId(options.templates, message.template),
        TemplateParam: JSON.stringify(message.params),
        Timestamp: (options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      };
      const body = `Signature=${percentEncode(aliyunSignature('POST', params, keys.secret))}&${aliyunCanonicalQuery(params)}`;
      const response = await doFetch(`${endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const answer = (await response.json().catch(() => ({}))) as { Code?: string; BizId?: string; RequestId?: string };
      if (answer.Code === 'OK' && answer.BizId) return { providerId: answer.BizId };
      const code = answer.Code ?? `HTTP ${response.status}`;
      // The code only: the answer's message may echo the number.
      if (PERMANENT.has(code)) throw new PermanentSendFailure(`aliyun SendSms refused: ${code}`);
      throw new Error(`aliyun SendSms failed: ${code}`);
    },
  };
}

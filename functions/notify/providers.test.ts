/**
 * The SMS providers' adapters against a loopback server standing in for the
 * provider: method, path, the parameters the API requires, and the signature
 * computed here again, independently, from each vendor's documented steps.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAliyunNotifier } from './aliyun.ts';
import { createTencentNotifier } from './tencent.ts';
import { createSnsNotifier, type SnsApi } from './sns.ts';
import { PermanentSendFailure, type Message } from './notifier.ts';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
let reply: (req: Seen) => unknown = () => ({});

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const s = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply(s)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const message: Message = {
  to: '13812345678',
  template: 'case_accepted',
  params: { caseNumber: '2611-3852-0917-5', department: '信阳市教育局', link: 'https://shouhu.example.cn/track/' },
  messageId: 'CASE#2611-3852-0917-5#MSG#0003',
};
const at = new Date('2026-11-20T08:30:15.123Z');
const keys = { id: 'test-key-id', secret: 'test-key-secret' };

describe('Alibaba Cloud SMS (dysmsapi SendSms, HMAC-SHA1 RPC signature)', () => {
  // RFC 3986, as the signature mechanism documents (space %20, * %2A, ~ kept).
  const enc = (s: string) => encodeURIComponent(s).replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~').replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

  it('posts the documented parameters, signed as documented', async () => {
    reply = () => ({ Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: 'r1' });
    seen.length = 0;
    const notifier = createAliyunNotifier({ credentials: async () => keys, signName: '守护', templates: { case_accepted: 'SMS_465' }, endpoint: base, now: () => at, nonce: () => 'nonce-1' });
    const out = await notifier.send(message);
    expect(out.providerId).toBe('900619746936498440^0');
    const [req] = seen;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/');
    const params = Object.fromEntries(new URLSearchParams(req!.body));
    expect(params).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      Format: 'JSON',
      AccessKeyId: 'test-key-id',
      PhoneNumbers: '13812345678',
      SignName: '守护',
      TemplateCode: 'SMS_465',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'nonce-1',
      Timestamp: '2026-11-20T08:30:15Z',
    });
    expect(JSON.parse(params.TemplateParam!)).toEqual(message.params);
    // The signature, from the documented steps.
    const { Signature, ...rest } = params;
    const canonical = Object.keys(rest).sort().map((k) => `${enc(k)}=${enc(rest[k]!)}`).join('&');
    const stringToSign = `POST&${enc('/')}&${enc(canonical)}`;
    expect(Signature).toBe(createHmac('sha1', 'test-key-secret&').update(stringToSign, 'utf8').digest('base64'));
    // The secret itself never travels.
    expect(req!.body).not.toContain('test-key-secret');
  });

  it('a refusal that cannot succeed on retry is permanent; a throttle is not', async () => {
    const notifier = createAliyunNotifier({ credentials: async () => keys, signName: '守护', templates: { case_accepted: 'SMS_465' }, endpoint: base });
    reply = () => ({ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: 'bad number 13812345678' });
    const permanent = await notifier.send(message).catch((e: unknown) => e);
    expect(permanent).toBeInstanceOf(PermanentSendFailure);
    expect(String(permanent)).not.toContain('13812345678');
    reply = () => ({ Code: 'isv.BUSINESS_LIMIT_CONTROL' });
    const transient = await notifier.send(message).catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(Error);
    expect(transient).not.toBeInstanceOf(PermanentSendFailure);
  });
});

describe('Tencent Cloud SMS (SendSms 2021-01-11, TC3-HMAC-SHA256)', () => {
  it('posts the documented JSON body and headers, signed as documented', async () => {
    reply = () => ({ Response: { SendStatusSet: [{ Code: 'Ok', SerialNo: '2645:1234', PhoneNumber: '+8613812345678' }], RequestId: 'r2' } });
    seen.length = 0;
    const notifier = createTencentNotifier({ credentials: async () => keys, sdkAppId: '1400000001', signName: '守护', templates: { case_accepted: '449739' }, endpoint: base, now: () => at });
    const out = await notifier.send(message);
    expect(out.providerId).toBe('2645:1234');
    const [req] = seen;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/');
    expect(req!.headers['x-tc-action']).toBe('SendSms');
    expect(req!.headers['x-tc-version']).toBe('2021-01-11');
    expect(req!.headers['x-tc-region']).toBe('ap-guangzhou');
    const timestamp = Math.floor(at.getTime() / 1000);
    expect(req!.headers['x-tc-timestamp']).toBe(String(timestamp));
    const body = JSON.parse(req!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      PhoneNumberSet: ['+8613812345678'],
      SmsSdkAppId: '1400000001',
      SignName: '守护',
      TemplateId: '449739',
      TemplateParamSet: ['2611-3852-0917-5', '信阳市教育局', 'https://shouhu.example.cn/track/'],
    });
    // The signature, from the documented steps.
    const host = new URL(base).host;
    const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
    const canonicalRequest = `POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:${host}\n\ncontent-type;host\n${sha(req!.body)}`;
    const date = '2026-11-20';
    const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${sha(canonicalRequest)}`;
    const kDate = createHmac('sha256', 'TC3test-key-secret').update(date).digest();
    const kService = createHmac('sha256', kDate).update('sms').digest();
    const kSigning = createHmac('sha256', kService).update('tc3_request').digest();
    const signature = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
    expect(req!.headers.authorization).toBe(`TC3-HMAC-SHA256 Credential=test-key-id/${date}/sms/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`);
  });

  it('an error answer is an error; an unapproved template is permanent', async () => {
    const notifier = createTencentNotifier({ credentials: async () => keys, sdkAppId: '1400000001', signName: '守护', templates: { case_accepted: '449739' }, endpoint: base });
    reply = () => ({ Response: { Error: { Code: 'FailedOperation.TemplateIncorrectOrUnapproved', Message: 'x' } } });
    await expect(notifier.send(message)).rejects.toBeInstanceOf(PermanentSendFailure);
    reply = () => ({ Response: { Error: { Code: 'InternalError.Timeout' } } });
    const e = await notifier.send(message).catch((x: unknown) => x);
    expect(e).not.toBeInstanceOf(PermanentSendFailure);
  });
});

describe('Amazon SNS Publish', () => {
  it('publishes the rendered text to the number in E.164, as a transactional SMS', async () => {
    const calls: Parameters<SnsApi['publish']>[0][] = [];
    const notifier = createSnsNotifier({ region: 'ap-southeast-1', api: { publish: async (input) => (calls.push(input), { MessageId: 'm-1' }) } });
    expect(await notifier.send(message)).toEqual({ providerId: 'm-1' });
    expect(calls[0]!.PhoneNumber).toBe('+8613812345678');
    expect(calls[0]!.Message).toContain('2611-3852-0917-5');
    expect(calls[0]!.Message).toContain('https://shouhu.example.cn/track/');
    expect(calls[0]!.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
  });
});

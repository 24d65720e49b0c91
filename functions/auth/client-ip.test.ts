import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { readAuthConfig, type ClientIpSource } from '../config.ts';
import { clientAddress, clientNetwork } from './client-ip.ts';

describe('clientNetwork', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['unknown', 'unknown'],
  ])('%s → %s', (address, network) => {
    expect(clientNetwork(address)).toBe(network);
  });
});

describe('clientAddress', () => {
  const CLOUDFRONT = '130.176.1.10';
  const addressOf = async (source: ClientIpSource, headers: Record<string, string>) => {
    const app = new Hono().get('/', (c) => c.text(clientAddress(c, source)));
    const res = await app.request('/', { headers }, { requestContext: { identity: { sourceIp: CLOUDFRONT } } });
    return res.text();
  };

  it('reads the viewer from the header CloudFront sets (global), "ip:port" for IPv4 and IPv6', async () => {
    const source = { kind: 'header', name: 'cloudfront-viewer-address' } as const;
    expect(await addressOf(source, { 'cloudfront-viewer-address': '203.0.113.9:51234' })).toBe('203.0.113.9');
    expect(await addressOf(source, { 'cloudfront-viewer-address': '2001:db8:1:2::9:51234' })).toBe('2001:db8:1:2::9');
  });

  it('takes the n-th X-Forwarded-For entry from the right, so entries a client wrote itself are ignored (China)', async () => {
    const source = { kind: 'xff', fromRight: 2 } as const;
    expect(await addressOf(source, { 'x-forwarded-for': `203.0.113.9, ${CLOUDFRONT}` })).toBe('203.0.113.9');
    expect(await addressOf(source, { 'x-forwarded-for': `198.51.100.66, 192.0.2.1, 203.0.113.9, ${CLOUDFRONT}` })).toBe('203.0.113.9');
  });

  it('falls back to the connection when the header is missing or XFF is too short', async () => {
    expect(await addressOf({ kind: 'header', name: 'cloudfront-viewer-address' }, {})).toBe(CLOUDFRONT);
    expect(await addressOf({ kind: 'xff', fromRight: 2 }, { 'x-forwarded-for': CLOUDFRONT })).toBe(CLOUDFRONT);
  });

  it('never trusts headers with the default source', async () => {
    expect(await addressOf({ kind: 'connection' }, { 'x-forwarded-for': '198.51.100.66', 'cloudfront-viewer-address': '198.51.100.66:1' })).toBe(CLOUDFRONT);
  });
});

describe('CLIENT_IP_SOURCE', () => {
  const source = (value?: string) => readAuthConfig(value === undefined ? {} : { CLIENT_IP_SOURCE: value }).clientIpSource;
  it('parses each form', () => {
    expect(source()).toEqual({ kind: 'connection' });
    expect(source('header:CloudFront-Viewer-Address')).toEqual({ kind: 'header', name: 'cloudfront-viewer-address' });
    expect(source('xff:2')).toEqual({ kind: 'xff', fromRight: 2 });
  });
  it.each(['xff:0', 'xff:', 'header:', 'forwarded', 'header:a b'])('refuses %j', (value) => {
    expect(() => source(value)).toThrow(/CLIENT_IP_SOURCE/);
  });
});

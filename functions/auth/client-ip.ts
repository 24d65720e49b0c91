/**
 * The client's address, for rate limits and the audit log (always through
 * `keyFor`, never stored in plain text).
 *
 * Where it comes from, in order:
 * 1. CLIENT_IP_HEADER, when configured: the header our CDN sets
 *    (CloudFront: `cloudfront-viewer-address`, "ip:port"). Only configure it
 *    when the API cannot be reached except through that CDN, or anyone can
 *    choose their own address.
 * 2. Lambda behind API Gateway: the request context's source IP.
 * 3. Node (npm start): the socket's remote address.
 * X-Forwarded-For is never trusted: its first entry is whatever the client wrote.
 */
import type { Context } from 'hono';
import { isIP } from 'node:net';
import { keyFor } from './keys.ts';
import { authSettings } from './settings.ts';

interface PlatformEnv {
  requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } };
  incoming?: { socket?: { remoteAddress?: string } };
}

function fromHeader(value: string, header: string): string {
  const first = value.split(',')[0]!.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(first);
  if (bracketed) return bracketed[1]!;
  if (isIP(first)) return first;
  // "ip:port", as CloudFront writes it (for IPv6 too, without brackets).
  if (header === 'cloudfront-viewer-address' || /^[\d.]+:\d+$/.test(first)) return first.replace(/:\d+$/, '');
  return first;
}

export function clientAddress(c: Context): string {
  const header = authSettings.clientIpHeader;
  if (header) {
    const value = c.req.header(header);
    if (value) return fromHeader(value, header);
  }
  const env = (c.env ?? {}) as PlatformEnv;
  return env.requestContext?.http?.sourceIp ?? env.requestContext?.identity?.sourceIp ?? env.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Expands an IPv6 address to its eight groups; undefined when it is not one. */
function ipv6Groups(address: string): string[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.split('%')[0]!;
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const front = head ? head.split(':') : [];
  if (tail === undefined) return front;
  const back = tail ? tail.split(':') : [];
  return [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
}

/**
 * The network a client address stands for: an IPv4 address itself (an
 * IPv4-mapped IPv6 address included), an IPv6 address's /64, since one
 * household or phone is handed a whole /64 and could otherwise rotate
 * through it to escape a limit.
 */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const groups = ipv6Groups(address);
  if (!groups) return address;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/** The keyed hash of the client's network: what rate limits and the audit log use. */
export function clientKey(c: Context): string {
  return keyFor('ip', clientNetwork(clientAddress(c)));
}

/**
 * The client's address, for rate limits and the audit log (always through
 * `keyFor`, never stored in plain text).
 *
 * Where it comes from is CLIENT_IP_SOURCE (functions/config.ts):
 * - `connection` (default): API Gateway's source IP in Lambda, the socket's
 *   remote address on Node (npm start).
 * - `header:<name>`: a header the CDN sets, e.g. CloudFront's
 *   `cloudfront-viewer-address` ("ip:port", IPv6 without brackets).
 * - `xff:<n>`: the n-th X-Forwarded-For entry counted from the right. Each
 *   proxy appends the address it was called from, so entries on the right
 *   were written by our own infrastructure and entries on the left by the
 *   client: CloudFront appends the viewer, API Gateway REST then appends
 *   CloudFront, so the viewer is `xff:2` there.
 * Anything but `connection` is only safe when the API cannot be reached
 * except through the CDN (the origin lock), or anyone could choose their own
 * address. When the configured header is missing (or XFF is too short), the
 * connection's address is used.
 */
import type { Context } from 'hono';
import { isIP } from 'node:net';
import type { ClientIpSource } from '../config.ts';
import { keyFor } from './keys.ts';
import { authSettings } from './settings.ts';

interface PlatformEnv {
  requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } };
  incoming?: { socket?: { remoteAddress?: string } };
}

/** An address as a proxy writes it: bare, "[v6]:port", "v4:port", or CloudFront's "v6:port". */
function bareAddress(entry: string, portAlways: boolean): string {
  const value = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  if (isIP(value)) return value;
  if (portAlways || /^[\d.]+:\d+$/.test(value)) return value.replace(/:\d+$/, '');
  return value;
}

function fromSource(c: Context, source: ClientIpSource): string | undefined {
  if (source.kind === 'header') {
    const value = c.req.header(source.name);
    return value ? bareAddress(value.split(',')[0]!, source.name === 'cloudfront-viewer-address') : undefined;
  }
  if (source.kind === 'xff') {
    const entries = (c.req.header('x-forwarded-for') ?? '').split(',').map((e) => e.trim()).filter(Boolean);
    const entry = entries[entries.length - source.fromRight];
    return entry ? bareAddress(entry, false) : undefined;
  }
  return undefined;
}

export function clientAddress(c: Context, source: ClientIpSource = authSettings.clientIpSource): string {
  const configured = fromSource(c, source);
  if (configured) return configured;
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

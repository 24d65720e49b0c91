/**
 * What makes two submissions "the same" for idempotency: an HMAC (server
 * secret) of the validated body in canonical JSON (keys sorted), with what
 * was submitted. Never a plain hash: the body holds a phone number, which a
 * plain hash would let anyone with the table brute-force.
 */
import { createHmac } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function submissionFingerprint(secret: string, scope: string, body: unknown): string {
  return createHmac('sha256', secret).update(`idempotency\u0000${scope}\u0000${canonicalJson(body)}`).digest('hex');
}

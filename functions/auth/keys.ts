/**
 * Tokens, hashes and keyed hashes for sign-in. Session tokens are random;
 * the table stores only their SHA-256. Keys derived from client addresses
 * and usernames are HMAC-SHA-256 with the server secret, so the table never
 * holds either in plain text and the keys cannot be reversed by guessing.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { authSettings } from './settings.ts';

/** A new session or CSRF token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** HMAC-SHA-256 of a value for one purpose (`ip`, `user`, ...), hex. Different purposes never share keys. */
export function keyFor(purpose: string, value: string, secret: string = authSettings.secret): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${value}`).digest('hex');
}

/** Compares two strings in constant time (hashing first, so their lengths do not leak either). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

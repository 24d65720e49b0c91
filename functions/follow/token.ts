/**
 * The unsubscribe link's token: `<institution id>.<16 hex of the follower's
 * mobile key>.<22 hex of an HMAC over both>`, short enough for a text
 * message. It names one subscription without holding the mobile (the mobile
 * key is itself a keyed hash), cannot be forged without the server secret,
 * and needs no sign-in. It does not expire: a link in a message must keep
 * working for as long as messages may come (a removed subscription answers
 * "stopped" all the same). A rotated secret is accepted through the previous
 * one (AWSPREVIOUS), as the other keyed hashes are.
 */
import { keyFor, safeEqual } from '../auth/keys.ts';

export const MOBILE_KEY_PREFIX = 16;
const MAC_LENGTH = 22;
const TOKEN = /^([a-z0-9-]{3,64})\.([0-9a-f]{16})\.([0-9a-f]{22})$/;

/** The keyed hash of a follower's mobile (hex), as the subscription is keyed. */
export const followMobileKey = (mobile: string, secret: string) => keyFor('follow-mobile', mobile.trim(), secret);

const mac = (institutionId: string, mobileKey: string, secret: string) => keyFor('follow-stop', `${institutionId}\u0000${mobileKey}`, secret).slice(0, MAC_LENGTH);

export function unsubscribeToken(institutionId: string, mobileKey: string, secret: string): string {
  return `${institutionId}.${mobileKey.slice(0, MOBILE_KEY_PREFIX)}.${mac(institutionId, mobileKey, secret)}`;
}

export interface ParsedToken {
  institutionId: string;
  /** The first 16 hex digits of the mobile key: the subscription's key begins with them. */
  keyPrefix: string;
  token: string;
}

/** The token's parts when it is well formed, else null (the signature is checked against a stored key: `tokenMatches`). */
export function parseUnsubscribeToken(token: string): ParsedToken | null {
  const m = TOKEN.exec(token.trim());
  return m ? { institutionId: m[1]!, keyPrefix: m[2]!, token: token.trim() } : null;
}

/** Whether the token was made for this subscription, with the current secret or the previous one. */
export function tokenMatches(token: string, institutionId: string, mobileKey: string, secrets: readonly (string | undefined)[]): boolean {
  return secrets.some((secret) => !!secret && safeEqual(token, unsubscribeToken(institutionId, mobileKey, secret)));
}

import { describe, expect, it } from 'vitest';
import { followMobileKey, parseUnsubscribeToken, tokenMatches, unsubscribeToken } from './token.ts';

const secret = 'a-test-secret-of-enough-length-0123456789';
const other = 'another-secret-of-enough-length-987654321';

describe('unsubscribe tokens', () => {
  const key = followMobileKey('13812345678', secret);

  it('name one subscription, short enough for a text message, and hold no mobile', () => {
    const token = unsubscribeToken('xy000001', key, secret);
    expect(token.length).toBeLessThanOrEqual(64);
    expect(token).not.toContain('13812345678');
    expect(parseUnsubscribeToken(token)).toEqual({ institutionId: 'xy000001', keyPrefix: key.slice(0, 16), token });
    expect(tokenMatches(token, 'xy000001', key, [secret])).toBe(true);
  });

  it('do not match another centre, another mobile, or a forged signature', () => {
    const token = unsubscribeToken('xy000001', key, secret);
    expect(tokenMatches(token, 'xy000002', key, [secret])).toBe(false);
    expect(tokenMatches(token, 'xy000001', followMobileKey('13900000000', secret), [secret])).toBe(false);
    const forged = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    expect(tokenMatches(forged, 'xy000001', key, [secret])).toBe(false);
    expect(tokenMatches(token, 'xy000001', key, [other])).toBe(false);
  });

  it('still work after the secret rotates (checked with the previous one)', () => {
    const token = unsubscribeToken('xy000001', key, secret);
    expect(tokenMatches(token, 'xy000001', key, [other, secret])).toBe(true);
    expect(tokenMatches(token, 'xy000001', key, [other, undefined])).toBe(false);
  });

  it('refuse what is not well formed', () => {
    for (const bad of ['', 'xy000001', 'XY.0123456789abcdef.0123456789abcdef012345', 'xy000001.0123.0123456789abcdef012345', 'xy000001.0123456789abcdef.zz23456789abcdef012345']) {
      expect(parseUnsubscribeToken(bad), bad).toBeNull();
    }
  });
});

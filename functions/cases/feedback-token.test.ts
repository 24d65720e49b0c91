import { describe, expect, it } from 'vitest';
import { FEEDBACK_TOKEN_SECONDS, feedbackToken, verifyFeedbackToken } from './feedback-token.ts';

const secret = 'test-secret-test-secret-test-secret!';
const now = new Date('2026-11-25T02:00:00Z');

describe("the feedback form's pass", () => {
  it('lets its holder give feedback on that case only, for two hours', () => {
    const token = feedbackToken(secret, '261112345678', now);
    expect(verifyFeedbackToken(secret, '261112345678', token, now)).toBe(true);
    expect(verifyFeedbackToken(secret, '261112345679', token, now)).toBe(false);
    expect(verifyFeedbackToken(secret, '261112345678', token, new Date(now.getTime() + FEEDBACK_TOKEN_SECONDS * 1000 - 1000))).toBe(true);
    expect(verifyFeedbackToken(secret, '261112345678', token, new Date(now.getTime() + FEEDBACK_TOKEN_SECONDS * 1000))).toBe(false);
  });

  it('refuses a token signed with another secret, tampered with, or malformed', () => {
    const token = feedbackToken(secret, '261112345678', now);
    expect(verifyFeedbackToken('another-secret-another-secret-another', '261112345678', token, now)).toBe(false);
    const [exp, mac] = token.split('.');
    expect(verifyFeedbackToken(secret, '261112345678', `${Number(exp) + 3600}.${mac}`, now)).toBe(false);
    expect(verifyFeedbackToken(secret, '261112345678', 'nonsense', now)).toBe(false);
    expect(verifyFeedbackToken(secret, '261112345678', '', now)).toBe(false);
  });
});

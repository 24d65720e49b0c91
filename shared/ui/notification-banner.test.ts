import { describe, expect, it } from 'vitest';
import { html } from './html.ts';
import { notificationBanner } from './notification-banner.ts';

describe('notificationBanner', () => {
  it('starts empty and hidden, announced politely and focusable by the script that shows it', () => {
    expect(String(notificationBanner({ id: 'b' }))).toBe('<div class="notification-banner" id="b" role="status" tabindex="-1" hidden></div>');
  });

  it('is red for an error, and quiet when its section takes the focus', () => {
    expect(String(notificationBanner({ id: 'e', error: true, announce: false, content: html`<p>x</p>` }))).toBe('<div class="notification-banner notification-banner--error" id="e" hidden><p>x</p></div>');
  });

  it('escapes text it is given', () => {
    expect(String(notificationBanner({ id: 'b', content: '<b>', shown: true }))).toBe('<div class="notification-banner" id="b" role="status" tabindex="-1">&lt;b&gt;</div>');
  });
});

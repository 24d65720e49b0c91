/**
 * A notification banner of the staff console (GOV.UK's pattern): a box that
 * says what just happened (saved, published, a record not found), green, or
 * red for an error. Empty and hidden until a page's script fills, shows and
 * focuses it (`tabindex="-1"`); announced politely (`role="status"`) unless
 * it is read as part of a section that takes the focus itself (`announce: false`).
 *
 * CSS: site/src/styles/admin.css (.notification-banner).
 */
import { flag, html, type Child, type SafeHtml } from './html.ts';

export interface NotificationBannerOptions {
  id: string;
  /** Red: something went wrong. */
  error?: boolean;
  /** What it holds at first (most banners start empty). */
  content?: Child;
  /** Shown from the start (default: hidden until the script shows it). */
  shown?: boolean;
  /** `role="status"` and focusable by script (default true). */
  announce?: boolean;
}

export function notificationBanner(o: NotificationBannerOptions): SafeHtml {
  const announce = o.announce ?? true;
  return html`<div class="notification-banner${o.error ? ' notification-banner--error' : ''}" id="${o.id}"${flag('role="status" tabindex="-1"', announce)}${flag('hidden', !o.shown)}>${o.content}</div>`;
}

/**
 * Where to go when this service is the wrong place: an emergency number to
 * call now, first on the page (the complaint form, the home page, a receipt
 * for harm to a child).
 *
 * CSS: site/src/styles/global.css (.emergency-box).
 */
import { t } from '../i18n/zh-CN.ts';
import { html, type SafeHtml } from './html.ts';

export interface EmergencyBoxOptions {
  heading?: string;
  text?: string;
  /** The number to dial, as a tel: link. */
  phone?: string;
  callLabel?: string;
  /** Extra classes (a page's placement). */
  className?: string;
}

export function emergencyBox(o: EmergencyBoxOptions = {}): SafeHtml {
  const e = t.cases.form;
  return html`<section class="emergency-box${o.className ? ` ${o.className}` : ''}" aria-labelledby="emergency-heading">
  <h2 class="emergency-box__heading" id="emergency-heading">${o.heading ?? e.emergencyHeading}</h2>
  <p class="emergency-box__text">${o.text ?? e.emergencyText}</p>
  <a class="button button--warning" href="tel:${o.phone ?? '110'}">${o.callLabel ?? e.emergencyCall}</a>
</section>`;
}

/**
 * The "follow" section of a centre's public page (functions/publish/render-institution.ts):
 * the no-JavaScript form that starts a text-message follow (POST /follow/,
 * functions/routes/follow-pages.ts) and the links to the centre's and the
 * district's Atom feeds (functions/publish/feeds.ts).
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import * as t from '#shared/i18n/zh-CN/index.ts';
// The served jurisdiction's districts as plain data: this module does not load or parse the jurisdiction.
import { districtName } from '#shared/jurisdiction/districts.ts';
import type { Institution } from '#shared/schemas/institution.ts';
import { centreFeedPath, districtFeedPath } from '../publish/feed-paths.ts';
import { FOLLOW_PATH } from './paths.ts';

const s = t.subscriptions;
export { FOLLOW_PATH } from './paths.ts';

export function followSection(inst: Pick<Institution, 'id' | 'name' | 'districtCode'>): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<section class="follow" aria-labelledby="follow-heading">
  <h2 id="follow-heading">${s.heading}</h2>
  <p>${s.lead}</p>
  <form class="case-form follow__form" action="${FOLLOW_PATH}" method="post" accept-charset="utf-8" novalidate>
    <input type="hidden" name="institution" value="${inst.id}" />
    <div class="form-group">
      <label class="label" for="follow-mobile">${s.mobile}</label>
      <p class="hint" id="follow-mobile-hint">${s.mobileHint}</p>
      <input class="input input--medium" id="follow-mobile" name="mobile" type="tel" inputmode="numeric" autocomplete="tel-national" maxlength="20" aria-describedby="follow-mobile-hint" />
    </div>
    <button class="button button--secondary" type="submit">${s.send}</button>
  </form>
  <p class="hint">${s.privacy}</p>
  <h3>${s.feedsHeading}</h3>
  <p>${s.feedsLead}</p>
  <ul class="list">
    <li><a href="${centreFeedPath(inst.id)}" type="application/atom+xml">${s.centreFeed(inst.name)}</a></li>
    <li><a href="${districtFeedPath(inst.districtCode)}" type="application/atom+xml">${s.districtFeed(districtName(inst.districtCode) ?? inst.districtCode)}</a></li>
  </ul>
</section>`;
}

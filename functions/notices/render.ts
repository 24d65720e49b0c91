/**
 * The public pages of safety notices as HTML for the notices page shell
 * (site/src/pages/notices/shell/), and the notices part of the home page.
 * Every value is escaped by hono/html; a notice's body is the sanitised
 * HTML of functions/notices/markdown.ts, the only thing put in raw.
 *
 * Addresses (all static files, written by functions/publish/notices.ts):
 *   /notices/                                       every visible notice
 *   /notices/<slug>/                                one notice
 *   /notices/topics/<topic>/                        by topic
 *   /notices/districts/<code>/                      by district (city-wide ones included)
 *   /notices/districts/<code>/topics/<topic>/       by district and topic
 *   /notices/districts/<code>/categories/<category>/  for institutions of a kind in a district (linked from their pages)
 *   /notices/feed.xml, /notices/topics/<topic>/feed.xml   Atom feeds
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import * as t from '#shared/i18n/zh-CN/index.ts';
// The served jurisdiction's districts as plain data: this module does not load or parse the jurisdiction.
import { districtName, servedDistricts } from '#shared/jurisdiction/districts.ts';
import type { NoticeContent } from '#shared/schemas/guidance.ts';
import { InstitutionCategories, NoticeTopics, type NoticeTopic } from '#shared/vocabulary.ts';
// formatTime of the institution pages (functions/publish/render-institution.ts) is this: imported here without that page's renderer.
import { beijingDateTime as formatTime } from '#shared/rules/beijing-time.ts';
import { feedPath, listPath, noticePath, topicPath } from './paths.ts';
import { districtFeedPath } from '../publish/feed-paths.ts';

export { feedPath, institutionNoticesJsonPath, institutionNoticesPath, listPath, noticePath, topicPath } from './paths.ts';

const n = t.notices;
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A notice as the public sees it: the live copy of a visible notice. */
export interface PublicNotice {
  slug: string;
  content: NoticeContent;
  /** When it went public. */
  visibleFrom: string;
  /** When this revision was published (later than visibleFrom after a correction). */
  publishedAt: string;
  /** The sanitised HTML of its body. */
  bodyHtml: string;
}

/** The districts a notice concerns, in words. */
export const districtsText = (content: Pick<NoticeContent, 'districtCodes'>) =>
  content.districtCodes.length ? content.districtCodes.map((code) => districtName(code) ?? code).join('、') : n.wholeCity;
const categoriesText = (content: Pick<NoticeContent, 'categories'>) =>
  content.categories.length ? content.categories.map((c) => InstitutionCategories.label(c)).join('、') : n.allCategories;
const day = (iso: string) => formatTime(iso).slice(0, 10);

/** Pinned first, then the newest. */
export function byPinnedThenNewest(a: PublicNotice, b: PublicNotice): number {
  if (a.content.pinned !== b.content.pinned) return a.content.pinned ? -1 : 1;
  return b.visibleFrom.localeCompare(a.visibleFrom) || a.slug.localeCompare(b.slug);
}

const pinnedTag = (notice: PublicNotice) => (notice.content.pinned ? html`<strong class="tag">${n.pinned}</strong> ` : '');

function listItem(notice: PublicNotice): Html {
  const c = notice.content;
  return html`<li class="search-result notice-item">
  <h3 class="search-result__name"><a href="${noticePath(notice.slug)}">${c.title}</a></h3>
  <p class="notice-item__meta">${pinnedTag(notice)}<a href="${topicPath(c.topic)}">${NoticeTopics.label(c.topic)}</a> · ${districtsText(c)} · <time datetime="${notice.visibleFrom}">${day(notice.visibleFrom)}</time></p>
  <p>${c.summary}</p>
</li>`;
}

function filterLinks(label: string, id: string, links: Array<{ href: string; text: string; current: boolean }>): Html {
  return html`<div class="notice-filter">
  <h2 class="notice-filter__heading" id="${id}">${label}</h2>
  <ul class="notice-filter__list" aria-labelledby="${id}">
    ${links.map((l) => html`<li><a class="notice-filter__link" href="${l.href}"${l.current ? raw(' aria-current="page"') : ''}>${l.text}</a></li>`)}
  </ul>
</div>`;
}

export interface ListPage {
  title: string;
  lead: string;
  notices: PublicNotice[];
  /** The filter this page shows; undefined: the whole list. Institution pages' lists have none. */
  filter?: { topic?: NoticeTopic | undefined; districtCode?: string | undefined };
}

/** A list of notices, with links to narrow it by topic and by district (each a static page). */
export function renderNoticeList(page: ListPage): Html {
  const { filter } = page;
  const feedTopic = filter?.topic && !filter.districtCode ? filter.topic : undefined;
  return html`<div class="notices">
  <h1 class="heading-l">${page.title}</h1>
  <p class="lead">${page.lead}</p>
  ${filter
    ? html`<nav class="notice-filters" aria-label="${n.filterHeading}">
  ${filterLinks(n.byTopic, 'filter-topic', [
    { href: listPath({ districtCode: filter.districtCode }), text: n.allTopics, current: !filter.topic },
    ...NoticeTopics.entries.map((e) => ({ href: listPath({ topic: e.key, districtCode: filter.districtCode }), text: e.label, current: filter.topic === e.key })),
  ])}
  ${filterLinks(n.byDistrict, 'filter-district', [
    { href: listPath({ topic: filter.topic }), text: n.allDistricts, current: !filter.districtCode },
    ...servedDistricts.map((d) => ({ href: listPath({ topic: filter.topic, districtCode: d.code }), text: d.name, current: filter.districtCode === d.code })),
  ])}
</nav>`
    : ''}
  <section aria-labelledby="notice-list-heading">
    <h2 class="heading-m" id="notice-list-heading">${n.allHeading}（${page.notices.length}）</h2>
    ${page.notices.length
      ? html`<ol class="search-results__list notice-list">${page.notices.map(listItem)}</ol>`
      : html`<p>${filter && !filter.topic && !filter.districtCode ? n.none : n.noneHere}</p>`}
  </section>
  <p class="notice-feed"><a href="${feedPath(feedTopic)}" type="application/atom+xml">${feedTopic ? n.topicFeed(NoticeTopics.label(feedTopic)) : n.feed}</a> <span class="hint">${n.feedHint}</span></p>
  ${filter?.districtCode && !filter.topic ? districtRegistryFeed(filter.districtCode) : ''}
</div>`;
}

/** A district's page also offers its centres' changes (functions/publish/feeds.ts). */
function districtRegistryFeed(code: string): Html {
  return html`<p class="notice-feed"><a href="${districtFeedPath(code)}" type="application/atom+xml">${t.subscriptions.districtFeed(districtName(code) ?? code)}</a></p>`;
}

/** The same, for the page's head. */
export function districtRegistryFeedHead(code: string): string {
  return String(html`<link rel="alternate" type="application/atom+xml" title="${t.subscriptions.districtFeed(districtName(code) ?? code)}" href="${districtFeedPath(code)}">`);
}

/** One notice's page. */
export function renderNoticePage(notice: PublicNotice): Html {
  const c = notice.content;
  const row = (label: string, value: unknown) => html`<div class="summary-list__row"><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<article class="notice" aria-labelledby="notice-title">
  <p class="notice__topic">${pinnedTag(notice)}<a href="${topicPath(c.topic)}">${NoticeTopics.label(c.topic)}</a></p>
  <h1 class="heading-l" id="notice-title">${c.title}</h1>
  <p class="lead">${c.summary}</p>
  <dl class="summary-list">
    ${row(n.publishedOn, html`<time datetime="${notice.visibleFrom}">${formatTime(notice.visibleFrom)}</time>`)}
    ${row(n.districts, districtsText(c))}
    ${row(n.categories, categoriesText(c))}
    ${c.expiresAt ? row(n.expiresOn, html`<time datetime="${c.expiresAt}">${formatTime(c.expiresAt)}</time>`) : ''}
  </dl>
  <div class="prose notice__body">${raw(notice.bodyHtml)}</div>
  <div class="inset-text"><p>${n.report}<a href="/complaints/new/?kind=safety_hazard">${n.reportLink}</a></p></div>
  <p><a href="/notices/">${n.backToList}</a></p>
</article>`;
}

/** What stays at a notice's address once it has expired or been taken down. */
export function renderGonePage(): Html {
  return html`<div class="prose">
  <h1 class="heading-l">${n.gone.title}</h1>
  <p>${n.gone.text}</p>
  <p><a href="/notices/">${n.backToList}</a></p>
</div>`;
}

/** The home page's notices: the pinned ones, then the latest, and a link to all. */
export function renderHomeNotices(notices: PublicNotice[], options: { pinned?: number; latest?: number } = {}): Html {
  const pinned = notices.filter((x) => x.content.pinned).slice(0, options.pinned ?? 3);
  const latest = notices.filter((x) => !x.content.pinned).slice(0, options.latest ?? 5);
  const item = (notice: PublicNotice) =>
    html`<li>${pinnedTag(notice)}<a href="${noticePath(notice.slug)}">${notice.content.title}</a> <span class="hint">${NoticeTopics.label(notice.content.topic)} · <time datetime="${notice.visibleFrom}">${day(notice.visibleFrom)}</time></span></li>`;
  return html`${pinned.length || latest.length
    ? html`<ul class="list list--bullet home-notices__list">${[...pinned, ...latest].map(item)}</ul>`
    : html`<p>${n.none}</p>`}
<p><a href="/notices/">${n.seeAll}</a></p>`;
}

/**
 * 查机构 without JavaScript: `GET /institutions/search/?q=&district=&category=&status=&page=`
 * answers the search form of /institutions/ with a page rendered here, in the
 * published page shell (the site's header, footer and stylesheet), every
 * value escaped by hono/html. It runs the same search as `GET /api/institutions`
 * (`c.var.search`) and says the same words as the site's form (`t.institution.search`).
 *
 * Mounted at `/institutions` by functions/app.ts, outside `/api`: it is a page,
 * so it gets the site's security headers, not the API's.
 */
import { z } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { t } from '#shared/i18n/zh-CN.ts';
import { districtName } from '#shared/jurisdiction/index.ts';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { InstitutionCategories, STATUS_GROUP } from '#shared/vocabulary.ts';
import { errorSummary as kitErrorSummary, summaryItems } from '#shared/ui/error-summary.ts';
import { SEARCH_FIELDS, SEARCH_PAGE_PATH, searchFieldId, searchForm } from '#shared/ui/search-form.ts';
import type { SafeHtml } from '#shared/ui/html.ts';
import { fieldsFromZod } from '../lib/errors.ts';
import { pageErrorBoundary, pageHeaders, renderPage } from '../lib/page-shell.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { SHELL_KEY } from '../publish/shell.ts';
import { districtFeedPath } from '../publish/feed-paths.ts';
import { formatTime, institutionPath, statusBadge } from '../publish/render-institution.ts';
import { CACHE } from '../storage/types.ts';
import { SearchParams } from './institutions.ts';

const s = t.institution.search;
type Html = HtmlEscapedString | Promise<HtmlEscapedString> | SafeHtml;

/** Results per page; the JSON API's default page size, so the site's script and this page agree. */
export const PAGE_SIZE = 20;
/** Where the parent reports a centre that is not on the list: the complaint form, kind preselected. */
export const REPORT_UNLICENSED_HREF = '/complaints/new/?kind=unlicensed';

/** The search form's fields, as the API's, plus a 1-based page number instead of offset and limit. */
export const SearchPageParams = SearchParams.pick({ q: true, district: true, category: true, status: true }).extend({
  page: z.coerce.number({ error: s.invalid.page }).int({ error: s.invalid.page }).min(1, { error: s.invalid.page }).max(5000, { error: s.invalid.page }).default(1),
});
export type SearchPageParams = z.infer<typeof SearchPageParams>;

/** The form sends every field; an unchosen select or an empty box means "any", not an invalid value. */
function filledIn(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value.trim() !== ''));
}

/** A district's registry feed (functions/publish/feeds.ts), for a search filtered by that district: in the head and visibly. */
function districtFeed(code: string | undefined): { head?: string; link: Html | '' } {
  const name = code ? districtName(code) : undefined;
  if (!code || !name) return { link: '' };
  const title = t.subscriptions.districtFeed(name);
  return {
    head: String(html`<link rel="alternate" type="application/atom+xml" title="${title}" href="${districtFeedPath(code)}">`),
    link: html`<p><a href="${districtFeedPath(code)}" type="application/atom+xml">${title}</a></p>`,
  };
}

const renderSearchPage = (c: Context<AppEnv>, page: { title: string; content: Html; head?: string }, status: 200 | 400) => renderPage(c, SHELL_KEY, { ...page, description: s.description }, status);

export const institutionPages = new Hono<AppEnv>();

// No indexing of endless result lists.
institutionPages.use('/search/*', pageHeaders({ noindex: 'always' }));

// The form's own address has a trailing slash, as every page of the site.
institutionPages.get('/search', (c) => c.redirect(`${SEARCH_PAGE_PATH}${new URL(c.req.url).search}`, 301));

institutionPages.get('/search/', async (c) => {
  const raw = filledIn(c.req.query());
  const parsed = SearchPageParams.safeParse(raw);
  c.header('Cache-Control', CACHE.searchAnswer);
  if (!parsed.success) {
    const errors = fieldsFromZod(parsed.error);
    const content = html`<div class="search-page">
  <h1 class="heading-l">${s.invalid.title}</h1>
  ${errorSummary(errors)}
  ${searchForm({ values: raw, errors })}
</div>`;
    return renderSearchPage(c, { title: s.invalid.title, content }, 400);
  }

  const query = parsed.data;
  const index = await c.var.search.index();
  const result = index.search({ ...query, offset: (query.page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  const title = s.resultsTitle(query.q?.trim() ?? '');
  const feed = districtFeed(query.district);
  const content = html`<div class="search-page">
  <h1 class="heading-l">${title}</h1>
  ${searchForm({ values: raw })}
  ${feed.link}
  ${result.total === 0
    ? notListed(query.q?.trim() ?? '')
    : result.approximate
      ? approximateResults(query, result.total, result.items)
      : results(query, result.total, result.items, result.totalEstimated)}
</div>`;
  return renderSearchPage(c, { title, content, ...(feed.head ? { head: feed.head } : {}) }, 200);
});

// A page is for people: an unexpected failure gets a page in Chinese too, never a stack trace.
institutionPages.onError(pageErrorBoundary(s.description));

/** "There is a problem", linking to each field that is wrong, with the same words as the field's message; a wrong page number as text. */
const errorSummary = (errors: Record<string, string>) => kitErrorSummary({ items: summaryItems(errors, SEARCH_FIELDS, searchFieldId), autofocus: false });

function pageHref(query: SearchPageParams, page: number): string {
  const params = new URLSearchParams();
  for (const name of ['q', 'district', 'category', 'status'] as const) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `${SEARCH_PAGE_PATH}?${search}` : SEARCH_PAGE_PATH;
}

/** `estimated`: a broad query's total, rounded (functions/search/engine.ts): the count and the pages are said as 约. */
function results(query: SearchPageParams, total: number, items: InstitutionSummary[], estimated = false): Html {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageOf = estimated ? s.pageOfAbout : s.pageOf;
  const found = (estimated ? s.foundAbout : s.found)(total);
  const heading = pages > 1 ? `${found}（${pageOf(query.page, pages)}）` : found;
  return html`<section class="search-results" aria-labelledby="search-results-heading">
  <h2 class="heading-m search-results__heading" id="search-results-heading">${heading}</h2>
  ${items.length
    ? html`<ol class="search-results__list">${items.map(resultItem)}</ol>`
    : html`<p>${s.pastLastPage} <a href="${pageHref(query, 1)}">${s.firstPage}</a></p>`}
  ${pages > 1 ? pagination(query, pages, pageOf) : ''}
</section>`;
}

function pagination(query: SearchPageParams, pages: number, pageOf = s.pageOf): Html {
  const { page } = query;
  return html`<nav class="pagination" aria-label="${s.pagination}">
  ${page > 1 ? html`<a class="pagination__link" href="${pageHref(query, Math.min(page - 1, pages))}" rel="prev">${s.previous}</a>` : ''}
  <span class="pagination__current">${pageOf(Math.min(page, pages), pages)}</span>
  ${page < pages ? html`<a class="pagination__link" href="${pageHref(query, page + 1)}" rel="next">${s.next}</a>` : ''}
</nav>`;
}

/** One centre: its name (to its page), its status badge, what it teaches, where, its licence and when it last changed. */
export function resultItem(item: InstitutionSummary): Html {
  const fields = t.institution.fields;
  const fact = (label: string, value: Html | string) => html`<div class="search-result__fact"><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<li class="search-result">
  <h3 class="search-result__name"><a href="${institutionPath(item.id)}">${item.name}</a></h3>
  <p class="search-result__status">${statusBadge(item.status)}</p>
  ${STATUS_GROUP[item.status] === 'good'
    ? ''
    : html`<p class="warning-text"><span class="warning-text__icon" aria-hidden="true">!</span><span><strong>${s.notApproved}</strong>${t.institution.statusExplained[item.status]} <a href="/complaints/new/?institution=${item.id}">${t.institution.complain}</a></span></p>`}
  <dl class="search-result__facts">
    ${fact(fields.category, InstitutionCategories.label(item.category))}
    ${fact(fields.district, districtName(item.districtCode) ?? item.districtCode)}
    ${fact(fields.licenceNumber, item.licenceNumber)}
    ${fact(t.institution.lastUpdated, html`<time datetime="${item.updatedAt}">${formatTime(item.updatedAt)}</time>`)}
  </dl>
</li>`;
}

/** Names one character away: offered as such, with what to check and what it means if none is the one. */
function approximateResults(query: SearchPageParams, total: number, items: InstitutionSummary[]): Html {
  const a = s.approximate;
  return html`<div class="search-approximate">
  <p class="search-approximate__heading"><strong>${a.heading(query.q?.trim() ?? '')}</strong></p>
  <p>${a.check}</p>
</div>
${results(query, total, items)}
<p class="warning-text"><span class="warning-text__icon" aria-hidden="true">!</span><strong>${a.caution}</strong> <a href="${REPORT_UNLICENSED_HREF}">${s.notListed.reportLink}</a></p>`;
}

/** Nothing found: said plainly — not on the approved list, what that means, and how to report it. */
export function notListed(q: string): Html {
  const n = s.notListed;
  return html`<section class="not-listed" aria-labelledby="not-listed-heading">
  <h2 class="not-listed__heading" id="not-listed-heading">${n.heading(q)}</h2>
  <p>${n.meaning}</p>
  <p class="warning-text"><span class="warning-text__icon" aria-hidden="true">!</span><strong>${n.unprotected}</strong></p>
  <h3 class="not-listed__subheading">${n.reportHeading}</h3>
  <p>${n.report}</p>
  <p class="not-listed__actions"><a class="button" href="${REPORT_UNLICENSED_HREF}">${n.reportLink}</a></p>
  <p>${n.hotline}<a href="tel:12345">${n.call}</a>。</p>
</section>`;
}

/**
 * What the notices' publisher (./notices.ts) writes when something is due:
 * every notice page, list, feed and institution file, the home page's
 * notices and the fee guidance page. Loaded on first use by ./notices.ts.
 */
import * as t from '#shared/i18n/zh-CN/index.ts';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import { cstDate } from '#shared/rules/working-days.ts';
import type { FeeGuidance, SafetyNotice } from '#shared/schemas/guidance.ts';
import { InstitutionCategories, NoticeTopics, type NoticeTopic } from '#shared/vocabulary.ts';
import { feeRulesOf } from '../fees/guidance.ts';
import { nextEffectiveDate, renderGuidancePage } from '../fees/render.ts';
import { renderAtomFeed } from '../notices/atom.ts';
import type { RenderNoticeMarkdown } from '../notices/markdown-on-demand.ts';
import {
  byPinnedThenNewest,
  districtRegistryFeedHead,
  institutionNoticesPath,
  institutionNoticesJsonPath,
  listPath,
  noticePath,
  renderHomeNotices,
  renderNoticeList,
  renderGonePage,
  renderNoticePage,
  feedPath,
  type PublicNotice,
} from '../notices/render.ts';
import { concerns, visibilityAt } from '#shared/rules/notices.ts';
import { ATOM, HOME_NOTICES_MARKER, type OutFile } from './notices.ts';
import { fillShell } from './shell.ts';

export { nextVisibilityChange } from '#shared/rules/notices.ts';

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** The most notices an institution page lists; the list page has them all. */
export const INSTITUTION_NOTICES_MAX = 5;

/** What an institution page loads (site/src/scripts/institution-notices.ts): the current notices for its district and category. */
export interface InstitutionNoticesFile {
  /** The list page with all of them. */
  listPath: string;
  total: number;
  notices: { title: string; summary: string; path: string; topic: string; visibleFrom: string; pinned: boolean }[];
}

export function institutionNoticesFile(shown: PublicNotice[], listPath: string): InstitutionNoticesFile {
  return {
    listPath,
    total: shown.length,
    notices: shown.slice(0, INSTITUTION_NOTICES_MAX).map((x) => ({
      title: x.content.title,
      summary: x.content.summary,
      path: noticePath(x.slug),
      topic: NoticeTopics.label(x.content.topic),
      visibleFrom: cstDate(x.visibleFrom),
      pinned: x.content.pinned,
    })),
  };
}
/**
 * The home shell is the home page built at another address, so its
 * navigation marks 安全提醒 as the current section; on the home page itself
 * 首页 is the current page. Moves the marker, inside the primary nav only.
 */
export function markHomeAsCurrent(page: string): string {
  const start = page.indexOf('<nav class="primary-nav"');
  const end = start < 0 ? -1 : page.indexOf('</nav>', start);
  if (start < 0 || end < 0) return page;
  const nav = page
    .slice(start, end)
    .replace(/ aria-current="[^"]*"/g, '')
    .replace(/(<a class="primary-nav__link" href="\/")/, '$1 aria-current="page"');
  return page.slice(0, start) + nav + page.slice(end);
}

export function toPublicNotice(notice: SafetyNotice, renderNoticeMarkdown: RenderNoticeMarkdown): PublicNotice {
  const live = notice.live!;
  return {
    slug: notice.slug,
    content: live.content,
    visibleFrom: live.visibleFrom,
    publishedAt: live.publishedAt,
    bodyHtml: renderNoticeMarkdown(live.content.bodyMarkdown),
  };
}

/** Every file the notices and the fee guidance make, for the notices and guidance as they are at `now`. */
export function renderFiles(input: {
  notices: SafetyNotice[];
  guidance: FeeGuidance[];
  now: Date;
  shells: { notices: string; home: string; fees: string };
  publicOrigin: string;
  /** The notices' Markdown renderer (loaded on first use: functions/notices/markdown-on-demand.ts). */
  renderMarkdown: RenderNoticeMarkdown;
}): { files: Map<string, OutFile>; visible: PublicNotice[]; feesValidUntil: string | undefined } {
  const { now, shells } = input;
  const visible = input.notices.filter((x) => visibilityAt(x, now) === 'visible').map((x) => toPublicNotice(x, input.renderMarkdown)).sort(byPinnedThenNewest);
  const files = new Map<string, OutFile>();
  const page = (key: string, title: string, description: string, content: unknown, head?: string) =>
    files.set(key, { body: fillShell(shells.notices, { title, description, content: String(content), ...(head ? { head } : {}) }), contentType: HTML });
  const n = t.notices;
  // An empty feed's `updated`: the last publication of anything (drafts do not count), so it changes only with the public state.
  const lastChange = input.notices.flatMap((x) => (x.live ? [x.live.publishedAt] : [])).sort().at(-1) ?? '2021-10-29T00:00:00.000Z';

  for (const notice of visible) {
    page(`${noticePath(notice.slug).slice(1)}index.html`, notice.content.title, notice.content.summary, renderNoticePage(notice));
  }
  const list = (filter: { topic?: NoticeTopic; districtCode?: string }, title: string) => {
    const shown = visible.filter((x) => (!filter.topic || x.content.topic === filter.topic) && concerns(x.content, filter));
    // A district's page links its centres' feed (functions/publish/feeds.ts) in its head too.
    const head = filter.districtCode && !filter.topic ? districtRegistryFeedHead(filter.districtCode) : undefined;
    page(`${listPath(filter).slice(1)}index.html`, title, n.description, renderNoticeList({ title, lead: n.lead, notices: shown, filter }), head);
  };
  list({}, t.nav.notices);
  for (const topic of NoticeTopics.keys) {
    list({ topic }, n.topicTitle(NoticeTopics.label(topic)));
    const shown = visible.filter((x) => x.content.topic === topic);
    files.set(feedPath(topic).slice(1), { body: renderAtomFeed({ notices: shown, publicOrigin: input.publicOrigin, topic, emptyUpdated: lastChange }), contentType: ATOM });
  }
  files.set(feedPath().slice(1), { body: renderAtomFeed({ notices: visible, publicOrigin: input.publicOrigin, emptyUpdated: lastChange }), contentType: ATOM });
  for (const district of jurisdiction.districts) {
    list({ districtCode: district.code }, n.districtTitle(district.name));
    for (const topic of NoticeTopics.keys) list({ topic, districtCode: district.code }, n.districtTopicTitle(district.name, NoticeTopics.label(topic)));
    for (const category of InstitutionCategories.keys) {
      const title = n.institutionTitle(district.name, InstitutionCategories.label(category));
      const shown = visible.filter((x) => concerns(x.content, { districtCode: district.code, category }));
      const lead = n.institutionLead(district.name, InstitutionCategories.label(category));
      page(`${institutionNoticesPath(district.code, category).slice(1)}index.html`, title, lead, renderNoticeList({ title, lead, notices: shown }));
      files.set(institutionNoticesJsonPath(district.code, category).slice(1), {
        body: JSON.stringify(institutionNoticesFile(shown, institutionNoticesPath(district.code, category))),
        contentType: JSON_TYPE,
      });
    }
  }

  const home = markHomeAsCurrent(shells.home.replace(HOME_NOTICES_MARKER, () => String(renderHomeNotices(visible))));
  files.set('index.html', { body: home, contentType: HTML });

  const rules = feeRulesOf(jurisdiction, input.guidance);
  const today = cstDate(now.toISOString());
  files.set('fees/index.html', {
    body: fillShell(shells.fees, { title: t.nav.fees, description: t.fees.description, content: String(renderGuidancePage({ rules, guidance: input.guidance, today })) }),
    contentType: HTML,
  });
  const next = nextEffectiveDate(rules, today);
  // Midnight in Beijing of the day the next version takes effect.
  const feesValidUntil = next ? new Date(`${next}T00:00:00+08:00`).toISOString() : undefined;
  return { files, visible, feesValidUntil };
}

/** A notice page published before and not visible now: it says so, rather than showing what is no longer in force. */
export const gonePage = (noticesShell: string) =>
  fillShell(noticesShell, { title: t.notices.gone.title, description: t.notices.gone.text, content: String(renderGonePage()) });

/**
 * The notices publisher: turns the safety notices and the fee guidance in
 * the table into static files in the public store, beside the institution
 * pages, without a site rebuild:
 *
 *   notices/<slug>/index.html           each visible notice (a "no longer shown" page once it expires or is taken down)
 *   notices/index.html, notices/topics/…, notices/districts/…   the lists, by topic, district, both, and per district and category
 *   notices/districts/<d>/categories/<c>/notices.json             the same list for institution pages to load (InstitutionNoticesFile)
 *   notices/feed.xml, notices/topics/<topic>/feed.xml          Atom feeds
 *   index.html                          the home page, its notices filled in (the site's home page with a marker)
 *   fees/index.html                     the guidance page: every rule version with its dates, and the regulators' guidance
 *
 * Driven by data, and idempotent. It does anything only when something is
 * due: a notice whose sparse DUE index entry has come (it changed, or its
 * publish or expiry time passed), a guidance publication that changed, a
 * fee rule version taking effect, a changed page shell (a site build), or a
 * deployment that overwrote one of the pages the build also makes. Then it
 * renders every file, writes only those whose bytes changed (their hashes are
 * kept in notices/publisher-state.json), and only then moves each notice to
 * its next due moment, conditional on the version it published: a crash in
 * between leaves it due, and a newer edit stays due.
 */
import { createHash } from 'node:crypto';
import * as t from '#shared/i18n/zh-CN/index.ts';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import { cstDate } from '#shared/rules/working-days.ts';
import type { FeeGuidance, SafetyNotice } from '#shared/schemas/guidance.ts';
import { InstitutionCategories, NoticeTopics, type NoticeTopic } from '#shared/vocabulary.ts';
import type { Db } from '../data/client.ts';
import { allFeeGuidance, getFeeGuidance, listDueFeeGuidance, settleFeeGuidanceDue } from '../data/fee-guidance.ts';
import { allNotices, listDueNotices, settleNoticeDue } from '../data/notices.ts';
import { feeRulesOf } from '../fees/guidance.ts';
import { nextEffectiveDate, renderGuidancePage } from '../fees/render.ts';
import { renderAtomFeed } from '../notices/atom.ts';
import { loadNoticeMarkdown, type RenderNoticeMarkdown } from '../notices/markdown-on-demand.ts';
import {
  byPinnedThenNewest,
  districtRegistryFeedHead,
  institutionNoticesPath,
  institutionNoticesJsonPath,
  listPath,
  noticePath,
  renderGonePage,
  renderHomeNotices,
  renderNoticeList,
  renderNoticePage,
  feedPath,
  type PublicNotice,
} from '../notices/render.ts';
import { concerns, nextVisibilityChange, visibilityAt } from '#shared/rules/notices.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';
import { fillShell } from './shell.ts';

/** The page shell of notice pages and lists (nav: 安全提醒), built by site/src/pages/notices/shell/. */
export const NOTICES_SHELL_KEY = 'notices/shell/index.html';
/** The site's home page with a marker where its notices go, built by site/src/pages/notices/shell/home/. */
export const HOME_SHELL_KEY = 'notices/shell/home/index.html';
/** The page shell of the fee pages (nav: 收费指引), built by site/src/pages/fees/shell/. */
export const FEES_SHELL_KEY = 'fees/shell/index.html';
export const HOME_NOTICES_MARKER = '__SHOUHU_NOTICES__';
export const STATE_KEY = 'notices/publisher-state.json';
/** Pages the site build makes too (as fallbacks): a deployment overwrites them, so their etags are watched. */
export const OVERLAID_KEYS = ['index.html', 'notices/index.html', 'fees/index.html'] as const;

export interface NoticesPublisherOptions {
  db: Db;
  store: PublicStore;
  /** The site's public origin, for the feeds' absolute addresses. */
  publicOrigin: string;
  now?: () => Date;
}

export interface NoticesPublishResult {
  /** False when nothing was due (the usual case): no file was rendered. */
  ran: boolean;
  /** Files written (changed bytes only). */
  written: number;
  /** Notices visible now. */
  visible: number;
}

interface PublisherState {
  shellHash: string;
  /** sha256 of each file as last written. */
  files: Record<string, string>;
  /** The store's etag of each overlaid key after we wrote it. */
  etags: Record<string, string | null>;
  /** When the guidance page must be rendered again (a rule version takes effect). */
  feesValidUntil?: string;
}

interface OutFile {
  body: string;
  contentType: string;
}

const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');
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
/** The feeds' type, as stored (S3 serves it back as stored) and as the local server answers it (functions/server.ts). */
export const ATOM = 'application/atom+xml; charset=utf-8';
const NOTICE_PAGE_KEY = /^notices\/([a-z0-9][a-z0-9-]+)\/index\.html$/;

async function readText(store: PublicStore, key: string): Promise<string> {
  const file = await store.get(key);
  if (!file) throw new Error(`The page shell ${key} is missing: build the site first`);
  return file.body.toString('utf8');
}

async function readState(store: PublicStore): Promise<PublisherState | undefined> {
  const file = await store.get(STATE_KEY);
  if (!file) return undefined;
  try {
    return JSON.parse(file.body.toString('utf8')) as PublisherState;
  } catch {
    return undefined;
  }
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

/** Publishes whatever is due (see the module comment); cheap when nothing is. */
export async function publishNotices(options: NoticesPublisherOptions): Promise<NoticesPublishResult> {
  const { db, store } = options;
  const now = (options.now ?? (() => new Date()))();
  const [dueNotices, dueGuidance] = await Promise.all([listDueNotices(db, now), listDueFeeGuidance(db)]);
  const [noticesShell, homeShell, feesShell] = await Promise.all([readText(store, NOTICES_SHELL_KEY), readText(store, HOME_SHELL_KEY), readText(store, FEES_SHELL_KEY)]);
  const shellHash = sha256([noticesShell, homeShell, feesShell].join('\u0000'));
  const state = await readState(store);
  const etags = Object.fromEntries(await Promise.all(OVERLAID_KEYS.map(async (key) => [key, await store.etag(key)] as const)));
  const overwritten = new Set(OVERLAID_KEYS.filter((key) => !state || state.etags[key] !== etags[key]));
  const shellChanged = !state || state.shellHash !== shellHash;
  const feesDue = state?.feesValidUntil !== undefined && now.toISOString() >= state.feesValidUntil;
  if (!shellChanged && overwritten.size === 0 && !feesDue && dueNotices.length === 0 && dueGuidance.length === 0) {
    return { ran: false, written: 0, visible: -1 };
  }

  // The index lags: the records read for the due list are the latest, so they win over the list's copies.
  const latest = new Map((await allNotices(db)).map((x) => [x.slug, x]));
  for (const x of dueNotices) if ((latest.get(x.slug)?.version ?? 0) <= x.version) latest.set(x.slug, x);
  const guidance = new Map((await allFeeGuidance(db)).map((g) => [g.id, g]));
  for (const due of dueGuidance) {
    if ((guidance.get(due.id)?.version ?? 0) < due.version) {
      const fresh = await getFeeGuidance(db, due.id);
      if (fresh) guidance.set(fresh.id, fresh);
    }
  }

  const { files, visible, feesValidUntil } = renderFiles({
    renderMarkdown: await loadNoticeMarkdown(),
    notices: [...latest.values()],
    guidance: [...guidance.values()],
    now,
    shells: { notices: noticesShell, home: homeShell, fees: feesShell },
    publicOrigin: options.publicOrigin,
  });
  // A notice page published before and not visible now says so, rather than showing what is no longer in force.
  const previous = state?.files ?? {};
  for (const key of Object.keys(previous)) {
    if (NOTICE_PAGE_KEY.test(key) && !files.has(key)) {
      files.set(key, { body: fillShell(noticesShell, { title: t.notices.gone.title, description: t.notices.gone.text, content: String(renderGonePage()) }), contentType: HTML });
    }
  }

  const hashes: Record<string, string> = {};
  let written = 0;
  for (const [key, file] of files) {
    const hash = sha256(file.body);
    hashes[key] = hash;
    if (!shellChanged && !overwritten.has(key as (typeof OVERLAID_KEYS)[number]) && previous[key] === hash) continue;
    await store.put(key, file.body, { contentType: file.contentType, cacheControl: CACHE.published });
    written += 1;
  }
  const newEtags = Object.fromEntries(await Promise.all(OVERLAID_KEYS.map(async (key) => [key, await store.etag(key)] as const)));
  const next: PublisherState = { shellHash, files: hashes, etags: newEtags, ...(feesValidUntil ? { feesValidUntil } : {}) };
  await store.put(STATE_KEY, JSON.stringify(next), { contentType: 'application/json', cacheControl: 'no-cache' });

  // Only now is each version public: move it to its next due moment, unless it changed again meanwhile.
  for (const notice of dueNotices) await settleNoticeDue(db, notice.slug, notice.version, nextVisibilityChange(notice, now));
  for (const due of dueGuidance) await settleFeeGuidanceDue(db, due.id, due.version);
  return { ran: true, written, visible: visible.length };
}

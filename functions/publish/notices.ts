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
import type { Db } from '../data/client.ts';
import { allFeeGuidance, getFeeGuidance, listDueFeeGuidance, settleFeeGuidanceDue } from '../data/fee-guidance.ts';
import { allNotices, listDueNotices, settleNoticeDue } from '../data/notices.ts';
import { firstUse } from '../lib/first-use.ts';
import { loadNoticeMarkdown } from '../notices/markdown-on-demand.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';

/**
 * The pages, lists, feeds and fee guidance page, with what renders them (the
 * jurisdiction's districts and fee rules, the notices' and fees' page code and
 * strings), loaded on first use: only a run with something due renders, and
 * most runs find nothing (docs/benchmarks.md, "Lambda bundles").
 */
const renderer = firstUse(() => import('./notices-render.ts'));

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

export interface OutFile {
  body: string;
  contentType: string;
}

const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');
const HTML = 'text/html; charset=utf-8';

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

  const { renderFiles, gonePage, nextVisibilityChange } = await renderer();
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
      files.set(key, { body: gonePage(noticesShell), contentType: HTML });
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

/**
 * Atom feeds (RFC 4287) of the registry's public changes, for parents who
 * follow a centre or a district in a feed reader:
 *
 *   institutions/<id>/feed.xml                 one centre: its status changes and published sanctions
 *   institutions/districts/<code>/feed.xml     a district: the same for its centres, the newest 50
 *
 * Written by the publisher for the institutions it publishes (one call from
 * publisher.ts `publishChanges`), and only when the bytes changed: the feeds
 * are deterministic (the same records give the same bytes) and each is
 * compared with what the store holds. A district feed is kept from a small
 * state file beside it (the newest entries, by centre), so a run reads and
 * writes only what its changed centres touch, never the whole registry.
 * Unpublished sanctions and staff-only facts never reach a feed. Notices
 * that apply to a centre are linked (`rel="related"`) rather than copied:
 * they change with every city-wide notice, which must not rewrite every
 * centre's feed (the notices have their own feeds).
 */
import * as t from '#shared/i18n/zh-CN/index.ts';
// The served jurisdiction's districts as plain data: this module does not load or parse the jurisdiction.
import { districtName, servedDistricts } from '#shared/jurisdiction/districts.ts';
import { isPublishedSanction, type Institution } from '#shared/schemas/institution.ts';
import { InstitutionStatuses, SanctionTypes } from '#shared/vocabulary.ts';
import { escapeXml } from '../notices/atom.ts';
import { institutionNoticesPath } from '../notices/paths.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';
import { ATOM } from './notices.ts';
import { centreFeedPath, districtFeedPath, districtListPath } from './feed-paths.ts';
import { institutionPath } from './feed-paths.ts';
import { runPool } from '../import/pool.ts';

export { centreFeedPath, districtFeedPath, districtListPath } from './feed-paths.ts';

const f = t.subscriptions.feed;

const districtStateKey = (code: string) => `institutions/districts/${code}/feed-entries.json`;

/** Entries a district feed keeps. */
export const DISTRICT_FEED_MAX = 50;

export interface FeedEntry {
  institutionId: string;
  /** A fragment of the centre's page, stable for the entry's life: `status-<n>` or `sanction-<id or n>`. */
  anchor: string;
  title: string;
  /** RFC 3339. */
  updated: string;
  summary: string;
  category: 'status' | 'sanction';
}

/** A date (YYYY-MM-DD) as midnight in Beijing, the instant an Atom date needs. */
const beijingMidnight = (date: string) => `${date}T00:00:00+08:00`;
/** Sorts entries newest first, then by centre and anchor, so equal inputs give equal bytes. */
const newestFirst = (a: FeedEntry, b: FeedEntry) =>
  Date.parse(b.updated) - Date.parse(a.updated) || a.institutionId.localeCompare(b.institutionId) || b.anchor.localeCompare(a.anchor);

/** A centre's public changes as feed entries, newest first. */
export function feedEntriesOf(inst: Institution): FeedEntry[] {
  const status = inst.statusHistory.map((h, i) => ({
    institutionId: inst.id,
    anchor: `status-${i + 1}`,
    title: f.statusEntry(inst.name, InstitutionStatuses.label(h.status)),
    updated: beijingMidnight(h.on),
    summary: [`${h.on} ${InstitutionStatuses.label(h.status)}`, `${f.reason}：${h.reason}`, h.decisionNumber ? `${f.decision}：${h.decisionNumber}` : ''].filter(Boolean).join('；'),
    category: 'status' as const,
  }));
  const sanctions = inst.sanctions.filter(isPublishedSanction).map((x, i) => ({
    institutionId: inst.id,
    anchor: `sanction-${x.id ?? i + 1}`,
    title: f.sanctionEntry(inst.name, SanctionTypes.label(x.kind)),
    updated: beijingMidnight(x.publishedOn ?? x.on),
    summary: [`${x.on} ${SanctionTypes.label(x.kind)}：${x.summary}`, `${f.decision}：${x.decisionNumber}`].join('；'),
    category: 'sanction' as const,
  }));
  return [...status, ...sanctions].sort(newestFirst);
}

function renderFeed(input: { origin: string; selfPath: string; alternatePath: string; title: string; entries: FeedEntry[]; emptyUpdated: string; related?: { path: string; title: string } }): string {
  const { origin } = input;
  const abs = (path: string) => escapeXml(`${origin}${path}`);
  const updated = input.entries.map((e) => e.updated).sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? input.emptyUpdated;
  const entries = input.entries.map((e) => {
    const url = `${institutionPath(e.institutionId)}#${e.anchor}`;
    return `  <entry>
    <id>${abs(url)}</id>
    <title>${escapeXml(e.title)}</title>
    <link rel="alternate" type="text/html" href="${abs(url)}"/>
    <updated>${e.updated}</updated>
    <category term="${e.category}"/>
    <summary>${escapeXml(e.summary)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${abs(input.selfPath)}</id>
  <title>${escapeXml(`${input.title} - ${t.service.fullName}`)}</title>
  <link rel="self" type="application/atom+xml" href="${abs(input.selfPath)}"/>
  <link rel="alternate" type="text/html" href="${abs(input.alternatePath)}"/>
${input.related ? `  <link rel="related" type="text/html" title="${escapeXml(input.related.title)}" href="${abs(input.related.path)}"/>\n` : ''}  <updated>${updated}</updated>
  <author><name>${escapeXml(t.service.operator)}</name></author>
${entries.join('\n')}${entries.length ? '\n' : ''}</feed>
`;
}

const originOf = (publicOrigin: string) => publicOrigin.replace(/\/$/, '');

export function renderCentreFeed(inst: Institution, publicOrigin: string): string {
  return renderFeed({
    origin: originOf(publicOrigin),
    selfPath: centreFeedPath(inst.id),
    alternatePath: institutionPath(inst.id),
    title: f.centreTitle(inst.name),
    entries: feedEntriesOf(inst),
    emptyUpdated: inst.createdAt,
    related: { path: institutionNoticesPath(inst.districtCode, inst.category), title: f.notices },
  });
}

export function renderDistrictFeed(code: string, entries: FeedEntry[], publicOrigin: string): string {
  return renderFeed({
    origin: originOf(publicOrigin),
    selfPath: districtFeedPath(code),
    alternatePath: districtListPath(code),
    title: f.districtTitle(districtName(code) ?? code),
    entries,
    // An empty district's feed changes only when an entry arrives.
    emptyUpdated: '2021-07-24T00:00:00+08:00',
  });
}

/** A district's entries with these centres' entries replaced (a centre that moved district leaves the others), newest first, at most DISTRICT_FEED_MAX. */
export function mergeDistrictEntries(code: string, previous: FeedEntry[], changed: readonly Institution[]): FeedEntry[] {
  const ids = new Set(changed.map((i) => i.id));
  const kept = previous.filter((e) => !ids.has(e.institutionId));
  const fresh = changed.filter((i) => i.districtCode === code).flatMap(feedEntriesOf);
  return [...kept, ...fresh].sort(newestFirst).slice(0, DISTRICT_FEED_MAX);
}

/** Writes a file only when its bytes differ from what the store holds; true when written. */
export async function writeIfChanged(store: PublicStore, key: string, body: string, contentType: string): Promise<boolean> {
  const current = await store.get(key);
  if (current && current.body.equals(Buffer.from(body, 'utf8'))) return false;
  await store.put(key, body, { contentType, cacheControl: CACHE.published });
  return true;
}

async function readEntries(store: PublicStore, code: string): Promise<FeedEntry[]> {
  const file = await store.get(districtStateKey(code));
  if (!file) return [];
  try {
    return JSON.parse(file.body.toString('utf8')) as FeedEntry[];
  } catch {
    return [];
  }
}

/**
 * The feeds of the centres just published and of every district they are
 * in (or left). Answers how many feed files were written.
 */
export async function publishFeeds(store: PublicStore, changed: readonly Institution[], publicOrigin: string): Promise<number> {
  if (changed.length === 0) return 0;
  let written = 0;
  // Each feed its own file: FEED_CONCURRENCY at once (a re-render's slice has 250 centres, each a read and maybe a write).
  const each = async <T>(items: readonly T[], write: (item: T) => Promise<boolean>) => {
    const outcomes = await runPool(items, write, { concurrency: FEED_CONCURRENCY, stopOnError: true });
    const failed = outcomes.find((o) => o.state === 'failed');
    if (failed?.state === 'failed') throw failed.error;
    written += outcomes.filter((o) => o.state === 'done' && o.value).length;
  };
  await each(changed, (inst) => writeIfChanged(store, centreFeedPath(inst.id).slice(1), renderCentreFeed(inst, publicOrigin), ATOM));
  await each(servedDistricts, async ({ code }) => {
    const previous = await readEntries(store, code);
    const touched = changed.some((i) => i.districtCode === code) || previous.some((e) => changed.some((i) => i.id === e.institutionId));
    if (!touched) return false;
    const entries = mergeDistrictEntries(code, previous, changed);
    await writeIfChanged(store, districtStateKey(code), JSON.stringify(entries), 'application/json');
    return writeIfChanged(store, districtFeedPath(code).slice(1), renderDistrictFeed(code, entries, publicOrigin), ATOM);
  });
  return written;
}

/** Feed files read and written at once. */
const FEED_CONCURRENCY = 16;

/** The `<link rel="alternate">` elements for a centre page's head. */
export function feedHeadLinks(inst: Pick<Institution, 'id' | 'name' | 'districtCode'>): string {
  const s = t.subscriptions;
  return [
    `<link rel="alternate" type="application/atom+xml" title="${escapeXml(s.centreFeed(inst.name))}" href="${centreFeedPath(inst.id)}">`,
    `<link rel="alternate" type="application/atom+xml" title="${escapeXml(s.districtFeed(districtName(inst.districtCode) ?? inst.districtCode))}" href="${districtFeedPath(inst.districtCode)}">`,
  ].join('');
}

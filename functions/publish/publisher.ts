/**
 * The publisher: turns institutions changed since they were last published
 * into public files — their pages and QR codes, the search snapshot and the
 * open data — and only then marks them published. A crash in between leaves
 * them waiting, so the next run publishes them again: nothing is lost.
 * Locally `npm start` runs it every few seconds; in AWS a stream or a
 * schedule does (see docs/ARCHITECTURE.md).
 */
import QRCode from 'qrcode';
import { toPublicSummary } from '#shared/rules/institution.ts';
import type { Institution, InstitutionSummary } from '#shared/schemas/institution.ts';
import { t } from '#shared/i18n/zh-CN.ts';
import type { Db } from '../data/client.ts';
import { allInstitutions, listUnpublished, markPublished } from '../data/institutions.ts';
import { createHash } from 'node:crypto';
import { DepartmentKinds } from '#shared/vocabulary.ts';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import { writeSearchIndex } from '../search/search-index-writer.ts';
import { Snapshot, SNAPSHOT_KEY } from '../search/snapshot.ts';
import { directoryKeyOf, PAGE_CONTENT_TYPE } from '../storage/directory-keys.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';
import { pinyinInitials } from './initials.ts';
import { jsonSchema, toCsv, toJson, toOpenData } from './open-data.ts';
import { institutionPath, renderInstitution } from './render-institution.ts';
import { fillShell, SHELL_KEY } from './shell.ts';
import { feedHeadLinks, publishFeeds } from './feeds.ts';

export { fillShell, SHELL_KEY, SHELL_MARKERS } from './shell.ts';

const s = t.institution;


export interface PublisherOptions {
  db: Db;
  store: PublicStore;
  /** The site's public origin, printed under QR codes, e.g. https://shouhu.xinyang.gov.cn */
  publicOrigin: string;
  now?: () => Date;
  batchSize?: number;
}

export interface PublishResult {
  published: number;
  snapshotCount: number;
}


async function readSnapshot(store: PublicStore): Promise<Map<string, InstitutionSummary>> {
  const file = await store.get(SNAPSHOT_KEY);
  if (!file) return new Map();
  const snapshot = Snapshot.parse(JSON.parse(file.body.toString('utf8')));
  return new Map(snapshot.institutions.map((i) => [i.id, i]));
}

export async function publishInstitutionPage(store: PublicStore, shell: string, inst: Institution, publicOrigin: string, now: Date) {
  const pageUrl = `${publicOrigin}${institutionPath(inst.id)}`;
  const content = String(await renderInstitution(inst, { today: now.toISOString().slice(0, 10), pageUrl }));
  const page = fillShell(shell, {
    title: inst.name,
    description: `${inst.name}：${s.statusExplained[inst.status]}`,
    content,
    head: feedHeadLinks(inst),
  });
  const qr = await QRCode.toString(pageUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  const base = institutionPath(inst.id).slice(1);
  await store.put(`${base}index.html`, page, { contentType: 'text/html; charset=utf-8', cacheControl: CACHE.published });
  await store.put(`${base}qr.svg`, qr, { contentType: 'image/svg+xml', cacheControl: CACHE.published });
}

/** Publishes everything waiting, in batches, then the snapshot and open data once. */
export async function publishChanges(options: PublisherOptions): Promise<PublishResult> {
  const { db, store, publicOrigin } = options;
  const now = (options.now ?? (() => new Date()))();
  const batchSize = options.batchSize ?? 200;
  let page = await listUnpublished(db, batchSize);
  if (page.items.length === 0) return { published: 0, snapshotCount: -1 };

  const shellFile = await store.get(SHELL_KEY);
  if (!shellFile) throw new Error(`The page shell ${SHELL_KEY} is missing: build the site first`);
  const shell = shellFile.body.toString('utf8');
  const summaries = await readSnapshot(store);
  const done: Institution[] = [];

  // Walk the waiting list page by page; nothing is marked published until the snapshot is written.
  for (;;) {
    for (const inst of page.items) {
      await publishInstitutionPage(store, shell, inst, publicOrigin, now);
      summaries.set(inst.id, toPublicSummary(inst, pinyinInitials));
      done.push(inst);
    }
    if (!page.cursor) break;
    page = await listUnpublished(db, batchSize, page.cursor);
  }

  const generatedAt = now.toISOString();
  const all = [...summaries.values()].sort((a, b) => a.id.localeCompare(b.id));
  const snapshot: Snapshot = { generatedAt, count: all.length, institutions: all };
  await store.put(SNAPSHOT_KEY, JSON.stringify(snapshot), { contentType: 'application/json', cacheControl: CACHE.published });
  // The API's search reads this one (functions/search/compact.ts), not the snapshot.
  await writeSearchIndex(store, all, generatedAt);
  const open = all.map(toOpenData);
  await store.put('data/institutions.json', toJson(open, generatedAt), { contentType: 'application/json; charset=utf-8', cacheControl: CACHE.published });
  await store.put('data/institutions.csv', toCsv(open), { contentType: 'text/csv; charset=utf-8', cacheControl: CACHE.published });
  await store.put('data/institutions.schema.json', jsonSchema(), { contentType: 'application/schema+json', cacheControl: CACHE.published });

  await publishFeeds(store, done, publicOrigin);

  // Only now is each version public: mark it, unless it changed again meanwhile (then it stays waiting).
  for (const inst of done) await markPublished(db, inst.id, inst.version);
  return { published: done.length, snapshotCount: all.length };
}

const SHELL_HASH_KEY = 'institutions/shell.sha256';

/**
 * After a site build changes the shell (new stylesheet names, new header),
 * every published page is rendered again into the new shell. Cheap to call:
 * it does nothing while the shell is unchanged.
 */
export async function republishIfShellChanged(options: Omit<PublisherOptions, 'batchSize'>): Promise<number> {
  const { db, store, publicOrigin } = options;
  const shellFile = await store.get(SHELL_KEY);
  if (!shellFile) throw new Error(`The page shell ${SHELL_KEY} is missing: build the site first`);
  const hash = createHash('sha256').update(shellFile.body).digest('hex');
  const previous = (await store.get(SHELL_HASH_KEY))?.body.toString('utf8');
  if (previous === hash) return 0;
  const rememberShell = () => store.put(SHELL_HASH_KEY, hash, { contentType: 'text/plain', cacheControl: 'no-cache' });
  // Nothing published yet: every page will be rendered into this shell by publishChanges anyway.
  if (previous === undefined && (await store.etag(SNAPSHOT_KEY)) === null) {
    await rememberShell();
    return 0;
  }
  const shell = shellFile.body.toString('utf8');
  const now = (options.now ?? (() => new Date()))();
  const pairs = DepartmentKinds.keys.flatMap((kind) => jurisdiction.districts.map((d) => ({ kind, districtCode: d.code })));
  let count = 0;
  // The pages link their feeds: a page published before the feeds existed gets them now (unchanged ones are not rewritten).
  let batch: Institution[] = [];
  for await (const inst of allInstitutions(db, pairs)) {
    await publishInstitutionPage(store, shell, inst, publicOrigin, now);
    count += 1;
    batch.push(inst);
    if (batch.length >= 500) {
      await publishFeeds(store, batch, publicOrigin);
      batch = [];
    }
  }
  await publishFeeds(store, batch, publicOrigin);
  await rememberShell();
  return count;
}

/** Written by the site build (site/astro.config.mjs): every page of the build, `path/index.html`, with its SHA-256. */
export const SITE_PAGES_KEY = 'site-pages.json';
const SITE_PAGES_HASH_KEY = 'site-pages.sha256';

interface SitePages {
  pages: Array<{ key: string; sha256: string }>;
}

/**
 * After a site deploy (which uploads the build's `path/index.html` files),
 * gives every page of the build its `path/` key too, so an S3 origin without
 * index documents (China) serves `/notices/`, `/admin/`, ... Cheap to call:
 * it does nothing while the build's page list is unchanged. Answers how many
 * pages it wrote.
 */
export async function publishSitePageKeys(store: PublicStore): Promise<number> {
  const manifest = await store.get(SITE_PAGES_KEY);
  if (!manifest) throw new Error(`The site's page list ${SITE_PAGES_KEY} is missing: build the site first`);
  const hash = createHash('sha256').update(manifest.body).digest('hex');
  if ((await store.get(SITE_PAGES_HASH_KEY))?.body.toString('utf8') === hash) return 0;
  const { pages } = JSON.parse(manifest.body.toString('utf8')) as SitePages;
  let count = 0;
  for (const { key } of pages) {
    const directory = directoryKeyOf(key);
    const page = directory ? await store.get(key) : null;
    if (!directory || !page) continue;
    await store.put(directory, page.body, { contentType: PAGE_CONTENT_TYPE, cacheControl: CACHE.published });
    count += 1;
  }
  await store.put(SITE_PAGES_HASH_KEY, hash, { contentType: 'text/plain', cacheControl: 'no-cache' });
  return count;
}

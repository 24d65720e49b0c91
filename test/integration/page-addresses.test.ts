/**
 * Every page address the site links to resolves to an object in the site
 * bucket as it is, without URL rewriting: CloudFront in China has no
 * CloudFront Functions, and an S3 origin has no index documents, so a request
 * for `/notices/` gets exactly the key `notices/`.
 *
 * The bucket here is a store seeded with the built site, as the site
 * deployment uploads it (`path/index.html` keys only), then one publisher run
 * (what the publisher Lambda runs). The crawl starts at the home page, the
 * staff console and the published pages, follows every internal link ending
 * in `/`, and leaves out the addresses CloudFront sends to the app (infra/routes.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createInstitution } from '../../functions/data/institutions.ts';
import { saveNotice } from '../../functions/data/notices.ts';
import { publishOnce } from '../../functions/jobs/publish-run.ts';
import { createDraft, publish } from '../../shared/rules/notices.ts';
import type { PublicStore, PutOptions } from '../../functions/storage/types.ts';
import { APP_PATHS, API_PATH } from '../../infra/routes.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { createTestDb } from '../support/db.ts';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** A bucket in memory: each object with its content type, as S3 keeps it. */
function memoryBucket() {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const store: PublicStore = {
    get: async (key) => {
      const o = objects.get(key);
      return o ? { body: o.body, etag: String(o.body.length) } : null;
    },
    etag: async (key) => (objects.has(key) ? String(objects.get(key)!.body.length) : null),
    put: async (key: string, body: string | Buffer, options: PutOptions) => {
      objects.set(key, { body: Buffer.from(body), contentType: options.contentType });
    },
  };
  return { objects, store };
}

/** The site deployment: every file of the build under its path (`a/b/index.html`), nothing else. */
async function deploySite(objects: Map<string, { body: Buffer; contentType: string }>, siteDir: string) {
  for (const file of await readdir(siteDir, { recursive: true })) {
    const body = await readFile(join(siteDir, file)).catch(() => null);
    if (body) objects.set(file.split(sep).join('/'), { body, contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
  }
}

const appPattern = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
const APP_ROUTED = [...APP_PATHS.map((p) => p.pattern), API_PATH].map(appPattern);

/** Internal links ending in `/` in a page, without query or fragment. */
function pageLinks(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)]
    .map((m) => m[1]!.replaceAll('&amp;', '&').split(/[?#]/)[0]!)
    .filter((href) => href.startsWith('/') && !href.startsWith('//') && href.endsWith('/'));
}

describe('page addresses in an S3 origin without index documents', () => {
  it('every page address the site links to is an object key, text/html', { timeout: 180_000 }, async () => {
    const db = await createTestDb();
    const now = new Date();
    await createInstitution(db, { id: 'addr-a', fields: makeInstitutionFields({ name: '信阳市地址测试培训中心' }), status: 'approved', actor: testActor, now });
    const draft = createDraft({
      slug: 'address-test',
      content: { title: '暑期防溺水安全提醒', summary: '请家长看护好孩子。', topic: 'outdoor_water', districtCodes: ['411502'], categories: ['sports'], bodyMarkdown: '请牢记“六不”。', pinned: false },
      actor: testActor,
      now,
    });
    await saveNotice(db, publish(await saveNotice(db, draft), testActor, now, false));

    const bucket = memoryBucket();
    await deploySite(bucket.objects, inject('siteDir'));
    const run = await publishOnce({ db, store: bucket.store, publicOrigin: 'https://shouhu.example.cn', now: () => now });
    expect(run.published).toBe(1);
    expect(run.sitePages).toBeGreaterThan(5);

    // The home page is the distribution's default root object; every other address must be a key as it is.
    const seen = new Set<string>();
    const missing: string[] = [];
    const queue = ['/', '/admin/', '/institutions/addr-a/', '/notices/address-test/'];
    while (queue.length) {
      const address = queue.shift()!;
      if (seen.has(address) || APP_ROUTED.some((p) => p.test(address))) continue;
      seen.add(address);
      const object = bucket.objects.get(address === '/' ? 'index.html' : address.slice(1));
      if (!object || !object.contentType.startsWith('text/html')) {
        missing.push(`${address} (${object ? object.contentType : 'no object'})`);
        continue;
      }
      queue.push(...pageLinks(object.body.toString('utf8')));
    }
    expect(missing).toEqual([]);
    // The crawl reached each kind of page the issue names.
    const reached = [...seen];
    for (const expected of ['/notices/', '/fees/', '/admin/', '/institutions/addr-a/', '/notices/address-test/']) expect(reached).toContain(expected);
    expect(reached.filter((a) => a.startsWith('/admin/') && a !== '/admin/').length).toBeGreaterThan(0);
    expect(reached.length).toBeGreaterThan(10);
  });
});

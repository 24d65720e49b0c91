import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../data/client.ts';
import { changeStatus, createInstitution, getInstitution, type CreateInstitution } from '../data/institutions.ts';
import { readRepublishProgress } from '../data/publish-progress.ts';
import type { PublicStore } from '../storage/types.ts';
import { createTestDb } from '../../test/support/db.ts';
import { createTestStore } from '../../test/support/app.ts';
import { makeInstitutionFields, testActor } from '../../test/builders/institution.ts';
import { publishChanges, SHELL_KEY, SHELL_MARKERS } from './publisher.ts';
import { republishPages } from './republish.ts';

const shellOf = (edition: string) =>
  `<!doctype html><html lang="zh-CN"><head><title>${SHELL_MARKERS.title}</title><meta name="description" content="${SHELL_MARKERS.description}"></head><body data-edition="${edition}"><main>${SHELL_MARKERS.content}</main></body></html>`;
const now = new Date('2026-11-20T02:00:00Z');
const origin = 'https://shouhu.example.cn';
const COUNT = 23;

let db: Db;
let store: PublicStore;
let dir: string;
const ids: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  ({ store, dir } = createTestStore());
  await store.put(SHELL_KEY, shellOf('one'), { contentType: 'text/html', cacheControl: 'no-cache' });
  // Two districts and two supervising departments, so the cursor crosses index partitions.
  const inputs: CreateInstitution[] = Array.from({ length: COUNT }, (_, i) => ({
    id: `rr-${String(i).padStart(3, '0')}`,
    fields: makeInstitutionFields({
      name: `信阳市重绘测试培训中心${i}`,
      category: i % 2 ? 'arts' : 'sports',
      districtCode: i % 3 ? '411502' : '411503',
    }),
    status: 'approved',
    actor: testActor,
    now,
  }));
  for (const input of inputs) ids.push((await createInstitution(db, input)).id);
  // Before anything is published, the first call records the shell: nothing to render again.
  expect(await republishPages({ db, store, publicOrigin: origin })).toMatchObject({ pages: 0, done: true });
  await publishChanges({ db, store, publicOrigin: origin, now: () => now });
  expect(await republishPages({ db, store, publicOrigin: origin })).toMatchObject({ pages: 0, done: true });
}, 120_000);

const page = (id: string) => readFile(join(dir, `institutions/${id}/index.html`), 'utf8');

/** A store that fails every page write after `pages` of them: a run that dies midway. */
function dyingAfter(pages: number): PublicStore {
  let left = pages;
  return {
    ...store,
    async put(key, body, options) {
      if (key.endsWith('index.html') && left-- <= 0) throw new Error('the run died');
      await store.put(key, body, options);
    },
  };
}

describe('the full re-render after a new shell', () => {
  it('goes on from its last checkpoint after a run that died, until every page is in the new shell', async () => {
    await store.put(SHELL_KEY, shellOf('two'), { contentType: 'text/html', cacheControl: 'no-cache' });
    await expect(republishPages({ db, store: dyingAfter(9), publicOrigin: origin, sliceSize: 4, concurrency: 2 })).rejects.toThrow('the run died');
    const checkpoint = await readRepublishProgress(db);
    expect(checkpoint).toMatchObject({ done: false });
    expect(checkpoint!.pages).toBeGreaterThan(0);
    expect(checkpoint!.pages).toBeLessThan(COUNT);

    const resumed = await republishPages({ db, store, publicOrigin: origin, sliceSize: 4, concurrency: 3 });
    expect(resumed.done).toBe(true);
    // Not from the first page: the slices before the checkpoint are not rendered again.
    expect(resumed.pages).toBe(COUNT - checkpoint!.pages);
    expect(resumed.total).toBe(COUNT);
    for (const id of ids) expect(await page(id)).toContain('data-edition="two"');

    expect(await republishPages({ db, store, publicOrigin: origin })).toEqual({ pages: 0, done: true, total: COUNT });
  });

  it('stops at its deadline and is continued by the next call', async () => {
    await store.put(SHELL_KEY, shellOf('three'), { contentType: 'text/html', cacheControl: 'no-cache' });
    const none = await republishPages({ db, store, publicOrigin: origin, deadline: Date.now() - 1 });
    expect(none).toMatchObject({ pages: 0, done: false });
    expect(await page(ids[0]!)).toContain('data-edition="two"');
    expect(await republishPages({ db, store, publicOrigin: origin, sliceSize: 5 })).toMatchObject({ pages: COUNT, done: true });
    for (const id of ids) expect(await page(id)).toContain('data-edition="three"');
  });

  it('leaves an institution that waits to be published to the publisher, which renders its new version', async () => {
    const inst = ids[5]!;
    const current = await createInstitution(db, { id: 'rr-late', fields: makeInstitutionFields({ name: '信阳市重绘等待培训中心' }), status: 'approved', actor: testActor, now });
    await publishChanges({ db, store, publicOrigin: origin, now: () => now });
    await changeStatus(db, { id: current.id, change: { status: 'rectification', on: '2026-11-20', reason: '停业整顿' }, expectedVersion: current.version, actor: testActor, now });
    await store.put(SHELL_KEY, shellOf('four'), { contentType: 'text/html', cacheControl: 'no-cache' });
    const result = await republishPages({ db, store, publicOrigin: origin });
    expect(result).toMatchObject({ pages: COUNT, done: true });
    expect(await page(inst)).toContain('data-edition="four"');
    // Still the old version and shell: the waiting change is the publisher's.
    expect(await page('rr-late')).toContain('data-edition="three"');
    await publishChanges({ db, store, publicOrigin: origin, now: () => now });
    const late = await page('rr-late');
    expect(late).toContain('data-edition="four"');
    expect(late).toContain('停业整顿');
  });

  it('never leaves its older render over a newer version published while the slice was being written', async () => {
    const id = ids[7]!;
    await store.put(SHELL_KEY, shellOf('five'), { contentType: 'text/html', cacheControl: 'no-cache' });
    let raced = false;
    // Another publisher (a lease lost in a stalled run) publishes a status change after this render read the record, before its page goes out.
    const racing: PublicStore = {
      ...store,
      async put(key, body, options) {
        if (key === `institutions/${id}/index.html` && !raced) {
          raced = true;
          const current = (await getInstitution(db, id))!;
          await changeStatus(db, { id, change: { status: 'rectification', on: '2026-11-21', reason: '超范围经营，责令整改' }, expectedVersion: current.version, actor: testActor, now });
          await publishChanges({ db, store, publicOrigin: origin, now: () => now });
          expect(await page(id)).toContain('超范围经营');
        }
        await store.put(key, body, options);
      },
    };
    expect(await republishPages({ db, store: racing, publicOrigin: origin, sliceSize: 6, concurrency: 3 })).toMatchObject({ done: true });
    expect(raced).toBe(true);
    const after = await page(id);
    expect(after).toContain('超范围经营');
    expect(after).toContain('data-edition="five"');
    // And its feed: the slice's feeds, written from the older read, are written again too.
    expect(await readFile(join(dir, `institutions/${id}/feed.xml`), 'utf8')).toContain('超范围经营');
  });
});

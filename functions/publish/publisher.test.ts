import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { changeStatus, createInstitution, listUnpublished, recordInspection } from '../data/institutions.ts';
import { onlyChanged } from '../storage/changed-only.ts';
import type { Db } from '../data/client.ts';
import type { PublicStore } from '../storage/types.ts';
import { createTestDb } from '../../test/support/db.ts';
import { createTestStore } from '../../test/support/app.ts';
import { makeInstitutionFields, testActor } from '../../test/builders/institution.ts';
import { publishChanges, SHELL_KEY, SHELL_MARKERS } from './publisher.ts';
import { pinyinInitials } from './initials.ts';
import { loadSummaries } from './summary-store.ts';
import { decodeSearchFile, SEARCH_INDEX_KEY } from '../search/compact.ts';
import { createSearchIndexFromColumns } from '../search/engine.ts';

const shell = `<!doctype html><html lang="zh-CN"><head><title>${SHELL_MARKERS.title} - 守护</title><meta name="description" content="${SHELL_MARKERS.description}"></head><body><main>${SHELL_MARKERS.content}</main></body></html>`;
const now = new Date('2026-11-20T02:00:00Z');
const origin = 'https://shouhu.example.cn';

let db: Db;
let store: PublicStore;
let dir: string;
beforeAll(async () => {
  db = await createTestDb();
  ({ store, dir } = createTestStore());
  await store.put(SHELL_KEY, shell, { contentType: 'text/html', cacheControl: 'no-cache' });
});

const read = (path: string) => readFile(join(dir, path), 'utf8');
/** The published summaries as a fresh reader finds them (./summary-store.ts). */
const publishedIds = async () => [...(await loadSummaries(store, {})).keys()];

describe('publishing the public list', () => {
  it('turns pinyin into initials, keeping letters and digits', () => {
    expect(pinyinInitials('小天鹅舞蹈')).toBe('xtewd');
    expect(pinyinInitials('信阳ABC编程2号')).toBe('xyabcbc2h');
  });

  it('publishes a page, a QR code, the summaries, the search file and open data for a new institution, then marks it published', async () => {
    const inst = await createInstitution(db, {
      id: 'pub-swan',
      fields: makeInstitutionFields({ name: '信阳市小天鹅舞蹈培训中心<script>', formerNames: ['浉河区小天鹅艺术培训部'] }),
      status: 'approved',
      actor: testActor,
      now,
    });
    const result = await publishChanges({ db, store, publicOrigin: origin, now: () => now });
    expect(result.published).toBeGreaterThanOrEqual(1);

    const page = await read('institutions/pub-swan/index.html');
    expect(page).toContain('<title>信阳市小天鹅舞蹈培训中心&lt;script&gt; - 守护</title>');
    expect(page).not.toContain('<script>');
    expect(page).toContain('已审批（白名单）');
    expect(page).toContain(inst.licence.number);
    expect(page).toContain(`${origin}/institutions/pub-swan/`);
    expect(page).toContain('/complaints/new/?institution=pub-swan');
    expect(Buffer.byteLength(page)).toBeLessThan(60_000);

    expect(await read('institutions/pub-swan/qr.svg')).toMatch(/^<svg/);

    const summaries = await loadSummaries(store, {});
    const summary = summaries.get('pub-swan')!;
    expect(summary.initials).toEqual(['xysxtewdpxzxscript', 'shqxteyspxb']);
    // The API's search reads the search file written beside it: the same summaries, by column.
    const searchFile = decodeSearchFile((await store.get(SEARCH_INDEX_KEY))!.body);
    expect(searchFile.count).toBe(summaries.size);
    expect(createSearchIndexFromColumns(searchFile).get('pub-swan')).toStrictEqual(summary);

    const csv = await read('data/institutions.csv');
    expect(csv.startsWith('\uFEFF机构编号,机构名称')).toBe(true);
    expect(csv).toContain(inst.registration.creditCode);
    const json = JSON.parse(await read('data/institutions.json'));
    expect(json.institutions.find((i: { id: string }) => i.id === 'pub-swan').initials).toBeUndefined();

    expect((await listUnpublished(db, 1000)).items.map((i) => i.id)).not.toContain('pub-swan');
  });

  it('shows a revoked licence on the page and in search after the next publish', async () => {
    const inst = await createInstitution(db, { id: 'pub-robot', fields: makeInstitutionFields({ name: '星辰机器人编程工作室', category: 'science' }), status: 'approved', actor: testActor, now });
    await publishChanges({ db, store, publicOrigin: origin, now: () => now });
    await changeStatus(db, {
      id: inst.id,
      change: { status: 'revoked', on: '2026-11-20', reason: '超范围开展学科类培训', decisionNumber: '信科罚〔2026〕3号' },
      expectedVersion: inst.version,
      actor: testActor,
      now,
    });
    expect((await publishChanges({ db, store, publicOrigin: origin, now: () => now })).published).toBe(1);
    const page = await read('institutions/pub-robot/index.html');
    expect(page).toContain('已吊销许可证');
    expect(page).toContain('超范围开展学科类培训');
    expect(page).toContain('信科罚〔2026〕3号');

    const app = createApp({ db, store, searchMaxAgeMs: 0 });
    const res = await app.request('/api/institutions?q=' + encodeURIComponent('星辰机器人'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items[0]).toMatchObject({ id: 'pub-robot', status: 'revoked' });
    expect(res.headers.get('cache-control')).toContain('s-maxage=15');
  });

  it('does nothing when nothing changed', async () => {
    await publishChanges({ db, store, publicOrigin: origin, now: () => now });
    expect((await publishChanges({ db, store, publicOrigin: origin, now: () => now })).published).toBe(0);
  });

  it('writes only the files whose content changed: an inspection rewrites the page, not the QR code or the lists', async () => {
    const counted = onlyChanged(store);
    const inst = await createInstitution(db, { id: 'pub-only', fields: makeInstitutionFields({ name: '信阳市只写变化培训中心' }), status: 'approved', actor: testActor, now });
    const first = await publishChanges({ db, store: counted, publicOrigin: origin, now: () => now });
    expect(first).toMatchObject({ published: 1, snapshotWritten: true });
    const afterFirst = { ...counted.counts };
    expect(afterFirst.written).toBeGreaterThanOrEqual(3); // page, QR code, summaries

    await recordInspection(db, { id: inst.id, expectedVersion: inst.version, actor: testActor, now, item: { on: '2026-11-19', kind: 'routine', inspectors: ['张三'], result: 'passed' } });
    const second = await publishChanges({ db, store: counted, publicOrigin: origin, now: () => now });
    expect(second).toMatchObject({ published: 1, snapshotWritten: false });
    // The page (it lists the inspection) is written; the QR code is the same and is left alone.
    expect(counted.counts.written - afterFirst.written).toBe(1);
    expect(counted.counts.skipped - afterFirst.skipped).toBe(1);
    expect(await read('institutions/pub-only/index.html')).toContain('2026-11-19');
  });

  it('writes each round\'s pages at once, and the lists for all of them at most every listsEveryMs, before marking them', async () => {
    const listed: string[][] = [];
    const hook = { name: 'lists', afterPages: async ({ changes }: { changes: readonly { institution: { id: string } }[] }) => void listed.push(changes.map((c) => c.institution.id)) };
    const paged: string[][] = [];
    const ids = ['pub-round-1', 'pub-round-2', 'pub-round-3', 'pub-round-4', 'pub-round-5'];
    for (const id of ids) await createInstitution(db, { id, fields: makeInstitutionFields({ name: `信阳市分轮${id.slice(-1)}号培训中心` }), status: 'approved', actor: testActor, now });
    // The lists were just written: while changes keep coming (rounds of 2), they wait; at the end (nothing more waits) they are written once.
    const result = await publishChanges({ db, store, publicOrigin: origin, now: () => now, batchSize: 2, hooks: [hook], cache: { listsWrittenAt: Date.now() }, listsEveryMs: 3_600_000, onPages: (items) => void paged.push(items.map((i) => i.id)) });
    expect(result).toMatchObject({ published: 5, rounds: 3, listsWritten: 1 });
    expect(paged.flat().sort()).toEqual(ids);
    expect(listed).toEqual([expect.arrayContaining(ids)]);
    expect((await listUnpublished(db, 100)).items).toEqual([]);
    expect(await publishedIds()).toEqual(expect.arrayContaining(ids));

    // Due every round: the lists follow each round.
    listed.length = 0;
    for (const id of ids.slice(0, 4)) await recordInspection(db, { id, expectedVersion: 1, actor: testActor, now, item: { on: '2026-11-19', kind: 'routine', inspectors: ['张三'], result: 'passed' } });
    const each = await publishChanges({ db, store, publicOrigin: origin, now: () => now, batchSize: 2, hooks: [hook], listsEveryMs: 0 });
    expect(each).toMatchObject({ published: 4, rounds: 2, listsWritten: 2 });
    expect(listed.map((l) => l.length)).toEqual([2, 2]);
  });

  it('gathers the changes that arrive within listsEveryMs of the last lists into one writing of them', async () => {
    const listed: string[][] = [];
    const hook = { name: 'lists', afterPages: async ({ changes }: { changes: readonly { institution: { id: string } }[] }) => void listed.push(changes.map((c) => c.institution.id)) };
    await createInstitution(db, { id: 'pub-gather-a', fields: makeInstitutionFields({ name: '信阳市先到培训中心' }), status: 'approved', actor: testActor, now });
    let second: Promise<unknown> | undefined;
    // The publisher's own clock: each of its waits ends only once the second change is stored, and moves the clock
    // by what it waited, so the 15 s window passes in 15 looks, however slow the machine, without waiting it out.
    let elapsed = 0;
    const sleeps: number[] = [];
    const clock = {
      now: () => now.getTime() + elapsed,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        await second;
        elapsed += ms;
      },
    };
    const result = await publishChanges({
      db,
      store,
      publicOrigin: origin,
      now: () => now,
      hooks: [hook],
      cache: { listsWrittenAt: clock.now() },
      listsEveryMs: 15_000,
      gather: true,
      deadline: clock.now() + 80_000,
      clock,
      // A second change arrives once the first one's page is out, well within the 15 s.
      onPages: () => void (second ??= createInstitution(db, { id: 'pub-gather-b', fields: makeInstitutionFields({ name: '信阳市后到培训中心' }), status: 'approved', actor: testActor, now })),
    });
    await second;
    expect(result).toMatchObject({ published: 2, rounds: 2, listsWritten: 1 });
    // It waited out the window (looking every second), no longer: the lists were written once it had passed.
    expect(sleeps.every((ms) => ms === 1000)).toBe(true);
    expect(elapsed).toBe(15_000);
    expect(listed).toEqual([['pub-gather-a', 'pub-gather-b']]);
    expect((await listUnpublished(db, 100)).items).toEqual([]);
  });

  it('writes the open data at most hourly, and then only if a record changed', async () => {
    const csvBefore = await read('data/institutions.csv');
    await createInstitution(db, { id: 'pub-hourly', fields: makeInstitutionFields({ name: '信阳市每小时开放数据培训中心' }), status: 'approved', actor: testActor, now });
    const soon = new Date(now.getTime() + 10 * 60_000);
    expect((await publishChanges({ db, store, publicOrigin: origin, now: () => soon })).openDataWritten).toBe(false);
    expect(await read('data/institutions.csv')).toBe(csvBefore);
    // Searchable and on its page at once; in the open data within the hour.
    expect(await publishedIds()).toContain('pub-hourly');

    const later = new Date(now.getTime() + 61 * 60_000);
    expect((await publishChanges({ db, store, publicOrigin: origin, now: () => later })).openDataWritten).toBe(true);
    expect(await read('data/institutions.csv')).toContain('信阳市每小时开放数据培训中心');
    // Nothing changed since: due again an hour later, but nothing to write.
    const evenLater = new Date(later.getTime() + 61 * 60_000);
    expect((await publishChanges({ db, store, publicOrigin: origin, now: () => evenLater })).openDataWritten).toBe(false);
  });
});

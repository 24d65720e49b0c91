import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { makeCreditCode } from '../../test/builders/institution.ts';
import { createFsStore } from '../storage/fs-store.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';
import { SNAPSHOT_KEY } from '../search/snapshot.ts';
import { anythingPublished, loadSummaries, SUMMARIES_MANIFEST_KEY, writeSummaries, type SummaryState } from './summary-store.ts';

function summary(n: number, name = `信阳市第${n}培训中心`): InstitutionSummary {
  return {
    id: `inst-${String(n).padStart(3, '0')}`,
    name,
    formerNames: [],
    initials: ['xysdpxzx'],
    category: 'arts',
    profitType: 'non_profit',
    districtCode: '411502',
    address: `信阳市浉河区民权路${n}号`,
    status: 'approved',
    licenceNumber: `教民1415027000${String(n).padStart(4, '0')}号`,
    licenceIssuer: '浉河区文广旅局',
    licenceExpiresOn: '2027-01-01',
    scope: '舞蹈',
    creditCode: makeCreditCode(100 + n),
    supervisingDepartment: 'culture',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function freshStore() {
  const dir = mkdtempSync(join(tmpdir(), 'shouhu-summaries-'));
  dirs.push(dir);
  return createFsStore(dir);
}

/** Counts what is written, by key. */
function recording(store: PublicStore) {
  const puts: string[] = [];
  return { puts, store: { ...store, get: store.get.bind(store), etag: store.etag.bind(store), put: async (key, body, options) => (puts.push(key), store.put(key, body, options)) } satisfies PublicStore };
}

const now = new Date('2026-12-04T12:00:00Z');
const all = (n: number) => new Map(Array.from({ length: n }, (_, i) => summary(i)).map((s) => [s.id, s]));
const names = (m: Map<string, InstitutionSummary>) => [...m.values()].map((s) => s.name).sort();

describe('the published summaries: a base and a delta named by a manifest', () => {
  it('writes everything once, then only the delta of what changed and the manifest, never the base again', async () => {
    const { puts, store } = recording(freshStore());
    const writer: SummaryState = {};
    const summaries = all(50);
    expect(await writeSummaries(store, writer, summaries, summaries.keys(), now)).toEqual({ compacted: true, deltaCount: 0 });
    expect(puts).toEqual(['data/summaries/base-a.json', SUMMARIES_MANIFEST_KEY]);

    puts.length = 0;
    summaries.set('inst-007', summary(7, '改名七号'));
    expect(await writeSummaries(store, writer, summaries, ['inst-007'], now)).toEqual({ compacted: false, deltaCount: 1 });
    summaries.set('inst-009', summary(9, '改名九号'));
    expect(await writeSummaries(store, writer, summaries, ['inst-009'], now)).toEqual({ compacted: false, deltaCount: 2 });
    // Two writings: each the delta (in the slot the manifest did not name) and the manifest; the base is left alone.
    expect(puts).toEqual(['data/summaries/delta-a.json', SUMMARIES_MANIFEST_KEY, 'data/summaries/delta-b.json', SUMMARIES_MANIFEST_KEY]);

    // A fresh reader (another process) merges the delta over the base.
    const read = await loadSummaries(store, {});
    expect(read.size).toBe(50);
    expect(read.get('inst-007')!.name).toBe('改名七号');
    expect(read.get('inst-009')!.name).toBe('改名九号');
    expect(names(read)).toEqual(names(summaries));
  });

  it('writes a new base (in the other slot) once the delta passes compactAt, and starts an empty delta', async () => {
    const { puts, store } = recording(freshStore());
    const writer: SummaryState = {};
    const summaries = all(20);
    await writeSummaries(store, writer, summaries, summaries.keys(), now, { compactAt: 3 });
    for (const n of [1, 2, 3]) {
      summaries.set(summary(n).id, summary(n, `第${n}次改名`));
      await writeSummaries(store, writer, summaries, [summary(n).id], now, { compactAt: 3 });
    }
    puts.length = 0;
    summaries.set(summary(4).id, summary(4, '第四次改名'));
    expect(await writeSummaries(store, writer, summaries, [summary(4).id], now, { compactAt: 3 })).toEqual({ compacted: true, deltaCount: 0 });
    expect(puts).toEqual(['data/summaries/base-b.json', SUMMARIES_MANIFEST_KEY]);
    expect(names(await loadSummaries(store, {}))).toEqual(names(summaries));
  });

  it('a writing that fails before the manifest leaves the last one whole: readers see the previous summaries, the next writing goes through', async () => {
    const base = freshStore();
    const writer: SummaryState = {};
    const summaries = all(10);
    await writeSummaries(base, writer, summaries, summaries.keys(), now);
    const before = names(await loadSummaries(base, {}));

    // The process dies after writing the delta, before the manifest.
    const failing: PublicStore = { ...base, get: base.get.bind(base), etag: base.etag.bind(base), put: async (key, body, options) => (key === SUMMARIES_MANIFEST_KEY ? Promise.reject(new Error('crash')) : base.put(key, body, options)) };
    const changed = new Map(summaries);
    changed.set('inst-003', summary(3, '半途改名'));
    await expect(writeSummaries(failing, { ...writer, deltaIds: new Set(writer.deltaIds) }, changed, ['inst-003'], now)).rejects.toThrow('crash');
    expect(names(await loadSummaries(base, {}))).toEqual(before);

    // The next run (the institution still waits: it was not marked) writes it again.
    await writeSummaries(base, writer, changed, ['inst-003'], now);
    expect((await loadSummaries(base, {})).get('inst-003')!.name).toBe('半途改名');
  });

  it('a reader that read the manifest before a slot was written again reads the manifest again, and never mixes two writings', async () => {
    const base = freshStore();
    const writer: SummaryState = {};
    const summaries = all(10);
    await writeSummaries(base, writer, summaries, summaries.keys(), now);
    summaries.set('inst-001', summary(1, '一改'));
    await writeSummaries(base, writer, summaries, ['inst-001'], now); // delta-a

    // The reader has read the manifest (naming delta-a); before it reads delta-a, the writer writes twice (delta-b, then delta-a again).
    let raced = false;
    const reader: PublicStore = {
      ...base,
      etag: base.etag.bind(base),
      put: base.put.bind(base),
      get: async (key) => {
        if (key === 'data/summaries/delta-a.json' && !raced) {
          raced = true;
          summaries.set('inst-002', summary(2, '二改'));
          await writeSummaries(base, writer, summaries, ['inst-002'], now); // delta-b
          summaries.set('inst-001', summary(1, '一再改'));
          await writeSummaries(base, writer, summaries, ['inst-001'], now); // delta-a, another generation
        }
        return base.get(key);
      },
    };
    const read = await loadSummaries(reader, {});
    expect(raced).toBe(true);
    expect(read.get('inst-001')!.name).toBe('一再改');
    expect(read.get('inst-002')!.name).toBe('二改');
  });

  it('keeps what it read while the manifest has not moved, and reads again when another writer moved it', async () => {
    const base = freshStore();
    const summaries = all(5);
    await writeSummaries(base, {}, summaries, summaries.keys(), now);
    const gets: string[] = [];
    const reader: PublicStore = { ...base, etag: base.etag.bind(base), put: base.put.bind(base), get: async (key) => (gets.push(key), base.get(key)) };
    const state: SummaryState = {};
    await loadSummaries(reader, state);
    const first = gets.length;
    await loadSummaries(reader, state);
    expect(gets.length).toBe(first);

    summaries.set('inst-004', summary(4, '别处改名'));
    await writeSummaries(base, {}, summaries, ['inst-004'], now);
    expect((await loadSummaries(reader, state)).get('inst-004')!.name).toBe('别处改名');
  });

  it('reads a store published before it from the one snapshot, and makes a base at the first writing', async () => {
    const store = freshStore();
    expect(await anythingPublished(store)).toBe(false);
    const old = [summary(1), summary(2)];
    await store.put(SNAPSHOT_KEY, JSON.stringify({ generatedAt: 'x', count: 2, institutions: old }), { contentType: 'application/json', cacheControl: CACHE.published });
    expect(await anythingPublished(store)).toBe(true);
    const state: SummaryState = {};
    const summaries = await loadSummaries(store, state);
    expect([...summaries.keys()]).toEqual(['inst-001', 'inst-002']);
    summaries.set('inst-003', summary(3));
    expect(await writeSummaries(store, state, summaries, ['inst-003'], now)).toMatchObject({ compacted: true });
    expect([...(await loadSummaries(store, {})).keys()].sort()).toEqual(['inst-001', 'inst-002', 'inst-003']);
  });
});

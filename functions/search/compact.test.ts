import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeCreditCode } from '../../test/builders/institution.ts';
import { makeSummary } from '../../test/builders/summary.ts';
import { createFsStore } from '../storage/fs-store.ts';
import { CACHE } from '../storage/types.ts';
import { toSearchable } from '#shared/search/match.ts';
import { writeSummaries, type SummaryState } from '../publish/summary-store.ts';
import { decodeSearchFile, encodeSearchFile, SEARCH_FILE_VERSION, SEARCH_INDEX_KEY, UnreadableSearchIndex } from './compact.ts';
import { createSearchIndex, createSearchIndexFromColumns } from './engine.ts';
import { buildPostings, decodePostings, encodePostings, UnreadablePostings } from './postings.ts';
import { writeSearchIndex } from './search-index-writer.ts';
import { createSnapshotSource, SNAPSHOT_KEY } from './snapshot.ts';

const summary = makeSummary;

const summaries = Array.from({ length: 40 }, (_, n) => summary(n));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the search file', () => {
  const file = encodeSearchFile(summaries, '2026-11-01T00:00:00.000Z');

  it('gives back every summary as it was written, in name order', () => {
    const columns = decodeSearchFile(file);
    expect(columns.generatedAt).toBe('2026-11-01T00:00:00.000Z');
    const back = Array.from({ length: columns.count }, (_, i) => columns.summary(i));
    expect(back).toHaveLength(summaries.length);
    for (const s of summaries) expect(back.find((b) => b.id === s.id)).toStrictEqual(s);
    const collator = new Intl.Collator('zh-CN');
    for (let i = 1; i < back.length; i++) expect(collator.compare(back[i - 1]!.name, back[i]!.name)).toBeLessThanOrEqual(0);
    // The matched text is written normalised: traditional characters simplified, so the reader need not.
    expect(columns.searchable.map((s) => s.name)).toContain('信阳市书法艺术学校3');
    expect(back.map((s) => s.name)).toContain('信陽市書法藝術學校3');
    for (const s of summaries) expect(columns.rowOfId(s.id)).toBe(back.findIndex((b) => b.id === s.id));
    expect(columns.rowOfId('inst-999')).toBeUndefined();
  });

  it('answers every search as a full scan of the summaries does', () => {
    const fromFile = createSearchIndexFromColumns(decodeSearchFile(file));
    const queries = [
      { q: '天鹅' }, { q: '書法' }, { q: '书法艺术' }, { q: 'xtewd' }, { q: '艺术培训部' }, { q: '小天鸭舞蹈培训' }, { q: '0270000' },
      { q: makeCreditCode(105) }, { q: '' }, { district: '411503' }, { status: 'revoked' as const }, { q: '培训', category: 'arts' as const },
      { q: '培训', offset: 5, limit: 5 }, { district: '999999' },
    ];
    const scan = (query: (typeof queries)[number]) =>
      summaries.filter((s) => {
        const one = createSearchIndex([s]).search(query);
        return one.total === 1;
      });
    for (const query of queries) {
      const answer = fromFile.search({ ...query, limit: 100, offset: 0 });
      expect(new Set(answer.items.map((i) => i.id)), JSON.stringify(query)).toEqual(new Set(scan(query).map((s) => s.id)));
    }
    expect(fromFile.search({ q: '培训', offset: 5, limit: 5 }).items).toStrictEqual(fromFile.search({ q: '培训', limit: 10 }).items.slice(5));
    expect(fromFile.get('inst-7')).toStrictEqual(summaries[7]);
    expect(fromFile.get('nope')).toBeUndefined();
  });

  it('finds every row of a credit code the registry holds twice', () => {
    const twice = createSearchIndex([summaries[1]!, { ...summaries[2]!, creditCode: summaries[1]!.creditCode }]);
    expect(twice.search({ q: summaries[1]!.creditCode }).items.map((i) => i.id).sort()).toEqual(['inst-1', 'inst-2']);
  });

  it('refuses, saying why, a file of an older format, of another version, or cut short', () => {
    const old = Buffer.from(JSON.stringify({ format: 'shouhu-search-index/1', generatedAt: 'x', count: 0 }));
    expect(() => decodeSearchFile(old)).toThrow(UnreadableSearchIndex);
    expect(() => decodeSearchFile(old)).toThrow(/not a search file/);
    const newer = Buffer.from(file);
    newer.writeUInt32LE(SEARCH_FILE_VERSION + 1, 4);
    expect(() => decodeSearchFile(newer)).toThrow(new RegExp(`format version ${SEARCH_FILE_VERSION + 1}, this reader reads version ${SEARCH_FILE_VERSION}`));
    for (const length of [0, 10, 100, file.length - 8]) expect(() => decodeSearchFile(file.subarray(0, length)), String(length)).toThrow(UnreadableSearchIndex);
    expect(() => decodeSearchFile(file.subarray(0, file.length - 8))).toThrow(/cut short/);
  });

  it('is read where it sits in memory, on any byte boundary', () => {
    const shifted = Buffer.concat([Buffer.alloc(3), file]).subarray(3);
    expect(createSearchIndexFromColumns(decodeSearchFile(shifted)).search({ q: '天鹅' })).toStrictEqual(createSearchIndexFromColumns(decodeSearchFile(file)).search({ q: '天鹅' }));
  });
});

describe('the candidate lists', () => {
  const built = buildPostings(summaries.map((s) => toSearchable(s)));

  it('read back every list as it was built', () => {
    const read = decodePostings(encodePostings(built));
    for (const [key, list] of built.pairs) expect([...read.pairs.get(key)!]).toEqual(list);
    for (const [key, list] of built.digits) expect([...read.digits.get(key)!]).toEqual(list);
    expect(built.prefixes.size).toBeGreaterThan(0);
    for (const [key, list] of built.prefixes) expect([...read.prefixes.get(key)!]).toEqual(list);
    expect(read.pairs.get(1)).toBeUndefined();
  });

  it('refuse what is not candidate lists, or is cut short', () => {
    expect(() => decodePostings(Buffer.from('not a postings file at all'))).toThrow(UnreadablePostings);
    const file = encodePostings(built);
    expect(() => decodePostings(file.subarray(0, file.length - 8))).toThrow(/cut short/);
  });
});

describe('where the API reads it from', () => {
  const store = () => {
    const dir = mkdtempSync(join(tmpdir(), 'shouhu-search-'));
    dirs.push(dir);
    return createFsStore(dir);
  };

  it('reads the search file the publisher writes, and a newer one after it changes', async () => {
    const s = store();
    await writeSearchIndex(s, summaries.slice(0, 10), 'x');
    let clock = 0;
    const source = createSnapshotSource(s, { maxAgeMs: 1_000, now: () => clock });
    expect((await source.index()).size).toBe(10);
    await writeSearchIndex(s, summaries, 'y');
    expect((await source.index()).size).toBe(10);
    clock += 1_001;
    expect((await source.index()).size).toBe(40);
  });

  it('searches the published summaries where the search file is of a format it does not read, until a new one is written', async () => {
    const s = store();
    const published: SummaryState = {};
    await writeSummaries(s, published, new Map(summaries.slice(0, 5).map((x) => [x.id, x])), [], new Date('2026-11-01T00:00:00Z'));
    await s.put(SEARCH_INDEX_KEY, JSON.stringify({ format: 'shouhu-search-index/1' }), { contentType: 'application/json', cacheControl: CACHE.published });
    let clock = 0;
    const source = createSnapshotSource(s, { maxAgeMs: 1_000, now: () => clock });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const index = await source.index();
      expect(index.size).toBe(5);
      expect(index.search({ q: '天鹅' }).items.map((i) => i.id)).toEqual(['inst-0', 'inst-4']);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/not a search file/));
      await writeSearchIndex(s, summaries, 'y');
      clock += 1_001;
      expect((await source.index()).size).toBe(40);
    } finally {
      warn.mockRestore();
    }
  });

  it('searches the summaries the publisher keeps (base and delta) where no search file was published yet', async () => {
    const s = store();
    const published: SummaryState = {};
    const all = new Map(summaries.slice(0, 3).map((x) => [x.id, x]));
    await writeSummaries(s, published, all, [], new Date('2026-11-01T00:00:00Z'));
    all.set('inst-1', { ...summaries[1]!, name: '改了名的天鹅学校' });
    await writeSummaries(s, published, all, ['inst-1'], new Date('2026-11-01T00:01:00Z'));
    expect(published.manifest?.delta?.count).toBe(1);
    const index = await createSnapshotSource(s).index();
    expect(index.size).toBe(3);
    expect(index.search({ q: '天鹅' }).items.map((i) => i.id)).toEqual(['inst-1', 'inst-0']);
    expect(await s.etag(SEARCH_INDEX_KEY)).toBeNull();
  });

  it('falls back to the one-file snapshot of older publishers where there is nothing newer', async () => {
    const s = store();
    await s.put(SNAPSHOT_KEY, JSON.stringify({ generatedAt: 'x', count: 3, institutions: summaries.slice(0, 3) }), { contentType: 'application/json', cacheControl: CACHE.published });
    const index = await createSnapshotSource(s).index();
    expect(index.size).toBe(3);
    expect(index.search({ q: '天鹅' }).items.map((i) => i.id)).toEqual(['inst-0']);
    expect(await s.etag(SEARCH_INDEX_KEY)).toBeNull();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { makeCreditCode } from '../../test/builders/institution.ts';
import { createFsStore } from '../storage/fs-store.ts';
import { CACHE } from '../storage/types.ts';
import { readSearchColumns, SEARCH_INDEX_KEY, summaryAt, toSearchColumns, UnreadableSearchIndex } from './compact.ts';
import { createSearchIndex, createSearchIndexFromColumns, searchableOf } from './engine.ts';
import { buildPostings, decodePostings, encodePostings, POSTINGS_KEY, UnreadablePostings } from './postings.ts';
import { writeSearchIndex } from './search-index-writer.ts';
import { createSnapshotSource, SNAPSHOT_KEY } from './snapshot.ts';

function summary(n: number, overrides: Partial<InstitutionSummary> = {}): InstitutionSummary {
  return {
    id: `inst-${n}`,
    name: ['小天鹅舞蹈培训中心', '星辰机器人编程工作室', '啊哈数学', '信陽市書法藝術學校'][n % 4]! + n,
    formerNames: n % 3 === 0 ? [`浉河区艺术培训部${n}`] : [],
    initials: ['xtewdpxzx', 'xcjqrbcgzs', 'ahsx', 'xyssfysxx'].slice(n % 4, (n % 4) + 1),
    category: n % 2 ? 'arts' : 'science',
    profitType: 'non_profit',
    districtCode: n % 5 ? '411502' : '411503',
    address: `信阳市浉河区民权路${n}号`,
    status: n % 7 ? 'approved' : 'revoked',
    ...(n % 7 ? {} : { statusSince: '2026-03-01' }),
    licenceNumber: `教民1415027000${String(n).padStart(4, '0')}号`,
    licenceIssuer: n % 2 ? '浉河区文广旅局' : '浉河区教育体育局',
    licenceExpiresOn: '2027-01-01',
    scope: '舞蹈',
    creditCode: makeCreditCode(100 + n),
    supervisingDepartment: n % 2 ? 'culture' : 'education',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

const summaries = Array.from({ length: 40 }, (_, n) => summary(n));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the search file', () => {
  it('gives back every summary as it was written, in name order', () => {
    const columns = readSearchColumns(JSON.stringify(toSearchColumns(summaries, '2026-11-01T00:00:00.000Z')));
    const back = Array.from({ length: columns.count }, (_, i) => summaryAt(columns, i, new Map(columns.statusSince)));
    expect(back).toHaveLength(summaries.length);
    for (const s of summaries) expect(back.find((b) => b.id === s.id)).toStrictEqual(s);
    const collator = new Intl.Collator('zh-CN');
    for (let i = 1; i < back.length; i++) expect(collator.compare(back[i - 1]!.name, back[i]!.name)).toBeLessThanOrEqual(0);
  });

  it('answers every search as the index of the summaries themselves does', () => {
    const fromFile = createSearchIndexFromColumns(readSearchColumns(JSON.stringify(toSearchColumns(summaries, 'x'))));
    const direct = createSearchIndex([...summaries].reverse());
    const queries = [
      { q: '天鹅' }, { q: '書法' }, { q: '书法艺术' }, { q: 'xtewd' }, { q: '艺术培训部' }, { q: '小天鸭舞蹈培训' }, { q: '0270000' },
      { q: makeCreditCode(105) }, { q: '' }, { district: '411503' }, { status: 'revoked' as const }, { q: '培训', category: 'arts' as const },
      { q: '培训', offset: 5, limit: 5 }, { district: '999999' },
    ];
    for (const query of queries) expect(fromFile.search(query), JSON.stringify(query)).toStrictEqual(direct.search(query));
    expect(fromFile.get('inst-7')).toStrictEqual(summaries[7]);
    expect(fromFile.get('nope')).toBeUndefined();
  });

  it('refuses a file that is not one, or whose columns do not line up', () => {
    expect(() => readSearchColumns(JSON.stringify({ generatedAt: 'x', count: 1, institutions: [] }))).toThrow(UnreadableSearchIndex);
    const columns = toSearchColumns(summaries, 'x');
    columns.plain.name.pop();
    expect(() => readSearchColumns(JSON.stringify(columns))).toThrow(/does not have 40 rows/);
  });
});

describe('the candidate lists file', () => {
  const columns = toSearchColumns(summaries, 'x');
  const built = buildPostings(searchableOf(columns));

  it('reads back every list as it was built, with its id', () => {
    const read = decodePostings(encodePostings(built, 'run-1'));
    expect(read.id).toBe('run-1');
    for (const [key, list] of built.pairs) expect([...read.pairs.get(key)!]).toEqual(list);
    for (const [key, list] of built.digits) expect([...read.digits.get(key)!]).toEqual(list);
    expect(built.prefixes.size).toBeGreaterThan(0);
    for (const [key, list] of built.prefixes) expect([...read.prefixes.get(key)!]).toEqual(list);
    expect(read.pairs.get(1)).toBeUndefined();
    // A Buffer that does not start on a 4-byte boundary of its memory is read as well.
    const file = encodePostings(built, 'run-1');
    const shifted = Buffer.concat([Buffer.alloc(1), file]).subarray(1);
    expect([...decodePostings(shifted).pairs.get(built.pairs.keys().next().value!)!]).toEqual(built.pairs.values().next().value);
  });

  it('gives the same answers as lists built from the names', () => {
    const withFile = createSearchIndexFromColumns(columns, '', decodePostings(encodePostings(built, 'run-1')));
    const without = createSearchIndexFromColumns(columns);
    for (const q of ['天鹅', '书法艺术', 'xtewd', '艺术培训部', '小天鸭舞蹈培训', '0270000', makeCreditCode(105), '']) {
      expect(withFile.search({ q, limit: 100 }), q).toStrictEqual(without.search({ q, limit: 100 }));
    }
  });

  it('refuses what is not a postings file, or is cut short', () => {
    expect(() => decodePostings(Buffer.from('not a postings file at all'))).toThrow(UnreadablePostings);
    const file = encodePostings(built, 'run-1');
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

  it('uses the lists written with the search file, and builds its own when they belong to another', async () => {
    const s = store();
    await writeSearchIndex(s, summaries, 'x');
    const answer = (await createSnapshotSource(s).index()).search({ q: '书法' });
    expect(answer.total).toBe(10);
    // Lists of another run (as when a publish lands between reading the two files): the same answers all the same.
    await s.put(POSTINGS_KEY, encodePostings({ pairs: new Map(), digits: new Map(), prefixes: new Map() }, 'another run'), { contentType: 'application/octet-stream', cacheControl: CACHE.published });
    expect((await createSnapshotSource(s).index()).search({ q: '书法' })).toStrictEqual(answer);
  });

  it('falls back to the snapshot where no search file was published yet', async () => {
    const s = store();
    await s.put(SNAPSHOT_KEY, JSON.stringify({ generatedAt: 'x', count: 3, institutions: summaries.slice(0, 3) }), { contentType: 'application/json', cacheControl: CACHE.published });
    const index = await createSnapshotSource(s).index();
    expect(index.size).toBe(3);
    expect(index.search({ q: '天鹅' }).items.map((i) => i.id)).toEqual(['inst-0']);
    expect(await s.etag(SEARCH_INDEX_KEY)).toBeNull();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { makeCreditCode } from '../../test/builders/institution.ts';
import { makeSummary } from '../../test/builders/summary.ts';
import { createFsStore } from '../storage/fs-store.ts';
import { CACHE } from '../storage/types.ts';
import { SEARCH_INDEX_KEY } from './compact.ts';
import { SEARCH_DELTA_FORMAT, SEARCH_DELTA_KEY, withDelta, type SearchDelta } from './delta.ts';
import { createSearchIndex, type SearchQuery } from './engine.ts';
import { writeSearchIndex, type SearchIndexState } from './search-index-writer.ts';
import { createSnapshotSource } from './snapshot.ts';

const base = Array.from({ length: 60 }, (_, n) => makeSummary(n));
/** Renamed, moved and revoked rows, one new centre, two removed. */
const changed: InstitutionSummary[] = [
  makeSummary(4, { name: '小天鹅舞蹈艺术中心4', initials: ['xtewdyszx'] }),
  makeSummary(9, { districtCode: '411503' }),
  makeSummary(13, { status: 'revoked', statusSince: '2026-11-02' }),
  makeSummary(200, { name: '啊哈数学新校区', initials: ['ahsxxxq'], creditCode: makeCreditCode(900) }),
];
const removed = ['inst-1', 'inst-22'];
const after = [...base.filter((s) => !removed.includes(s.id) && !changed.some((c) => c.id === s.id)), ...changed];
const delta: SearchDelta = { format: SEARCH_DELTA_FORMAT, base: 'g1', generatedAt: 'x', changed, removed };

const queries: SearchQuery[] = [
  { q: '天鹅' }, { q: '小天鹅舞蹈艺术' }, { q: '書法' }, { q: 'xtewd' }, { q: 'ahsx' }, { q: '艺术培训部' }, { q: '小天鸭舞蹈培训' }, { q: '0270000' },
  { q: makeCreditCode(900) }, { q: makeCreditCode(101) }, { q: '' }, { district: '411503' }, { status: 'revoked' }, { q: '培训', category: 'arts' },
  { q: '天鹅', offset: 5, limit: 5 }, { offset: 20, limit: 20 }, { q: '啊哈数学新' }, { q: '啊哈数学亲校区' },
];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const store = () => {
  const dir = mkdtempSync(join(tmpdir(), 'shouhu-search-delta-'));
  dirs.push(dir);
  return createFsStore(dir);
};

describe('the search delta laid over the search file', () => {
  it('answers every search, and finds every centre by id, as one index of the summaries after the changes does', () => {
    const laid = withDelta(createSearchIndex(base), delta, 'x');
    const whole = createSearchIndex(after);
    expect(laid.size).toBe(after.length);
    for (const query of queries) expect(laid.search(query), JSON.stringify(query)).toStrictEqual(whole.search(query));
    for (const id of ['inst-4', 'inst-9', 'inst-200', 'inst-30', 'inst-1', 'inst-22', 'nope']) expect(laid.get(id), id).toStrictEqual(whole.get(id));
  });
});

describe('writing the search files', () => {
  const changedAfter = (state: SearchIndexState, s = store()) => ({ s, state });

  it('writes the search file first, then only a delta of what changed since, until the delta passes its limit', async () => {
    const { s, state } = changedAfter({});
    expect(await writeSearchIndex(s, base, 'a', state)).toMatchObject({ written: 'base' });
    const baseEtag = await s.etag(SEARCH_INDEX_KEY);
    // The same summaries, as new objects: nothing changed.
    expect(await writeSearchIndex(s, base.map((x) => ({ ...x })), 'b', state)).toMatchObject({ written: 'delta', deltaCount: 0 });
    expect(await writeSearchIndex(s, after, 'c', state, { compactAt: 10 })).toMatchObject({ written: 'delta', deltaCount: changed.length + removed.length });
    expect(await s.etag(SEARCH_INDEX_KEY)).toBe(baseEtag);
    const written = JSON.parse((await s.get(SEARCH_DELTA_KEY))!.body.toString('utf8')) as SearchDelta;
    expect(written.changed.map((x) => x.id).sort()).toEqual(changed.map((x) => x.id).sort());
    expect(written.removed.sort()).toEqual(removed);
    // Past the limit: a new search file (the compaction).
    expect(await writeSearchIndex(s, after, 'd', state, { compactAt: 5 })).toMatchObject({ written: 'base', deltaCount: 0 });
    expect(await s.etag(SEARCH_INDEX_KEY)).not.toBe(baseEtag);
  });

  it('writes a search file, not a delta, when another writer replaced the one it wrote', async () => {
    const s = store();
    const mine: SearchIndexState = {};
    await writeSearchIndex(s, base, 'a', mine);
    await writeSearchIndex(s, base.slice(0, 10), 'b', {});
    expect(await writeSearchIndex(s, after, 'c', mine)).toMatchObject({ written: 'base' });
  });
});

describe('the API reading the search file and its delta', () => {
  it('lays the delta over the search file, reads only the delta when only it changed, and ignores a delta of another search file', async () => {
    const s = store();
    const state: SearchIndexState = {};
    await writeSearchIndex(s, base, 'a', state);
    let clock = 0;
    const reads: string[] = [];
    const source = createSnapshotSource({ ...s, get: (key) => (reads.push(key), s.get(key)) }, { maxAgeMs: 1_000, now: () => clock });
    expect((await source.index()).size).toBe(60);
    await writeSearchIndex(s, after, 'b', state);
    clock += 1_001;
    const laid = await source.index();
    expect(laid.size).toBe(after.length);
    for (const query of queries) expect(laid.search(query), JSON.stringify(query)).toStrictEqual(createSearchIndex(after).search(query));
    expect(reads.filter((key) => key === SEARCH_INDEX_KEY)).toHaveLength(1);
    // A delta written over another search file (one this reader does not hold): not laid over this one.
    await s.put(SEARCH_DELTA_KEY, JSON.stringify({ ...delta, base: 'another' }), { contentType: 'application/json', cacheControl: CACHE.published });
    clock += 1_001;
    expect((await source.index()).size).toBe(60);
    expect((await source.index()).get('inst-200')).toBeUndefined();
    // One it cannot read (cut short, another format): the search file alone, and a line in the log saying why.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await s.put(SEARCH_DELTA_KEY, '{"format":"shouhu-search-delta/1","base":', { contentType: 'application/json', cacheControl: CACHE.published });
      clock += 1_001;
      expect((await source.index()).size).toBe(60);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/search-delta\.json is not a search delta/));
    } finally {
      warn.mockRestore();
    }
  });
});

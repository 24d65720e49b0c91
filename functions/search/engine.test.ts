import { describe, expect, it } from 'vitest';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { makeCreditCode } from '../../test/builders/institution.ts';
import { createSearchIndex } from './engine.ts';

function summary(overrides: Partial<InstitutionSummary> & Pick<InstitutionSummary, 'id' | 'name'>): InstitutionSummary {
  return {
    formerNames: [],
    initials: [],
    category: 'arts',
    profitType: 'non_profit',
    districtCode: '411502',
    address: '信阳市浉河区民权路18号',
    status: 'approved',
    licenceNumber: `教民14150270000${overrides.id.length}号`,
    licenceIssuer: '浉河区文广旅局',
    licenceExpiresOn: '2027-01-01',
    scope: '舞蹈',
    creditCode: makeCreditCode(overrides.id.charCodeAt(0)),
    supervisingDepartment: 'culture',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

const swan = summary({ id: 'swan', name: '信阳市小天鹅舞蹈培训中心', formerNames: ['浉河区小天鹅艺术培训部'], initials: ['xysxtewdpxzx', 'shqxteyspxb'], licenceNumber: '文民141150270001234号', creditCode: makeCreditCode(1) });
const robot = summary({ id: 'robot', name: '平桥区星辰机器人编程工作室', category: 'science', districtCode: '411503', initials: ['pqqxcjqrbcgzs'], creditCode: makeCreditCode(2) });
const closed = summary({ id: 'closed', name: '启航跆拳道馆', category: 'sports', status: 'revoked', initials: ['qhtqdg'], creditCode: makeCreditCode(3) });
const index = createSearchIndex([robot, closed, swan]);

describe('searching the public list', () => {
  it('finds a centre by any part of its name', () => {
    expect(index.search({ q: '天鹅' }).items.map((i) => i.id)).toEqual(['swan']);
    expect(index.search({ q: '舞蹈培训' }).items.map((i) => i.id)).toEqual(['swan']);
  });

  it('finds a centre by a former name', () => {
    expect(index.search({ q: '艺术培训部' }).items.map((i) => i.id)).toEqual(['swan']);
  });

  it('finds a centre by pinyin initials, ignoring case and full-width letters', () => {
    expect(index.search({ q: 'xtewd' }).items.map((i) => i.id)).toEqual(['swan']);
    expect(index.search({ q: 'ＸＴＥＷＤ' }).items.map((i) => i.id)).toEqual(['swan']);
    expect(index.search({ q: 'qhtqd' }).items.map((i) => i.id)).toEqual(['closed']);
  });

  it('finds a centre by its whole credit code, or by a fragment of its licence number', () => {
    expect(index.search({ q: makeCreditCode(2) }).items.map((i) => i.id)).toEqual(['robot']);
    expect(index.search({ q: makeCreditCode(2).toLowerCase() }).items.map((i) => i.id)).toEqual(['robot']);
    expect(index.search({ q: '150270001234' }).items.map((i) => i.id)).toEqual(['swan']);
  });

  it('filters by district, category and status', () => {
    expect(index.search({ district: '411503' }).items.map((i) => i.id)).toEqual(['robot']);
    expect(index.search({ category: 'sports' }).items.map((i) => i.id)).toEqual(['closed']);
    expect(index.search({ status: 'revoked' }).items.map((i) => i.id)).toEqual(['closed']);
    expect(index.search({ q: '天鹅', district: '411503' }).total).toBe(0);
  });

  it('lists everything, by name, when the query is empty, a page at a time', () => {
    const all = index.search({ limit: 2 });
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    expect(index.search({ offset: 2, limit: 2 }).items).toHaveLength(1);
  });

  it('puts a name that starts with the query before one that merely contains it', () => {
    const two = createSearchIndex([summary({ id: 'b', name: '信阳小天鹅舞蹈' }), summary({ id: 'a', name: '小天鹅艺术学校' })]);
    expect(two.search({ q: '小天鹅' }).items.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('finds nothing for a centre that is not on the list', () => {
    expect(index.search({ q: '不存在的培训班' })).toEqual({ total: 0, items: [] });
  });
});

describe('the candidate index', () => {
  it('finds exactly what a full scan finds, for every kind of query', () => {
    const many = Array.from({ length: 300 }, (_, n) =>
      summary({
        id: `c${n}`,
        name: ['小天鹅舞蹈', '星辰机器人编程', '启航跆拳道', '信阳书法'][n % 4]! + `培训中心${n}`,
        formerNames: n % 7 === 0 ? ['浉河区艺术培训部'] : [],
        initials: [['xtewdpxzx', 'xcjqrbcpxzx', 'qhtqdpxzx', 'xysfpxzx'][n % 4]!],
        creditCode: makeCreditCode(1000 + n),
      }),
    );
    const indexed = createSearchIndex(many);
    const scan = (q: string) => many.filter((s) => createSearchIndex([s]).search({ q }).total === 1).length;
    const queries = ['天鹅', '培训中心1', '艺术培训部', 'xtewd', 'pxzx', '机器人编程', '编程', '中心29', '不存在', '1', '150270', '0270000', makeCreditCode(1005), makeCreditCode(1005).toLowerCase(), '123456'];
    for (const q of queries) {
      expect(indexed.search({ q, limit: 1000 }).total, q).toBe(scan(q));
    }
    // Paging walks the same order as one long page.
    const all = indexed.search({ q: '培训中心', limit: 1000 }).items.map((i) => i.id);
    const paged = [0, 20, 40].flatMap((offset) => indexed.search({ q: '培训中心', offset, limit: 20 }).items.map((i) => i.id));
    expect(paged).toEqual(all.slice(0, 60));
  });
});

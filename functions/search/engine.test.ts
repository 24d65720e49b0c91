import { describe, expect, it } from 'vitest';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { makeCreditCode } from '../../test/builders/institution.ts';
import { containsWithinOneEdit } from '#shared/search/fuzzy.ts';
import { classifyQuery, matchScore, normalizeQuery, toSearchable } from '#shared/search/match.ts';
import { createRng } from '../../scripts/demo/prng.ts';
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
    expect(index.search({ q: '不存在的培训班' })).toEqual({ total: 0, totalEstimated: false, items: [], approximate: false });
  });
});

describe('forgiving what phones and handwriting type', () => {
  it('finds a centre from traditional or variant characters', () => {
    for (const q of ['小天鵝', '小天鵝舞蹈', '天鵝舞蹈培訓', '藝術培訓部', '艺朮培训部']) {
      const answer = index.search({ q });
      expect(answer.items.map((i) => i.id), q).toEqual(['swan']);
      expect(answer.approximate, q).toBe(false);
    }
  });

  it('finds a centre listed in traditional characters from simplified ones', () => {
    const listed = createSearchIndex([summary({ id: 'hk', name: '信陽市書法藝術學校' })]);
    expect(listed.search({ q: '书法艺术' }).items.map((i) => i.id)).toEqual(['hk']);
  });

  it('offers names one character away, and says they are approximate', () => {
    for (const q of ['小天鸭舞蹈', '小天舞蹈培训', '小天鹅鹅舞蹈', '机器人编成工作室', '浉河区小天鹅艺述培训']) {
      const answer = index.search({ q });
      expect(answer.approximate, q).toBe(true);
      expect(answer.items.length, q).toBe(1);
    }
    expect(index.search({ q: '小天鸭舞蹈' }).items[0]!.id).toBe('swan');
    expect(index.search({ q: '机器人编成工作室' }).items[0]!.id).toBe('robot');
  });

  it('keeps approximate answers to queries long enough to mean one name, and within the filters', () => {
    expect(index.search({ q: '小天鸭' })).toMatchObject({ total: 0, approximate: false });
    expect(index.search({ q: '小天鸭舞蹈', district: '411503' })).toMatchObject({ total: 0, approximate: false });
    expect(index.search({ q: '大地鸭舞蹈' })).toMatchObject({ total: 0, approximate: false });
  });

  it('never answers approximately when a name matches exactly', () => {
    const two = createSearchIndex([summary({ id: 'a', name: '小天鹅舞蹈' }), summary({ id: 'b', name: '小天鸭舞蹈' })]);
    expect(two.search({ q: '小天鹅舞蹈' })).toMatchObject({ total: 1, approximate: false });
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
    const scan = (q: string) =>
      many.filter((s) => {
        const one = createSearchIndex([s]).search({ q });
        return one.total === 1 && !one.approximate;
      }).length;
    const queries = ['天鹅', '培训中心1', '艺术培训部', 'xtewd', 'pxzx', '机器人编程', '编程', '中心29', '不存在', '1', '150270', '0270000', makeCreditCode(1005), makeCreditCode(1005).toLowerCase(), '123456'];
    for (const q of queries) {
      expect(indexed.search({ q, limit: 1000 }).total, q).toBe(scan(q));
    }
    // Approximate answers: the pair lists skip only records that cannot be one edit away.
    for (const q of ['小天鸭舞蹈培训', '星辰机器人编成', '启航跆拳到', '信阳书发培训中心1', '艺术培训布']) {
      const answer = indexed.search({ q, limit: 1000 });
      const near = many.filter((s) => [s.name, ...s.formerNames].some((name) => containsWithinOneEdit(normalizeQuery(name), normalizeQuery(q))));
      expect(answer.approximate, q).toBe(near.length > 0);
      expect(answer.total, q).toBe(near.length);
    }
    // Paging walks the same order as one long page.
    const all = indexed.search({ q: '培训中心', limit: 1000 }).items.map((i) => i.id);
    const paged = [0, 20, 40].flatMap((offset) => indexed.search({ q: '培训中心', offset, limit: 20 }).items.map((i) => i.id));
    expect(paged).toEqual(all.slice(0, 60));
  });
});

/** A registry large enough that a page is filled long before the candidates end: names from a few parts, in clusters. */
function generatedRegistry(count: number, seed: number, places = ['信阳市', '浉河区', '平桥区', '罗山县', '']) {
  const rng = createRng(seed);
  const parts = { brand: ['小天鹅', '星辰', '启航', '状元郎', '书香', '未来', '培优'], kind: ['舞蹈', '机器人编程', '跆拳道', '书法', '英语', '美术'], tail: ['培训中心', '培训学校', '工作室', '艺术中心'] };
  const initialsOf: Record<string, string> = { 信阳市: 'xys', 浉河区: 'shq', 平桥区: 'pqq', 罗山县: 'lsx', '': '', 小天鹅: 'xte', 星辰: 'xc', 启航: 'qh', 状元郎: 'zyl', 书香: 'sx', 未来: 'wl', 培优: 'py', 舞蹈: 'wd', 机器人编程: 'jqrbc', 跆拳道: 'tqd', 书法: 'sf', 英语: 'yy', 美术: 'ms', 培训中心: 'pxzx', 培训学校: 'pxxx', 工作室: 'gzs', 艺术中心: 'yszx' };
  const rows = Array.from({ length: count }, (_, n) => {
    const picked = [rng.pick(places), rng.pick(parts.brand), rng.pick(parts.kind), rng.pick(parts.tail)];
    return summary({
      id: `r${n}`,
      name: `${picked.join('')}${n}`,
      formerNames: rng.chance(0.1) ? [`${rng.pick(places)}${picked[1]}培训部`] : [],
      initials: [picked.map((p) => initialsOf[p]).join('')],
      licenceNumber: `教民1411${String(502 + rng.int(8))}${String(70000000 + n)}号`,
      creditCode: makeCreditCode(5000 + n),
      districtCode: rng.pick(['411502', '411503', '411521']),
      status: rng.chance(0.9) ? 'approved' : 'revoked',
    });
  });
  const indexed = createSearchIndex(rows);
  /** What a search answered before it stopped early: every row scored, best first, then by name (the index's order). */
  const order = indexed.search({ limit: rows.length }).items.map((i) => i.id);
  const position = new Map(order.map((id, k) => [id, k]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  function fullScan(query: { q: string; status?: 'approved' }) {
    const q = normalizeQuery(query.q);
    const kind = classifyQuery(q);
    return order
      .map((id) => ({ id, score: query.status && byId.get(id)!.status !== query.status ? 0 : matchScore(toSearchable(byId.get(id)!), q, kind) }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || position.get(a.id)! - position.get(b.id)!)
      .map((h) => h.id);
  }
  /** Every page of these queries as a full scan answers it, and the total exactly or within 30 %; how many were estimated. */
  function expectFullScanAnswers(queries: string[]): number {
    let estimated = 0;
    for (const q of queries) {
      for (const status of [undefined, 'approved'] as const) {
        const expected = fullScan({ q, ...(status ? { status } : {}) });
        for (const [offset, limit] of [[0, 20], [20, 20], [400, 20], [0, 1]] as const) {
          const answer = indexed.search({ q, ...(status ? { status } : {}), offset, limit });
          const label = `${q} ${status ?? ''} ${offset}`;
          expect(answer.items.map((i) => i.id), label).toEqual(expected.slice(offset, offset + limit));
          if (answer.totalEstimated) {
            estimated += 1;
            expect(Math.abs(answer.total - expected.length) / expected.length, label).toBeLessThanOrEqual(0.3);
          } else expect(answer.total, label).toBe(expected.length);
        }
      }
    }
    return estimated;
  }
  return { rows, indexed, order, byId, fullScan, expectFullScanAnswers };
}

describe('a broad query, not scored to the end', () => {
  const { indexed, order, byId, fullScan, expectFullScanAnswers } = generatedRegistry(8_000, 15);

  it('answers every page as a full scan would, and the total exactly or within 30 %, saying which', () => {
    const estimated = expectFullScanAnswers(['培训', '中心', '信阳', '舞蹈', '培训中心', '小天鹅', 'pxzx', 'xys', 'xyswd', 'px', 'wd', '141150', '1411503', '0000', '70001', '天鹅舞蹈', '书']);
    // The broad ones were estimated, not scored to the end; two-character names are counted from their list, exactly.
    expect(estimated).toBeGreaterThan(0);
    expect(indexed.search({ q: '培训' })).toMatchObject({ total: fullScan({ q: '培训' }).length, totalEstimated: false });
  });

  it('lists everything, filtered, with an exact count', () => {
    const answer = indexed.search({ district: '411503', offset: 40, limit: 20 });
    const expected = order.filter((id) => byId.get(id)!.districtCode === '411503');
    expect(answer).toMatchObject({ total: expected.length, totalEstimated: false });
    expect(answer.items.map((i) => i.id)).toEqual(expected.slice(40, 60));
  });
});

describe('initials typed from the start of a name many share (信阳市…, xys…)', () => {
  // Most names start with the city, as in the generated registry of 100,000 (a quarter there): their initials' rows are
  // more than the candidates, so the page is filled one level up, from the rows whose initials start with the query.
  const { rows, indexed, expectFullScanAnswers } = generatedRegistry(6_000, 16, ['信阳市', '信阳市', '信阳市', '信阳市', '浉河区']);

  it('answers every page as a full scan would, the total exactly for two or three letters', () => {
    expectFullScanAnswers(['xys', 'xy', 'xysx', 'xysxte', 'xysxtewd', 'xyswdpxzx', 'ys', 'xyszylyy', 'shqpy']);
    for (const q of ['xys', 'xy', 'ys']) expect(indexed.search({ q }).totalEstimated, q).toBe(false);
  });

  it('puts initials equal to the query, and a name starting with it, before the rows whose initials start with it', () => {
    const more = [
      ...rows,
      summary({ id: 'equal', name: '某某培训', initials: ['xys'] }),
      summary({ id: 'named', name: 'XYS编程中心', initials: ['bczx'] }),
      summary({ id: 'holds', name: '星火XYS编程', initials: ['xhbc'] }),
    ];
    const index = createSearchIndex(more);
    // One page of them all: not full before the end, so every candidate is scored, as a full scan would.
    const all = index.search({ q: 'xys', limit: more.length }).items.map((i) => i.id);
    expect(all.slice(0, 2)).toEqual(['named', 'equal']);
    const at = all.indexOf('holds');
    expect(at).toBeGreaterThan(1);
    const page = Math.floor(at / 20) * 20;
    expect(index.search({ q: 'xys', limit: 20 }).items.map((i) => i.id)).toEqual(all.slice(0, 20));
    expect(index.search({ q: 'xys', offset: page, limit: 20 }).items.map((i) => i.id)).toEqual(all.slice(page, page + 20));
  });
});

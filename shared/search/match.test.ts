import { describe, expect, it } from 'vitest';
import { classifyQuery, INITIALS_STARTS, KNOWN_ABOVE, matchScore, NAME_MAY_HOLD, normalizeQuery, prefixFields, toSearchable, type Searchable } from './match.ts';

const rows: Searchable[] = [
  { name: '信阳市小天鹅舞蹈培训中心', formerNames: ['浉河区小天鹅艺术培训部'], initials: ['xysxtewdpxzx', 'shqxteyspxb'], licenceNumber: '文民141150270001234号', creditCode: '52411502MJLULLBAYW' },
  { name: 'abc英语培训学校', formerNames: [], initials: ['abcyypxxx'], licenceNumber: '教民141150370000001号', creditCode: '91411503MA47XXXX0K' },
  { name: '第123456号培训班', formerNames: ['xys培训部'], initials: ['d123456hpxb'], licenceNumber: '教民141152170000042号', creditCode: '91411521MA48YYYY1L' },
  { name: 'pxzx', formerNames: [], initials: ['pxzx'], licenceNumber: '体民141150270000099号', creditCode: '52411502MJXXXXXX2M' },
].map(toSearchable);

describe('the scores the engine finds without scoring every candidate (KNOWN_ABOVE)', () => {
  it('are all a prefix field starting with the query, or a name that can hold it containing it', () => {
    const queries = ['信阳', '信阳市小天鹅舞蹈培训中心', '小天鹅', '培训', 'xys', 'xysxtewdpxzx', 'pxzx', 'px', 'abc', 'bc', 'yy', '141150', '123456', '第123', '52411502', '9141', '0001234', '教民1411', 'abc英语', 'd123'];
    let above = 0;
    for (const raw of queries) {
      const q = normalizeQuery(raw);
      const kind = classifyQuery(q);
      for (const s of rows) {
        const score = matchScore(s, q, kind);
        if (score <= KNOWN_ABOVE[kind] || kind === 'credit_code') continue;
        above += 1;
        const prefixed = prefixFields(s).some((field) => field.startsWith(q));
        const held = NAME_MAY_HOLD[kind]?.test(s.name) === true && s.name.includes(q);
        expect(prefixed || held, `${raw} in ${s.name}: ${score}`).toBe(true);
      }
    }
    expect(above).toBeGreaterThan(5);
  });

  it('for initials, one level up (INITIALS_STARTS): above it equal initials or a name holding the query, at it initials starting with the query or such a name', () => {
    const seen = new Set<number>();
    const named = toSearchable({ name: 'XYS编程中心', formerNames: [], initials: ['bczx'], licenceNumber: '', creditCode: '' });
    for (const q of ['xys', 'xysxtewdpxzx', 'pxzx', 'px', 'abc', 'ab', 'bc', 'yy', 'shq', 'd', 'hpxb', 'ys']) {
      for (const s of [...rows, named]) {
        const score = matchScore(s, q, 'initials');
        seen.add(score);
        const held = NAME_MAY_HOLD.initials!.test(s.name) && s.name.includes(q);
        if (score > INITIALS_STARTS) expect(s.initials.includes(q) || held, `${q} in ${s.name}: ${score}`).toBe(true);
        if (score === INITIALS_STARTS) expect(s.initials.some((i) => i.startsWith(q)) || held, `${q} in ${s.name}: ${score}`).toBe(true);
        if (s.initials.some((i) => i.startsWith(q))) expect(score, `${q} in ${s.name}`).toBeGreaterThanOrEqual(INITIALS_STARTS);
      }
    }
    expect([...seen].filter((score) => score >= INITIALS_STARTS).length).toBeGreaterThanOrEqual(3);
  });

  it('scores initials by the best of equal, starting with, holding', () => {
    const s = toSearchable({ name: '某', formerNames: [], initials: ['abpxzx', 'pxzxab', 'pxzx'], licenceNumber: '', creditCode: '' });
    expect(matchScore(s, 'pxzx', 'initials')).toBe(6);
    expect(matchScore({ ...s, initials: ['abpxzx', 'pxzxab'] }, 'pxzx', 'initials')).toBe(5);
    expect(matchScore({ ...s, initials: ['abpxzx'] }, 'pxzx', 'initials')).toBe(3);
    expect(matchScore({ ...s, initials: [], name: 'pxzx培训' }, 'pxzx', 'initials')).toBe(7);
  });
});

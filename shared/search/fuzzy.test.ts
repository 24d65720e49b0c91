import { describe, expect, it } from 'vitest';
import { containsWithinOneEdit } from './fuzzy.ts';
import { normalizeQuery } from './match.ts';
import { simplifyChinese } from './simplify.ts';

describe('one character wrong or missing', () => {
  const name = '信阳市小天鹅舞蹈培训中心';
  it('finds a part of the name with one character replaced, left out or added', () => {
    expect(containsWithinOneEdit(name, '小天鹅舞蹈')).toBe(true);
    expect(containsWithinOneEdit(name, '小天鸭舞蹈')).toBe(true);
    expect(containsWithinOneEdit(name, '小天舞蹈')).toBe(true);
    expect(containsWithinOneEdit(name, '小天鹅鹅舞蹈')).toBe(true);
    expect(containsWithinOneEdit(name, '信阳市小天鹅舞蹈培训中心心')).toBe(true);
  });
  it('refuses two edits', () => {
    expect(containsWithinOneEdit(name, '小地鸭舞蹈')).toBe(false);
    expect(containsWithinOneEdit(name, '小舞蹈培训心')).toBe(false);
    expect(containsWithinOneEdit(name, '大地鸭舞蹈')).toBe(false);
  });
});

describe('traditional and variant characters', () => {
  it('become simplified, character by character, leaving everything else alone', () => {
    expect(simplifyChinese('小天鵝舞蹈學藝術')).toBe('小天鹅舞蹈学艺术');
    expect(simplifyChinese('裡裏爲為衆峯綫')).toBe('里里为为众峰线');
    expect(simplifyChinese('ABC 123 著名')).toBe('ABC 123 著名');
  });
  it('are normalised the same way in a query and in the names it searches', () => {
    expect(normalizeQuery('小天鵝 舞蹈')).toBe(normalizeQuery('小天鹅舞蹈'));
    expect(normalizeQuery('ＸＴＥＷＤ')).toBe('xtewd');
  });
});

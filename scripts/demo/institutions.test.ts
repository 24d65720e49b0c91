import { describe, expect, it } from 'vitest';
import { isValidCreditCode } from '../../shared/rules/credit-code.ts';
import { supervisingDepartment } from '../../shared/rules/institution.ts';
import { InstitutionFields } from '../../shared/schemas/institution.ts';
import { districtName } from '../../shared/jurisdiction/index.ts';
import {
  DEMO_AS_OF,
  DEMO_BLACKLISTED_ID,
  DEMO_RECTIFICATION_ID,
  DEMO_REVOKED_ID,
  DEMO_SWAN_ID,
  generateInstitutions,
} from './institutions.ts';
import { createRng, mulberry32 } from './prng.ts';

describe('the seeded PRNG', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('picks by weight', () => {
    const rng = createRng('weights');
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weighted({ a: 9, b: 1, never: 0 })]++;
    expect(counts.never).toBe(0);
    expect(counts.a / 10_000).toBeGreaterThan(0.85);
    expect(counts.a / 10_000).toBeLessThan(0.95);
  });
});

describe('generateInstitutions', () => {
  it('is deterministic: the same seed gives byte-identical output, another seed other records', () => {
    const one = JSON.stringify(generateInstitutions({ count: 2000, seed: 7 }));
    expect(JSON.stringify(generateInstitutions({ count: 2000, seed: 7 }))).toBe(one);
    expect(JSON.stringify(generateInstitutions({ count: 2000, seed: 8 }))).not.toBe(one);
    // A shorter run is a prefix of a longer one.
    expect(generateInstitutions({ count: 50, seed: 7 })).toEqual(generateInstitutions({ count: 2000, seed: 7 }).slice(0, 50));
  });

  it('starts with the well-known demo records, whatever the seed', () => {
    for (const seed of [1, 2]) {
      const [swan, blacklisted, revoked, rectification] = generateInstitutions({ count: 4, seed });
      expect(swan).toMatchObject({
        id: DEMO_SWAN_ID,
        status: 'approved',
        fields: { name: '信阳市小天鹅舞蹈培训中心', formerNames: ['浉河区小天鹅艺术培训部'], category: 'arts', districtCode: '411502' },
      });
      expect(blacklisted).toMatchObject({ id: DEMO_BLACKLISTED_ID, status: 'blacklisted', fields: { name: '信阳市状元郎教育培训学校' } });
      expect(revoked).toMatchObject({ id: DEMO_REVOKED_ID, status: 'revoked', fields: { name: '平桥区飞鹰跆拳道馆' } });
      expect(rectification).toMatchObject({ id: DEMO_RECTIFICATION_ID, status: 'rectification' });
      expect(blacklisted!.statusHistory.map((h) => h.status)).toEqual(['approved', 'deregistered', 'blacklisted']);
    }
  });

  it('makes 3,000 records that InstitutionFields accepts unchanged, each consistent with itself', () => {
    const records = generateInstitutions({ count: 3000, seed: 11 });
    for (const { id, fields, status, statusHistory } of records) {
      expect(InstitutionFields.parse(fields), fields.name).toEqual(fields);
      expect(id).toMatch(/^xy[0-9a-z]{6}$/);
      // Status and its dated history.
      expect(statusHistory[0]).toMatchObject({ status: 'approved', on: fields.licence.issuedOn });
      expect(statusHistory.at(-1)!.status).toBe(status);
      const dates = statusHistory.map((h) => h.on);
      expect([...dates].sort()).toEqual(dates);
      expect(dates.at(-1)! <= DEMO_AS_OF).toBe(true);
      for (const change of statusHistory.slice(1)) expect(change.decisionNumber).toMatch(/^[信浉平罗光新商固潢淮息](教|文旅|科|卫|人社)[监罚审]〔20\d\d〕\d+号$/);
      for (const dated of [...fields.inspections, ...fields.sanctions]) expect(dated.on <= DEMO_AS_OF).toBe(true);
      // Licence: number carries the district, issuer is the supervising department of the district.
      const kind = supervisingDepartment(fields);
      expect(fields.licence.number).toMatch(new RegExp(`^(教|文|科|卫|人社)民1${fields.districtCode}7\\d{7}号$`));
      expect(fields.licence.number.startsWith({ education: '教', culture: '文', science: '科', health: '卫', hrss: '人社' }[kind as string] ?? '?')).toBe(true);
      if (['education', 'culture', 'science'].includes(kind)) expect(fields.licence.issuer.startsWith(districtName(fields.districtCode)!)).toBe(true);
      // Credit code: 52 for a 民办非企业单位, 91 for a company, then the district.
      const code = fields.registration.creditCode;
      expect(isValidCreditCode(code)).toBe(true);
      expect(code.slice(0, 2)).toBe(fields.profitType === 'non_profit' ? '52' : '91');
      expect(code.slice(2, 8)).toBe(fields.districtCode);
      expect(fields.registration.type).toBe(fields.profitType === 'non_profit' ? 'non_enterprise_certificate' : 'business_licence');
      expect(fields.premises[0]!.address).toContain(districtName(fields.districtCode)!);
      if (fields.fundSupervision.mode === 'none') expect(fields.fundSupervision.bank).toBeUndefined();
      else expect(fields.fundSupervision.bank).toMatch(/银行/);
    }
  });

  it('makes a realistic mix', () => {
    const records = generateInstitutions({ count: 2000 });
    const count = (pred: (r: (typeof records)[number]) => boolean) => records.filter(pred).length;
    for (const status of ['rectification', 'revoked', 'deregistered', 'blacklisted'] as const) expect(count((r) => r.status === status)).toBeGreaterThan(10);
    expect(count((r) => r.status === 'approved') / records.length).toBeGreaterThan(0.75);
    for (const category of ['sports', 'arts', 'science', 'academic', 'early_education', 'after_school_care'] as const) {
      expect(count((r) => r.fields.category === category), category).toBeGreaterThan(5);
    }
    expect(new Set(records.map((r) => r.fields.districtCode)).size).toBe(10);
    expect(count((r) => r.fields.formerNames.length > 0)).toBeGreaterThan(100);
    expect(count((r) => r.status === 'approved' && r.fields.licence.expiresOn < DEMO_AS_OF)).toBeGreaterThan(20);
    expect(count((r) => r.fields.inspections.some((i) => i.kind === 'random_sample'))).toBeGreaterThan(100);
    expect(count((r) => r.fields.sanctions.length > 0)).toBeGreaterThan(50);
    expect(count((r) => r.fields.profitType === 'for_profit')).toBeGreaterThan(500);
    expect(count((r) => /分校$/.test(r.fields.name))).toBeLessThan(40);
    // Names share brands (启航 …) without repeating.
    expect(count((r) => r.fields.name.includes('启航'))).toBeGreaterThan(3);
  });

  // How long it takes is measured by bench/registry-scale.ts, not here: a timed test fails on a loaded machine.
  it('generates 100,000 with unique ids, names, credit codes and licence numbers', () => {
    const records = generateInstitutions({ count: 100_000, seed: 3 });
    expect(new Set(records.map((r) => r.id)).size).toBe(100_000);
    expect(new Set(records.map((r) => r.fields.name)).size).toBe(100_000);
    expect(new Set(records.map((r) => r.fields.registration.creditCode)).size).toBe(100_000);
    expect(new Set(records.map((r) => r.fields.licence.number)).size).toBe(100_000);
  });
});

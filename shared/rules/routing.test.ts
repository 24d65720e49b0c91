import { describe, expect, it } from 'vitest';
import { CN_NATIONAL_CALENDAR as cn } from '../jurisdiction/calendar-cn.ts';
import { RoutingTable, type RoutingRule } from '../jurisdiction/types.ts';
import { xinyang } from '../jurisdiction/xinyang.ts';
import { Routing } from '../schemas/cases.ts';
import type { ComplaintKind, DepartmentKind, InstitutionCategory, Priority } from '../vocabulary.ts';
import { matchRoutingRule, routeCase, type RouteInput } from './routing.ts';

const table = xinyang.routing;
/** An ordinary Monday, 09:00 in Beijing. */
const MONDAY = '2025-03-10T09:00:00+08:00';
const endOf = (date: string) => `${date}T15:59:59.000Z`;

type Expected = [
  ruleId: string,
  input: { caseType?: 'complaint' | 'refund_dispute'; kind?: ComplaintKind; category?: InstitutionCategory },
  lead: DepartmentKind,
  coHandling: DepartmentKind[],
  priority: Priority,
];

// Every row of the Xinyang table, at least once; rows that name `category_supervisor` with several categories.
const XINYANG_EXPECTED: Expected[] = [
  ['complaint-default', { kind: 'other', category: 'arts' }, 'culture', [], 'normal'],
  ['complaint-default', {}, 'education', [], 'normal'],
  // Issue 13: unlicensed, disguised tutoring and unchecked staff may mean children taught somewhere unlicensed and unchecked:
  // urgent, not normal. Disguised tutoring adds market regulation (舞教组秘〔2022〕3号 五(一): 联合网信、市场监管等部门).
  ['complaint-unlicensed', { kind: 'unlicensed' }, 'education', ['market'], 'urgent'],
  ['complaint-unlicensed', { kind: 'unlicensed', category: 'science' }, 'science', ['market'], 'urgent'],
  ['complaint-disguised-tutoring', { kind: 'disguised_tutoring', category: 'arts' }, 'education', ['culture', 'market'], 'urgent'],
  ['complaint-disguised-tutoring', { kind: 'disguised_tutoring', category: 'academic' }, 'education', ['market'], 'urgent'],
  ['complaint-licensed-beyond-scope', { kind: 'licensed_beyond_scope', category: 'arts' }, 'market', ['culture'], 'urgent'],
  ['complaint-deregistered-still-teaching', { kind: 'deregistered_still_teaching' }, 'education', ['market'], 'urgent'],
  ['complaint-online-tutoring', { kind: 'online_tutoring', category: 'academic' }, 'education', ['cyberspace'], 'normal'],
  ['complaint-prepaid-over-limit', { kind: 'prepaid_over_limit', category: 'arts' }, 'culture', ['market'], 'normal'],
  ['complaint-price-not-marked', { kind: 'price_not_marked', category: 'sports' }, 'market', ['education'], 'normal'],
  ['complaint-above-guidance-price', { kind: 'above_guidance_price', category: 'academic' }, 'market', ['education'], 'normal'],
  ['complaint-money-outside-account', { kind: 'money_outside_account', category: 'science' }, 'science', ['market'], 'normal'],
  ['complaint-non-standard-contract', { kind: 'non_standard_contract', category: 'arts' }, 'culture', ['market'], 'normal'],
  ['complaint-absconding', { kind: 'absconding', category: 'arts' }, 'culture', ['market', 'police'], 'urgent'],
  ['complaint-wage-arrears-layoffs', { kind: 'wage_arrears_layoffs', category: 'arts' }, 'hrss', ['culture'], 'normal'],
  ['complaint-food-hygiene', { kind: 'food_hygiene', category: 'after_school_care' }, 'market', ['health', 'education'], 'urgent'],
  ['complaint-teacher-paid-tutoring', { kind: 'teacher_paid_tutoring' }, 'education', [], 'normal'],
  ['complaint-fees', { kind: 'fees', category: 'sports' }, 'education', ['market'], 'normal'],
  ['complaint-fees', { kind: 'fees', category: 'arts' }, 'culture', ['market'], 'normal'],
  ['complaint-refund-or-absconding', { kind: 'refund_or_absconding', category: 'arts' }, 'culture', ['market'], 'normal'],
  // Issue 13: the Advertising Law (第六条) makes market regulation the advertising supervisor: it leads, the category's supervisor joins.
  ['complaint-false-advertising', { kind: 'false_advertising', category: 'science' }, 'market', ['science'], 'normal'],
  ['complaint-safety-hazard', { kind: 'safety_hazard', category: 'sports' }, 'education', [], 'urgent'],
  ['complaint-fire-hazard', { kind: 'fire_hazard', category: 'arts' }, 'fire', ['culture'], 'urgent'],
  ['complaint-fire-hazard', { kind: 'fire_hazard' }, 'fire', ['education'], 'urgent'],
  ['complaint-unchecked-staff', { kind: 'unchecked_staff', category: 'academic' }, 'education', ['police'], 'urgent'],
  ['complaint-child-harm', { kind: 'child_harm', category: 'arts' }, 'police', ['culture'], 'emergency'],
  ['complaint-child-harm', { kind: 'child_harm' }, 'police', ['education'], 'emergency'],
  ['complaint-unsuitable-materials', { kind: 'unsuitable_materials', category: 'science' }, 'science', [], 'normal'],
  ['complaint-outside-hours', { kind: 'outside_hours', category: 'arts' }, 'culture', [], 'normal'],
  ['refund-dispute-default', { caseType: 'refund_dispute', category: 'arts' }, 'culture', [], 'normal'],
  ['refund-dispute-default', { caseType: 'refund_dispute', category: 'early_education' }, 'health', [], 'normal'],
  ['refund-dispute-default', { caseType: 'refund_dispute' }, 'education', [], 'normal'],
];

/** The deadlines each priority gives a case received on MONDAY. */
const DEADLINES: Record<string, { acceptBy: string; concludeBy: string }> = {
  normal: { acceptBy: endOf('2025-03-19'), concludeBy: endOf('2025-03-31') },
  urgent: { acceptBy: '2025-03-11T01:00:00.000Z', concludeBy: endOf('2025-03-31') },
  emergency: { acceptBy: '2025-03-10T03:00:00.000Z', concludeBy: endOf('2025-03-31') },
  // 7 working days to accept; 45 of mediation counted from then, over 清明 and 劳动节 (and make-up Sunday 4-27).
  refund: { acceptBy: endOf('2025-03-19'), concludeBy: endOf('2025-05-26') },
};

const input = (i: Expected[1], receivedAt = MONDAY): RouteInput => ({
  caseType: i.caseType ?? 'complaint',
  ...(i.kind ? { kind: i.kind } : {}),
  ...(i.category ? { category: i.category } : {}),
  districtCode: '411502',
  receivedAt,
});

describe('the Xinyang routing table', () => {
  it('parses, and every row is pinned by a case below', () => {
    expect(RoutingTable.parse(table)).toEqual(table);
    const pinned = new Set(XINYANG_EXPECTED.map(([id]) => id));
    expect(table.rules.map((r) => r.id).filter((id) => !pinned.has(id))).toEqual([]);
  });

  it('cites a basis for every row', () => {
    for (const r of table.rules) expect(r.basis.length, r.id).toBeGreaterThan(0);
  });

  it.each(XINYANG_EXPECTED)('%s: %j → %s with %j, %s', (ruleId, i, lead, coHandling, priority) => {
    const decision = routeCase(input(i), table, cn);
    const deadlines = DEADLINES[i.caseType === 'refund_dispute' ? 'refund' : priority]!;
    expect(decision).toEqual({ leadDepartment: lead, coHandling, priority, ruleId, ...deadlines });
    expect(Routing.parse(decision)).toEqual(decision);
  });

  it('follows the registry when it overrides who supervises an institution', () => {
    const decision = routeCase({ ...input({ kind: 'fees', category: 'arts' }), supervisingDepartment: 'education' }, table, cn);
    expect(decision.leadDepartment).toBe('education');
  });
});

describe('deadlines', () => {
  it('gives the police two clock hours for harm to a child, even on National Day at night', () => {
    const decision = routeCase(input({ kind: 'child_harm', category: 'sports' }, '2025-10-01T23:30:00+08:00'), table, cn);
    expect(decision.acceptBy).toBe('2025-10-01T17:30:00.000Z'); // 01:30 on 10-02 in Beijing
    expect(decision.leadDepartment).toBe('police');
  });

  it('skips National Day and counts its make-up days', () => {
    // Friday 9-26: 9-28 (Sun, make-up), 9-29, 9-30, then 10-09, 10-10, 10-11 (Sat, make-up), 10-13 …
    const decision = routeCase(input({ kind: 'fees', category: 'sports' }, '2025-09-26T10:00:00+08:00'), table, cn);
    expect(decision.acceptBy).toBe(endOf('2025-10-13'));
    expect(decision.concludeBy).toBe(endOf('2025-10-23'));
  });

  it('skips the Spring Festival', () => {
    const decision = routeCase(input({ kind: 'fees', category: 'sports' }, '2026-02-12T10:00:00+08:00'), table, cn);
    expect(decision.acceptBy).toBe(endOf('2026-02-28')); // a make-up Saturday
  });

  it('recounts mediation from the actual day of acceptance', () => {
    const decision = routeCase({ ...input({ caseType: 'refund_dispute', category: 'arts' }), acceptedAt: '2025-03-12T10:00:00+08:00' }, table, cn);
    expect(decision.acceptBy).toBe(endOf('2025-03-19'));
    expect(decision.concludeBy).toBe(endOf('2025-05-19'));
  });
});

describe('specificity', () => {
  const row = (id: string, keys: Partial<Pick<RoutingRule, 'kind' | 'category' | 'districtCode'>>, lead: DepartmentKind): RoutingRule => ({
    id,
    caseType: 'complaint',
    ...keys,
    lead,
    coHandling: [],
    priority: 'normal',
    accept: { workingDays: 7 },
    conclude: { workingDays: 15 },
    concludeCountsFrom: 'received',
    basis: ['test'],
  });
  const fixture = RoutingTable.parse({
    supervision: xinyang.supervision,
    unknownCategorySupervisor: 'education',
    rules: [
      row('default', {}, 'education'),
      row('district', { districtCode: '411502' }, 'approval'),
      row('category', { category: 'arts' }, 'culture'),
      row('kind', { kind: 'fees' }, 'market'),
      row('kind-district', { kind: 'fees', districtCode: '411502' }, 'civil_affairs'),
      row('kind-category', { kind: 'fees', category: 'arts' }, 'sports'),
      row('kind-category-district', { kind: 'fees', category: 'arts', districtCode: '411502' }, 'science'),
      { ...row('refund', {}, 'education'), caseType: 'refund_dispute' },
    ],
  });

  it.each([
    ['fees', 'arts', '411502', 'kind-category-district'],
    ['fees', 'arts', '411503', 'kind-category'],
    ['fees', 'sports', '411502', 'kind-district'],
    ['fees', 'sports', '411503', 'kind'],
    ['other', 'arts', '411502', 'category'],
    ['other', 'sports', '411502', 'district'],
    ['other', 'sports', '411503', 'default'],
  ] as const)('%s / %s / %s → %s', (kind, category, districtCode, ruleId) => {
    expect(matchRoutingRule({ caseType: 'complaint', kind, category, districtCode }, fixture).id).toBe(ruleId);
  });

  it('ranks the kind above category and district together', () => {
    const noKindCategory = RoutingTable.parse({
      ...fixture,
      // Listed first, so a tie could not hide behind the order of the rows.
      rules: [
        row('category-district', { category: 'arts', districtCode: '411502' }, 'hrss'),
        ...fixture.rules.filter((r) => !['kind-category', 'kind-category-district', 'kind-district'].includes(r.id)),
      ],
    });
    expect(matchRoutingRule({ caseType: 'complaint', kind: 'fees', category: 'arts', districtCode: '411503' }, noKindCategory).id).toBe('kind');
    expect(matchRoutingRule({ caseType: 'complaint', kind: 'fees', category: 'arts', districtCode: '411502' }, noKindCategory).id).toBe('kind');
    expect(matchRoutingRule({ caseType: 'complaint', kind: 'other', category: 'arts', districtCode: '411502' }, noKindCategory).id).toBe('category-district');
  });

  it('never matches a row of the other case type', () => {
    expect(matchRoutingRule({ caseType: 'refund_dispute', districtCode: '411502' }, fixture).id).toBe('refund');
  });

  it('rejects tables that would be ambiguous or incomplete', () => {
    const base = { supervision: xinyang.supervision, unknownCategorySupervisor: 'education' };
    const refund = { ...row('refund', {}, 'education'), caseType: 'refund_dispute' };
    expect(() => RoutingTable.parse({ ...base, rules: [row('a', {}, 'education'), row('b', {}, 'market'), refund] })).toThrow(/same cases/);
    expect(() => RoutingTable.parse({ ...base, rules: [row('a', { kind: 'fees' }, 'education'), refund] })).toThrow(/no default rule for complaint/);
    expect(() => RoutingTable.parse({ ...base, rules: [row('a', {}, 'education'), { ...refund, kind: 'fees' }] })).toThrow(/only complaints/);
  });
});

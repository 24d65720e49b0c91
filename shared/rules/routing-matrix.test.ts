/**
 * Every complaint kind × institution category (and an institution not on the
 * list), in both configured jurisdictions: the lead, the co-handling
 * departments, the priority, and the legal basis each answer rests on.
 *
 * The expectations below are written from the policy documents and the laws
 * (../shared/seeds/, DOMAIN.md), independently of the routing tables: they
 * name the department and quote the citation the answer must carry, and the
 * test checks the table agrees, so an edit to a table that moves a case to
 * another department, or drops the basis for it, fails here.
 */
import { describe, expect, it } from 'vitest';
import { CN_NATIONAL_CALENDAR as cn } from '../jurisdiction/calendar-cn.ts';
import { departmentsOf } from '../jurisdiction/departments.ts';
import { CompleteRoutingTable, type Jurisdiction } from '../jurisdiction/types.ts';
import { xiangyuan } from '../jurisdiction/xiangyuan.ts';
import { xinyang } from '../jurisdiction/xinyang.ts';
import { ComplaintKinds, InstitutionCategories, type ComplaintKind, type DepartmentKind, type InstitutionCategory, type Priority } from '../vocabulary.ts';
import { explainRoute, routeCase } from './routing.ts';

type Column = InstitutionCategory | 'unlisted';
/** `S`: the department that supervises the institution's category. */
type Ref = DepartmentKind | 'S';
interface KindExpectation {
  lead: Ref;
  co: Ref[];
  priority: Priority;
  /** Fragments the basis must quote: the document (and article or section) that makes it so. */
  cites: string[];
}

const COLUMNS: Column[] = [...InstitutionCategories.keys, 'unlisted'];

// ---------------------------------------------------------------------------
// 信阳市: 信双减办〔2023〕5号, the Henan pattern of 舞教组秘〔2022〕3号, national law
// ---------------------------------------------------------------------------

const XINYANG_SUPERVISOR: Record<Column, [DepartmentKind, string]> = {
  academic: ['education', '信双减办〔2023〕5号 二、1'],
  sports: ['education', '信双减办〔2023〕5号 二、1'],
  arts: ['culture', '信双减办〔2023〕5号 二、2'],
  science: ['science', '信双减办〔2023〕5号 二、3'],
  early_education: ['health', '卫生健康部门负责早教机构'],
  vocational: ['hrss', '《中华人民共和国民办教育促进法》第十二条'],
  after_school_care: ['education', '校外托管场所'],
  unlisted: ['education', '类别不明'],
};

const ADS = '《中华人民共和国广告法》第六条';
const PRICE = '《中华人民共和国价格法》第十三条';
const PREPAID = '教监管函〔2021〕2号';
const UNLICENSED = '《中华人民共和国民办教育促进法》第六十四条';
const WAGES = '《劳动保障监察条例》第十一条';
const FIRE = '《中华人民共和国消防法》第五十三条';
const RECORDS = '《中华人民共和国未成年人保护法》第六十二条';
const REPORT = '《中华人民共和国未成年人保护法》第十一条';
const FOOD = '《中华人民共和国食品安全法》第六条';

const XINYANG_KINDS: Record<Exclude<ComplaintKind, 'other'>, KindExpectation> = {
  unlicensed: { lead: 'S', co: ['market'], priority: 'urgent', cites: [UNLICENSED, '教育部令第53号'] },
  licensed_beyond_scope: { lead: 'market', co: ['S'], priority: 'urgent', cites: ['舞教组秘〔2022〕3号 四、五(二)(5)', '《无证无照经营查处办法》'] },
  deregistered_still_teaching: { lead: 'S', co: ['market'], priority: 'urgent', cites: ['假注销、真运营', UNLICENSED] },
  disguised_tutoring: { lead: 'education', co: ['S', 'market'], priority: 'urgent', cites: ['舞教组秘〔2022〕3号 四', '中办发〔2021〕40号'] },
  online_tutoring: { lead: 'education', co: ['cyberspace', 'S'], priority: 'normal', cites: ['直播变录播', '教基〔2019〕8号'] },
  teacher_paid_tutoring: { lead: 'education', co: [], priority: 'normal', cites: ['教师〔2015〕5号'] },
  fees: { lead: 'S', co: ['market'], priority: 'normal', cites: [PREPAID] },
  prepaid_over_limit: { lead: 'S', co: ['market'], priority: 'normal', cites: [PREPAID, '教监管〔2022〕4号'] },
  price_not_marked: { lead: 'market', co: ['S'], priority: 'normal', cites: [PRICE] },
  above_guidance_price: { lead: 'market', co: ['S'], priority: 'normal', cites: ['发改价格〔2021〕1603号'] },
  money_outside_account: { lead: 'S', co: ['market'], priority: 'normal', cites: [PREPAID] },
  non_standard_contract: { lead: 'S', co: ['market'], priority: 'normal', cites: ['示范文本', '《合同行政监督管理办法》'] },
  false_advertising: { lead: 'market', co: ['S'], priority: 'normal', cites: [ADS, '《中华人民共和国反不正当竞争法》第八条'] },
  refund_or_absconding: { lead: 'S', co: ['market'], priority: 'normal', cites: ['《中华人民共和国消费者权益保护法》第五十三条'] },
  absconding: { lead: 'S', co: ['market', 'police'], priority: 'urgent', cites: ['公安部门负责依法加强治安管理'] },
  wage_arrears_layoffs: { lead: 'hrss', co: ['S'], priority: 'normal', cites: ['人社部门负责防范化解欠薪裁员', WAGES] },
  safety_hazard: { lead: 'S', co: [], priority: 'urgent', cites: ['信双减办〔2023〕5号 三(一)'] },
  fire_hazard: { lead: 'fire', co: ['S'], priority: 'urgent', cites: ['信双减办〔2023〕5号 二、5', FIRE] },
  food_hygiene: { lead: 'market', co: ['health', 'S'], priority: 'urgent', cites: [FOOD] },
  unchecked_staff: { lead: 'S', co: ['police'], priority: 'urgent', cites: ['信双减办〔2023〕5号 二、4', RECORDS] },
  child_harm: { lead: 'police', co: ['S'], priority: 'emergency', cites: ['信双减办〔2023〕5号 三(四)', REPORT] },
  unsuitable_materials: { lead: 'S', co: [], priority: 'normal', cites: ['教监管厅函〔2021〕6号'] },
  outside_hours: { lead: 'S', co: [], priority: 'normal', cites: ['教监管〔2022〕4号'] },
};

// ---------------------------------------------------------------------------
// 襄垣县: 襄垣县暑期校外培训专项治理行动实施方案 (2023-07-10), national law
// ---------------------------------------------------------------------------

const XIANGYUAN_SUPERVISOR: Record<Column, [DepartmentKind, string]> = {
  academic: ['education', '县教育局负责学科类'],
  sports: ['sports', '县卫体局（卫生健康和体育局）牵头体育类'],
  arts: ['education', '文化艺术类由县教育局牵头'],
  science: ['education', '科技类由县教育局牵头'],
  early_education: ['health', '卫生健康部门负责早教机构'],
  vocational: ['hrss', '《中华人民共和国民办教育促进法》第十二条'],
  after_school_care: ['education', '校外托管场所'],
  unlisted: ['education', '类别不明'],
};

const XY = '襄垣县暑期校外培训专项治理行动实施方案';
const XIANGYUAN_KINDS: Record<Exclude<ComplaintKind, 'other'>, KindExpectation> = {
  unlicensed: { lead: 'S', co: ['approval', 'market'], priority: 'urgent', cites: ['县行政审批局', UNLICENSED] },
  licensed_beyond_scope: { lead: 'market', co: ['approval', 'S'], priority: 'urgent', cites: ['《无证无照经营查处办法》', '县行政审批局'] },
  deregistered_still_teaching: { lead: 'S', co: ['approval', 'market'], priority: 'urgent', cites: ['严防已注销培训机构继续开班'] },
  disguised_tutoring: { lead: 'education', co: ['market', 'police', 'cyberspace'], priority: 'urgent', cites: ['县教育局牵头，市场监管、公安、网信等部门配合'] },
  online_tutoring: { lead: 'education', co: ['cyberspace'], priority: 'normal', cites: ['网信等部门配合'] },
  teacher_paid_tutoring: { lead: 'education', co: [], priority: 'normal', cites: [`${XY}（2023-07-10） 二、2`] },
  fees: { lead: 'S', co: ['market'], priority: 'normal', cites: [PREPAID] },
  prepaid_over_limit: { lead: 'S', co: ['market'], priority: 'normal', cites: [PREPAID] },
  price_not_marked: { lead: 'market', co: ['S'], priority: 'normal', cites: [PRICE] },
  above_guidance_price: { lead: 'market', co: ['S'], priority: 'normal', cites: ['发改价格〔2021〕1603号'] },
  money_outside_account: { lead: 'S', co: ['market'], priority: 'normal', cites: [PREPAID] },
  non_standard_contract: { lead: 'S', co: ['market'], priority: 'normal', cites: ['示范文本'] },
  false_advertising: { lead: 'market', co: ['S'], priority: 'normal', cites: [ADS] },
  refund_or_absconding: { lead: 'S', co: ['market'], priority: 'normal', cites: ['《中华人民共和国消费者权益保护法》第五十三条'] },
  absconding: { lead: 'S', co: ['market', 'police'], priority: 'urgent', cites: ['卷钱跑路'] },
  wage_arrears_layoffs: { lead: 'hrss', co: ['police', 'S'], priority: 'normal', cites: [WAGES] },
  // The county's own division: police and the fire brigade lead safety, education joins (二、5).
  safety_hazard: { lead: 'police', co: ['fire', 'S'], priority: 'urgent', cites: ['县公安局和县消防救援大队牵头'] },
  fire_hazard: { lead: 'fire', co: ['police', 'S'], priority: 'urgent', cites: [FIRE] },
  food_hygiene: { lead: 'market', co: ['health', 'S'], priority: 'urgent', cites: [FOOD] },
  unchecked_staff: { lead: 'S', co: ['police'], priority: 'urgent', cites: ['落实从业禁止制度', RECORDS] },
  child_harm: { lead: 'police', co: ['S'], priority: 'emergency', cites: [REPORT] },
  unsuitable_materials: { lead: 'S', co: [], priority: 'normal', cites: ['培训材料规范管理年'] },
  outside_hours: { lead: 'S', co: [], priority: 'normal', cites: ['教监管〔2022〕4号'] },
};

/** A Monday 09:00 in Beijing; the accept deadline each priority gives. */
const MONDAY = '2025-03-10T09:00:00+08:00';
const ACCEPT_BY: Record<Priority, string> = {
  normal: '2025-03-19T15:59:59.000Z', // 7 working days
  urgent: '2025-03-11T01:00:00.000Z', // 24 hours
  emergency: '2025-03-10T03:00:00.000Z', // 2 hours
};

function cases(j: Jurisdiction, supervisor: Record<Column, [DepartmentKind, string]>, kinds: Record<string, KindExpectation>) {
  return Object.entries(kinds).flatMap(([kind, e]) =>
    COLUMNS.map((column) => {
      const [sup, supCite] = supervisor[column];
      const resolve = (ref: Ref) => (ref === 'S' ? sup : ref);
      const lead = resolve(e.lead);
      const co = [...new Set(e.co.map(resolve))].filter((d) => d !== lead);
      const namesSupervisor = e.lead === 'S' || e.co.includes('S');
      return { j, kind: kind as ComplaintKind, column, lead, co, priority: e.priority, cites: namesSupervisor ? [supCite, ...e.cites] : e.cites };
    }),
  );
}

describe.each([
  ['信阳市', xinyang, XINYANG_SUPERVISOR, XINYANG_KINDS],
  ['襄垣县', xiangyuan, XIANGYUAN_SUPERVISOR, XIANGYUAN_KINDS],
] as const)('%s: every kind × category', (_name, j, supervisor, kinds) => {
  it('has an expectation for every kind but "other"', () => {
    expect(Object.keys(kinds).sort()).toEqual(ComplaintKinds.keys.filter((k) => k !== 'other').sort());
  });

  it.each(cases(j, supervisor, kinds).map((c) => [c.kind, c.column, c] as const))('%s × %s', (kind, column, c) => {
    const input = { caseType: 'complaint' as const, kind, ...(column === 'unlisted' ? {} : { category: column }), districtCode: j.districts[0]!.code };
    const decision = routeCase({ ...input, receivedAt: MONDAY }, j.routing, cn);
    expect({ lead: decision.leadDepartment, co: decision.coHandling, priority: decision.priority }).toEqual({ lead: c.lead, co: c.co, priority: c.priority });
    expect(decision.acceptBy).toBe(ACCEPT_BY[c.priority]);
    const why = explainRoute(input, j.routing);
    // Each row is written for its kind: nothing but "other" falls to the default row.
    expect(why.ruleId).not.toBe('complaint-default');
    for (const cite of c.cites) expect(why.basis.join('\n'), cite).toContain(cite);
    expect(why.priorityReason).toBeTruthy();
  });

  it('gives the children-at-risk kinds a child-safety reason, and ordinary disputes none', () => {
    for (const kind of ['unlicensed', 'deregistered_still_teaching', 'disguised_tutoring', 'safety_hazard', 'unchecked_staff'] as const) {
      expect(explainRoute({ caseType: 'complaint', kind, districtCode: j.districts[0]!.code }, j.routing).priorityReason).toMatch(/孩子.*无证/);
    }
    expect(explainRoute({ caseType: 'complaint', kind: 'price_not_marked', districtCode: j.districts[0]!.code }, j.routing).priorityReason).toMatch(/一般消费纠纷/);
  });
});

describe('the county: its own division of duties', () => {
  it('sends sports training to the 卫体局 and arts to education, where Xinyang sends them to education and culture', () => {
    const route = (j: Jurisdiction, category: InstitutionCategory) =>
      routeCase({ caseType: 'complaint', kind: 'outside_hours', category, districtCode: j.districts[0]!.code, receivedAt: MONDAY }, j.routing, cn).leadDepartment;
    expect([route(xiangyuan, 'sports'), route(xiangyuan, 'arts')]).toEqual(['sports', 'education']);
    expect([route(xinyang, 'sports'), route(xinyang, 'arts')]).toEqual(['education', 'culture']);
  });

  it('names its offices once, by the county\'s own names', () => {
    const departments = departmentsOf(xiangyuan);
    expect(new Set(departments.map((d) => d.id)).size).toBe(departments.length);
    expect(departments.find((d) => d.kind === 'sports')?.name).toBe('襄垣县卫生健康和体育局');
    expect(departments.find((d) => d.kind === 'approval')?.name).toBe('襄垣县行政审批局');
  });
});

describe('a table with a gap', () => {
  it('fails at load, naming the kind and the category left without a row', () => {
    const rules = xinyang.routing.rules.filter((r) => r.kind !== 'wage_arrears_layoffs');
    const result = CompleteRoutingTable.safeParse({ ...xinyang.routing, rules });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain(
      'no routing row for complaint kind wage_arrears_layoffs (欠薪、裁员) × academic (学科类): add a row with kind "wage_arrears_layoffs" (and category "academic" if it differs)',
    );
  });

  it('fails when a category has no basis for its supervisor, or a row no reason for its priority', () => {
    const { academic: _, ...rest } = xinyang.routing.supervisionBasis!;
    const noBasis = CompleteRoutingTable.safeParse({ ...xinyang.routing, supervisionBasis: rest });
    expect(noBasis.error?.issues.map((i) => i.path.join('.'))).toContain('supervisionBasis.academic');
    const noReason = CompleteRoutingTable.safeParse({ ...xinyang.routing, rules: xinyang.routing.rules.map((r) => (r.id === 'complaint-fees' ? { ...r, priorityReason: undefined } : r)) });
    expect(noReason.error?.issues.map((i) => i.message)).toContain('rule complaint-fees: say why it has priority normal (priorityReason)');
  });
});

/**
 * Demo institutions for 信阳市 and its ten districts: realistic, varied and
 * deterministic. `generateInstitutions({ count, seed })` returns the same
 * records, byte for byte, for the same seed; the demo loader, the tests and
 * the benchmarks all draw from it.
 *
 * Every record is valid against `InstitutionFields`; credit codes and licence
 * numbers are unique however many are asked for (they are derived from the
 * record's index, not drawn at random), and names are unique too.
 *
 * The first few records are fixed, for the README walkthrough and the tests
 * (see FEATURED below): their ids are exported as constants.
 */
import { xinyang } from '../../shared/jurisdiction/xinyang.ts';
import { supervisingDepartmentKind } from '../../shared/jurisdiction/index.ts';
import type { District } from '../../shared/jurisdiction/types.ts';
import { creditCodeCheckCharacter } from '../../shared/rules/credit-code.ts';
import type { InstitutionFields, StatusChange } from '../../shared/schemas/institution.ts';
import type {
  DepartmentKind,
  FundSupervisionMode,
  InstitutionCategory,
  InstitutionStatus,
  ProfitType,
} from '../../shared/vocabulary.ts';
import { createRng, weightTable, type Rng } from './prng.ts';

export interface DemoInstitution {
  id: string;
  fields: InstitutionFields;
  /** The status it has now: the last entry of statusHistory. */
  status: InstitutionStatus;
  /** Oldest first; the first entry is the listing (always 'approved', on the licence's issue date). */
  statusHistory: StatusChange[];
}

/** Every date in the demo data is on or before this day, so the data does not depend on when it is generated. */
export const DEMO_AS_OF = '2026-10-31';
export const DEFAULT_DEMO_SEED = 20261101;

/** A stable, URL-safe id for the record at this index: `xy` and six base-36 digits. */
export function demoInstitutionId(index: number): string {
  return `xy${index.toString(36).padStart(6, '0')}`;
}

/** 信阳市小天鹅舞蹈培训中心: arts, 浉河区, approved, formerly 浉河区小天鹅艺术培训部. */
export const DEMO_SWAN_ID = demoInstitutionId(0);
/** 信阳市状元郎教育培训学校: deregistered, kept teaching (假注销、真运营), blacklisted. */
export const DEMO_BLACKLISTED_ID = demoInstitutionId(1);
/** 平桥区飞鹰跆拳道馆: licence revoked after failing to rectify. */
export const DEMO_REVOKED_ID = demoInstitutionId(2);
/** 信阳市星辰机器人编程培训中心: ordered to stop and rectify (停业整改). */
export const DEMO_RECTIFICATION_ID = demoInstitutionId(3);

// ---------------------------------------------------------------------------
// Name parts

const BRANDS = [
  '小天鹅', '启航', '星辰', '蓝天', '阳光', '彩虹', '未来星', '小海豚', '雏鹰', '七彩', '童梦', '梦想',
  '博雅', '翰墨', '墨香', '书香', '新星', '晨曦', '春蕾', '小树苗', '向日葵', '百灵鸟', '乐之声', '天籁',
  '琴韵', '舞之韵', '灵动', '飞扬', '腾飞', '智慧树', '少年派', '锦程', '卓越', '优贝', '奇思', '酷玩',
  '极客', '星火', '青苗', '鸿鹄', '龙腾', '虎跃', '勇士', '冠军', '蓝鲸', '浪花', '金色童年', '快乐成长',
  '小画家', '知行', '明德', '尚德', '启明星', '育英', '追梦', '小精灵', '金太阳', '满天星', '红舞鞋', '黑白键',
];
/** Two-character brands composed from these halves (金翼, 星帆, 智航 …), for variety. */
const BRAND_FIRST = ['金', '银', '星', '月', '晨', '朝', '蓝', '青', '乐', '智', '童', '新', '博', '卓', '嘉', '华', '美', '思', '慧', '雅', '益', '德'];
const BRAND_SECOND = ['翼', '帆', '苗', '光', '阳', '航', '林', '禾', '果', '贝', '宇', '杰', '程', '韵', '艺', '蕾', '心', '诚', '桥', '途'];
/** Place-like brands: these names need no region in front. */
const PLACE_BRANDS = ['信阳', '浉河', '申城', '茶都', '南湾', '鸡公山', '贤山', '大别山', '淮河', '豫南', '光州', '蓼城', '弦山', '龙潭'];

interface Specialty {
  /** The specialty as it appears in a company name (机器人, 舞蹈 …). */
  word: string;
  /** How a non-profit's name ends (舞蹈培训中心, 跆拳道馆 …). */
  stems: readonly string[];
  /** 许可的培训范围. */
  scopes: readonly string[];
}

const SPECIALTIES: Record<InstitutionCategory, readonly Specialty[]> = {
  sports: [
    { word: '跆拳道', stems: ['跆拳道馆', '跆拳道俱乐部', '跆拳道培训中心'], scopes: ['跆拳道', '跆拳道、体能训练'] },
    { word: '篮球', stems: ['篮球俱乐部', '篮球培训中心', '篮球训练营'], scopes: ['篮球', '篮球、体能训练'] },
    { word: '游泳', stems: ['游泳培训中心', '游泳俱乐部', '游泳馆'], scopes: ['游泳', '游泳、水上安全'] },
    { word: '足球', stems: ['足球俱乐部', '足球培训中心'], scopes: ['足球'] },
    { word: '武术', stems: ['武术馆', '武术培训中心'], scopes: ['武术、散打', '传统武术'] },
    { word: '乒乓球', stems: ['乒乓球俱乐部', '乒乓球培训中心'], scopes: ['乒乓球'] },
    { word: '羽毛球', stems: ['羽毛球俱乐部', '羽毛球培训中心'], scopes: ['羽毛球'] },
    { word: '轮滑', stems: ['轮滑俱乐部', '轮滑培训中心'], scopes: ['轮滑、滑板'] },
    { word: '体适能', stems: ['少儿体适能中心', '体能训练中心'], scopes: ['少儿体适能、体能训练'] },
    { word: '围棋', stems: ['围棋道场', '棋院'], scopes: ['围棋', '围棋、国际象棋'] },
    { word: '击剑', stems: ['击剑俱乐部'], scopes: ['击剑'] },
  ],
  arts: [
    { word: '舞蹈', stems: ['舞蹈培训中心', '舞蹈艺术学校', '舞蹈工作室'], scopes: ['中国舞、拉丁舞', '中国舞、街舞', '舞蹈、形体'] },
    { word: '美术', stems: ['美术培训中心', '美术工作室', '画室'], scopes: ['美术、素描', '儿童画、创意美术', '美术、书法'] },
    { word: '书法', stems: ['书法培训中心', '书法艺术学校', '书画院'], scopes: ['硬笔书法、软笔书法', '书法、国画'] },
    { word: '钢琴', stems: ['钢琴艺术中心', '钢琴工作室', '琴行培训中心'], scopes: ['钢琴', '钢琴、乐理'] },
    { word: '声乐', stems: ['声乐培训中心', '合唱艺术团'], scopes: ['声乐、合唱', '声乐'] },
    { word: '器乐', stems: ['音乐培训中心', '器乐艺术学校'], scopes: ['古筝、小提琴', '架子鼓、吉他', '古筝、琵琶、二胡'] },
    { word: '口才', stems: ['口才培训中心', '播音主持艺术学校'], scopes: ['播音主持、少儿口才'] },
    { word: '表演', stems: ['表演艺术培训中心', '戏剧工作室'], scopes: ['戏剧表演', '影视表演'] },
    { word: '艺术', stems: ['艺术培训中心', '艺术学校', '文化艺术培训学校'], scopes: ['舞蹈、美术、音乐', '舞蹈、声乐、器乐'] },
  ],
  science: [
    { word: '机器人', stems: ['机器人培训中心', '机器人俱乐部', '机器人工作室'], scopes: ['机器人搭建与编程', '机器人、编程'] },
    { word: '编程', stems: ['编程培训中心', '少儿编程工作室'], scopes: ['少儿编程', '图形化编程、Python编程'] },
    { word: '航模', stems: ['航模俱乐部', '航模培训中心'], scopes: ['航空模型、无人机'] },
    { word: '科学', stems: ['科学实验室', '科学探索中心'], scopes: ['科学实验、STEM', '科学实验'] },
    { word: '人工智能', stems: ['人工智能培训中心'], scopes: ['人工智能启蒙、编程'] },
    { word: '创客', stems: ['创客空间', '创客教育中心'], scopes: ['创客、3D打印'] },
  ],
  academic: [
    { word: '教育', stems: ['教育培训学校', '培训学校'], scopes: ['义务教育阶段语文、数学、英语', '初中数学、物理', '小学语文、数学'] },
    { word: '英语', stems: ['英语培训学校'], scopes: ['义务教育阶段英语'] },
    { word: '作文', stems: ['作文培训学校'], scopes: ['小学语文（作文）'] },
  ],
  early_education: [
    { word: '早教', stems: ['早教中心', '亲子园', '早期教育中心'], scopes: ['0至3岁婴幼儿早期教育、亲子活动'] },
    { word: '感统训练', stems: ['感统训练中心'], scopes: ['感觉统合训练'] },
  ],
  vocational: [{ word: '职业技能', stems: ['职业技能培训学校'], scopes: ['育婴员、保育员职业技能培训', '中式烹调师、面点师职业技能培训'] }],
  after_school_care: [{ word: '托管', stems: ['托管中心', '午托部', '课后托管中心'], scopes: ['课后托管、午休看护', '课后托管'] }],
};

/** How a company's name ends, by category (营利性机构). */
const COMPANY_TAILS: Record<InstitutionCategory, readonly string[]> = {
  sports: ['体育培训有限公司', '体育文化发展有限公司'],
  arts: ['艺术培训有限公司', '文化艺术有限公司', '文化传播有限公司'],
  science: ['科技培训有限公司', '教育科技有限公司'],
  academic: ['教育咨询有限公司'],
  early_education: ['服务有限公司', '教育咨询有限公司'],
  vocational: ['职业技能培训有限公司'],
  after_school_care: ['托管服务有限公司'],
};

const FORMER_STEMS = ['培训部', '培训班', '艺术培训部', '培训中心', '俱乐部'];

const CATEGORY_WEIGHTS = weightTable<InstitutionCategory>({
  arts: 40,
  sports: 30,
  science: 14,
  after_school_care: 6,
  academic: 4,
  early_education: 4,
  vocational: 2,
});

const STATUS_WEIGHTS = weightTable<InstitutionStatus>({ approved: 86, rectification: 5, revoked: 3, deregistered: 4, blacklisted: 2 });
/** Most cities deregistered their 学科类 institutions; a few remain on the list. */
const ACADEMIC_STATUS_WEIGHTS = weightTable<InstitutionStatus>({ approved: 35, rectification: 0, revoked: 12, deregistered: 45, blacklisted: 8 });

// ---------------------------------------------------------------------------
// Places

/** Streets per district: a few real-sounding main roads each, plus the ones every town has. */
const STREETS: Record<string, readonly string[]> = {
  '411502': ['民权路', '中山路', '胜利路', '东方红大道', '新华西路', '四一路', '工区路', '湖东大道', '浉河中路', '北京路', '新七大道', '南京路'],
  '411503': ['平中大街', '平东大道', '平西路', '新华东路', '南京大道', '前进路', '平桥大道', '明港镇建设路'],
  '411521': ['宝城东路', '宝城西路', '灵山大道', '江淮大道', '龙池路', '城关镇东关街'],
  '411522': ['正大街', '紫水大道', '弦山路', '龙山大道', '官渡河路', '西大街'],
  '411523': ['将军路', '首府路', '解放路', '京九大道', '红日路', '潢河路'],
  '411524': ['崇福大道', '温泉大道', '金刚台路', '赤城大道', '鲇鱼山路'],
  '411525': ['蓼城大道', '中山大街', '红苏大道', '成功大道', '秀水大道', '陈元光大道'],
  '411526': ['跃进路', '春申路', '光州大道', '弋阳路', '小潢河路', '西大街'],
  '411527': ['淮河大道', '滨河路', '兴滨大道', '北京路', '滨湖路'],
  '411528': ['谯楼街', '息州大道', '淮河大道', '龙湖路', '濮公山路'],
};
const COMMON_STREETS = ['人民路', '建设路', '文化路', '解放路', '新华路'];
const ADDRESS_DETAILS = ['', '', '二楼', '三楼', '四楼', '一至二楼', '商业街', '门面房', '综合楼三层', '文化广场二楼'];

/** The weight of each district in the data: the city proper and 固始 (the most populous county) get more. */
const DISTRICT_WEIGHTS = weightTable<string>({
  '411502': 20, '411503': 14, '411521': 7, '411522': 8, '411523': 4, '411524': 7, '411525': 15, '411526': 9, '411527': 6, '411528': 10,
});
/** One character for a district in decision numbers (浉教监〔2025〕12号); the city is 信. */
const DISTRICT_ABBREVIATIONS: Record<string, string> = {
  '411502': '浉', '411503': '平', '411521': '罗', '411522': '光', '411523': '新', '411524': '商', '411525': '固', '411526': '潢', '411527': '淮', '411528': '息',
};

// ---------------------------------------------------------------------------
// Departments, licences, registration

/** What a licence's issuer is called, by department kind. */
const ISSUER_NAMES: Partial<Record<DepartmentKind, string>> = {
  education: '教育体育局',
  culture: '文化广电和旅游局',
  science: '科学技术局',
  health: '卫生健康委员会',
  hrss: '人力资源和社会保障局',
};
/** Kinds with an office in each district (the others issue from the city). */
const DISTRICT_ISSUERS: readonly DepartmentKind[] = ['education', 'culture', 'science'];
/** Licence number prefix by issuing department: 教民…号, 文民…号, 科民…号. */
const LICENCE_PREFIXES: Partial<Record<DepartmentKind, string>> = {
  education: '教民',
  culture: '文民',
  science: '科民',
  health: '卫民',
  hrss: '人社民',
};
/** The department's short form in decision numbers (信教监, 浉文旅罚 …). */
const DECISION_ABBREVIATIONS: Partial<Record<DepartmentKind, string>> = {
  education: '教',
  culture: '文旅',
  science: '科',
  health: '卫',
  hrss: '人社',
};

const BANKS = [
  '中国银行信阳分行',
  '中国工商银行信阳分行',
  '中国建设银行信阳分行',
  '中国农业银行信阳分行',
  '中国邮政储蓄银行信阳市分行',
  '交通银行信阳分行',
  '中原银行信阳分行',
  '信阳农商银行',
];

// ---------------------------------------------------------------------------
// Reasons and findings

const RECTIFICATION_REASONS = [
  '消防安全检查不合格，疏散通道堵塞，责令停业整改',
  '一次性收取超过3个月的培训费用，违反预收费监管规定',
  '培训场所未安装与监管平台联网的视频监控',
  '部分从业人员未提供无犯罪记录证明',
  '超出许可范围开展培训',
  '预收费未进入监管账户，存在“体外循环”',
];
const RESTORE_REASONS = ['整改完成，经复查合格，恢复正常办学', '整改到位，复查通过，恢复招生'];
const REVOCATION_REASONS = [
  '停业整改期满仍未整改到位',
  '违规开展学科类培训且拒不改正',
  '发生安全责任事故，造成学员受伤',
  '以欺骗手段取得办学许可证',
  '擅自变更培训场所且拒不改正',
];
const DEREGISTRATION_REASONS = ['举办者申请终止办学，已完成学员退费和财务清算', '许可证有效期届满未申请延续，依法注销'];
const ACADEMIC_DEREGISTRATION_REASON = '学科类培训机构压减，办理注销登记';
const BLACKLIST_REASONS = [
  '卷走学员预付费用后失联（“爆雷”），列入黑名单',
  '注销后仍以原名义招生培训（“假注销、真运营”），列入黑名单',
  '吊销许可证后继续违规办学，列入黑名单',
  '拒不执行退费调解协议，恶意拖欠学员退费，列入黑名单',
];
const RECTIFY_FINDINGS = [
  '灭火器过期未更换',
  '消防通道堆放杂物',
  '未在醒目位置公示办学许可证和收费标准',
  '视频监控未与监管平台联网',
  '急救箱药品过期',
  '部分教师资格证明材料不全',
  '安全疏散指示标志缺失',
];
const FAILED_FINDINGS = ['预收费未进入监管账户', '场所消防设施不合格且拒不整改', '超出许可范围培训', '拒绝配合检查'];

// ---------------------------------------------------------------------------
// Dates (whole days, UTC)

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoDays = new Map<number, string>();
/** The ISO date of a day number, cached: the data spans only a few thousand days. */
function isoOfDay(day: number): string {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoDays.set(day, iso);
  }
  return iso;
}
const AS_OF_DAY = dayNumber(DEMO_AS_OF);
/** Issue-date windows: in force for most approved ones, expired for a few, older for the struck-off. */
const ISSUE_WINDOWS = {
  current: [dayNumber('2023-11-01'), dayNumber('2026-08-31')],
  expired: [dayNumber('2020-06-01'), dayNumber('2023-09-30')],
  older: [dayNumber('2019-03-01'), dayNumber('2025-06-30')],
} as const;
const FUND_WEIGHTS = weightTable<FundSupervisionMode>({ bank_custody: 72, risk_deposit: 22, none: 6 });
const TROUBLED_FUND_WEIGHTS = weightTable<FundSupervisionMode>({ bank_custody: 50, risk_deposit: 20, none: 30 });
const REGION_WEIGHTS = weightTable({ city: 3, district: 4, none: 2 });
const COMPANY_REGION_WEIGHTS = weightTable({ city: 3, district: 4, none: 0 });

/** The last day of a licence valid for `years` from `issuedOn`. */
function expiryOf(issuedOn: string, years: number): string {
  const [y, m, d] = issuedOn.split('-').map(Number) as [number, number, number];
  return isoOfDay(Date.UTC(y + years, m - 1, d) / DAY_MS - 1);
}

const randomDay = (rng: Rng, from: number, to: number) => (to <= from ? from : rng.between(from, to));

// ---------------------------------------------------------------------------
// Unique identifiers derived from the index

const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_SPACE = 31 ** 7;
/** Multiplier of an affine bijection on [0, 31^7): coprime to 31, so distinct indexes give distinct codes. */
const ORG_MULTIPLIER = 2_654_435;

function organisationPart(index: number, offset: number): string {
  let n = (index * ORG_MULTIPLIER + offset) % ORG_SPACE;
  let out = '';
  for (let i = 0; i < 7; i++) {
    out = ORG_ALPHABET[n % 31]! + out;
    n = Math.floor(n / 31);
  }
  return out;
}

/** 52 + district + MJ… for a 民办非企业单位; 91 + district + MA… for a company; then the check character. */
function creditCodeFor(index: number, offset: number, profitType: ProfitType, districtCode: string): string {
  const first17 =
    profitType === 'non_profit'
      ? `52${districtCode}MJ${organisationPart(index, offset)}`
      : `91${districtCode}MA${organisationPart(index, offset)}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

// ---------------------------------------------------------------------------

interface Featured {
  name: string;
  formerNames: string[];
  category: InstitutionCategory;
  specialty: string;
  profitType: ProfitType;
  districtCode: string;
  street: string;
  issuedOn: string;
  scope: string;
  /** The changes after listing, oldest first. */
  changes: Array<StatusChange & { sanction?: InstitutionFields['sanctions'][number]['kind'] }>;
  inspections: InstitutionFields['inspections'];
}

/** The fixed records at the start of every data set. */
const FEATURED: readonly Featured[] = [
  {
    name: '信阳市小天鹅舞蹈培训中心',
    formerNames: ['浉河区小天鹅艺术培训部'],
    category: 'arts',
    specialty: '舞蹈',
    profitType: 'non_profit',
    districtCode: '411502',
    street: '民权路18号二楼',
    issuedOn: '2024-03-01',
    scope: '中国舞、拉丁舞',
    changes: [],
    inspections: [
      { on: '2025-05-20', kind: 'random_sample', result: 'passed' },
      { on: '2026-04-16', kind: 'routine', result: 'passed' },
    ],
  },
  {
    name: '信阳市状元郎教育培训学校',
    formerNames: [],
    category: 'academic',
    specialty: '教育',
    profitType: 'non_profit',
    districtCode: '411502',
    street: '中山路206号三楼',
    issuedOn: '2019-08-15',
    scope: '义务教育阶段语文、数学、英语',
    changes: [
      { status: 'deregistered', on: '2022-06-30', reason: ACADEMIC_DEREGISTRATION_REASON, decisionNumber: '信教审〔2022〕41号' },
      {
        status: 'blacklisted',
        on: '2025-09-12',
        reason: '注销后仍以原名义招生培训（“假注销、真运营”），列入黑名单',
        decisionNumber: '信教监〔2025〕37号',
        sanction: 'trade_ban',
      },
    ],
    inspections: [{ on: '2025-09-05', kind: 'complaint', result: 'failed', findings: '已注销机构在原址以“托管”名义开展学科类培训' }],
  },
  {
    name: '平桥区飞鹰跆拳道馆',
    formerNames: [],
    category: 'sports',
    specialty: '跆拳道',
    profitType: 'non_profit',
    districtCode: '411503',
    street: '平中大街88号',
    issuedOn: '2022-04-10',
    scope: '跆拳道',
    changes: [
      { status: 'rectification', on: '2025-03-18', reason: '消防安全检查不合格，疏散通道堵塞，责令停业整改', decisionNumber: '平教监〔2025〕9号', sanction: 'stop_operating' },
      { status: 'revoked', on: '2025-06-20', reason: '停业整改期满仍未整改到位', decisionNumber: '平教罚〔2025〕15号', sanction: 'licence_revoked' },
    ],
    inspections: [
      { on: '2025-03-11', kind: 'random_sample', result: 'rectify', findings: '消防通道堆放杂物；安全疏散指示标志缺失' },
      { on: '2025-06-10', kind: 'special', result: 'failed', findings: '复查仍未整改到位' },
    ],
  },
  {
    name: '信阳市星辰机器人编程培训中心',
    formerNames: [],
    category: 'science',
    specialty: '机器人',
    profitType: 'non_profit',
    districtCode: '411502',
    street: '新七大道56号综合楼三层',
    issuedOn: '2023-09-01',
    scope: '机器人搭建与编程',
    changes: [
      { status: 'rectification', on: '2026-10-09', reason: '一次性收取超过3个月的培训费用，违反预收费监管规定', decisionNumber: '信科监〔2026〕6号', sanction: 'stop_enrolling' },
    ],
    inspections: [{ on: '2026-09-28', kind: 'complaint', result: 'rectify', findings: '一次性收取12个月培训费用，未进入监管账户' }],
  },
];

export interface GenerateOptions {
  count: number;
  seed?: number | string;
}

/** Generates `count` demo institutions; the same seed gives the same records. */
export function generateInstitutions({ count, seed = DEFAULT_DEMO_SEED }: GenerateOptions): DemoInstitution[] {
  const rng = createRng(seed);
  const districts = xinyang.districts;
  const districtByCode = new Map(districts.map((d) => [d.code, d]));
  const orgOffset = rng.int(ORG_SPACE);
  const licenceSerials = new Map<string, number>();
  const names = new Set<string>();
  const out: DemoInstitution[] = [];

  const nextLicenceNumber = (prefix: string, districtCode: string) => {
    const group = `${prefix}${districtCode}`;
    const serial = (licenceSerials.get(group) ?? rng.between(100, 900)) + rng.between(1, 3);
    licenceSerials.set(group, serial);
    return `${prefix}1${districtCode}7${String(serial).padStart(7, '0')}号`;
  };

  const branchCounters = new Map<string, number>();
  /** A name no other record has: a few fresh draws, then a branch (分校) of the last one drawn. */
  const uniqueName = (draw: () => string, district: District, street: string) => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const name = draw();
      if (!names.has(name)) return name;
    }
    const base = draw();
    const branch = `${base}${street.replace(/[0-9号].*$/, '')}分校`;
    if (!names.has(branch)) return branch;
    const town = district.name.length > 2 ? district.name.replace(/[区县]$/, '') : district.name;
    for (let n = branchCounters.get(base) ?? 2; ; n++) {
      const numbered = `${base}${town}第${n}分校`;
      if (!names.has(numbered)) {
        branchCounters.set(base, n + 1);
        return numbered;
      }
    }
  };

  for (let index = 0; index < count; index++) {
    const featured = FEATURED[index];
    const category: InstitutionCategory = featured?.category ?? rng.weighted(CATEGORY_WEIGHTS);
    const specialty = featured
      ? SPECIALTIES[category].find((s) => s.word === featured.specialty)!
      : rng.pick(SPECIALTIES[category]);
    const district = featured ? districtByCode.get(featured.districtCode)! : districtByCode.get(rng.weighted(DISTRICT_WEIGHTS))!;
    // 学科类 institutions had to become non-profit in 2021.
    const profitType: ProfitType = featured?.profitType ?? (category === 'academic' || rng.chance(0.45) ? 'non_profit' : 'for_profit');
    const supervisor = supervisingDepartmentKind(category);
    const street = featured?.street ?? addressStreet(rng, district.code);

    // Name: [region] brand specialty-stem, or for a company: region brand word tail.
    const placeBrand = rng.chance(0.12);
    let brand = '';
    const drawName = () => {
      brand = placeBrand
        ? rng.pick(PLACE_BRANDS)
        : rng.chance(0.5)
          ? rng.pick(BRANDS)
          : `${rng.pick(BRAND_FIRST)}${rng.pick(BRAND_SECOND)}`;
      const region = placeBrand ? '' : rng.weighted(profitType === 'for_profit' ? COMPANY_REGION_WEIGHTS : REGION_WEIGHTS);
      const prefix = region === 'city' ? xinyang.name : region === 'district' ? district.name : '';
      if (profitType === 'non_profit') return `${prefix}${brand}${rng.pick(specialty.stems)}`;
      const tail = rng.pick(COMPANY_TAILS[category]);
      return `${prefix}${brand}${tail.includes(specialty.word) ? '' : specialty.word}${tail}`;
    };
    const name = featured?.name ?? uniqueName(drawName, district, street);
    names.add(name);
    const formerNames = featured?.formerNames ?? (rng.chance(0.12) ? [formerNameOf(rng, name, brand, district)] : []);

    const status: InstitutionStatus = featured
      ? (featured.changes.at(-1)?.status ?? 'approved')
      : rng.weighted(category === 'academic' ? ACADEMIC_STATUS_WEIGHTS : STATUS_WEIGHTS);

    // Licence: approved ones mostly in force, a few expired (a trap parents should see); struck-off ones older.
    const issuedDay = featured
      ? dayNumber(featured.issuedOn)
      : status === 'approved'
        ? randomDay(rng, ...(rng.chance(0.07) ? ISSUE_WINDOWS.expired : ISSUE_WINDOWS.current))
        : randomDay(rng, ...ISSUE_WINDOWS.older);
    const issuedOn = isoOfDay(issuedDay);
    const expiresOn = expiryOf(issuedOn, featured ? 3 : rng.chance(0.8) ? 3 : 5);
    const issuerKind = supervisor;
    const issuer = DISTRICT_ISSUERS.includes(issuerKind)
      ? `${district.name}${ISSUER_NAMES[issuerKind]}`
      : `${xinyang.name}${ISSUER_NAMES[issuerKind] ?? '教育体育局'}`;
    const licenceNumber = nextLicenceNumber(LICENCE_PREFIXES[issuerKind] ?? '教民', district.code);

    // History, inspections and sanctions.
    const history: StatusChange[] = [{ status: 'approved', on: issuedOn, reason: '列入名单' }];
    const inspections: InstitutionFields['inspections'] = [];
    const sanctions: InstitutionFields['sanctions'] = [];
    const decisionNumber = (kindChar: '监' | '罚' | '审', day: number) => {
      const place = rng.chance(0.3) ? '信' : DISTRICT_ABBREVIATIONS[district.code]!;
      return `${place}${DECISION_ABBREVIATIONS[issuerKind] ?? '教'}${kindChar}〔${isoOfDay(day).slice(0, 4)}〕${rng.between(1, 160)}号`;
    };

    if (featured) {
      for (const change of featured.changes) {
        const { sanction, ...entry } = change;
        history.push(entry);
        if (sanction) sanctions.push({ on: entry.on, kind: sanction, decisionNumber: entry.decisionNumber ?? '', summary: entry.reason });
      }
      inspections.push(...featured.inspections);
    } else {
      let day = issuedDay + rng.between(60, 200);
      const inspect = (result: 'passed' | 'rectify' | 'failed', until: number) => {
        const on = randomDay(rng, day, Math.min(until, AS_OF_DAY));
        if (on > AS_OF_DAY) return;
        const findings = result === 'rectify' ? rng.pick(RECTIFY_FINDINGS) : result === 'failed' ? rng.pick(FAILED_FINDINGS) : undefined;
        inspections.push({
          on: isoOfDay(on),
          kind: result === 'passed' ? (rng.chance(0.4) ? 'random_sample' : 'routine') : rng.pick(['random_sample', 'special', 'complaint'] as const),
          result,
          ...(findings ? { findings } : {}),
        });
        day = on + rng.between(20, 120);
      };
      // Routine checks while it ran normally.
      const routine = rng.between(0, 3);
      const endOfNormal = status === 'approved' ? AS_OF_DAY : Math.min(AS_OF_DAY - 30, day + 900);
      for (let i = 0; i < routine && day < endOfNormal; i++) inspect(rng.chance(0.85) ? 'passed' : 'rectify', day + 300);
      const change = (next: InstitutionStatus, reason: string, kindChar: '监' | '罚' | '审', sanction?: InstitutionFields['sanctions'][number]['kind']) => {
        const on = Math.min(day + rng.between(5, 30), AS_OF_DAY);
        const doc = decisionNumber(kindChar, on);
        history.push({ status: next, on: isoOfDay(on), reason, decisionNumber: doc });
        if (sanction) sanctions.push({ on: isoOfDay(on), kind: sanction, decisionNumber: doc, summary: reason });
        day = on + rng.between(30, 120);
      };

      if (status === 'approved' && rng.chance(0.08) && day < AS_OF_DAY - 200) {
        inspect('rectify', day + 200);
        change('rectification', rng.pick(RECTIFICATION_REASONS), '监', rng.chance(0.5) ? 'warning' : 'stop_enrolling');
        change('approved', rng.pick(RESTORE_REASONS), '监');
      } else if (status === 'approved' && rng.chance(0.03) && day < AS_OF_DAY - 60) {
        const on = randomDay(rng, day, AS_OF_DAY);
        sanctions.push({ on: isoOfDay(on), kind: rng.pick(['warning', 'fine'] as const), decisionNumber: decisionNumber('罚', on), summary: rng.pick(RECTIFICATION_REASONS).replace(/，责令停业整改$/, '') });
      } else if (status === 'rectification') {
        inspect('rectify', day + 120);
        change('rectification', rng.pick(RECTIFICATION_REASONS), '监', rng.pick(['stop_enrolling', 'stop_operating'] as const));
      } else if (status === 'revoked') {
        if (rng.chance(0.5)) {
          inspect('rectify', day + 120);
          change('rectification', rng.pick(RECTIFICATION_REASONS), '监', 'stop_operating');
        }
        inspect('failed', day + 60);
        change('revoked', category === 'academic' ? '违规开展学科类培训且拒不改正' : rng.pick(REVOCATION_REASONS), '罚', 'licence_revoked');
      } else if (status === 'deregistered') {
        change('deregistered', category === 'academic' ? ACADEMIC_DEREGISTRATION_REASON : rng.pick(DEREGISTRATION_REASONS), '审');
      } else if (status === 'blacklisted') {
        if (rng.chance(0.5)) change('deregistered', category === 'academic' ? ACADEMIC_DEREGISTRATION_REASON : rng.pick(DEREGISTRATION_REASONS), '审');
        else {
          inspect('failed', day + 60);
          change('revoked', rng.pick(REVOCATION_REASONS), '罚', 'licence_revoked');
        }
        change('blacklisted', rng.pick(BLACKLIST_REASONS), '罚', 'trade_ban');
      }
    }

    // Fund supervision, insurance and safety checks: weaker for the ones in trouble.
    const troubled = status !== 'approved';
    const mode: FundSupervisionMode = rng.weighted(troubled ? TROUBLED_FUND_WEIGHTS : FUND_WEIGHTS);
    const lastFireCheck = rng.chance(troubled ? 0.5 : 0.85) ? isoOfDay(randomDay(rng, Math.max(issuedDay, AS_OF_DAY - 400), AS_OF_DAY)) : undefined;
    const staffChecks = rng.chance(troubled ? 0.5 : 0.9) ? isoOfDay(randomDay(rng, Math.max(issuedDay, AS_OF_DAY - 700), AS_OF_DAY)) : undefined;

    const fields: InstitutionFields = {
      name,
      formerNames,
      category,
      profitType,
      districtCode: district.code,
      premises: [{ address: `${xinyang.name}${district.name}${street}`, districtCode: district.code }],
      licence: {
        number: licenceNumber,
        issuer,
        issuedOn,
        expiresOn,
        scope: featured?.scope ?? rng.pick(specialty.scopes),
      },
      registration: {
        creditCode: creditCodeFor(index, orgOffset, profitType, district.code),
        type: profitType === 'for_profit' ? 'business_licence' : 'non_enterprise_certificate',
      },
      fundSupervision: mode === 'none' ? { mode } : { mode, bank: rng.pick(BANKS) },
      insured: featured ? true : rng.chance(troubled ? 0.6 : 0.93),
      ...(lastFireCheck ? { lastFireCheckOn: lastFireCheck } : {}),
      ...(staffChecks ? { staffChecksOn: staffChecks } : {}),
      inspections,
      sanctions,
    };
    out.push({ id: demoInstitutionId(index), fields, status: history.at(-1)!.status, statusHistory: history });
  }
  return out;
}

function addressStreet(rng: Rng, districtCode: string): string {
  const streets = STREETS[districtCode] ?? COMMON_STREETS;
  const street = rng.chance(0.8) ? rng.pick(streets) : rng.pick(COMMON_STREETS);
  return `${street}${rng.between(1, 399)}号${rng.pick(ADDRESS_DETAILS)}`;
}

/** An earlier name: the district, the same brand, an older kind of place (培训部, 培训班 …). */
function formerNameOf(rng: Rng, name: string, brand: string, district: District): string {
  const former = `${district.name}${brand}${rng.pick(FORMER_STEMS)}`;
  return former === name ? `${district.name}${brand}培训学校` : former;
}

import { HOTLINE, LAW, PRIORITY_REASON } from './legal-basis.ts';
import { LIMITS } from './routing-rows.ts';
import type { RoutingRule, RoutingTable } from './types.ts';

/**
 * 信阳市分办规则: who leads each kind of case in Xinyang, who co-handles it, its
 * priority and time limits, and the legal basis of each. Data, read by
 * shared/rules/routing.ts; the most specific row wins (kind + category +
 * district > kind + category > kind + district > kind > default).
 * `category_supervisor` is the department that supervises the institution's
 * category (谁审批谁监管): `XINYANG_SUPERVISION_BASIS` says why for each.
 *
 * Where the division comes from:
 * - who supervises what, police and fire: 信双减办〔2023〕5号 二、工作分工;
 * - market regulation (无证有照, prices, advertising, for-profit registration)
 *   and human resources (wage arrears, layoffs): the Henan pattern in
 *   舞教组秘〔2022〕3号 四、职责分工, and the national laws behind them
 *   (legal-basis.ts);
 * - time limits: 12315 for acceptance and mediation, the 12345 defaults in
 *   DOMAIN.md for urgent requests (Xinyang's own 12345 rules were not
 *   available: check them before going live).
 * No row is district-specific: the documents give no district exceptions.
 * docs/routing.md is generated from this table (npm run docs:routing).
 */

const XINYANG_5 = '信双减办〔2023〕5号';
const WUGANG = '舞教组秘〔2022〕3号';

const SUPERVISION = `${XINYANG_5} 二、工作分工：按“谁审批谁监管、谁主管谁监管、谁发证谁监管”，由机构所属类别的主管部门牵头`;
const MARKET = `${WUGANG} 四、职责分工：市场监管部门负责“无证有照”教育咨询类市场主体排查整治，以及校外培训机构收费、广告监管`;

/** Why each category's supervisor is who it is (谁审批谁监管). */
export const XINYANG_SUPERVISION_BASIS = {
  academic: `${XINYANG_5} 二、1：教育体育部门负责学科类校外培训机构的监管`,
  sports: `${XINYANG_5} 二、1：教育体育部门负责体育类校外培训机构的监管`,
  arts: `${XINYANG_5} 二、2：文广旅部门负责文化艺术类校外培训机构的监管`,
  science: `${XINYANG_5} 二、3：科技部门负责科技类校外培训机构的监管`,
  early_education: '卫生健康部门负责早教机构（《XX县联合开展校外教育校外培训机构专项整治工作方案》二、部门职责；信阳市文件未列明，待核对）',
  vocational: LAW.privateEducationApproval,
  after_school_care: '校外托管场所：信阳市文件未列明主管部门，暂由教育体育部门牵头（各地按本级政府托管场所安全管理意见的分工，待核对）',
} as const;

const UNKNOWN_CATEGORY = `类别不明（名单上没有）的机构由教育体育部门分拣：${WUGANG} 三、组织领导（教体局校外教育培训监管股承担日常工作）`;

const ACCEPT_7 = LAW.market12315Accept;
const CONCLUDE_15 = HOTLINE.conclude15;
const normal = [ACCEPT_7, CONCLUDE_15];
const urgent = [HOTLINE.urgent24h, CONCLUDE_15];

export const XINYANG_ROUTING_RULES: RoutingRule[] = [
  {
    id: 'complaint-default',
    caseType: 'complaint',
    lead: 'category_supervisor',
    coHandling: [],
    ...LIMITS.normal,
    basis: [SUPERVISION, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
    note: '未列明的投诉（“其他”）由机构所属类别的主管部门牵头；类别不明的由教育体育局分拣。',
  },
  // --- 无证、注销、隐形变异: children may be taught somewhere unlicensed and unchecked -------------
  {
    id: 'complaint-unlicensed',
    caseType: 'complaint',
    kind: 'unlicensed',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...LIMITS.urgent,
    basis: [SUPERVISION, LAW.privateEducationUnlicensed, LAW.penalties, MARKET, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
    note: '无证机构类别不明时由教育体育局牵头；同时无营业执照的，市场监管局依《无证无照经营查处办法》第六条查处。',
  },
  {
    id: 'complaint-licensed-beyond-scope',
    caseType: 'complaint',
    kind: 'licensed_beyond_scope',
    lead: 'market',
    coHandling: ['category_supervisor'],
    ...LIMITS.urgent,
    basis: [`${WUGANG} 四、五(二)(5)：市场监管部门对“无证有照”的教育咨询类市场主体全面排查，会同有关部门规范整治`, LAW.unlicensedBusiness, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
    note: '超出办学许可范围培训（有证超范围）的，分拣时改由审批该机构的主管部门牵头；无办学许可的培训由主管部门依《民办教育促进法》第六十四条处理。',
  },
  {
    id: 'complaint-deregistered-still-teaching',
    caseType: 'complaint',
    kind: 'deregistered_still_teaching',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...LIMITS.urgent,
    basis: [SUPERVISION, `${WUGANG} 五(一) 主要问题(1)：“假注销、真运营”，已注销的机构利用原师资、生源继续开展培训`, LAW.privateEducationUnlicensed, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  },
  {
    id: 'complaint-disguised-tutoring',
    caseType: 'complaint',
    kind: 'disguised_tutoring',
    lead: 'education',
    coHandling: ['category_supervisor', 'market'],
    ...LIMITS.urgent,
    basis: [
      `${WUGANG} 四：教育部门负责学科类培训管理；五(一)：严查居民楼、酒店、咖啡厅“一对一”，“家政服务”“住家教师”“众筹私教”，研学、夏令营、思维、国学等隐形变异学科类培训，联合网信、市场监管等部门打击`,
      LAW.doubleReduction,
      LAW.penalties,
      ...urgent,
    ],
    priorityReason: PRIORITY_REASON.childSafety,
    note: '在非学科类机构内违规开展学科培训的，该类别主管部门协办；线上开展的请选“线上违规培训”或由分拣人员加网信办。',
  },
  {
    id: 'complaint-online-tutoring',
    caseType: 'complaint',
    kind: 'online_tutoring',
    lead: 'education',
    coHandling: ['cyberspace', 'category_supervisor'],
    ...LIMITS.normal,
    basis: [`${WUGANG} 五(一) 主要问题(3)(6)：“直播变录播”，通过即时通讯、网络会议、直播平台违规开展线上学科类培训`, LAW.onlineTraining, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  },
  {
    id: 'complaint-teacher-paid-tutoring',
    caseType: 'complaint',
    kind: 'teacher_paid_tutoring',
    lead: 'education',
    coHandling: [],
    ...LIMITS.normal,
    basis: [LAW.teachers, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
    note: '由教师所在学校的主管教育部门查处，与培训机构类别无关。',
  },
  // --- 收费 -------------------------------------------------------------------------------------------
  {
    id: 'complaint-fees',
    caseType: 'complaint',
    kind: 'fees',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...LIMITS.normal,
    basis: [SUPERVISION, MARKET, LAW.prepaid, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
    note: '“收费问题”是细分收费类型之前的类型：分拣时可按具体问题改派（价格、广告由市场监管局牵头）。',
  },
  {
    id: 'complaint-prepaid-over-limit',
    caseType: 'complaint',
    kind: 'prepaid_over_limit',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...LIMITS.normal,
    basis: [SUPERVISION, LAW.prepaid, LAW.nonAcademic2022, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  },
  {
    id: 'complaint-price-not-marked',
    caseType: 'complaint',
    kind: 'price_not_marked',
    lead: 'market',
    coHandling: ['category_supervisor'],
    ...LIMITS.normal,
    basis: [LAW.price, MARKET, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  },
  {
    id: 'complaint-above-guidance-price',
    caseType: 'complaint',
    kind: 'above_guidance_price',
    lead: 'market',
    coHandling: ['category_supervisor'],
    ...LIMITS.normal,
    basis: [LAW.guidancePrice, LAW.price, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
    note: '政府指导价只适用于学科类；非学科类机构的价格问题请按“未明码标价或价格欺诈”处理。',
  },
  {
    id: 'complaint-money-outside-account',
    caseType: 'complaint',
    kind: 'money_outside_account',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...LIMITS.normal,
    basis: [SUPERVISION, LAW.prepaid, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
    note: '涉及培训贷的，分拣时告知当地金融监管部门（本平台无该部门）；大额“体外循环”是跑路前兆，考虑列入风险台账。',
  },
  {
    id: 'complaint-non-standard-contract',
    caseType: 'complaint',
    kind: 'non_standard_contract',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...LIMITS.normal,
    basis: [SUPERVISION, LAW.contract, `${WUGANG} 五(三)：全面推广使用示范合同，严厉打击使用不规范合同`, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  },
  {
    id: 'complaint-false-advertising',
    caseType: 'complaint',
    kind: 'false_advertising',
    lead: 'market',
    coHandling: ['category_supervisor'],
    ...LIMITS.normal,
    basis: [LAW.advertising, LAW.unfairCompetition, MARKET, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  },
  // --- 退费、跑路、欠薪 ---------------------------------------------------------------------------------
  {
    id: 'complaint-refund-or-absconding',
    caseType: 'complaint',
    kind: 'refund_or_absconding',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...LIMITS.normal,
    basis: [SUPERVISION, MARKET, LAW.consumer, `${WUGANG} 五(四)：形成风险台账，一企一策，帮助学生家长协商解决退费问题`, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
    note: '机构已跑路、停业的请按“机构跑路或突然停业”处理（分拣时可改类型并加公安局）；想协调退费的家庭可提交“退费纠纷”。',
  },
  {
    id: 'complaint-absconding',
    caseType: 'complaint',
    kind: 'absconding',
    lead: 'category_supervisor',
    coHandling: ['market', 'police'],
    ...LIMITS.urgent,
    basis: [SUPERVISION, `${WUGANG} 四：公安部门负责依法加强治安管理，做好涉稳事件应急处置；五(四)：防范“退费难”“卷款跑路”，风险台账、一企一策`, LAW.consumer, ...urgent],
    priorityReason: PRIORITY_REASON.moneyAtRisk,
    note: '涉嫌诈骗、集资的由公安机关立案侦查；同时拖欠工资的加人社局。',
  },
  {
    id: 'complaint-wage-arrears-layoffs',
    caseType: 'complaint',
    kind: 'wage_arrears_layoffs',
    lead: 'hrss',
    coHandling: ['category_supervisor'],
    ...LIMITS.normal,
    basis: [`${WUGANG} 四：人社部门负责防范化解欠薪裁员等风险隐患，切实维护劳动者合法权益`, LAW.wageInspection, LAW.labourArbitration, ...normal],
    priorityReason: PRIORITY_REASON.labour,
    note: '职工本人讨薪、劳动合同争议请直接向人社部门劳动保障监察（12333）或劳动人事争议仲裁委员会申请；本平台收到的作为机构经营风险线索，主管部门协办并考虑列入风险台账。',
  },
  // --- 安全 ---------------------------------------------------------------------------------------------
  {
    id: 'complaint-safety-hazard',
    caseType: 'complaint',
    kind: 'safety_hazard',
    lead: 'category_supervisor',
    coHandling: [],
    ...LIMITS.urgent,
    basis: [SUPERVISION, `${XINYANG_5} 三(一)：培训主管部门排查场地、设施设备安全隐患`, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  },
  {
    id: 'complaint-fire-hazard',
    caseType: 'complaint',
    kind: 'fire_hazard',
    lead: 'fire',
    coHandling: ['category_supervisor'],
    ...LIMITS.urgent,
    basis: [`${XINYANG_5} 二、5：消防部门负责消防监督检查，查处消防安全违法行为；三(二)`, LAW.fire, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  },
  {
    id: 'complaint-food-hygiene',
    caseType: 'complaint',
    kind: 'food_hygiene',
    lead: 'market',
    coHandling: ['health', 'category_supervisor'],
    ...LIMITS.urgent,
    basis: [LAW.food, '《XX县联合开展校外教育校外培训机构专项整治工作方案》二：卫生健康、市场监管部门重点做好校外培训机构的卫生、食品条件保障的监管', ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
    note: '饮食由市场监管局牵头；消毒、传染病等卫生问题分拣时可改由卫健委牵头。',
  },
  {
    id: 'complaint-unchecked-staff',
    caseType: 'complaint',
    kind: 'unchecked_staff',
    lead: 'category_supervisor',
    coHandling: ['police'],
    ...LIMITS.urgent,
    basis: [SUPERVISION, `${XINYANG_5} 二、4：公安机关协助做好犯罪记录查询；三(三)：开展从业人员资质核查`, LAW.staffRecords, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  },
  {
    id: 'complaint-child-harm',
    caseType: 'complaint',
    kind: 'child_harm',
    lead: 'police',
    coHandling: ['category_supervisor'],
    ...LIMITS.emergency,
    basis: [
      `${XINYANG_5} 三(四)：与公安机关建立快速反应机制，涉嫌违法犯罪线索及时转交公安机关核查处置`,
      LAW.mandatoryReport,
      HOTLINE.emergency2h,
      CONCLUDE_15,
    ],
    priorityReason: PRIORITY_REASON.childHarm,
    note: '立即转公安；15个工作日是主管部门向反映人答复的期限，不是刑事案件的办理期限。',
  },
  // --- 培训内容与时间 -------------------------------------------------------------------------------------
  {
    id: 'complaint-unsuitable-materials',
    caseType: 'complaint',
    kind: 'unsuitable_materials',
    lead: 'category_supervisor',
    coHandling: [],
    ...LIMITS.normal,
    basis: [SUPERVISION, LAW.materials, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  },
  {
    id: 'complaint-outside-hours',
    caseType: 'complaint',
    kind: 'outside_hours',
    lead: 'category_supervisor',
    coHandling: [],
    ...LIMITS.normal,
    basis: [SUPERVISION, LAW.nonAcademic2022, LAW.doubleReduction, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  },
  {
    id: 'refund-dispute-default',
    caseType: 'refund_dispute',
    lead: 'category_supervisor',
    coHandling: [],
    ...LIMITS.mediation,
    basis: [SUPERVISION, ACCEPT_7, LAW.market12315Mediation, `${WUGANG} 五(四)：形成风险台账，一企一策，帮助学生家长协商解决退费问题`],
    priorityReason: PRIORITY_REASON.consumer,
    note: '受理前按最晚受理日计算办结期限；受理后按实际受理日重算。',
  },
];

/** The Xinyang table minus the supervision map, which xinyang.ts supplies from the jurisdiction. */
export const XINYANG_ROUTING: Omit<RoutingTable, 'supervision'> = {
  supervisionBasis: XINYANG_SUPERVISION_BASIS,
  unknownCategorySupervisor: 'education',
  unknownCategoryBasis: UNKNOWN_CATEGORY,
  rules: XINYANG_ROUTING_RULES,
};

import { HOTLINE, LAW, PRIORITY_REASON } from './legal-basis.ts';
import { LIMITS } from './routing-rows.ts';
import type { RoutingRule, RoutingTable } from './types.ts';

/**
 * 襄垣县分办规则 (Xiangyuan county, Changzhi, Shanxi): the worked example of a
 * second jurisdiction with its own division of duties, from 《襄垣县暑期校外
 * 培训专项治理行动实施方案》 (2023-07-10). Where it differs from Xinyang:
 * - 县行政审批局 grants licences and registers legal persons (二、1), so it
 *   co-handles every report about licences and registration;
 * - 县卫生健康与体育局 (卫体局) supervises sports training with the education
 *   bureau (二、4), so 体育类 goes to the sports department, not education;
 * - no culture or science bureau sits on the county's working group (四、1):
 *   education leads arts and science training ("教育牵头、行业部门配合");
 * - 安全风险隐患 are led by the police and the fire brigade, with education
 *   joining (二、5), not by the category's supervisor;
 * - 隐形变异: education leads, market regulation, police and 网信 (县网络
 *   安全中心) join (二、3).
 * Everything else follows the national laws (legal-basis.ts).
 */

const XY = '襄垣县暑期校外培训专项治理行动实施方案（2023-07-10）';
const SUPERVISION = `${XY} 二、4：县教育局和县卫体局牵头非学科类培训监管（严格审批、培训材料、从业人员、收费），市场监管、公安等部门配合`;
const APPROVAL = `${XY} 二、1：县行政审批局按“先证后照”办理行政许可和法人登记`;

export const XIANGYUAN_SUPERVISION_BASIS = {
  academic: `${XY} 二、2、3：县教育局负责学科类培训治理`,
  sports: `${XY} 二、4：县卫体局（卫生健康和体育局）牵头体育类培训监管`,
  arts: `${XY} 二、4、四、1：县工作专班无文旅部门，文化艺术类由县教育局牵头`,
  science: `${XY} 二、4、四、1：县工作专班无科技部门，科技类由县教育局牵头`,
  early_education: '卫生健康部门负责早教机构（《XX县联合开展校外教育校外培训机构专项整治工作方案》二、部门职责）；襄垣县由县卫体局承担',
  vocational: LAW.privateEducationApproval,
  after_school_care: '校外托管场所：襄垣县文件未列明主管部门，暂由县教育局牵头（待核对本级政府分工）',
} as const;

const normal = [LAW.market12315Accept, HOTLINE.conclude15];
const urgent = [HOTLINE.urgent24h, HOTLINE.conclude15];

const row = (r: RoutingRule): RoutingRule => r;

export const XIANGYUAN_ROUTING_RULES: RoutingRule[] = [
  row({ id: 'complaint-default', caseType: 'complaint', lead: 'category_supervisor', coHandling: [], ...LIMITS.normal, basis: [SUPERVISION, ...normal], priorityReason: PRIORITY_REASON.consumer }),
  row({
    id: 'complaint-unlicensed',
    caseType: 'complaint',
    kind: 'unlicensed',
    lead: 'category_supervisor',
    coHandling: ['approval', 'market'],
    ...LIMITS.urgent,
    basis: [SUPERVISION, APPROVAL, LAW.privateEducationUnlicensed, LAW.penalties, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  }),
  row({
    id: 'complaint-licensed-beyond-scope',
    caseType: 'complaint',
    kind: 'licensed_beyond_scope',
    lead: 'market',
    coHandling: ['approval', 'category_supervisor'],
    ...LIMITS.urgent,
    basis: [LAW.unlicensedBusiness, APPROVAL, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  }),
  row({
    id: 'complaint-deregistered-still-teaching',
    caseType: 'complaint',
    kind: 'deregistered_still_teaching',
    lead: 'category_supervisor',
    coHandling: ['approval', 'market'],
    ...LIMITS.urgent,
    basis: [`${XY} 二、3：严防已注销培训机构继续开班`, APPROVAL, LAW.privateEducationUnlicensed, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  }),
  row({
    id: 'complaint-disguised-tutoring',
    caseType: 'complaint',
    kind: 'disguised_tutoring',
    lead: 'education',
    coHandling: ['market', 'police', 'cyberspace'],
    ...LIMITS.urgent,
    basis: [`${XY} 二、3：隐形变异违规培训“县教育局牵头，市场监管、公安、网信等部门配合”`, LAW.doubleReduction, LAW.penalties, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  }),
  row({
    id: 'complaint-online-tutoring',
    caseType: 'complaint',
    kind: 'online_tutoring',
    lead: 'education',
    coHandling: ['cyberspace'],
    ...LIMITS.normal,
    basis: [`${XY} 二、3：网信等部门配合`, LAW.onlineTraining, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  }),
  row({
    id: 'complaint-teacher-paid-tutoring',
    caseType: 'complaint',
    kind: 'teacher_paid_tutoring',
    lead: 'education',
    coHandling: [],
    ...LIMITS.normal,
    basis: [`${XY} 二、2：严查在职教师违规补课（县教育局负责）`, LAW.teachers, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  }),
  ...(['fees', 'prepaid_over_limit', 'money_outside_account', 'non_standard_contract'] as const).map((kind) =>
    row({
      id: `complaint-${kind.replace(/_/g, '-')}`,
      caseType: 'complaint',
      kind,
      lead: 'category_supervisor',
      coHandling: ['market'],
      ...LIMITS.normal,
      basis: [`${XY} 二、4：全面加强预收费监管，对违法违规收费联合发展改革、市场监管等部门严查`, kind === 'non_standard_contract' ? LAW.contract : LAW.prepaid, ...normal],
      priorityReason: PRIORITY_REASON.consumer,
    }),
  ),
  ...(['price_not_marked', 'above_guidance_price'] as const).map((kind) =>
    row({
      id: `complaint-${kind.replace(/_/g, '-')}`,
      caseType: 'complaint',
      kind,
      lead: 'market',
      coHandling: ['category_supervisor'],
      ...LIMITS.normal,
      basis: [kind === 'above_guidance_price' ? LAW.guidancePrice : LAW.price, `${XY} 二、4：引导明码标价、合理定价，借暑期涨价的联合市场监管等部门严查`, ...normal],
      priorityReason: PRIORITY_REASON.consumer,
    }),
  ),
  row({
    id: 'complaint-false-advertising',
    caseType: 'complaint',
    kind: 'false_advertising',
    lead: 'market',
    coHandling: ['category_supervisor'],
    ...LIMITS.normal,
    basis: [LAW.advertising, LAW.unfairCompetition, `${XY} 四、2：对违法违规广告宣传行为进行执法查处`, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  }),
  row({
    id: 'complaint-refund-or-absconding',
    caseType: 'complaint',
    kind: 'refund_or_absconding',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...LIMITS.normal,
    basis: [SUPERVISION, LAW.consumer, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  }),
  row({
    id: 'complaint-absconding',
    caseType: 'complaint',
    kind: 'absconding',
    lead: 'category_supervisor',
    coHandling: ['market', 'police'],
    ...LIMITS.urgent,
    basis: [`${XY} 二、4：严防“退费难”“卷钱跑路”（县教育局和县卫体局牵头，市场监管、公安配合）`, LAW.consumer, ...urgent],
    priorityReason: PRIORITY_REASON.moneyAtRisk,
  }),
  row({
    id: 'complaint-wage-arrears-layoffs',
    caseType: 'complaint',
    kind: 'wage_arrears_layoffs',
    lead: 'hrss',
    coHandling: ['police', 'category_supervisor'],
    ...LIMITS.normal,
    basis: [LAW.wageInspection, LAW.labourArbitration, `${XY} 二、5：妥善处理欠薪、从业人员安置等问题（县公安局和县消防救援大队牵头，教育等部门配合）`, ...normal],
    priorityReason: PRIORITY_REASON.labour,
    note: '襄垣县方案把欠薪列在公安、消防牵头的风险防范一项，人社部门不在工作专班中；按《劳动保障监察条例》由人社局牵头，公安协办，待县里确认。',
  }),
  row({
    id: 'complaint-safety-hazard',
    caseType: 'complaint',
    kind: 'safety_hazard',
    lead: 'police',
    coHandling: ['fire', 'category_supervisor'],
    ...LIMITS.urgent,
    basis: [`${XY} 二、5：风险隐患排查“县公安局和县消防救援大队牵头，应急管理、教育等部门配合”，存在安全隐患的立即停业整改`, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  }),
  row({
    id: 'complaint-fire-hazard',
    caseType: 'complaint',
    kind: 'fire_hazard',
    lead: 'fire',
    coHandling: ['police', 'category_supervisor'],
    ...LIMITS.urgent,
    basis: [`${XY} 二、5：联合消防等部门开展安全专项检查`, LAW.fire, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  }),
  row({
    id: 'complaint-food-hygiene',
    caseType: 'complaint',
    kind: 'food_hygiene',
    lead: 'market',
    coHandling: ['health', 'category_supervisor'],
    ...LIMITS.urgent,
    basis: [LAW.food, '《XX县联合开展校外教育校外培训机构专项整治工作方案》二：卫生健康、市场监管部门做好卫生、食品条件保障的监管', ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  }),
  row({
    id: 'complaint-unchecked-staff',
    caseType: 'complaint',
    kind: 'unchecked_staff',
    lead: 'category_supervisor',
    coHandling: ['police'],
    ...LIMITS.urgent,
    basis: [`${XY} 二、4：加强从业人员资格审核，完善入职查询制度，落实从业禁止制度`, LAW.staffRecords, ...urgent],
    priorityReason: PRIORITY_REASON.childSafety,
  }),
  row({
    id: 'complaint-child-harm',
    caseType: 'complaint',
    kind: 'child_harm',
    lead: 'police',
    coHandling: ['category_supervisor'],
    ...LIMITS.emergency,
    basis: [LAW.mandatoryReport, `${XY} 二、5：如发生安全风险，第一时间报告`, HOTLINE.emergency2h, HOTLINE.conclude15],
    priorityReason: PRIORITY_REASON.childHarm,
  }),
  row({
    id: 'complaint-unsuitable-materials',
    caseType: 'complaint',
    kind: 'unsuitable_materials',
    lead: 'category_supervisor',
    coHandling: [],
    ...LIMITS.normal,
    basis: [`${XY} 二、4：按“培训材料规范管理年”要求做好培训材料审核、抽查和巡查`, LAW.materials, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  }),
  row({
    id: 'complaint-outside-hours',
    caseType: 'complaint',
    kind: 'outside_hours',
    lead: 'category_supervisor',
    coHandling: [],
    ...LIMITS.normal,
    basis: [SUPERVISION, LAW.nonAcademic2022, LAW.doubleReduction, ...normal],
    priorityReason: PRIORITY_REASON.consumer,
  }),
  row({
    id: 'refund-dispute-default',
    caseType: 'refund_dispute',
    lead: 'category_supervisor',
    coHandling: [],
    ...LIMITS.mediation,
    basis: [SUPERVISION, LAW.market12315Accept, LAW.market12315Mediation],
    priorityReason: PRIORITY_REASON.consumer,
  }),
];

export const XIANGYUAN_ROUTING: Omit<RoutingTable, 'supervision'> = {
  supervisionBasis: XIANGYUAN_SUPERVISION_BASIS,
  unknownCategorySupervisor: 'education',
  unknownCategoryBasis: `${XY} 四、1：县教育局局长任工作专班副组长，类别不明的机构由县教育局分拣`,
  rules: XIANGYUAN_ROUTING_RULES,
};

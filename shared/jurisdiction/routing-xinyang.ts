import type { RoutingRule, RoutingTable } from './types.ts';

/**
 * 信阳市分办规则: who leads each kind of case in Xinyang, who co-handles it, its
 * priority and time limits. Data, read by shared/rules/routing.ts; the most
 * specific row wins (kind + category + district > kind + category >
 * kind + district > kind > default). `category_supervisor` is the department
 * that supervises the institution's category (谁审批谁监管), taken from the
 * jurisdiction's `supervision` map when the table is assembled in xinyang.ts.
 *
 * Where the numbers come from (each row cites its own basis):
 * - Who supervises what, police and fire: 信双减办〔2023〕5号 二、工作分工.
 * - Market regulation (无证有照, prices, advertising) and human resources (wage
 *   arrears): the Henan pattern in 舞教组秘〔2022〕3号 四、职责分工.
 * - 7 working days to accept, 45 working days of mediation counted from
 *   acceptance: 《市场监督管理投诉举报处理暂行办法》 (12315).
 * - 15 working days to conclude, 24 hours for urgent and 2 hours for emergency
 *   requests: the 12345 hotline defaults in DOMAIN.md. Xinyang's own 12345
 *   rules were not available; check them before going live.
 * No row is district-specific: the documents give no district exceptions.
 */

const SUPERVISION = '信双减办〔2023〕5号 二、工作分工（谁审批谁监管：教育体育管学科类和体育类，文广旅管文化艺术类，科技管科技类）';
const ACCEPT_7 = '《市场监督管理投诉举报处理暂行办法》：自收到投诉之日起七个工作日内决定是否受理';
const CONCLUDE_15 = '12345热线复杂诉求15个工作日办结（DOMAIN.md 默认值，待信阳市12345工作规范核对）';
const MARKET = '舞教组秘〔2022〕3号 四、职责分工：市场监管部门负责“无证有照”教育咨询类市场主体及收费、广告监管';

const normal = {
  priority: 'normal',
  accept: { workingDays: 7 },
  conclude: { workingDays: 15 },
  concludeCountsFrom: 'received',
} as const;

const urgent = {
  priority: 'urgent',
  accept: { hours: 24 },
  conclude: { workingDays: 15 },
  concludeCountsFrom: 'received',
} as const;

export const XINYANG_ROUTING_RULES: RoutingRule[] = [
  {
    id: 'complaint-default',
    caseType: 'complaint',
    lead: 'category_supervisor',
    coHandling: [],
    ...normal,
    basis: [SUPERVISION, ACCEPT_7, CONCLUDE_15],
    note: '未列明的投诉（含“其他”）由机构所属类别的主管部门牵头；类别不明的由教育体育局分拣。',
  },
  {
    id: 'complaint-unlicensed',
    caseType: 'complaint',
    kind: 'unlicensed',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...normal,
    basis: [SUPERVISION, MARKET, ACCEPT_7, CONCLUDE_15],
    note: '无证机构类别不明时由教育体育局牵头。',
  },
  {
    id: 'complaint-disguised-tutoring',
    caseType: 'complaint',
    kind: 'disguised_tutoring',
    lead: 'education',
    coHandling: ['category_supervisor'],
    ...normal,
    basis: ['舞教组秘〔2022〕3号 四、五(一)：教育部门负责学科类培训管理，牵头整治隐形变异学科类培训', ACCEPT_7, CONCLUDE_15],
    note: '线上（即时通讯、网络会议、直播）开展的，分拣时可加网信办协办。',
  },
  {
    id: 'complaint-teacher-paid-tutoring',
    caseType: 'complaint',
    kind: 'teacher_paid_tutoring',
    lead: 'education',
    coHandling: [],
    ...normal,
    basis: ['在职教师管理属教育部门职责（DOMAIN.md：在职教师有偿补课）', ACCEPT_7, CONCLUDE_15],
  },
  {
    id: 'complaint-fees',
    caseType: 'complaint',
    kind: 'fees',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...normal,
    basis: [SUPERVISION, MARKET, ACCEPT_7, CONCLUDE_15],
  },
  {
    id: 'complaint-refund-or-absconding',
    caseType: 'complaint',
    kind: 'refund_or_absconding',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...normal,
    basis: [SUPERVISION, MARKET, '舞教组秘〔2022〕3号 四、职责分工：人社部门负责欠薪裁员，公安部门负责涉稳事件应急处置', ACCEPT_7, CONCLUDE_15],
    note: '表单无法判断是否涉及欠薪裁员或群体性事件：涉及欠薪的由分拣人员加人社局协办，出现“跑路”、集体维权迹象的加公安局并提升优先级。',
  },
  {
    id: 'complaint-false-advertising',
    caseType: 'complaint',
    kind: 'false_advertising',
    lead: 'category_supervisor',
    coHandling: ['market'],
    ...normal,
    basis: [SUPERVISION, MARKET, ACCEPT_7, CONCLUDE_15],
  },
  {
    id: 'complaint-safety-hazard',
    caseType: 'complaint',
    kind: 'safety_hazard',
    lead: 'category_supervisor',
    coHandling: [],
    ...urgent,
    basis: [SUPERVISION, '信双减办〔2023〕5号 三(一)：培训主管部门排查场地、设施设备安全隐患', '12345热线紧急诉求24小时内响应（DOMAIN.md 默认值）', CONCLUDE_15],
  },
  {
    id: 'complaint-fire-hazard',
    caseType: 'complaint',
    kind: 'fire_hazard',
    lead: 'fire',
    coHandling: ['category_supervisor'],
    ...urgent,
    basis: ['信双减办〔2023〕5号 二、5：消防部门负责消防监督检查，查处消防安全违法行为；三(二)', '12345热线紧急诉求24小时内响应（DOMAIN.md 默认值）', CONCLUDE_15],
  },
  {
    id: 'complaint-unchecked-staff',
    caseType: 'complaint',
    kind: 'unchecked_staff',
    lead: 'category_supervisor',
    coHandling: ['police'],
    ...normal,
    basis: [SUPERVISION, '信双减办〔2023〕5号 二、4：公安机关协助做好犯罪记录查询；三(三)', ACCEPT_7, CONCLUDE_15],
  },
  {
    id: 'complaint-child-harm',
    caseType: 'complaint',
    kind: 'child_harm',
    lead: 'police',
    coHandling: ['category_supervisor'],
    priority: 'emergency',
    accept: { hours: 2 },
    conclude: { workingDays: 15 },
    concludeCountsFrom: 'received',
    basis: [
      '信双减办〔2023〕5号 三(四)：与公安机关建立快速反应机制，涉嫌违法犯罪线索及时转交公安机关核查处置',
      '12345热线紧急诉求2小时内响应（DOMAIN.md 默认值）',
      CONCLUDE_15,
    ],
    note: '立即转公安；15个工作日是主管部门向反映人答复的期限，不是刑事案件的办理期限。',
  },
  {
    id: 'complaint-unsuitable-materials',
    caseType: 'complaint',
    kind: 'unsuitable_materials',
    lead: 'category_supervisor',
    coHandling: [],
    ...normal,
    basis: [SUPERVISION, '襄垣县暑期校外培训专项治理方案：主管部门做好培训材料审核、抽查和巡查', ACCEPT_7, CONCLUDE_15],
  },
  {
    id: 'complaint-outside-hours',
    caseType: 'complaint',
    kind: 'outside_hours',
    lead: 'category_supervisor',
    coHandling: [],
    ...normal,
    basis: [SUPERVISION, '教监管〔2022〕4号：线下培训不晚于20:30、线上不晚于21:00结束，不得与中小学教学时间冲突', ACCEPT_7, CONCLUDE_15],
  },
  {
    id: 'refund-dispute-default',
    caseType: 'refund_dispute',
    lead: 'category_supervisor',
    coHandling: [],
    priority: 'normal',
    accept: { workingDays: 7 },
    conclude: { workingDays: 45 },
    concludeCountsFrom: 'accepted',
    basis: [
      SUPERVISION,
      ACCEPT_7,
      '《市场监督管理投诉举报处理暂行办法》：自投诉受理之日起四十五个工作日内未达成调解协议的，终止调解',
      '舞教组秘〔2022〕3号 五(四)：形成风险台账，一企一策，帮助学生家长协商解决退费问题',
    ],
    note: '受理前按最晚受理日计算办结期限；受理后按实际受理日重算。',
  },
];

/** The Xinyang table minus the supervision map, which xinyang.ts supplies from the jurisdiction. */
export const XINYANG_ROUTING: Omit<RoutingTable, 'supervision'> = {
  unknownCategorySupervisor: 'education',
  rules: XINYANG_ROUTING_RULES,
};

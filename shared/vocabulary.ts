/**
 * The domain vocabulary: categories, statuses, departments and complaint kinds,
 * each a typed constant with its Simplified Chinese label. Every schema, rule
 * and page takes its words from here; nothing else spells them out.
 */

/** A value list with Chinese labels, in display order. */
function vocabulary<const K extends string>(entries: Record<K, string>) {
  const keys = Object.keys(entries) as K[];
  return {
    keys: keys as [K, ...K[]],
    label: (key: K): string => entries[key],
    entries: keys.map((key) => ({ key, label: entries[key] })),
  };
}

/** 培训类别: the kind of training an institution offers. */
export const InstitutionCategories = vocabulary({
  academic: '学科类',
  sports: '体育类',
  arts: '文化艺术类',
  science: '科技类',
  early_education: '早教机构',
  vocational: '职业培训机构',
  after_school_care: '校外托管场所',
});
export type InstitutionCategory = (typeof InstitutionCategories.keys)[number];

/** 非学科类: the categories the 5,000 yuan prepayment cap applies to. */
export const NON_ACADEMIC_CATEGORIES: readonly InstitutionCategory[] = ['sports', 'arts', 'science'];

/**
 * 机构状态: what a parent must be able to tell apart. Each status carries its
 * group, so code asks "may it take money?" of the group, not of the label.
 */
export const InstitutionStatuses = vocabulary({
  approved: '已审批（白名单）',
  rectification: '停业整改',
  revoked: '已吊销许可证',
  deregistered: '已注销',
  blacklisted: '列入黑名单',
});
export type InstitutionStatus = (typeof InstitutionStatuses.keys)[number];

export const STATUS_GROUP: Record<InstitutionStatus, 'good' | 'warning' | 'danger'> = {
  approved: 'good',
  rectification: 'warning',
  revoked: 'danger',
  deregistered: 'danger',
  blacklisted: 'danger',
};

/** 营利性质: for-profit or non-profit registration. */
export const ProfitTypes = vocabulary({
  for_profit: '营利性',
  non_profit: '非营利性',
});
export type ProfitType = (typeof ProfitTypes.keys)[number];

/** 登记证照类型: what the institution registered with after its licence. */
export const RegistrationTypes = vocabulary({
  business_licence: '营业执照',
  non_enterprise_certificate: '民办非企业单位登记证书',
});
export type RegistrationType = (typeof RegistrationTypes.keys)[number];

/** 预收费监管方式: how prepaid fees are supervised. */
export const FundSupervisionModes = vocabulary({
  bank_custody: '银行托管',
  risk_deposit: '风险保证金',
  none: '未纳入监管',
});
export type FundSupervisionMode = (typeof FundSupervisionModes.keys)[number];

/** 部门: the kinds of department that supervise or co-handle cases. */
export const DepartmentKinds = vocabulary({
  education: '教育体育局',
  sports: '体育局',
  culture: '文广旅局',
  science: '科技局',
  market: '市场监管局',
  civil_affairs: '民政局',
  approval: '行政审批服务局',
  police: '公安局',
  fire: '消防救援支队',
  hrss: '人力资源和社会保障局',
  health: '卫生健康委员会',
  cyberspace: '网信办',
});
export type DepartmentKind = (typeof DepartmentKinds.keys)[number];

/**
 * 投诉举报类型: what happened. The keys are stored with every case, so they
 * never change; new kinds are added, and the form groups them (shared/schemas/
 * cases.ts `COMPLAINT_FORM_GROUPS`) rather than renaming. `fees` and
 * `refund_or_absconding` predate the finer kinds beside them and stay for the
 * cases filed under them.
 */
export const ComplaintKinds = vocabulary({
  unlicensed: '无证无照办学',
  disguised_tutoring: '隐形变异学科培训',
  teacher_paid_tutoring: '在职教师有偿补课',
  fees: '收费问题',
  refund_or_absconding: '退费难',
  false_advertising: '虚假宣传',
  safety_hazard: '安全隐患',
  fire_hazard: '消防隐患',
  unchecked_staff: '从业人员未经审查',
  child_harm: '侵害未成年人',
  unsuitable_materials: '培训材料不当',
  outside_hours: '超时培训',
  other: '其他',
  licensed_beyond_scope: '无证有照或超范围经营',
  deregistered_still_teaching: '注销后仍在培训',
  online_tutoring: '线上违规培训',
  prepaid_over_limit: '超限额、超时段预收费',
  price_not_marked: '未明码标价或价格欺诈',
  above_guidance_price: '高于政府指导价',
  money_outside_account: '预收费未进监管账户或培训贷',
  non_standard_contract: '合同不规范',
  absconding: '机构跑路或突然停业',
  wage_arrears_layoffs: '欠薪、裁员',
  food_hygiene: '卫生或饮食问题',
});
export type ComplaintKind = (typeof ComplaintKinds.keys)[number];

/**
 * 付款渠道: where the money went. Asked separately from how it was financed
 * (`PaymentFinancings`): a training loan can land in a supervised account and
 * still be forbidden.
 */
export const PaymentChannels = vocabulary({
  supervised_account: '机构监管账户',
  institution_account: '机构自己的其他账户（非监管账户）',
  personal_transfer: '转账到个人账户',
  chat_app: '微信或支付宝转账给个人',
  cash: '现金',
  other: '其他或不清楚',
});
export type PaymentChannel = (typeof PaymentChannels.keys)[number];

/**
 * How a family was asked to pay, as stored and accepted: the channels, and
 * `training_loan`, the value from before financing was asked separately
 * (cases filed then keep it; it reads as financing = training_loan).
 */
export const PaymentMethods = vocabulary({
  ...Object.fromEntries(PaymentChannels.entries.map((e) => [e.key, e.label])) as Record<PaymentChannel, string>,
  training_loan: '培训贷',
});
export type PaymentMethod = (typeof PaymentMethods.keys)[number];

/** 贷款或分期: whether a loan or instalment plan paid for the course (教监管函〔2021〕2号: no training loans). */
export const PaymentFinancings = vocabulary({
  none: '没有，自己直接付的',
  training_loan: '培训贷：贷款公司或平台替我付了学费，我向它还款',
  instalment_lender: '分期付款：通过消费金融、网贷平台或机构提供的分期码分期，由第三方先垫付',
  instalment_institution: '分几次直接付给机构（每次单独付款）',
  unknown: '不清楚',
});
export type PaymentFinancing = (typeof PaymentFinancings.keys)[number];

/** 案件状态: the states of a complaint or refund dispute, with their group. */
export const CaseStates = vocabulary({
  submitted: '已提交',
  accepted: '已受理',
  not_accepted: '不予受理',
  in_progress: '办理中',
  transferred: '已转办',
  concluded: '已办结',
  closed: '已结案',
});
export type CaseState = (typeof CaseStates.keys)[number];

export const CASE_STATE_GROUP: Record<CaseState, 'open' | 'closed'> = {
  submitted: 'open',
  accepted: 'open',
  not_accepted: 'closed',
  in_progress: 'open',
  transferred: 'open',
  concluded: 'closed',
  closed: 'closed',
};

/** 案件优先级. */
export const Priorities = vocabulary({
  emergency: '紧急',
  urgent: '加急',
  normal: '一般',
});
export type Priority = (typeof Priorities.keys)[number];

/** 安全提醒主题. */
export const NoticeTopics = vocabulary({
  fire: '消防安全',
  sports_dance: '体育与舞蹈安全',
  outdoor_water: '户外与防溺水',
  prepayment: '预付费与消费风险',
  child_protection: '未成年人保护',
  letter_to_parents: '致家长的一封信',
  policy: '政策解读',
});
export type NoticeTopic = (typeof NoticeTopics.keys)[number];

/** 员工角色. */
export const StaffRoles = vocabulary({
  viewer: '查看',
  editor: '编辑',
  publisher: '发布',
  administrator: '管理员',
  /** 督办: handles reopened cases, records 一企一策 plans, reads the dashboard (functions/cases/transitions.ts). */
  supervisor: '督办',
});
export type StaffRole = (typeof StaffRoles.keys)[number];

/**
 * 审计日志的事件类型: what the security audit log records (functions/data/audit.ts),
 * with the words the console shows. The log accepts kinds not listed here (shown as written).
 */
export const AuditKinds = vocabulary({
  login_succeeded: '登录成功',
  login_failed: '登录失败',
  locked_out: '登录被锁定',
  totp_failed: '动态验证码错误',
  logout: '退出登录',
  unauthenticated: '未登录访问',
  permission_denied: '越权被拒绝',
  csrf_rejected: '跨站请求被拒绝',
  contact_revealed: '查看联系方式',
  attachment_downloaded: '下载附件',
  audit_export: '导出审计日志',
  account_created: '创建账号',
  account_changed: '修改账号',
  account_disabled: '停用账号',
  signin_reset: '重置登录',
  password_changed: '修改密码',
  totp_enrolled: '绑定动态验证码',
  session_ended: '结束会话',
});
export type AuditKindKey = (typeof AuditKinds.keys)[number];

/** The words for an audit kind, or the kind itself when it is newer than this list. */
export function auditKindLabel(kind: string): string {
  return (AuditKinds.keys as readonly string[]).includes(kind) ? AuditKinds.label(kind as AuditKindKey) : kind;
}

/**
 * 行政处罚种类 under 《校外培训行政处罚暂行办法》 (2023, art. 7): the kinds of
 * penalty a regulator may impose on an off-campus tutoring provider.
 */
export const SanctionTypes = vocabulary({
  warning: '警告、通报批评',
  fine: '罚款',
  confiscation: '没收违法所得、没收非法财物',
  stop_enrolling: '责令停止招收学员',
  stop_operating: '责令停止举办、责令关闭',
  licence_revoked: '吊销许可证件',
  trade_ban: '限制从业',
});
export type SanctionType = (typeof SanctionTypes.keys)[number];

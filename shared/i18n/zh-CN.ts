/**
 * Every string a person reads, in Simplified Chinese, in one place so another
 * language can follow. Field-level validation messages live beside their
 * schemas in shared/schemas; this file holds page copy and API error titles.
 */
export const zhCN = {
  service: {
    name: '守护',
    fullName: '守护 · 校外培训家长服务平台',
    tagline: '查机构、看提醒、算收费、办投诉，守护孩子的校外培训安全',
    operator: '信阳市“双减”工作协调机制办公室',
  },
  nav: {
    label: '主导航',
    home: '首页',
    institutions: '查机构',
    notices: '安全提醒',
    fees: '收费指引',
    complaints: '投诉举报',
    refunds: '退费纠纷',
    track: '查进度',
  },
  home: {
    intro: '给孩子报校外培训班之前，先在这里核实，遇到问题也可以在这里反映。',
    tasksHeading: '您可以在这里',
    tasks: [
      { key: 'institutions', title: '查一查机构有没有资质', text: '输入机构名称、拼音首字母、许可证号或统一社会信用代码，几秒钟就知道它是否在白名单上、许可证是否有效、有没有被责令整改。', href: '/institutions/' },
      { key: 'notices', title: '看安全提醒', text: '消防、运动与舞蹈、防溺水、预付费风险等监管部门发布的提醒和致家长的一封信。', href: '/notices/' },
      { key: 'fees', title: '核对收费是否合规', text: '一次收费不得超过3个月或60课时，非学科类不得超过5000元，钱只能进机构的监管账户。输入账单，看看哪里不合规。', href: '/fees/' },
      { key: 'complaints', title: '投诉举报', text: '无证办学、隐形变异培训、虚假宣传、安全隐患等问题，直接送达负责的监管部门。', href: '/complaints/new/' },
      { key: 'refunds', title: '申请退费协调', text: '机构拒绝退费或跑路，提交退费纠纷，我们告诉您大致可退多少、由哪个部门处理。', href: '/refunds/new/' },
      { key: 'track', title: '查询办理进度', text: '凭案件编号和查询码，查看您的投诉或退费纠纷办到了哪一步。', href: '/track/' },
    ],
    emergencyHeading: '孩子正面临危险？',
    emergencyText: '请立即拨打 110 报警。本平台不能代替紧急救助。',
    comingSoon: '建设中',
  },
  footer: {
    privacy: '本平台只收集处理您的诉求所必需的信息，不会向被投诉机构透露您的身份。',
    hotline: '也可拨打 12345 政务服务便民热线或 12315 市场监管投诉举报热线。',
  },
  errors: {
    validation: '提交的内容有误，请按提示修改后重试',
    not_found: '找不到您要的内容，请检查地址是否正确',
    method_not_allowed: '不支持这种请求方式',
    unsupported_media_type: '请求的内容格式不受支持，请以 JSON 格式提交',
    payload_too_large: '提交的内容太大，请精简后重试',
    conflict: '这条记录刚刚被其他人修改过，请刷新后查看最新内容再操作',
    forbidden: '您没有权限进行这项操作',
    unauthorized: '请先登录',
    rate_limited: '操作太频繁，请稍后再试',
    unavailable: '服务暂时不可用，请稍后再试',
    internal: '系统出现了问题，您的操作没有完成，请稍后再试。如果问题持续，请拨打 12345 反映',
  },
} as const;

export type ErrorCode = keyof typeof zhCN.errors;
export const t = zhCN;

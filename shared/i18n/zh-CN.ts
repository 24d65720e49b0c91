/**
 * Every string a person reads, in Simplified Chinese, in one place so another
 * language can follow. Field-level validation messages live beside their
 * schemas in shared/schemas; this file holds page copy and API error titles.
 */
const operator = '信阳市“双减”工作协调机制办公室';

export const zhCN = {
  service: {
    name: '守护',
    fullName: '守护 · 校外培训家长服务平台',
    subtitle: '校外培训家长服务平台',
    tagline: '查机构、看提醒、算收费、办投诉，守护孩子的校外培训安全',
    operator,
  },
  layout: {
    skipLink: '跳到主要内容',
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
    emergencyCall: '拨打 110',
    comingSoon: '建设中',
  },
  /** The interim page of a section that is not built yet. */
  comingSoon: {
    notReady: '这部分服务正在建设中，暂时还不能在这里办理。',
    whenReady: (task: string, detail: string) => `建成后，您可以在这里${task}：${detail}`,
    meanwhileHeading: '在此之前，您可以',
    meanwhile: [
      '拨打 12345 政务服务便民热线，咨询校外培训政策，或反映培训机构的问题。',
      '遇到收费、退费、虚假宣传等消费纠纷，拨打 12315 市场监管投诉举报热线，或登录全国12315平台（www.12315.cn）提交投诉。',
      '在“全国校外教育培训监管与服务综合平台”查询机构、缴费和申请退费：下载“校外培训家长端”手机应用即可使用。',
    ],
    notes: {
      institutions: '合规的机构应当在经营场所醒目位置挂出办学许可证和营业执照。报名前，请机构出示这两个证照。',
      notices: '孩子所在学校和当地教育部门也会发布安全提醒，请留意学校的通知。',
      fees: '缴费前请确认：钱交到机构在全国平台上的监管账户，不要转到个人账户，也不要通过聊天软件转账。',
      complaints: '反映问题时，请保留合同、收费凭证、宣传材料和聊天记录，它们是处理问题的依据。',
      refunds: '请备好合同、缴费凭证和已上课时的记录。通过全国平台缴费的，可以在“校外培训家长端”直接申请退费。',
      track: '已经通过 12345 或 12315 反映过的问题，请拨打原热线，凭工单号查询办理进度。',
    },
    backHome: '返回首页',
  },
  notFound: {
    title: '找不到这个页面',
    typed: '如果您是手动输入的网址，请检查是否输入正确。',
    pasted: '如果您是复制粘贴的网址，请检查是否复制完整。',
    next: '您也可以回到首页，从导航中选择要办理的事项。',
    backHome: '返回首页',
    help: '仍然找不到需要的内容？请拨打 12345 政务服务便民热线咨询。',
  },
  footer: {
    privacy: '本平台只收集处理您的诉求所必需的信息，不会向被投诉机构透露您的身份。',
    hotline: '也可拨打 12345 政务服务便民热线或 12315 市场监管投诉举报热线。',
    operatedBy: `主办单位：${operator}`,
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
    invalid_credentials: '用户名或密码不正确，请检查后重试。连续输错5次，账号将被锁定15分钟',
    totp_required: '请输入验证器应用中显示的6位动态验证码，完成登录',
    totp_invalid: '动态验证码不正确或已经用过。请输入验证器应用中当前显示的6位数字；如果总是不对，请检查手机时间是否准确',
    totp_not_enrolled: '您的账号必须使用两步验证登录，但还没有绑定验证器应用。请联系本单位的系统管理员',
    csrf_rejected: '无法确认这个请求来自本平台的页面，操作没有执行。请刷新页面后重试',
  },
  /** Staff sign-in (管理后台登录). */
  auth: {
    sessionExpired: '登录已超时，请重新登录',
    totpExpired: '验证时间已过，请重新输入用户名和密码',
    tooManyTotpFailures: '动态验证码输错次数过多，请重新输入用户名和密码',
    /** Locked after repeated failures: when (Beijing time) and in how many minutes to try again. */
    lockedOut: (minutes: number, until: string) =>
      `登录失败次数过多，账号已被暂时锁定。请在${minutes}分钟后（北京时间${until}之后）再试；如果忘记了密码，请联系本单位的系统管理员`,
    networkLockedOut: (minutes: number, until: string) =>
      `从您所在网络发起的登录失败次数过多，已被暂时限制。请在${minutes}分钟后（北京时间${until}之后）再试`,
    missingRole: (roles: string) => `这项操作需要“${roles}”权限，您的账号没有。如需开通，请联系本单位的系统管理员`,
    outOfScope: (department: string) =>
      `${department}只能管理由本部门监管、且位于本部门辖区内的机构。这家机构不在您的管理范围内，如有疑问请联系本单位的系统管理员`,
  },
} as const;

export type ErrorCode = keyof typeof zhCN.errors;
export const t = zhCN;

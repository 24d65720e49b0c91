import { prepaidSpan, nonAcademicCap } from './shared.ts';

export const home = {
  intro: '给孩子报校外培训班之前，先在这里核实，遇到问题也可以在这里反映。',
  tasksHeading: '您可以在这里',
  tasks: [
    { key: 'institutions', title: '查一查机构有没有资质', text: '输入机构名称、拼音首字母、许可证号或统一社会信用代码，几秒钟就知道它是否在白名单上、许可证是否有效、有没有被责令整改。', href: '/institutions/' },
    { key: 'notices', title: '看安全提醒', text: '消防、运动与舞蹈、防溺水、预付费风险等监管部门发布的提醒和致家长的一封信。', href: '/notices/' },
    { key: 'fees', title: '核对收费是否合规', text: `一次收费不得超过${prepaidSpan}，非学科类不得超过${nonAcademicCap}，钱只能进机构的监管账户。输入账单，看看哪里不合规。`, href: '/fees/' },
    { key: 'complaints', title: '投诉举报', text: '无证办学、隐形变异培训、虚假宣传、安全隐患等问题，直接送达负责的监管部门。', href: '/complaints/new/' },
    { key: 'refunds', title: '申请退费协调', text: '机构拒绝退费或跑路，提交退费纠纷，我们告诉您大致可退多少、由哪个部门处理。', href: '/refunds/new/' },
    { key: 'track', title: '查询办理进度', text: '凭案件编号和查询码，查看您的投诉或退费纠纷办到了哪一步。', href: '/track/' },
  ],
  emergencyHeading: '孩子正面临危险？',
  emergencyText: '请立即拨打 110 报警。本平台不能代替紧急救助。',
  emergencyCall: '拨打 110',
  comingSoon: '建设中',
} as const;

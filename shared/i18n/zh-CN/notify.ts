/**
 * 短信: the messages a family gets when their case moves (functions/notify).
 * Placeholders only: case number, department, a link to /track/. A message
 * never holds the narrative, a name or the access code.
 */
export const notify = {
  templates: {
    case_received: (p: { caseNumber: string; department: string; link: string }) =>
      `【守护】您反映的问题已收到，案件编号${p.caseNumber}，由${p.department}办理。凭编号和查询码查看进度：${p.link}`,
    case_accepted: (p: { caseNumber: string; department: string; link: string }) =>
      `【守护】案件${p.caseNumber}已由${p.department}受理。办理进度：${p.link}`,
    case_declined: (p: { caseNumber: string; department: string; link: string }) =>
      `【守护】案件${p.caseNumber}${p.department}决定不予受理，原因和可以去哪里反映请查看：${p.link}`,
    case_transferred: (p: { caseNumber: string; department: string; link: string }) =>
      `【守护】案件${p.caseNumber}已转交${p.department}办理。办理进度：${p.link}`,
    case_concluded: (p: { caseNumber: string; department: string; link: string }) =>
      `【守护】案件${p.caseNumber}已由${p.department}办结。查看结果并评价（满意或不满意）：${p.link}`,
    recovery_code: (p: { code: string; minutes: string }) =>
      `【守护】您正在找回查询码，验证码${p.code}，${p.minutes}分钟内有效。如非本人操作，请忽略。`,
    follow_code: (p: { name: string; code: string; minutes: string }) =>
      `【守护】您正在关注“${p.name}”的状态变化，验证码${p.code}，${p.minutes}分钟内有效。如非本人操作，请忽略。`,
    follow_status_changed: (p: { name: string; status: string; link: string }) =>
      `【守护】您关注的“${p.name}”状态已变更为“${p.status}”，详情请在守护网站查看该机构页面。退订：${p.link}`,
  },
  /** The forms' checkbox, shown only with a mobile number. */
  consent: '办理进展短信通知我',
  consentHint: '留了手机号码才会发送：案件受理、转办、办结时发短信提醒您（短信不含反映内容、姓名和查询码）。',
  /** /dev/outbox/: the local server's page of messages a demo produced (never in AWS). */
  outbox: {
    title: '本地短信发件箱（仅开发环境）',
    lead: '本机演示时“发出”的短信都记在这里，不会真的发送。',
    empty: '还没有短信。提交一个留了手机号并勾选短信通知的投诉试试。',
    columns: { at: '时间', to: '手机号', template: '模板', text: '内容' },
  },
} as const;

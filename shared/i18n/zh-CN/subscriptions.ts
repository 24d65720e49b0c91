/**
 * 关注机构 (subscriptions): the Atom feeds of a centre and of a district, and
 * the text message when a followed centre's status changes
 * (functions/follow/, functions/publish/feeds.ts, /follow/).
 */
export const subscriptions = {
  heading: '关注这家机构的状态变化',
  lead: '机构状态变化（如停业整改、吊销许可证、注销、列入黑名单）时，我们给您发一条短信。每条短信都带退订链接。',
  feedsHeading: '订阅更新（Atom）',
  feedsLead: '用阅读器订阅，可以收到状态变化和已公示的行政处罚：',
  centreFeed: (name: string) => `${name}的动态（Atom）`,
  districtFeed: (district: string) => `${district}校外培训机构动态（Atom）`,
  mobile: '手机号码',
  mobileHint: '11位手机号码。我们先发一条验证码短信，确认是您本人的号码。',
  send: '发送验证码',
  institution: '机构',
  code: '短信验证码（6位数字）',
  confirm: '确认关注',
  sent: '如果这个号码可以接收短信，我们已发送验证码。请在10分钟内输入。',
  badCode: '验证码是短信里的6位数字',
  codeInvalid: '验证码不正确或已过期。请重新获取验证码；多次输错后需要重新获取。',
  unknownInstitution: '名单上找不到这家机构，请从机构页面点“关注”进入',
  title: (name: string) => `关注：${name}`,
  formTitle: '关注机构的状态变化',
  doneTitle: '已关注',
  done: (name: string, until: string) => `${name}的状态有变化时，我们会给这个号码发短信。关注有效期到${until}，到期后需要重新关注。`,
  doneNote: '每条短信都带退订链接，点开即可取消关注，不需要登录。',
  backToCentre: '返回机构页面',
  stopTitle: '取消关注',
  stopLead: '确认后，这个号码不再收到这家机构的状态变化短信。',
  stopButton: '确认取消关注',
  stoppedTitle: '已取消关注',
  stopped: '这个号码不会再收到这家机构的状态变化短信。需要时可以在机构页面重新关注。',
  stopInvalid: '这个退订链接不完整或无效。请从短信中完整复制链接后再打开。',
  unavailable: '暂时无法发送短信验证码，请稍后再试。',
  locked: (minutes: number) => `操作太频繁，请${minutes}分钟后再试。`,
  privacy: '我们只保存您的手机号码（加密）和关注的机构，用于发送状态变化短信，不作其他用途；取消关注或到期后即删除。',
  /** The feeds' texts. */
  feed: {
    centreTitle: (name: string) => `${name}：状态变化和行政处罚`,
    districtTitle: (district: string) => `${district}：校外培训机构状态变化和行政处罚`,
    statusEntry: (name: string, status: string) => `${name}：${status}`,
    sanctionEntry: (name: string, kind: string) => `${name}：行政处罚（${kind}）`,
    reason: '原因',
    decision: '决定书文号',
    notices: '适用于这家机构的安全提醒',
  },
} as const;

export const nav = {
  label: '主导航',
  home: '首页',
  institutions: '查机构',
  notices: '安全提醒',
  fees: '收费指引',
  complaints: '投诉举报',
  refunds: '退费纠纷',
  track: '查进度',
} as const;

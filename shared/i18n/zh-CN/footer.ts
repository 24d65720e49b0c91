import { operator } from './shared.ts';

export const footer = {
  privacy: '本平台只收集处理您的诉求所必需的信息，不会向被投诉机构透露您的身份。',
  hotline: '也可拨打 12345 政务服务便民热线或 12315 市场监管投诉举报热线。',
  operatedBy: `主办单位：${operator}`,
  /** The government-site identity (values from shared/jurisdiction `site`). */
  identityLabel: '网站信息',
  linksLabel: '相关链接',
  sponsor: '主办单位',
  siteOperator: '承办单位',
  governmentSiteCode: '政府网站标识码',
  icpFiling: 'ICP备案号',
  publicSecurityFiling: '公安备案号',
  openDataCsv: '开放数据：机构名单（CSV）',
  openDataJson: '开放数据：机构名单（JSON）',
  externalHint: '（外部网站）',
} as const;

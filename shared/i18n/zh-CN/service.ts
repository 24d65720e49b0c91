import { operator } from './shared.ts';

export const service = {
  name: '守护',
  fullName: '守护 · 校外培训家长服务平台',
  subtitle: '校外培训家长服务平台',
  tagline: '查机构、看提醒、算收费、办投诉，守护孩子的校外培训安全',
  operator,
} as const;

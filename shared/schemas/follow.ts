/**
 * 关注机构 (following a centre's status by text message): the forms'
 * fields, checked at the edge (functions/routes/follow-pages.ts).
 */
import { z } from 'zod';
import * as t from '../i18n/zh-CN/index.ts';
import { MobileNumber } from './common.ts';

const s = t.subscriptions;

/** An institution id as the registry makes them (functions/data/institutions.ts). */
export const InstitutionId = z.string().trim().regex(/^[a-z0-9-]{3,64}$/, { error: s.unknownInstitution });

/** Step 1: the centre and the mobile to confirm. */
export const FollowRequest = z
  .object({ institution: InstitutionId, mobile: MobileNumber })
  .meta({ id: 'FollowRequest', description: '关注机构状态变化：发送短信验证码' });
export type FollowRequest = z.infer<typeof FollowRequest>;

/** Step 2: the same, with the one-time code. */
export const FollowConfirm = FollowRequest.extend({
  code: z.string().transform((v) => v.replace(/\s/g, '')).pipe(z.string().regex(/^\d{6}$/, { error: s.badCode })),
}).meta({ id: 'FollowConfirm', description: '关注机构状态变化：输入短信验证码确认' });
export type FollowConfirm = z.infer<typeof FollowConfirm>;

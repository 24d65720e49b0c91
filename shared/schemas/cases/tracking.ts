/**
 * Tracking: the case number and access code, recovering a lost code, and the family's timeline.
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import { CaseStates } from '../../vocabulary.ts';
import { Timestamp } from '../common.ts';

export const TrackInput = z
  .object({
    caseNumber: z.string({ error: '请填写案件编号' }).max(40, { error: '案件编号太长，请核对' }),
    accessCode: z.string({ error: '请填写查询码' }).max(40, { error: '查询码太长，请核对' }),
  })
  .meta({ id: 'TrackInput', description: '查询办理进度：案件编号和查询码' });

/** 找回查询码, step 1: the case number and the mobile given when filing. */
export const RecoveryRequestInput = z
  .object({
    caseNumber: z.string({ error: '请填写案件编号' }).max(40, { error: '案件编号太长，请核对' }),
    mobile: z.string({ error: '请填写提交时留的手机号码' }).max(20, { error: '手机号码太长，请核对' }),
  })
  .meta({ id: 'RecoveryRequestInput', description: '找回查询码：案件编号和提交时留的手机号码' });

/** 找回查询码, step 2: the case number and the code sent by text message. */
export const RecoveryVerifyInput = z
  .object({
    caseNumber: z.string({ error: '请填写案件编号' }).max(40, { error: '案件编号太长，请核对' }),
    code: z.string({ error: '请填写短信验证码' }).max(12, { error: '验证码是短信里的6位数字' }),
  })
  .meta({ id: 'RecoveryVerifyInput', description: '找回查询码：案件编号和短信验证码' });

export const RecoverySent = z.object({ message: z.string() }).meta({ id: 'RecoverySent', description: '无论信息是否匹配，回答都一样' });
export const RecoveredAccessCode = z
  .object({ caseNumber: z.string(), accessCode: z.string() })
  .meta({ id: 'RecoveredAccessCode', description: '新的查询码，只显示这一次；旧查询码已失效' });

export const TimelineEntry = z.object({ at: Timestamp, title: z.string(), text: z.string() });

export const CaseTimeline = z
  .object({
    caseNumber: z.string(),
    type: z.enum(['complaint', 'refund_dispute']),
    state: z.enum(CaseStates.keys),
    stateLabel: z.string(),
    submittedAt: Timestamp,
    timeline: z.array(TimelineEntry),
    feedbackToken: z.string().max(100).optional().meta({
      description: 'While the case is concluded and awaits the family’s feedback: a two-hour pass for the feedback form (POST /track/feedback/ with caseNumber and feedbackToken), so the page never carries the access code',
    }),
  })
  .meta({ id: 'CaseTimeline', description: '案件办理进度（仅含向反映人公开的事项）' });
export type CaseTimeline = z.infer<typeof CaseTimeline>;

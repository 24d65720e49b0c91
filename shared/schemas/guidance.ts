import { z } from 'zod';
import { InstitutionCategories, NoticeTopics } from '../vocabulary.ts';
import { DistrictCode, Fen, IsoDate, Timestamp } from './common.ts';
import { Source } from '../jurisdiction/types.ts';

/** 安全提醒: a safety notice published by a regulator. */
export const SafetyNotice = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]{3,80}$/),
    title: z.string().trim().min(4).max(80),
    summary: z.string().trim().min(4).max(200),
    topic: z.enum(NoticeTopics.keys),
    districtCodes: z.array(DistrictCode),
    bodyMarkdown: z.string().max(20000),
    publishAt: Timestamp,
    expiresAt: Timestamp.optional(),
    pinned: z.boolean().default(false),
  })
  .meta({ id: 'SafetyNotice', description: '安全提醒' });
export type SafetyNotice = z.infer<typeof SafetyNotice>;

/** 收费指引: the fee rules in force for a category in a district from a date. */
export const FeeGuidance = z
  .object({
    districtCode: DistrictCode,
    category: z.enum(InstitutionCategories.keys),
    effectiveFrom: IsoDate,
    maxPrepaidMonths: z.number().int().positive(),
    maxPrepaidHours: z.number().int().positive(),
    maxPrepaidAmount: Fen.optional(),
    guidancePricePerHour: Fen.optional(),
    permittedFloatPercent: z.number().int().min(0).max(100).optional(),
    offlineEndsBy: z.string().regex(/^\d{2}:\d{2}$/).optional(),
    onlineEndsBy: z.string().regex(/^\d{2}:\d{2}$/).optional(),
    source: Source,
  })
  .meta({ id: 'FeeGuidance', description: '收费指引' });
export type FeeGuidance = z.infer<typeof FeeGuidance>;

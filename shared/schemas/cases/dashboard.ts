/**
 * The dashboard (统计看板).
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import { IsoDate } from '../common.ts';

// Dashboard (统计看板), from the stats items (functions/data/stats.ts), never from the cases

const Count = z.object({ key: z.string(), label: z.string(), count: z.number().int().nonnegative() });

export const CaseDashboard = z
  .object({
    /** The ISO weeks covered (CST), oldest first, e.g. `2026-W47`. */
    weeks: z.array(
      z.object({
        week: z.string(),
        startsOn: IsoDate,
        received: z.number().int(),
        answered: z.number().int(),
        answeredOnTime: z.number().int(),
        concluded: z.number().int(),
        concludedOnTime: z.number().int(),
      }),
    ),
    byKind: z.array(Count),
    byDepartment: z.array(Count),
    byDistrict: z.array(Count),
    outcomes: z.array(Count),
    onTime: z.object({
      answered: z.number().int(),
      answeredOnTime: z.number().int(),
      /** 0 to 1; null when nothing was answered. */
      answeredShare: z.number().nullable(),
      concluded: z.number().int(),
      concludedOnTime: z.number().int(),
      concludedShare: z.number().nullable(),
    }),
    medians: z.object({
      /** Working days from receipt to acceptance; null when none. */
      acceptWorkingDays: z.number().nullable(),
      accepted: z.number().int(),
      concludeWorkingDays: z.number().nullable(),
      concluded: z.number().int(),
    }),
    topInstitutions: z.array(z.object({ institutionId: z.string(), name: z.string(), substantiated: z.number().int() })),
    scope: z.object({ districtCodes: z.array(z.string()), label: z.string() }),
  })
  .meta({ id: 'CaseDashboard', description: '统计看板：按类型、部门、区县和周统计，按期答复率，受理与办结用时中位数' });
export type CaseDashboard = z.infer<typeof CaseDashboard>;

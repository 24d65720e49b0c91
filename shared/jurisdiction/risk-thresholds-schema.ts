import { z } from 'zod';

/** When an institution is flagged for review, with the basis of the figures (the document, or that they are the service's defaults). */
export const RiskThresholds = z
  .object({
    openDisputes: z.number().int().positive(),
    /** In fen. */
    amountInDispute: z.number().int().positive(),
    recentComplaints: z.number().int().positive(),
    /** "Recent": this many CST calendar months, this one included. */
    recentMonths: z.number().int().min(1).max(24),
    basis: z.string(),
  })
  .meta({ id: 'RiskThresholds', description: '风险台账的预警阈值' });
export type RiskThresholds = z.infer<typeof RiskThresholds>;

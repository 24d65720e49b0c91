/**
 * What an import answers: a summary and a line per row, in the shape the
 * API documents (ImportReport). Built from the plan and, after a real run,
 * from what was written.
 */
import { z } from 'zod';
import { InstitutionStatuses } from '#shared/vocabulary.ts';
import type { ApplyResult } from './apply.ts';
import type { ImportPlan } from './plan.ts';
import type { Sheet } from './read.ts';

export const ImportRowReport = z
  .object({
    row: z.number().int().meta({ description: 'Row number as the spreadsheet shows it (the header is row 1 in the template)' }),
    action: z.enum(['create', 'update', 'unchanged', 'rejected']),
    id: z.string().optional().meta({ description: 'The institution the row creates or describes' }),
    name: z.string(),
    creditCode: z.string(),
    status: z.enum(InstitutionStatuses.keys).optional().meta({ description: 'A new institution’s status' }),
    changes: z
      .array(z.object({ column: z.string(), before: z.string(), after: z.string() }))
      .optional()
      .meta({ description: 'update: each changed column, as the spreadsheet would show it' }),
    problems: z
      .array(z.object({ column: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'rejected: what is wrong, per column, in Chinese' }),
    result: z
      .enum(['applied', 'failed', 'not_attempted'])
      .optional()
      .meta({ description: 'Real runs only, for create and update rows: was it written?' }),
    error: z.string().optional().meta({ description: 'result = failed: why, in Chinese' }),
  })
  .meta({ id: 'ImportRowReport' });

export const ImportReport = z
  .object({
    dryRun: z.boolean(),
    /** True when the rows were written (a real run with no rejected row). */
    applied: z.boolean(),
    file: z.object({
      format: z.enum(['csv', 'xlsx']),
      encoding: z.enum(['utf-8', 'utf-8-bom', 'gb18030']).optional(),
      headerRow: z.number().int(),
      rows: z.number().int(),
      ignoredColumns: z.array(z.string()),
    }),
    /** Problems with the file as a whole; when present, no row is imported. */
    problems: z.array(z.string()),
    summary: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() }),
    /** Real runs: how many rows were written, failed, or were not attempted after a failure. */
    outcome: z.object({ applied: z.number().int(), failed: z.number().int(), notAttempted: z.number().int() }).optional(),
    rows: z.array(ImportRowReport),
  })
  .meta({ id: 'ImportReport', description: '批量导入的结果：汇总与逐行说明' });
export type ImportReport = z.infer<typeof ImportReport>;
export type ImportRowReport = z.infer<typeof ImportRowReport>;

export function buildReport(sheet: Sheet, plan: ImportPlan, dryRun: boolean, applied?: ApplyResult): ImportReport {
  const rows = plan.rows.map((r): ImportRowReport => {
    const base: ImportRowReport = { row: r.row, action: r.action, name: r.name, creditCode: r.creditCode };
    if ('id' in r && r.id) base.id = r.id;
    if (r.action === 'create') base.status = r.status;
    if (r.action === 'update') base.changes = r.changes;
    if (r.action === 'rejected') base.problems = r.problems;
    const result = applied?.results.get(r.row);
    if (result) {
      base.result = result.result;
      if (result.result === 'failed') base.error = result.error;
    }
    return base;
  });
  return {
    dryRun,
    applied: applied !== undefined && applied.failed === 0 && applied.notAttempted === 0,
    file: {
      format: sheet.format,
      ...(sheet.encoding ? { encoding: sheet.encoding } : {}),
      headerRow: sheet.headerRow,
      rows: sheet.rows.length,
      ignoredColumns: sheet.ignoredHeaders,
    },
    problems: plan.fileProblems,
    summary: plan.summary,
    ...(applied ? { outcome: { applied: applied.applied, failed: applied.failed, notAttempted: applied.notAttempted } } : {}),
    rows,
  };
}

/**
 * One import, start to finish: read the file, look the registry up, plan
 * every row, and (unless it is a dry run, or any row is rejected) apply.
 */
import { randomBytes } from 'node:crypto';
import type { ScopeTarget } from '#shared/rules/scope.ts';
import type { Actor } from '#shared/schemas/common.ts';
import type { Db } from '../data/client.ts';
import { lookupForImport } from '../data/import.ts';
import { applyPlan, type ApplyResult } from './apply.ts';
import { chinaDate, lookupKeys, planImport } from './plan.ts';
import { readSheet } from './read.ts';
import { buildReport, type ImportReport } from './report.ts';

/** A new institution's id: `jg` and 10 base-36 characters from the system's random source (as the admin API makes them). */
export function newInstitutionId(): string {
  return `jg${randomBytes(8).readBigUInt64BE().toString(36).padStart(13, '0').slice(0, 10)}`;
}

export interface RunImportOptions {
  bytes: Uint8Array;
  dryRun: boolean;
  actor: Actor;
  now: Date;
  /** The importer's scope (omitted: none is checked, e.g. for the benchmark). */
  inScope?: (target: ScopeTarget) => boolean;
  importerDepartment?: string;
  newId?: () => string;
  createConcurrency?: number;
  updateConcurrency?: number;
}

export interface RunImportResult {
  report: ImportReport;
  /** 'planned': dry run; 'rejected': nothing written; 'applied': all written; 'partial': a write failed midway. */
  outcome: 'planned' | 'rejected' | 'applied' | 'partial';
  /** For 'partial': the first failure. */
  failure?: unknown;
}

/** Throws ImportFileError (read.ts) when the file cannot be read at all. */
export async function runImport(db: Db, options: RunImportOptions): Promise<RunImportResult> {
  const sheet = await readSheet(options.bytes);
  const lookups = await lookupForImport(db, lookupKeys(sheet));
  const plan = planImport(sheet, lookups, {
    newId: options.newId ?? newInstitutionId,
    today: chinaDate(options.now),
    ...(options.inScope ? { inScope: options.inScope } : {}),
    ...(options.importerDepartment ? { importerDepartment: options.importerDepartment } : {}),
  });
  if (options.dryRun) return { report: buildReport(sheet, plan, true), outcome: 'planned' };
  if (plan.summary.rejected > 0 || plan.fileProblems.length > 0) return { report: buildReport(sheet, plan, false), outcome: 'rejected' };
  const applied: ApplyResult = await applyPlan(db, plan, {
    actor: options.actor,
    now: options.now,
    ...(options.createConcurrency ? { createConcurrency: options.createConcurrency } : {}),
    ...(options.updateConcurrency ? { updateConcurrency: options.updateConcurrency } : {}),
  });
  const report = buildReport(sheet, plan, false, applied);
  return report.applied ? { report, outcome: 'applied' } : { report, outcome: 'partial', failure: applied.firstError };
}

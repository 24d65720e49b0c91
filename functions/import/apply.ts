/**
 * Applying a plan: the creates, 25 to a transaction, then the updates one
 * institution at a time through the repository, a bounded number at once.
 *
 * This is not one transaction (10,000 rows cannot be: DynamoDB takes 100
 * items per transaction). Each institution's write is atomic; the import as
 * a whole is not. When a write fails, no new write starts, and every row
 * says whether it was applied, failed or not attempted. Running the same
 * file again finishes the job: rows are keyed by credit code, so what was
 * applied now plans as unchanged.
 */
import type { Actor } from '#shared/schemas/common.ts';
import type { Db } from '../data/client.ts';
import { NotFound, UniqueConflict, VersionConflict } from '../data/errors.ts';
import { CREATES_PER_TRANSACTION, createInstitutions, isCancelled } from '../data/import.ts';
import { changeStatus, createInstitution, updateInstitution } from '../data/institutions.ts';
import type { ImportPlan, PlannedRow } from './plan.ts';
import { runPool } from './pool.ts';

export type RowResult = { result: 'applied' } | { result: 'failed'; error: string } | { result: 'not_attempted' };

export interface ApplyResult {
  /** By spreadsheet row number, for the rows that were to be written (create or update). */
  results: Map<number, RowResult>;
  applied: number;
  failed: number;
  notAttempted: number;
  /** The first write that failed, if any. */
  firstError?: unknown;
}

export interface ApplyOptions {
  actor: Actor;
  now: Date;
  /** Create transactions in flight at once. */
  createConcurrency?: number;
  /** Updates in flight at once. */
  updateConcurrency?: number;
}

type CreateRow = Extract<PlannedRow, { action: 'create' }>;
type UpdateRow = Extract<PlannedRow, { action: 'update' }>;

/** Did a write fail because someone else changed the registry at the same time (not because the database failed)? */
export const isConflict = (error: unknown): boolean =>
  error instanceof VersionConflict || error instanceof UniqueConflict || error instanceof NotFound || isCancelled(error);

/** A write's failure, in words for the person who imported. */
export function describeFailure(error: unknown): string {
  if (error instanceof VersionConflict) return '这家机构在导入过程中被其他人修改了，本行没有写入。请重新导入同一文件，已写入的行不会重复写入';
  if (error instanceof UniqueConflict) {
    const what = error.field === 'creditCode' ? '统一社会信用代码' : '办学许可证编号';
    return `${what}刚刚被另一家机构（编号 ${error.existingId}）登记，本行没有写入。请核对后重新导入`;
  }
  if (error instanceof NotFound) return '这家机构在导入过程中被删除了，本行没有写入';
  const name = error instanceof Error ? error.name : 'Error';
  return `写入数据库时出错（${name}），本行没有写入。请稍后重新导入同一文件`;
}

export async function applyPlan(db: Db, plan: ImportPlan, options: ApplyOptions): Promise<ApplyResult> {
  if (plan.summary.rejected > 0 || plan.fileProblems.length > 0) throw new Error('a plan with rejected rows is never applied');
  const results = new Map<number, RowResult>();
  const creates = plan.rows.filter((r): r is CreateRow => r.action === 'create');
  const updates = plan.rows.filter((r): r is UpdateRow => r.action === 'update');
  for (const row of [...creates, ...updates]) results.set(row.row, { result: 'not_attempted' });
  const { actor, now } = options;

  // Creates, 25 to a transaction. A cancelled transaction wrote nothing: try its rows one by one to find the culprit.
  const groups: CreateRow[][] = [];
  for (let i = 0; i < creates.length; i += CREATES_PER_TRANSACTION) groups.push(creates.slice(i, i + CREATES_PER_TRANSACTION));
  const createOutcomes = await runPool(
    groups,
    async (group) => {
      try {
        await createInstitutions(db, group.map((r) => ({ id: r.id, fields: r.fields, status: r.status })), actor, now);
        for (const row of group) results.set(row.row, { result: 'applied' });
      } catch (error) {
        if (!isCancelled(error)) {
          for (const row of group) results.set(row.row, { result: 'failed', error: describeFailure(error) });
          throw error;
        }
        let firstError: unknown;
        for (const row of group) {
          try {
            await createInstitution(db, { id: row.id, fields: row.fields, status: row.status, actor, now });
            results.set(row.row, { result: 'applied' });
          } catch (rowError) {
            results.set(row.row, { result: 'failed', error: describeFailure(rowError) });
            firstError ??= rowError;
          }
        }
        if (firstError) throw firstError;
      }
    },
    { concurrency: options.createConcurrency ?? 4, stopOnError: true },
  );
  let firstFailure = createOutcomes.find((o) => o.state === 'failed');

  // Updates only once every create is in, so a failure stops the import at one clear point.
  if (!firstFailure) {
    const updateOutcomes = await runPool(
      updates,
      async (row) => {
        let version = row.expectedVersion;
        try {
          if (row.fields) {
            version = (await updateInstitution(db, { id: row.id, fields: row.fields, expectedVersion: version, actor, now })).version;
          }
          if (row.statusChange) await changeStatus(db, { id: row.id, change: row.statusChange, expectedVersion: version, actor, now });
          results.set(row.row, { result: 'applied' });
        } catch (error) {
          const partly = row.fields && row.statusChange && version !== row.expectedVersion;
          const message = describeFailure(error);
          results.set(row.row, { result: 'failed', error: partly ? `机构信息已更新，但状态变更没有完成：${message}` : message });
          throw error;
        }
      },
      { concurrency: options.updateConcurrency ?? 16, stopOnError: true },
    );
    firstFailure = updateOutcomes.find((o) => o.state === 'failed');
  }

  let applied = 0;
  let failed = 0;
  let notAttempted = 0;
  for (const r of results.values()) {
    if (r.result === 'applied') applied++;
    else if (r.result === 'failed') failed++;
    else notAttempted++;
  }
  return { results, applied, failed, notAttempted, ...(firstFailure?.state === 'failed' ? { firstError: firstFailure.error } : {}) };
}

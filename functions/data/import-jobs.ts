/**
 * Import jobs: a regulator's list imported in the background
 * (functions/import/job.ts), not inside one request (API Gateway answers
 * after at most 29 s; 100,000 rows take minutes).
 *
 * Access patterns:
 * - create a job: PutItem, if absent;
 * - read a job (progress, by its id): GetItem, consistent;
 * - move a job on (status, cursor, counts): PutItem conditional on the
 *   version read, so two workers can never both advance it, and a cursor
 *   never moves back;
 * - active jobs nobody has moved on for a while, oldest first (the import
 *   worker's safety net, functions/jobs/import-worker-run.ts): Query gsi2
 *   (sparse), `gsi2pk = IMPORTJOB#ACTIVE`, `gsi2sk < <cutoff>`, a page of at most
 *   `limit`.
 *
 * Keys: pk `IMPORTJOB#<id>`, sk `JOB`; while the job is checking or applying,
 * `gsi2pk = IMPORTJOB#ACTIVE`, `gsi2sk = <updatedAt>#<id>` (every put rewrites
 * them, so a finished job leaves the index). The file's parts and the full report
 * are in the private store (`imports/<id>/…`), never in the table (a
 * 100,000-row report is megabytes; an item holds 400 KB).
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Db } from './client.ts';
import { conditionHeld } from './conditional.ts';

/** The partition of every job: `IMPORTJOB#<id>` (what the import worker's stream filter lets through). */
export const IMPORT_JOB_PREFIX = 'IMPORTJOB#';
export const importJobKey = (id: string) => ({ pk: `${IMPORT_JOB_PREFIX}${id}`, sk: 'JOB' });

export const ImportJobStatuses = ['uploading', 'checking', 'applying', 'done', 'rejected', 'failed'] as const;

const Counts = z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() });

export const ImportJob = z.object({
  id: z.string(),
  status: z.enum(ImportJobStatuses),
  /** Who started it, and the department whose scope its rows must be in. */
  actor: z.object({ staffId: z.string(), name: z.string(), departmentId: z.string() }),
  departmentName: z.string(),
  fileName: z.string(),
  /** The file's size and how many parts it is uploaded in (each ≤ IMPORT_PART_BYTES). */
  size: z.number().int().min(1),
  parts: z.number().int().min(1),
  /** Rows in the file (known once it is checked). */
  rows: z.number().int().min(0),
  /** Rows before this one (in the file's order) are written: where a resumed job goes on. */
  cursor: z.number().int().min(0),
  /** What the check found for the whole file (create, update, unchanged, rejected). */
  summary: Counts.optional(),
  /** A file-level problem, or the last failure (a resumed job clears it). */
  problems: z.array(z.string()),
  lastError: z.string().optional(),
  /** Failed attempts in a row; after MAX_ATTEMPTS the job stops as `failed` until someone resumes it. */
  attempts: z.number().int().min(0),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  version: z.number().int().min(1),
});
export type ImportJob = z.infer<typeof ImportJob>;

/** The sparse index of jobs a worker should be moving on (status checking or applying). */
export const ACTIVE_IMPORT_JOBS = `${IMPORT_JOB_PREFIX}ACTIVE`;
const isActiveStatus = (status: ImportJob['status']) => status === 'checking' || status === 'applying';

const toItem = (job: ImportJob) => ({
  ...importJobKey(job.id),
  entity: 'import_job',
  ...ImportJob.parse(job),
  ...(isActiveStatus(job.status) ? { gsi2pk: ACTIVE_IMPORT_JOBS, gsi2sk: `${job.updatedAt}#${job.id}` } : {}),
});

const fromItem = (item: Record<string, unknown>): ImportJob => {
  const { pk: _pk, sk: _sk, entity: _entity, gsi2pk: _gsi2pk, gsi2sk: _gsi2sk, ...rest } = item;
  return ImportJob.parse(rest);
};

export async function createImportJob(db: Db, job: ImportJob): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: toItem(job), ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function getImportJob(db: Db, id: string): Promise<ImportJob | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: importJobKey(id), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : null;
}

/**
 * Jobs checking or applying whose last write is older than `before` (a worker
 * died, or its wake-up was lost), oldest first, at most `limit`. The index is
 * eventually consistent: the caller reads each job again before acting.
 */
export async function listStaleImportJobs(db: Db, before: Date, limit: number): Promise<ImportJob[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
      ExpressionAttributeValues: { ':pk': ACTIVE_IMPORT_JOBS, ':before': before.toISOString() },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(fromItem);
}

/** Replaces the job with `next` (its version one more), only if it is still at `current`'s version; false when another writer came first. */
export async function saveImportJob(db: Db, current: ImportJob, next: Omit<ImportJob, 'version'>): Promise<ImportJob | null> {
  const job = { ...next, version: current.version + 1 };
  const held = await conditionHeld(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: toItem(job),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': current.version },
      }),
    ),
  );
  return held ? job : null;
}

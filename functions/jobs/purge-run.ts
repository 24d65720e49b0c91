/**
 * One run of the retention purge, apart from its Lambda entry (./purge.ts),
 * which reads the environment at cold start: tests run exactly what Lambda
 * runs, against their own table.
 */
import { purgeExpiredPersonalData, type PurgeOptions } from '../cases/purge.ts';
import type { Db } from '../data/client.ts';

export interface PurgeRun {
  purged: number;
  keptOnLegalHold: number;
  retentionDays: number;
}

/** The retention purge, once. Counts only: never case numbers or contents. */
export async function purgeOnce(db: Db, options: PurgeOptions): Promise<PurgeRun> {
  const result = await purgeExpiredPersonalData(db, options);
  return { purged: result.purged.length, keptOnLegalHold: result.keptOnLegalHold.length, retentionDays: options.retentionDays };
}

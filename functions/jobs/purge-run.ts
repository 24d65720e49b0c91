/**
 * One run of the retention purge, apart from its Lambda entry (./purge.ts),
 * which reads the environment at cold start: tests run exactly what Lambda
 * runs, against their own table.
 */
import { purgeExpiredPersonalData, type PurgeOptions } from '../cases/purge.ts';
import type { Db } from '../data/client.ts';
import { withLease, type LeaseOptions } from './lease.ts';

export interface PurgeRun {
  /** True when another run held the lease: this one did nothing. */
  busy: boolean;
  purged: number;
  keptOnLegalHold: number;
  retentionDays: number;
}

export const PURGE_LEASE = 'purge';

/** The retention purge, once, under the `purge` lease (a run that finds it held returns `busy`). Counts only: never case numbers or contents. */
export async function purgeOnce(db: Db, options: PurgeOptions & { lease?: LeaseOptions }): Promise<PurgeRun> {
  const leased = await withLease(db, PURGE_LEASE, () => purgeExpiredPersonalData(db, options), options.lease);
  if (leased.busy) return { busy: true, purged: 0, keptOnLegalHold: 0, retentionDays: options.retentionDays };
  const result = leased.result;
  return { busy: false, purged: result.purged.length, keptOnLegalHold: result.keptOnLegalHold.length, retentionDays: options.retentionDays };
}

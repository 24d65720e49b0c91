/**
 * Writes once the queue's district and state lists and the lists by date
 * (docs/data-model.md, T4) for cases filed before they existed: every case,
 * from its lead department's open and closed lists (queries by key, no
 * scan), its entries rewritten as its record implies, on the version read.
 * Cases filed or stepped since the indexes exist have them already; a step
 * during the run wins (the case is read again).
 *
 * Resumable and idempotent: progress (which department, which list, the
 * cursor) is saved after every page to a file; run again, it goes on from
 * there, and rewriting a case twice writes the same items.
 *
 *     TABLE_NAME=shouhu AWS_REGION=cn-north-1 npx tsx scripts/backfill-queue-entries.ts [progress.json]
 *     (locally add DYNAMODB_ENDPOINT=http://127.0.0.1:<port>)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { departmentsOf, jurisdiction } from '../shared/jurisdiction/index.ts';
import { readTableEnv } from '../functions/config.ts';
import { createDb, type Db } from '../functions/data/client.ts';
import { backfillQueuePage } from '../functions/data/cases.ts';

export const BackfillProgress = z.object({
  /** Position in the list of (department, open | closed) lists. */
  list: z.number().int().min(0),
  cursor: z.record(z.string(), z.unknown()).optional(),
  rewritten: z.number().int().min(0),
  done: z.boolean(),
});
export type BackfillProgress = z.infer<typeof BackfillProgress>;

/**
 * Runs the backfill from `progress` over `departmentIds`' lists, calling
 * `save` after every page; stops early (resumably) after `maxPages` pages.
 */
export async function backfillQueueEntries(
  db: Db,
  departmentIds: readonly string[],
  progress: BackfillProgress,
  save: (progress: BackfillProgress) => void | Promise<void>,
  maxPages = Infinity,
): Promise<BackfillProgress> {
  const lists = departmentIds.flatMap((departmentId) => [false, true].map((closed) => ({ departmentId, closed })));
  let at = { ...progress };
  for (let pages = 0; !at.done && pages < maxPages; pages++) {
    const list = lists[at.list];
    if (!list) {
      at = { ...at, done: true };
      await save(at);
      break;
    }
    const page = await backfillQueuePage(db, { ...list, ...(at.cursor ? { cursor: at.cursor } : {}) });
    const { cursor: _previous, ...rest } = at;
    at = page.cursor
      ? { ...rest, cursor: page.cursor, rewritten: at.rewritten + page.rewritten }
      : { ...rest, list: at.list + 1, rewritten: at.rewritten + page.rewritten };
    await save(at);
  }
  return at;
}

async function main(): Promise<void> {
  const file = process.argv[2] ?? 'backfill-queue-entries.progress.json';
  const env = readTableEnv();
  const db = createDb({ tableName: env.TABLE_NAME, region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });
  const start = existsSync(file) ? BackfillProgress.parse(JSON.parse(readFileSync(file, 'utf8'))) : { list: 0, rewritten: 0, done: false };
  const ids = departmentsOf(jurisdiction).map((d) => d.id);
  const end = await backfillQueueEntries(db, ids, start, (p) => {
    writeFileSync(file, JSON.stringify(p));
    console.error(`list ${p.list}/${ids.length * 2}, ${p.rewritten} cases rewritten`);
  });
  console.log(end.done ? `done: ${end.rewritten} cases rewritten` : `stopped at list ${end.list}; run again to go on`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/**
 * One run of the publisher, apart from its Lambda entry (./publish.ts), which
 * reads the environment at cold start: tests run exactly what Lambda runs,
 * against their own table and store. (One file per job, so that each bundle
 * holds only its own job.)
 */
import type { Db } from '../data/client.ts';
import { publishNotices } from '../publish/notices.ts';
import { publishChanges, republishIfShellChanged } from '../publish/publisher.ts';
import { publishTimeliness } from '../publish/timeliness.ts';
import type { PublicStore } from '../storage/types.ts';

export interface PublishRun {
  republished: number;
  published: number;
  notices: { ran: boolean; written: number };
  ms: number;
}

/**
 * The publisher, once: every page again if the shell changed, then changed
 * institutions (with the snapshot and open data), then notices and fee
 * guidance when due, and the departments' timeliness page hourly, as
 * `npm start` does every 3 s. A step that fails does
 * not stop the others; the run then throws, and the next one tries again.
 */
export async function publishOnce(options: { db: Db; store: PublicStore; publicOrigin: string; now?: () => Date }): Promise<PublishRun> {
  const started = Date.now();
  const failures: unknown[] = [];
  const step = async <T>(fallback: T, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      failures.push(error);
      return fallback;
    }
  };
  const republished = await step(0, () => republishIfShellChanged(options));
  const changes = await step({ published: 0, snapshotCount: -1 }, () => publishChanges(options));
  const notices = await step({ ran: false, written: 0, visible: -1 }, () => publishNotices(options));
  // Each department's timeliness (/timeliness/): at most once an hour.
  await step({ ran: false, written: false }, () => publishTimeliness(options));
  const run: PublishRun = { republished, published: changes.published, notices: { ran: notices.ran, written: notices.written }, ms: Date.now() - started };
  if (failures.length) {
    console.error(JSON.stringify({ publisher: run, failures: failures.map((e) => (e instanceof Error ? e.message : String(e))) }));
    throw new AggregateError(failures, `Publishing failed in ${failures.length} step(s); the next run tries again`);
  }
  return run;
}

/**
 * One cold start of the API's search, in a fresh process (run by
 * bench/registry-scale.ts with `node --expose-gc --import tsx`):
 *
 *   snapshot-cold-start.ts <store folder> source   the API's own path: createSnapshotSource(store).index()
 *   snapshot-cold-start.ts <store folder> steps    the same steps timed one by one (read the search file,
 *                                                  decode it: header, typed arrays, the matched text cut
 *                                                  per row; build the index, first search)
 *   snapshot-cold-start.ts <store folder> reload   source, then a new snapshot (the file touched, so its etag
 *                                                  changes) loaded by the same source: a warm API's reload,
 *                                                  the old index alive until the new one replaces it
 *
 * Modules are imported before the clock starts: this is the snapshot's cost,
 * not the bundle's (bench/lambda-bundle.ts measures that). Prints one JSON line.
 */
import { decodeSearchFile, SEARCH_INDEX_KEY } from '../../functions/search/compact.ts';
import { createSearchIndexFromColumns } from '../../functions/search/engine.ts';
import { createSnapshotSource } from '../../functions/search/snapshot.ts';
import { createFsStore } from '../../functions/storage/fs-store.ts';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';

const [dir, mode = 'source'] = process.argv.slice(2);
if (!dir) throw new Error('usage: snapshot-cold-start.ts <store folder> [source|steps|reload]');
const store = createFsStore(dir);
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const rssBefore = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;

const steps: Record<string, number> = {};
const cpuBefore = process.cpuUsage();
let size = 0;
/** Holds the index, so that the memory it keeps is still counted after gc. */
let kept: unknown;
const started = performance.now();
if (mode === 'source') {
  const index = await createSnapshotSource(store).index();
  size = index.size;
  kept = index;
} else if (mode === 'reload') {
  const source = createSnapshotSource(store, { maxAgeMs: 0 });
  const first = await source.index();
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(dir, SEARCH_INDEX_KEY), later, later);
  const reloadStarted = performance.now();
  const second = await source.index();
  steps.reload = performance.now() - reloadStarted;
  if (second === first) throw new Error('the snapshot was not reloaded');
  size = second.size;
  kept = second;
} else {
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    steps[name] = now - t;
    t = now;
  };
  const file = await store.get(SEARCH_INDEX_KEY);
  if (!file) throw new Error(`no search file in ${dir}`);
  lap('read');
  const columns = decodeSearchFile(file.body);
  lap('decode');
  const index = createSearchIndexFromColumns(columns, file.etag);
  lap('buildIndex');
  size = index.size;
  kept = index;
  // A first search, as the first request would make.
  index.search({ q: '培训', limit: 20 });
  lap('firstSearch');
}
const totalMs = performance.now() - started;
const cpuUsed = process.cpuUsage(cpuBefore);
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
gc?.();
const memory = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    mode,
    size,
    totalMs,
    /** CPU time of the whole process meanwhile (the garbage collector's threads included). */
    cpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    steps,
    rssBeforeBytes: rssBefore,
    peakRssBytes,
    rssAfterGcBytes: memory.rss,
    heapRetainedBytes: memory.heapUsed - heapBefore,
    kept: kept !== undefined,
  }),
);

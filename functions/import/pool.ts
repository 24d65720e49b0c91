/**
 * Bounded concurrency: run `task` over `items` with at most `concurrency`
 * in flight. Used by the import (creates and updates) and the demo loader.
 *
 * `stopOnError`: after the first failure no new task starts (the ones in
 * flight finish); every item's outcome is reported, so a caller can say
 * exactly which were done, which failed and which were never tried.
 */
export type Outcome<R> =
  | { state: 'done'; value: R }
  | { state: 'failed'; error: unknown }
  | { state: 'skipped' };

export async function runPool<T, R>(
  items: readonly T[],
  task: (item: T, index: number) => Promise<R>,
  options: { concurrency: number; stopOnError?: boolean },
): Promise<Outcome<R>[]> {
  const outcomes: Outcome<R>[] = items.map(() => ({ state: 'skipped' }));
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < items.length) {
      const index = next++;
      try {
        outcomes[index] = { state: 'done', value: await task(items[index]!, index) };
      } catch (error) {
        outcomes[index] = { state: 'failed', error };
        if (options.stopOnError) stopped = true;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}

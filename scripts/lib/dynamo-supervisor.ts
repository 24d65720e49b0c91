/**
 * Keeps DynamoDB Local running for `npm start`: when the Java process dies,
 * it is started again on the same port with the same data folder (same
 * -dbPath, -sharedDb: nothing in .data/ is lost), after a backoff that
 * doubles with each failure in the last minute (0.5 s, 1 s, 2 s… capped at
 * 30 s). One log line per restart. After too many failures in a row within
 * the window (default 5 in a minute) it gives up loudly: `onGiveUp` is
 * called (npm start then stops with a clear message) rather than restarting
 * forever. The API answers 503 with Retry-After while the database is down
 * (functions/data/unavailable.ts), so families are told to retry.
 */
import { freePort, startDynamoLocal, type DynamoLocal, type StartOptions } from './dynamo-local.ts';

export interface SupervisorOptions extends StartOptions {
  /** First backoff (default 500 ms), doubled per recent failure, capped at `maxBackoffMs` (default 30 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Give up after this many failures (exits or failed starts) within `windowMs` (defaults: 5 in 60 s). */
  maxFailures?: number;
  windowMs?: number;
  /** Where the one line per restart goes (default console.warn). */
  log?: (line: string) => void;
  /** Called once when the supervisor gives up; DynamoDB Local is then down for good. */
  onGiveUp?: (reason: string) => void;
  /** How to start one process (default startDynamoLocal); tests replace it. */
  start?: (options: StartOptions) => Promise<DynamoLocal>;
}

export interface SupervisedDynamo {
  endpoint: string;
  port: number;
  /** The process running now (changes on each restart). */
  current(): DynamoLocal;
  /** Restarts so far. */
  restarts(): number;
  stop(): Promise<void>;
}

export async function superviseDynamoLocal(options: SupervisorOptions = {}): Promise<SupervisedDynamo> {
  const { minBackoffMs = 500, maxBackoffMs = 30_000, maxFailures = 5, windowMs = 60_000, log = (line: string) => console.warn(line) } = options;
  const start = options.start ?? startDynamoLocal;
  // One port for the supervisor's whole life, so the endpoint the app holds stays right.
  const port = options.port ?? (await freePort());
  const startOptions: StartOptions = {
    port,
    ...(options.dbPath ? { dbPath: options.dbPath } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.light ? { light: true } : {}),
  };
  let running = await start(startOptions);
  let stopping = false;
  let gaveUp = false;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  const failures: number[] = [];

  const watch = (instance: DynamoLocal) => {
    instance.process.once('exit', (code, signal) => {
      if (stopping || instance !== running) return;
      failed(`exited (${signal ?? `code ${code}`})`);
    });
  };

  function failed(what: string) {
    const now = Date.now();
    failures.push(now);
    while (failures.length && failures[0]! < now - windowMs) failures.shift();
    if (failures.length > maxFailures) {
      gaveUp = true;
      const reason = `DynamoDB Local ${what}: ${failures.length} failures in ${Math.round(windowMs / 1000)} s, not restarting again`;
      log(reason);
      options.onGiveUp?.(reason);
      return;
    }
    const delay = Math.min(maxBackoffMs, minBackoffMs * 2 ** (failures.length - 1));
    restarts += 1;
    log(`DynamoDB Local ${what}; restart ${restarts} in ${delay} ms on port ${port}${options.dbPath ? ', same data folder' : ''}`);
    timer = setTimeout(() => {
      if (stopping) return;
      start(startOptions).then(
        (instance) => {
          if (stopping) return void instance.stop();
          running = instance;
          watch(instance);
        },
        (error: Error) => failed(`did not start again (${error.message.split('\n')[0]})`),
      );
    }, delay);
  }

  watch(running);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    current: () => running,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      if (!gaveUp) await running.stop();
    },
  };
}

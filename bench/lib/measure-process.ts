/**
 * Runs a command and measures it: wall time, and memory two ways.
 *
 * - the peak of the summed resident set size of the whole process tree
 *   (the command and every process it starts: Astro's build runs esbuild as
 *   a separate process), sampled from /proc every `sampleMs`;
 * - the largest single process's maximum RSS as the kernel counts it
 *   (GNU time's "Maximum resident set size"), when /usr/bin/time exists.
 *
 * Linux only (/proc). Used by bench/registry-scale.ts for the site build.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const PAGE_BYTES = 4096;
const GNU_TIME = '/usr/bin/time';

export interface MeasuredRun {
  code: number | null;
  wallMs: number;
  /** Peak of the summed RSS of the process tree, sampled. */
  peakTreeRssBytes: number;
  /** How many processes the tree held at most at one sample. */
  peakProcesses: number;
  samples: number;
  /** GNU time's maximum RSS of the largest single process (null without /usr/bin/time). */
  maxSingleRssBytes: number | null;
  output: string;
}

/** pid → [ppid, rss bytes] for every process now, from /proc/<pid>/stat. */
function processTable(): Map<number, [number, number]> {
  const table = new Map<number, [number, number]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces and parentheses): state ppid … rss is the 24th field.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), [Number(fields[1]), Number(fields[21]) * PAGE_BYTES]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return table;
}

/** Summed RSS and count of `root` and all its descendants. */
function treeRss(root: number): { bytes: number; processes: number } {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, [ppid]] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let bytes = 0;
  let processes = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    const row = table.get(pid);
    if (!row) continue;
    bytes += row[1];
    processes += 1;
    stack.push(...(children.get(pid) ?? []));
  }
  return { bytes, processes };
}

export function runMeasured(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; sampleMs?: number; timeoutMs?: number },
): Promise<MeasuredRun> {
  const withTime = existsSync(GNU_TIME);
  const [file, argv] = withTime ? [GNU_TIME, ['-v', command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  let peak = 0;
  let peakProcesses = 0;
  let samples = 0;
  const sample = () => {
    if (child.pid === undefined) return;
    const { bytes, processes } = treeRss(child.pid);
    samples += 1;
    if (bytes > peak) peak = bytes;
    if (processes > peakProcesses) peakProcesses = processes;
  };
  const sampler = setInterval(sample, options.sampleMs ?? 100);
  const killer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 600_000);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearInterval(sampler);
      clearTimeout(killer);
      reject(error);
    });
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      clearInterval(sampler);
      clearTimeout(killer);
      const text = output.join('');
      const maxRss = withTime ? text.match(/Maximum resident set size \(kbytes\): (\d+)/) : null;
      resolve({
        code,
        wallMs,
        peakTreeRssBytes: peak,
        peakProcesses,
        samples,
        maxSingleRssBytes: maxRss ? Number(maxRss[1]) * 1024 : null,
        output: text,
      });
    });
  });
}

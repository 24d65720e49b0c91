/**
 * `npm run bench`: runs every benchmark in bench/ (each file other than this one
 * and tests exports `name` and `run()`), prints what each reports, and exits
 * non-zero if any is over its budget. A benchmark is not a test: it measures,
 * on the machine it runs on; the figures are recorded in docs/benchmarks.md.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Benchmark {
  name: string;
  run: () => Promise<{ ok: boolean; summary: string }>;
}

const only = process.argv.slice(2);
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .sort();

let failed = 0;
for (const file of files) {
  const bench = (await import(pathToFileURL(join(dir, file)).href)) as Partial<Benchmark>;
  if (typeof bench.run !== 'function' || typeof bench.name !== 'string') {
    console.error(`✗ bench/${file} exports no name and run(): every file in bench/ is a benchmark`);
    failed++;
    continue;
  }
  if (only.length && !only.includes(bench.name)) continue;
  console.log(`▶ ${bench.name}`);
  try {
    const { ok, summary } = await bench.run();
    console.log(summary);
    console.log(ok ? `✓ ${bench.name} within budget\n` : `✗ ${bench.name} over budget\n`);
    if (!ok) failed++;
  } catch (error) {
    console.error(`✗ ${bench.name} could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);

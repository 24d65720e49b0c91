/**
 * Which vitest project each test file belongs to, read from what it uses
 * rather than listed by hand (vitest.config.ts):
 * - `site`: it serves the built site (it injects `siteDir`) or drives a browser
 *   (test/browser/, or anywhere through test/support/browser-site.ts);
 * - `db`: it reaches DynamoDB Local: it imports, directly or through a
 *   helper, test/support/db.ts, or injects `dynamoEndpoint(s)`;
 * - `unit`: everything else.
 * A use is read from the source text, comments included, and follows imports:
 * a module that only mentions the inject call in a comment counts as using it.
 * Read once when vitest loads its configuration: a few hundred small files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOTS = ['shared', 'functions', 'infra', 'scripts', 'bench', 'test'];
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export interface TestProjects {
  unit: string[];
  db: string[];
  site: string[];
}

export function classifyTests(root: string): TestProjects {
  const files: string[] = [];
  for (const top of ROOTS) {
    const dir = join(root, top);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (entry.includes('node_modules') || !entry.endsWith('.ts')) continue;
      files.push(join(dir, entry));
    }
  }
  const source = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
  const importsOf = (file: string): string[] => {
    const out: string[] = [];
    for (const m of source.get(file)!.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      if (spec.startsWith('.')) out.push(resolve(dirname(file), spec));
      else if (spec.startsWith('#shared/')) out.push(join(root, 'shared', spec.slice('#shared/'.length)));
      else if (spec.startsWith('#functions/')) out.push(join(root, 'functions', spec.slice('#functions/'.length)));
    }
    return out.filter((path) => source.has(path));
  };
  /** Modules that use one of `provided` or import, directly or not, one of `seeds`: a fixed point over the import graph. */
  const reaching = (seeds: string[], provided: string[]): Set<string> => {
    const found = new Set(seeds.map((seed) => join(root, seed)));
    for (let changed = true; changed; ) {
      changed = false;
      for (const file of files) {
        if (found.has(file)) continue;
        if (provided.some((name) => source.get(file)!.includes(`inject('${name}')`)) || importsOf(file).some((dep) => found.has(dep))) {
          found.add(file);
          changed = true;
        }
      }
    }
    return found;
  };
  const db = reaching(['test/support/db.ts'], ['dynamoEndpoint', 'dynamoEndpoints']);
  // The built site or the run's Chromium: the browser-test helper (test/support/browser-site.ts) reads both.
  const site = reaching(['test/support/browser-site.ts'], ['siteDir', 'browserEndpoint']);
  const projects: TestProjects = { unit: [], db: [], site: [] };
  for (const file of files.filter((f) => f.endsWith('.test.ts'))) {
    const path = relative(root, file);
    if (path.startsWith('test/browser/') || site.has(file)) projects.site.push(path);
    else if (db.has(file)) projects.db.push(path);
    else projects.unit.push(path);
  }
  return projects;
}

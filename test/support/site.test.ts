import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedSiteBuild, siteSourceHash } from './site.ts';

const temp = mkdtempSync(join(tmpdir(), 'shouhu-site-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function write(root: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe("the test run's build of the site, cached by its sources", () => {
  it('is named by every source the build reads, and by nothing it does not read', async () => {
    const root = join(temp, 'repo');
    write(root, {
      'site/src/pages/index.astro': '<h1>首页</h1>',
      'shared/i18n/zh-CN.ts': "export const title = '守护';",
      'functions/import/limits.ts': 'export const MAX_ROWS = 100_000;',
      'package-lock.json': '{}',
    });
    const first = await siteSourceHash(root);
    expect(await siteSourceHash(root)).toBe(first);
    // Outputs and installed copies are not sources.
    write(root, { 'site/dist/index.html': 'built', 'site/node_modules/x/index.js': '', 'site/.astro/types.d.ts': '' });
    expect(await siteSourceHash(root)).toBe(first);
    const changed = new Set([first]);
    for (const [path, text] of Object.entries({
      'shared/i18n/zh-CN.ts': "export const title = '守护 ';",
      'functions/import/limits.ts': 'export const MAX_ROWS = 50_000;',
      'site/src/pages/new.astro': '<h1>新</h1>',
      'package-lock.json': '{"lockfileVersion":3}',
    })) {
      write(root, { [path]: text });
      changed.add(await siteSourceHash(root));
    }
    expect(changed.size).toBe(5);
  });

  it('reuses the build of unchanged sources, keeps it after the run, and drops builds unused for a day', async () => {
    const cacheDir = join(temp, 'cache');
    const current = join(cacheDir, await siteSourceHash());
    write(current, { 'index.html': '<!doctype html>' });
    const old = join(cacheDir, 'old-sources');
    write(old, { 'index.html': '<!doctype html>' });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3_600_000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);

    const site = await cachedSiteBuild(cacheDir);
    expect(site).toMatchObject({ dir: current, cached: true });
    await site.remove();
    expect(existsSync(join(current, 'index.html'))).toBe(true);
    expect(existsSync(old)).toBe(false);
  });
});

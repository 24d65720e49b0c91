// @ts-check
/**
 * 长者模式 in the build: every public page of the site is written a second
 * time under `elder/` (shared/http/page-mode.ts `toElderPage`: the root
 * element marked `elder`, links to pages under `/elder/`), with its mode
 * switch pointing at its own two copies. The staff console (`admin/`), the
 * shells the server pours pages into (`…/shell/`, made elder when served)
 * and the 404 page are not copied. Runs before the page list
 * (site-pages.json) is written, so a deploy stores the copies under their
 * `path/` keys too.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toElderPage, withModeSwitch } from '../../shared/http/page-mode.ts';

const SKIP = /^(?:admin|elder)(?:\/|$)|(?:^|\/)shell\//;

/** @returns {import('astro').AstroIntegration} */
export function elderPages() {
  return {
    name: 'shouhu-elder-pages',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const root = fileURLToPath(dir);
        const pages = (await readdir(root, { recursive: true }))
          .map((file) => file.split(sep).join('/'))
          .filter((file) => (file === 'index.html' || file.endsWith('/index.html')) && !SKIP.test(file));
        for (const file of pages) {
          const path = `/${file.slice(0, -'index.html'.length)}`;
          const html = await readFile(join(root, file), 'utf8');
          await writeFile(join(root, file), withModeSwitch(html, path));
          const target = join(root, 'elder', file);
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, withModeSwitch(toElderPage(html), path));
        }
      },
    },
  };
}

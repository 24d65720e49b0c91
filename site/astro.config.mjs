// @ts-check
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { elderPages } from './build/elder-pages.mjs';
import { pickStrings } from './build/pick-strings.mjs';

/**
 * Writes `site-pages.json` beside the build: every page (`path/index.html`)
 * with its SHA-256. The publisher reads it after a deploy and stores each
 * page at `path/` as well (functions/publish/publisher.ts publishSitePageKeys),
 * for an S3 origin without index documents (CloudFront in China).
 * @returns {import('astro').AstroIntegration}
 */
function sitePageList() {
  return {
    name: 'shouhu-site-pages',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const root = fileURLToPath(dir);
        const files = await readdir(root, { recursive: true });
        const pages = [];
        for (const file of files.filter((f) => f === 'index.html' || f.endsWith(`${sep}index.html`)).sort()) {
          const body = await readFile(join(root, file));
          pages.push({ key: relative(root, join(root, file)).split(sep).join('/'), sha256: createHash('sha256').update(body).digest('hex') });
        }
        await writeFile(join(root, 'site-pages.json'), `${JSON.stringify({ pages }, null, 1)}\n`);
      },
    },
  };
}

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // The CSP allows styles and scripts from our own origin only, so nothing is inlined.
    inlineStylesheets: 'never',
  },
  vite: {
    build: { assetsInlineLimit: 0 },
    // Each page's scripts get only the strings they use (build/pick-strings.mjs).
    plugins: [pickStrings()],
    // Workers (the forms' proof of work and checks) as module scripts, one file each.
    worker: { format: 'es' },
  },
  devToolbar: { enabled: false },
  // The elder copies first, so the page list includes them.
  integrations: [elderPages(), sitePageList()],
});

/**
 * Every script a built page can load: its `<script src>` modules, what they
 * import (statically or with `import()`), and the workers they start
 * (`new URL('…js', import.meta.url)`), followed through the build folder.
 * Raw and gzipped bytes, per file and in total.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageScripts {
  files: Array<{ path: string; rawBytes: number; gzipBytes: number }>;
  rawBytes: number;
  gzipBytes: number;
}

const REFERENCES = /(?:import|from)\s*["']([^"']+\.js)["']|import\(\s*["']([^"']+\.js)["']\s*\)|new URL\(\s*[`"']([^`"']+\.js)[`"']/g;

export function pageScripts(siteDir: string, pageFile: string): PageScripts {
  const html = readFileSync(join(siteDir, pageFile), 'utf8');
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const match of readFileSync(join(siteDir, path), 'utf8').matchAll(REFERENCES)) {
      const spec = match[1] ?? match[2] ?? match[3]!;
      visit(spec.startsWith('/') ? spec : new URL(spec, `http://site${path}`).pathname);
    }
  };
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) visit(match[1]!);
  const files = [...seen].map((path) => {
    const body = readFileSync(join(siteDir, path));
    return { path, rawBytes: body.length, gzipBytes: gzipSync(body).length };
  });
  return { files, rawBytes: files.reduce((a, f) => a + f.rawBytes, 0), gzipBytes: files.reduce((a, f) => a + f.gzipBytes, 0) };
}

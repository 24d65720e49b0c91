import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { SITE_CSP, SITE_META_CSP } from './security-headers.ts';

/** A policy as directive name → value, for comparing without regard to order or spacing. */
const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')] as const),
  );

const decode = (value: string) => value.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');

describe('the CSP in <meta> (for partitions without a response-headers policy)', () => {
  it('is the header policy minus what a meta element cannot carry', () => {
    const header = directives(SITE_CSP);
    for (const name of ['frame-ancestors', 'report-uri', 'report-to', 'sandbox']) header.delete(name);
    expect(directives(SITE_META_CSP)).toEqual(header);
    expect(SITE_META_CSP).toContain("script-src 'self'");
    expect(SITE_META_CSP).not.toContain('frame-ancestors');
  });

  it('is in every page of the built site, first in <head> after the charset', async () => {
    const siteDir = inject('siteDir');
    const pages = (await readdir(siteDir, { recursive: true })).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    const without: string[] = [];
    for (const page of pages) {
      const html = await readFile(join(siteDir, page), 'utf8');
      const meta = /<head>\s*<meta charset="utf-8"\s*\/?>\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html);
      if (!meta || decode(meta[1]!) !== SITE_META_CSP) without.push(page);
    }
    expect(without).toEqual([]);
  });
});

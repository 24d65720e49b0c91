import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyChanged } from './changed-only.ts';
import { withDirectoryKeys } from './directory-keys.ts';
import { withElderPages } from './elder-pages.ts';
import { createFsStore } from './fs-store.ts';

const page = (status: string) => `<!doctype html><html lang="zh-CN"><head><title>中心 - 守护</title></head><body><main><p>${status}</p></main></body></html>`;
const options = { contentType: 'text/html; charset=utf-8', cacheControl: 'public' };

describe('elder copies of published pages, as the publisher writes them', () => {
  // As publishOnce builds its store: the elder copy and the `path/` keys above the changed-only store.
  const base = createFsStore(mkdtempSync(join(tmpdir(), 'shouhu-elder-')));
  const counted = onlyChanged(base);
  const store = withElderPages(withDirectoryKeys(counted));

  it('writes a changed page\'s elder copy too, and leaves an unchanged one alone', async () => {
    await store.put('institutions/xy1/index.html', page('已审批'), options);
    expect(counted.counts).toEqual({ written: 4, skipped: 0 }); // the page and its elder copy, each at two keys
    expect((await base.get('elder/institutions/xy1/index.html'))?.body.toString()).toContain('已审批');

    await store.put('institutions/xy1/index.html', page('已审批'), options);
    expect(counted.counts).toEqual({ written: 4, skipped: 4 });

    await store.put('institutions/xy1/index.html', page('整改中'), options);
    expect(counted.counts).toEqual({ written: 8, skipped: 4 });
    expect((await base.get('elder/institutions/xy1/'))?.body.toString()).toContain('整改中');
  });

  it('gives what is not a public page no elder copy', async () => {
    const before = { ...counted.counts };
    await store.put('institutions/xy1/qr.svg', '<svg/>', { contentType: 'image/svg+xml', cacheControl: 'public' });
    expect(counted.counts.written - before.written).toBe(1);
    expect(await base.get('elder/institutions/xy1/qr.svg')).toBeNull();
  });
});

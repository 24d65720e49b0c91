import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsStore } from './fs-store.ts';

// In the test run's temporary folder, removed when the run ends (test/support/temp-folder.ts).
const freshStore = () => createFsStore(mkdtempSync(join(tmpdir(), 'shouhu-fs-store-')));
const json = { contentType: 'application/json', cacheControl: 'no-cache' };

describe('the local public store', () => {
  it('gives a file replaced at once by another of the same size a new etag, every time', async () => {
    const store = freshStore();
    // Same size, other content, written back to back: well within one step of the file system's clock.
    await store.put('data/manifest.json', JSON.stringify({ n: 0 }), json);
    let etag = await store.etag('data/manifest.json');
    for (let n = 1; n < 40; n += 1) {
      await store.put('data/manifest.json', JSON.stringify({ n: n % 10 }), json);
      const next = await store.etag('data/manifest.json');
      expect(next).not.toBe(etag);
      expect((await store.get('data/manifest.json'))!.etag).toBe(next);
      etag = next;
    }
  });

  it('answers null for a file never written, and reads back what was written', async () => {
    const store = freshStore();
    expect(await store.etag('nothing.json')).toBeNull();
    expect(await store.get('nothing.json')).toBeNull();
    await store.put('a/b.txt', '守护', { contentType: 'text/plain', cacheControl: 'no-cache' });
    expect((await store.get('a/b.txt'))!.body.toString('utf8')).toBe('守护');
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './data/client.ts';
import { createLocalApp } from './server.ts';
import { createTestStore } from '../test/support/app.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shouhu-local-server-'));
  await mkdir(join(dir, 'published/notices/topics/drowning'), { recursive: true });
  await mkdir(join(dir, 'site'), { recursive: true });
  await writeFile(join(dir, 'published/notices/feed.xml'), '<feed xmlns="http://www.w3.org/2005/Atom"></feed>');
  await writeFile(join(dir, 'published/notices/topics/drowning/feed.xml'), '<feed xmlns="http://www.w3.org/2005/Atom"></feed>');
  await writeFile(join(dir, 'published/sitemap.xml'), '<urlset></urlset>');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the local server', () => {
  // No request here reaches the database: static files only.
  const app = () =>
    createLocalApp({ db: createDb({ tableName: 'unused', region: 'local', endpoint: 'http://127.0.0.1:9' }), store: createTestStore().store, siteDir: join(dir, 'site'), publishedDir: join(dir, 'published') });

  it('serves the notices feeds as application/atom+xml, as S3 serves what the publisher stored', async () => {
    for (const path of ['/notices/feed.xml', '/notices/topics/drowning/feed.xml']) {
      const res = await app().request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe('application/atom+xml; charset=utf-8');
    }
  });

  it('leaves other XML alone', async () => {
    const res = await app().request('/sitemap.xml');
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
  });
});

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import type { PublicStore, PutOptions, StoredFile } from './types.ts';

/**
 * A key ending in `/` (a page's address, functions/storage/directory-keys.ts)
 * cannot be a file name: it is kept in this file inside that folder. The
 * local server never serves it (it answers `index.html` for `/` addresses).
 */
export const DIRECTORY_OBJECT_FILE = '.directory-object';

/**
 * The local public store: writes go to `root` (.data/public); reads look
 * there first and then in the built site, as the bucket holds both in AWS.
 */
/** Numbers this process's temporary files: two writes in the same millisecond never share one. */
let temps = 0;

export function createFsStore(root: string, readOnlyLayers: string[] = []): PublicStore {
  const resolveIn = (base: string, key: string) => {
    const path = normalize(join(base, key.endsWith('/') ? `${key}${DIRECTORY_OBJECT_FILE}` : key));
    if (!path.startsWith(normalize(base) + sep)) throw new Error(`key escapes the store: ${key}`);
    return path;
  };
  const locate = async (key: string) => {
    for (const base of [root, ...readOnlyLayers]) {
      const path = resolveIn(base, key);
      const info = await stat(path).catch(() => null);
      if (info?.isFile()) return { path, etag: `${info.size.toString(36)}-${info.mtimeMs.toString(36)}` };
    }
    return null;
  };
  return {
    async get(key): Promise<StoredFile | null> {
      const found = await locate(key);
      return found ? { body: await readFile(found.path), etag: found.etag } : null;
    },
    async etag(key) {
      return (await locate(key))?.etag ?? null;
    },
    async sha256(key) {
      // Only what this store wrote (not the read-only layers beneath): a file there is not ours to skip.
      const body = await readFile(resolveIn(root, key)).catch(() => null);
      return body ? createHash('sha256').update(body).digest('hex') : null;
    },
    async put(key: string, body: string | Buffer, _options: PutOptions) {
      const path = resolveIn(root, key);
      // Write then rename, so a reader never sees half a file.
      const temp = `${path}.${process.pid}.${(temps += 1)}.tmp`;
      // The folder is made only when it is missing (one file-system call less for every rewrite of a page).
      await writeFile(temp, body).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        await mkdir(dirname(path), { recursive: true });
        await writeFile(temp, body);
      });
      // The etag is size and modification time, and the clock the file system stamps files with moves in steps of a few
      // milliseconds: a file replaced within one step by one of the same size would keep its etag, and a reader its stale
      // copy. So a replacement's time is made later than the file it replaces (the store has one writer per key).
      const [written, replaced] = await Promise.all([stat(temp), stat(path).catch(() => null)]);
      if (replaced && written.mtimeMs <= replaced.mtimeMs) {
        const later = (replaced.mtimeMs + 1) / 1000;
        await utimes(temp, later, later);
      }
      await rename(temp, path);
    },
  };
}

/**
 * The private file store: where families' attachments (photos, PDF) are
 * kept. Never the public store (the site bucket behind CloudFront): nothing
 * here has a public address. In AWS it is its own bucket, private, encrypted,
 * reached only by the API function (functions/storage/private-s3-store.ts);
 * locally a folder, .data/attachments, readable by this user only. Staff
 * download a file through the API, which checks who they are and audits it
 * (GET /api/admin/cases/{n}/attachments/{id}).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';

export interface PrivatePutOptions {
  contentType: string;
  /** SHA-256 of the body, hex: the store checks the bytes arrived whole where it can (S3). */
  sha256: string;
}

export interface PrivateStore {
  put(key: string, body: Uint8Array, options: PrivatePutOptions): Promise<void>;
  /** The bytes, or null when there is no such file. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

/** Where `npm start` keeps attachments when no private store is given: beside the database, under .data/. */
export const LOCAL_PRIVATE_DIR = join('.data', 'attachments');

export function createPrivateFsStore(root: string): PrivateStore {
  const resolve = (key: string) => {
    const path = normalize(join(root, key));
    if (!path.startsWith(normalize(root) + sep)) throw new Error('key escapes the private store');
    return path;
  };
  return {
    async put(key, body) {
      const path = resolve(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      // Write then rename, so a reader never sees half a file.
      const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, body, { mode: 0o600 });
      await rename(temp, path);
    },
    async get(key) {
      return readFile(resolve(key)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      });
    },
    async delete(key) {
      await rm(resolve(key), { force: true });
    },
  };
}

/**
 * Writes only what changed: before each put, the SHA-256 of the new body is
 * compared with the stored file's (S3: the `sha256` metadata every put sets,
 * read by HeadObject; locally: the file hashed), and an equal file is left
 * alone. A HEAD costs a tenth of a PUT in S3 and leaves the object's
 * Last-Modified and the CDN's cached copy as they were, so publishing an
 * unchanged page again (a resumed re-render, a change that does not show on
 * the page) writes nothing. Counts what it wrote and what it skipped.
 */
import { createHash } from 'node:crypto';
import type { PublicStore } from './types.ts';

export interface WriteCounts {
  written: number;
  skipped: number;
}

export const sha256Of = (body: string | Buffer) => createHash('sha256').update(body).digest('hex');

export function onlyChanged(store: PublicStore): PublicStore & { counts: WriteCounts } {
  const counts: WriteCounts = { written: 0, skipped: 0 };
  const storedHash = async (key: string): Promise<string | null> => {
    if (store.sha256) return store.sha256(key);
    const file = await store.get(key);
    return file ? sha256Of(file.body) : null;
  };
  return {
    counts,
    get: (key) => store.get(key),
    etag: (key) => store.etag(key),
    sha256: storedHash,
    async put(key, body, options) {
      if ((await storedHash(key)) === sha256Of(body)) {
        counts.skipped += 1;
        return;
      }
      await store.put(key, body, options);
      counts.written += 1;
    },
  };
}

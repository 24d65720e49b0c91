/**
 * Pages under the addresses the site links to. The site links to
 * `/notices/`, `/institutions/<id>/`, `/admin/`, ...; an S3 origin has no
 * index documents (CloudFront in China has no CloudFront Functions to add
 * `index.html` either), so a request for `/notices/` asks the bucket for
 * the key `notices/`. Every page is therefore stored twice: at
 * `<path>/index.html` (what npm start and the global partition serve) and at
 * `<path>/` (what an S3 origin without rewriting serves), both text/html.
 * The home page is served by the distribution's default root object.
 */
import type { PublicStore } from './types.ts';

const INDEX = 'index.html';

/** `a/b/index.html` → `a/b/`; undefined for the home page and anything that is not a page index. */
export function directoryKeyOf(key: string): string | undefined {
  return key.endsWith(`/${INDEX}`) ? key.slice(0, -INDEX.length) : undefined;
}

export const PAGE_CONTENT_TYPE = 'text/html; charset=utf-8';

/** A store whose every `…/index.html` written is written at `…/` too. */
export function withDirectoryKeys(store: PublicStore): PublicStore {
  return {
    get: (key) => store.get(key),
    etag: (key) => store.etag(key),
    ...(store.sha256 ? { sha256: (key: string) => store.sha256!(key) } : {}),
    async put(key, body, options) {
      const directory = directoryKeyOf(key);
      // Two whole objects, independent of each other: written at once.
      await Promise.all([store.put(key, body, options), directory ? store.put(directory, body, { ...options, contentType: PAGE_CONTENT_TYPE }) : undefined]);
    },
  };
}

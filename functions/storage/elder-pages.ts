/**
 * 长者模式 for published pages (centre pages, notices, fee guidance, the
 * timeliness page): a store whose every public page written is written a
 * second time under `elder/` (shared/http/page-mode.ts `toElderPage`), each
 * copy's mode switch pointing at the page's two addresses. The staff
 * console, the shells and what is not a page pass through as they are.
 * Costs a second write per page, made beside the first.
 */
import { toElderPage, withModeSwitch } from '#shared/http/page-mode.ts';
import type { PublicStore } from './types.ts';

const INDEX = 'index.html';
const NOT_PUBLIC = /^(?:admin|elder|dev|api|_astro|data)\/|(?:^|\/)shell\//;

/** The page's address for a key like `institutions/xy1/index.html`; undefined when the key is not a public page. */
export function publicPagePath(key: string): string | undefined {
  if (!(key === INDEX || key.endsWith(`/${INDEX}`)) || NOT_PUBLIC.test(key)) return undefined;
  return `/${key.slice(0, -INDEX.length)}`;
}

export function withElderPages(store: PublicStore): PublicStore {
  return {
    get: (key) => store.get(key),
    etag: (key) => store.etag(key),
    async put(key, body, options) {
      const path = publicPagePath(key);
      if (!path) return store.put(key, body, options);
      const html = body.toString();
      // The two copies are independent objects: written at once (a page's writes wait on one round trip, not two).
      await Promise.all([store.put(key, withModeSwitch(html, path), options), store.put(`elder/${key}`, withModeSwitch(toElderPage(html), path), options)]);
    },
  };
}

/**
 * The shell of every page rendered per request (the complaint, refund and
 * tracking pages, the fee checker, the registry search without JavaScript):
 * a page of the site's build (the site's header, footer and stylesheet) read
 * from the public store, the site's security headers, and the error page.
 *
 * - `renderPage`: the page in its shell; the shell read at most every 10 s
 *   per store and key (it changes only when the site is deployed), and a
 *   bare shell when it is missing (the site not built yet): the page still
 *   works, unstyled.
 * - `pageHeaders`: middleware setting the site's security headers (these are
 *   pages, not JSON), and optionally no-store and noindex.
 * - `pageErrorBoundary`: the onError of a page router: a page in Chinese from
 *   the error catalogue (answerError), with the same headers, never cached.
 */
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { siteSecurityHeaderEntries } from '#shared/http/security-headers.ts';
import type { SafeHtml } from '#shared/ui/html.ts';
import { fillShell } from '../publish/shell.ts';
import type { PublicStore } from '../storage/types.ts';
import { BARE_SHELL } from './error-page.ts';
import { answerError } from './errors.ts';
import type { AppEnv } from './openapi.ts';

export type PageContent = HtmlEscapedString | Promise<HtmlEscapedString> | SafeHtml;

export interface Page {
  title: string;
  description: string;
  content: PageContent;
  /** Markup for the head (e.g. a feed link), trusted. */
  head?: string;
}

const SHELL_MAX_AGE_MS = 10_000;
const shells = new WeakMap<PublicStore, Map<string, { shell: string; readAt: number }>>();

/** The shell stored at `key`, cached 10 s per store; the bare shell when there is none. */
export async function readShell(store: PublicStore, key: string): Promise<string> {
  let cache = shells.get(store);
  if (!cache) shells.set(store, (cache = new Map()));
  const cached = cache.get(key);
  if (cached && Date.now() - cached.readAt < SHELL_MAX_AGE_MS) return cached.shell;
  const shell = (await store.get(key))?.body.toString('utf8') ?? BARE_SHELL;
  cache.set(key, { shell, readAt: Date.now() });
  return shell;
}

/** Answers a page in the shell stored at `shellKey`. */
export async function renderPage(c: Context<AppEnv>, shellKey: string, page: Page, status: ContentfulStatusCode): Promise<Response> {
  const body = fillShell(await readShell(c.var.store, shellKey), { title: page.title, description: page.description, content: String(await page.content), ...(page.head ? { head: page.head } : {}) });
  return c.html(body, status);
}

const setSiteHeaders = (c: Context) => {
  for (const [name, value] of siteSecurityHeaderEntries) c.header(name, value);
};

/**
 * The site's security headers on every answer; `noStore`: never cached (the
 * page holds a form key or an access code); `noindex`: kept out of search
 * engines always, or only the answers to posts.
 */
export function pageHeaders(o: { noStore?: boolean; noindex?: 'always' | 'posts' } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    setSiteHeaders(c);
    if (o.noStore) c.header('Cache-Control', 'no-store');
    if (o.noindex === 'always' || (o.noindex === 'posts' && c.req.method !== 'GET')) c.header('X-Robots-Tag', 'noindex');
  };
}

/** A page router's onError: the error page from the catalogue, with the site's headers, never cached. */
export function pageErrorBoundary(description: string): ErrorHandler<AppEnv> {
  return (err, c) => {
    setSiteHeaders(c);
    c.header('Cache-Control', 'no-store');
    return answerError(c, err, { page: { description } });
  };
}

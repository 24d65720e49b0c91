/**
 * 长者模式 for the pages the app renders per request (the case forms and
 * receipts, tracking, the search answers without JavaScript, the fee
 * checker): `/elder/<page>` is answered as `/<page>`, then made elder by the
 * same transform as the static pages (shared/http/page-mode.ts): the root
 * element marked, links and form targets under `/elder/`, a redirect kept
 * in the mode, the mode switch pointed at this address's two copies. The
 * page modules need to know nothing of the mode. CloudFront sends these
 * paths to the app like the standard ones (infra/routes.ts).
 */
import { Hono } from 'hono';
import { ELDER_PREFIX, linkFor, standardPath, toElderPage, withModeSwitch } from '#shared/http/page-mode.ts';

interface Fetcher {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** The elder copy of an answer: HTML made elder, a redirect kept in the mode; anything else as it is. */
export async function elderAnswer(answer: Response, path: string): Promise<Response> {
  const headers = new Headers(answer.headers);
  const location = headers.get('location');
  if (location) headers.set('location', linkFor(location, 'elder'));
  if (!(headers.get('content-type') ?? '').startsWith('text/html')) return new Response(answer.body, { status: answer.status, headers });
  const html = withModeSwitch(toElderPage(await answer.text()), path);
  headers.delete('content-length');
  return new Response(html, { status: answer.status, headers });
}

/** Routes `/elder<path>*` for each of the app's page paths (with the methods it answers there) to `app`, answering the elder copy. */
export function elderPages(app: Fetcher, pages: ReadonlyArray<{ path: string; methods: readonly ('GET' | 'POST')[] }>) {
  const router = new Hono();
  for (const { path, methods } of pages) {
    router.on([...methods], `${ELDER_PREFIX}${path.replace(/\/$/, '')}*`, async (c) => {
      const url = new URL(c.req.url);
      url.pathname = standardPath(url.pathname);
      const raw = c.req.raw;
      const request = new Request(url, { method: raw.method, headers: raw.headers, body: raw.body, signal: raw.signal, ...(raw.body ? { duplex: 'half' } : {}) } as RequestInit);
      return elderAnswer(await app.fetch(request, c.env), `${url.pathname}${url.search}`);
    });
  }
  return router;
}

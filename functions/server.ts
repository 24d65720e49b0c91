/**
 * The Node entry: the same Hono app as in Lambda, plus the built static site,
 * on one origin, as CloudFront serves them in AWS (`/api/*` to the API,
 * everything else from the site bucket).
 */
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { siteSecurityHeaderEntries } from '#shared/http/security-headers.ts';
import { createApp, type AppDeps } from './app.ts';
import { ATOM } from './publish/notices.ts';
import { devOutboxRoutes } from './notify/dev-outbox.ts';

export interface LocalServerOptions extends AppDeps {
  /** Folder of the built Astro site (site/dist). */
  siteDir: string;
  /** Folder of published files (institution pages, snapshot, open data), served before the site. */
  publishedDir?: string;
  port: number;
  hostname?: string;
  /** The local outbox file: serves /dev/outbox/ (development only; never in the Lambda app). */
  outboxFile?: string;
}

export function createLocalApp(options: Omit<LocalServerOptions, 'port' | 'hostname'>) {
  const root = relative(process.cwd(), options.siteDir) || '.';
  const web = new Hono();
  web.route('/', createApp(options));
  web.use('*', siteHeaders);
  web.use('*', atomFeeds);
  if (options.outboxFile) web.route('/', devOutboxRoutes(options.outboxFile));
  if (options.publishedDir) web.use('*', serveStatic({ root: relative(process.cwd(), options.publishedDir) || '.' }));
  web.use('*', serveStatic({ root }));
  web.notFound(async (c) => {
    const page = await readFile(join(options.siteDir, '404.html'), 'utf8').catch(() => '<h1>404</h1>');
    return c.html(page, 404);
  });
  return web;
}

/**
 * The headers CloudFront's response-headers policy sets in AWS (infra/constructs/site.ts),
 * from the same module (shared/http/security-headers.ts).
 */
const siteHeaders = async (c: import('hono').Context, next: () => Promise<void>) => {
  await next();
  if (c.req.path.startsWith('/api/')) return;
  for (const [name, value] of siteSecurityHeaderEntries) c.header(name, value);
};

/**
 * The notices' Atom feeds (…/feed.xml) with the type the publisher stores them
 * under, as S3 answers them in AWS; the static server would guess application/xml
 * from the extension.
 */
const atomFeeds = async (c: import('hono').Context, next: () => Promise<void>) => {
  await next();
  if (c.req.path.endsWith('/feed.xml') && c.res.ok) c.res.headers.set('Content-Type', ATOM);
};

/** Kept for callers that imported it from here; the one definition is in shared/http/security-headers.ts. */
export { SITE_CSP } from '#shared/http/security-headers.ts';

export function startLocalServer(options: LocalServerOptions): Promise<ServerType> {
  const app = createLocalApp(options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname ?? '127.0.0.1' }, () =>
      resolve(server),
    );
    server.once('error', reject);
  });
}

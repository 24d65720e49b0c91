/**
 * The paths CloudFront sends to the app (infra/routes.ts) against the app's own
 * routes (functions/app.ts): every cached page path is answered by the app, and
 * everything the app answers outside /api/* is reachable through CloudFront
 * with its method. A page or form target added to the app without a path here
 * fails this test, instead of being looked for in the site bucket in AWS.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '#functions/app.ts';
import { routeGroups } from '#functions/groups.ts';
import { CASE_PAGE_PATHS } from '#functions/routes/case-pages.ts';
import { IMPORT_PATH } from '#functions/routes/admin-import.ts';
import { API_PATH, APP_PATHS, IMPORT_ROUTE, pathsOfKind, patternToRegExp } from './routes.ts';

/** The app's routes by method and path, built without a database or a store (nothing is called). */
/** The app's routes and every route group's (functions/groups.ts), loaded. */
async function appRoutes(): Promise<{ method: string; path: string }[]> {
  const app = createApp({ db: {} as never, store: {} as never });
  const groups = await Promise.all(Object.values(routeGroups({ db: {} as never, now: () => new Date(), privateStore: {} as never })).map((g) => g.group.load()));
  return [...app.routes, ...groups.flatMap((g) => g.app.routes)].filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, path: r.path }));
}

/** What CloudFront does with a request: the first pattern that matches, in the distribution's order. */
function cloudFrontRoute(method: string, path: string): 'app' | 'bucket' | 'refused' {
  const order = [...APP_PATHS.map((p) => ({ pattern: p.pattern, methods: p.kind === 'cached-read' ? 'read' : 'all' })), { pattern: API_PATH, methods: 'all' }];
  const hit = order.find((p) => patternToRegExp(p.pattern).test(path));
  if (!hit) return method === 'GET' || method === 'HEAD' ? 'bucket' : 'refused';
  return hit.methods === 'all' || method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'app' : 'refused';
}

describe('the paths CloudFront sends to the app', () => {
  it('are listed once each, the cached ones and the case pages', () => {
    const patterns = APP_PATHS.map((p) => p.pattern);
    expect(new Set(patterns).size).toBe(patterns.length);
    expect(pathsOfKind('cached-read')).toEqual(['/api/institutions*', '/institutions/search*', '/fees/check*', '/elder/institutions/search*', '/elder/fees/check*']);
    expect(pathsOfKind('uncached')).toEqual(['/complaints/new*', '/refunds/new*', '/track*', '/follow*', '/elder/complaints/new*', '/elder/refunds/new*', '/elder/track*', '/elder/follow*']);
  });

  it('send the follow forms and the unsubscribe link to the app, for GET and POST', () => {
    for (const path of ['/follow/', '/follow/confirm/', '/follow/stop/', '/elder/follow/', '/elder/follow/stop/']) {
      expect(cloudFrontRoute('GET', path), `GET ${path}`).toBe('app');
      expect(cloudFrontRoute('POST', path), `POST ${path}`).toBe('app');
    }
    // The feeds stay static files in the bucket.
    expect(cloudFrontRoute('GET', '/institutions/xy000000/feed.xml')).toBe('bucket');
    expect(cloudFrontRoute('GET', '/institutions/districts/411502/feed.xml')).toBe('bucket');
  });

  it('match as CloudFront matches them', () => {
    expect(patternToRegExp('/fees/check*').test('/fees/check/')).toBe(true);
    expect(patternToRegExp('/fees/check*').test('/fees/')).toBe(false);
    expect(patternToRegExp('/track*').test('/track')).toBe(true);
    expect(patternToRegExp('/track*').test('/track/')).toBe(true);
    expect(patternToRegExp('/track/').test('/track')).toBe(false);
    expect(patternToRegExp('/a?c').test('/abc')).toBe(true);
    expect(patternToRegExp('/a.c').test('/abc')).toBe(false);
  });

  it('are answered by the app: every cached path has a GET route', async () => {
    const routes = await appRoutes();
    for (const pattern of pathsOfKind('cached-read')) {
      const re = patternToRegExp(pattern);
      expect(routes.some((r) => r.method === 'GET' && re.test(r.path)), pattern).toBe(true);
    }
  });

  it('reach everything the app answers outside /api/*, with its method', async () => {
    const unreachable = (await appRoutes())
      .filter((r) => !r.path.startsWith('/api/'))
      .filter((r) => cloudFrontRoute(r.method, r.path.replace(/\*$/, '')) !== 'app')
      .map((r) => `${r.method} ${r.path}`);
    // If this fails: add the path to APP_PATHS (infra/routes.ts), or post the form to one that is listed.
    expect(unreachable).toEqual([]);
  });

  it('send the case pages to the app for GET and POST, with and without the slash, in 长者模式 too', () => {
    const pages = Object.values(CASE_PAGE_PATHS);
    expect(pages.sort()).toEqual(['/complaints/new/', '/refunds/new/', '/track/']);
    for (const page of [...pages, ...pages.map((p) => `/elder${p}`)]) {
      for (const path of [page, page.slice(0, -1)]) {
        expect(cloudFrontRoute('GET', path), `GET ${path}`).toBe('app');
        expect(cloudFrontRoute('POST', path), `POST ${path}`).toBe('app');
      }
    }
  });

  it('shadow no page of the site but the case pages (whose built fallbacks and shells are read by key)', () => {
    const pagesDir = join(import.meta.dirname, '..', 'site', 'src', 'pages');
    const files = readdirSync(pagesDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(astro|md|mdx|html)$/.test(f));
    const urls = files.map((f) => `/${relative('.', f).replace(/\\/g, '/').replace(/(^|\/)index\.(astro|md|mdx|html)$/, '$1').replace(/\.(astro|md|mdx|html)$/, '/')}`);
    const shadowed = urls.filter((url) => cloudFrontRoute('GET', url) === 'app');
    const allowed = (url: string) => Object.values(CASE_PAGE_PATHS).some((page) => url === page || url.startsWith(`${page}shell/`));
    expect(shadowed.filter((url) => !allowed(url))).toEqual([]);
    // The static pages the site links to stay in the bucket.
    for (const url of ['/', '/institutions/', '/fees/', '/notices/']) expect(urls).toContain(url);
    for (const url of ['/', '/institutions/', '/fees/', '/notices/']) expect(cloudFrontRoute('GET', url), url).toBe('bucket');
  });

  it('name the import route as the app mounts it', () => {
    expect(IMPORT_ROUTE.path).toBe(IMPORT_PATH);
    expect(cloudFrontRoute('POST', IMPORT_ROUTE.path)).toBe('app');
  });
});

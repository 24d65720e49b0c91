/**
 * A browser test's set-up, written once. Every file under test/browser/
 * needs the same things: a table of its own in DynamoDB Local, a folder of
 * published files laid over the run's one build of the site, the local
 * server (functions/server.ts: the app and the site on one origin, as
 * CloudFront serves them) on a free loopback port, and Chromium. Call
 * `useBrowserSite()` once, at the top level of the file: it registers the
 * `beforeAll` that starts all this and the `afterAll` that stops it, and
 * returns the handle the tests use.
 *
 *     import { useBrowserSite } from '../support/browser-site.ts';
 *
 *     const site = useBrowserSite({ staff: true, server: { searchMaxAgeMs: 0 } });
 *     let phone: BrowserContext;
 *
 *     beforeAll(async () => {
 *       // Runs after the set-up above (hooks run in the order they are written).
 *       await createInstitution(site.db, { ... });
 *       await publishChanges({ db: site.db, store: site.store, publicOrigin: site.baseUrl });
 *       phone = await site.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
 *     });
 *
 *     it('...', async () => {
 *       const { page, problems } = await site.open(phone, '/fees/'); // expects 200
 *       site.expectNoProblems(problems); // no console error, no CSP violation
 *       await site.expectNoAxeViolations(page); // WCAG 2.2 AA
 *     });
 *
 * Each file launches Chromium's headless shell of its own here (about a
 * tenth of a second of CPU), spoken to straight from the file's worker; every
 * context from `site.newContext()` is the file's own (cookies, storage,
 * cache), closed with the file. So never launch a browser in a test file.
 * A page from `site.open()` that its test closes goes back to its context's
 * pool, reset to about:blank, for the next `open()` in that context (`poolable`).
 * A download is read with `site.readDownload(download)` (`download.path()`
 * does not work on a browser reached through an endpoint, see below).
 */
import type { ServerType } from '@hono/node-server';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Download, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { Db } from '../../functions/data/client.ts';
import { startLocalServer, type LocalServerOptions } from '../../functions/server.ts';
import { createFsStore } from '../../functions/storage/fs-store.ts';
import type { PublicStore } from '../../functions/storage/types.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { axeViolations, ensureChromium, formatViolations, launchBrowser, watchPage, type PageProblems } from './browser.ts';
import { createTestDb } from './db.ts';

/**
 * SHOUHU_BROWSER_SHARED=1: the files connect instead to one Chromium that the
 * global set-up launches for the run (`inject('browserEndpoint')`), to compare
 * the two on the same machine (docs/benchmarks.md, the test suite). Every
 * call then also passes through vitest's main process, which runs the
 * server side of Playwright's protocol: that cost more CPU than a launch
 * per file saves.
 */
const SHARED_BROWSER = process.env.SHOUHU_BROWSER_SHARED === '1';
/** SHOUHU_BROWSER_FRESH_PAGES=1: a new tab for every `open()`, never one of the pool (see `poolable`). */
const FRESH_PAGES = process.env.SHOUHU_BROWSER_FRESH_PAGES === '1';

/** What a file may add to the local server; the table, the stores, the site and the port are the helper's. */
export type SiteServerExtras = Omit<LocalServerOptions, 'db' | 'store' | 'siteDir' | 'publishedDir' | 'port' | 'hostname'>;

/** The phone the public pages are checked on: 390×844, touch. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } satisfies BrowserContextOptions;

export interface BrowserSiteOptions {
  /** Seeds the demo staff accounts (scripts/demo/staff.ts) while the server starts. */
  staff?: boolean;
  /**
   * More for the local server (e.g. `searchMaxAgeMs: 0`, an `outboxFile`, a
   * `privateStore`, case services); a function when they need the file's
   * table or its temporary folder.
   */
  server?: SiteServerExtras | ((file: { db: Db; dir: string }) => SiteServerExtras);
  /** Wraps the file's store, for the server and the file's publishing alike (e.g. `withElderPages`, as `npm start` does). */
  wrapStore?: (store: PublicStore) => PublicStore;
}

export interface ProblemOptions {
  /** Error statuses a step expects (a 401 before signing in, a 409 when someone saved first): Chromium logs each as a console error. */
  statuses?: number[];
  /** Only where the answer with such a status came from below this path of the site ('/api/' for API calls); default any. */
  under?: string;
  /** Other console errors this step expects. */
  allow?: RegExp[];
}

export interface BrowserSite {
  /** This file's own table in the run's DynamoDB Local. */
  readonly db: Db;
  /** The published files, laid over the run's build of the site, as the site bucket holds both. */
  readonly store: PublicStore;
  /** The folder of `store`, served before the built site. */
  readonly storeDir: string;
  /** A temporary folder of this file's (`storeDir` is inside it), removed after the file: for an outbox file, a private store, downloads. */
  readonly dir: string;
  /** The run's build of the site. */
  readonly siteDir: string;
  /** The local server's origin, `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly baseUrl: string;
  /** This file's connection to the run's Chromium. Prefer `newContext()`, which sets the origin and the locale. */
  readonly browser: Browser;
  /** A context of this file's own, on the local server (`baseURL`) in Chinese (`locale: 'zh-CN'`), with `options` over these. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in `context` (a new tab, or one a test of this file closed: see `poolable`), its problems recorded from the start (watchPage), at `path`, whose status must be `expectedStatus`; with the answer, to read what the server sent. */
  open(context: BrowserContext, path: string, expectedStatus?: number): Promise<{ page: Page; problems: PageProblems; response: Response }>;
  /** No console error but those `options` names, and no CSP violation. */
  expectNoProblems(problems: PageProblems, options?: ProblemOptions): void;
  /** axe-core finds no WCAG 2.2 AA violation in the page as it is now; `what` names the page in a failure. */
  expectNoAxeViolations(page: Page, what?: string): Promise<void>;
  /** The text of a finished download (saved into this file's folder). */
  readDownload(download: Download): Promise<string>;
}

/** Events a test listens to on a page; a pooled page drops their listeners when the test closes it. */
const TEST_EVENTS = ['console', 'pageerror', 'requestfailed', 'request', 'requestfinished', 'response', 'worker', 'download', 'dialog', 'popup', 'filechooser', 'framenavigated', 'load', 'domcontentloaded', 'websocket'] as const;

/** Pages from `open()` that their test has closed, by context: the next `open()` in that context takes one. */
const idlePages = new WeakMap<BrowserContext, Page[]>();

/**
 * A page whose `close()` puts it back in its context's pool instead of
 * closing it: the test's listeners and routes are dropped and the page is
 * taken to about:blank (its document, timers and workers end), exactly as a
 * new tab starts. Reusing the tab keeps its renderer process and what that
 * process compiled (the site's scripts, axe-core): a new tab for every test
 * cost about a sixth of the heaviest browser files' Chromium CPU (docs/benchmarks.md,
 * the test suite). Cookies are the context's either way. A page closed with
 * `runBeforeUnload`, or that cannot be reset, is closed for real.
 * SHOUHU_BROWSER_FRESH_PAGES=1 gives every `open()` a new tab, as before, to compare or to rule the pool out.
 */
function poolable(page: Page): Page {
  if (FRESH_PAGES) return page;
  const context = page.context();
  const viewport = page.viewportSize();
  const close = page.close.bind(page);
  page.close = async (options) => {
    if (options?.runBeforeUnload || page.isClosed()) return close(options);
    for (const event of TEST_EVENTS) page.removeAllListeners(event);
    try {
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await page.goto('about:blank');
      if (viewport && JSON.stringify(page.viewportSize()) !== JSON.stringify(viewport)) await page.setViewportSize(viewport);
    } catch {
      return close(options);
    }
    const idle = idlePages.get(context) ?? [];
    idle.push(page);
    idlePages.set(context, idle);
  };
  return page;
}

/** Registers the file's set-up and teardown (see the top of this file) and returns its handle. */
export function useBrowserSite(options: BrowserSiteOptions = {}): BrowserSite {
  let state: { db: Db; store: PublicStore; storeDir: string; dir: string; baseUrl: string; browser: Browser } | undefined;
  let server: ServerType | undefined;
  let browser: Browser | undefined;
  let dir: string | undefined;
  let downloads = 0;
  const siteDir = inject('siteDir');

  const ready = () => {
    if (!state) throw new Error('useBrowserSite(): used before its beforeAll ran (call it at the top level of the file, and use the handle in hooks and tests)');
    return state;
  };

  beforeAll(async () => {
    const endpoint = inject('browserEndpoint');
    if (!endpoint && SHARED_BROWSER) {
      ensureChromium();
      throw new Error('No shared Chromium in this run: browser tests run in the `site` project, whose global set-up (test/support/global-setup.ts) launches it.');
    }
    const db = await createTestDb();
    dir = await mkdtemp(join(tmpdir(), 'shouhu-browser-'));
    const storeDir = join(dir, 'public');
    await mkdir(storeDir);
    // Published files are written over the built site, as the bucket holds both in AWS.
    const fsStore = createFsStore(storeDir, [siteDir]);
    const store = options.wrapStore ? options.wrapStore(fsStore) : fsStore;
    const extras = typeof options.server === 'function' ? options.server({ db, dir }) : (options.server ?? {});
    [server, browser] = await Promise.all([
      startLocalServer({ ...extras, db, store, siteDir, publishedDir: storeDir, port: 0 }),
      SHARED_BROWSER ? chromium.connect(endpoint, { timeout: 60_000 }) : launchBrowser(),
      options.staff ? seedDemoStaff(db) : undefined,
    ]);
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    state = { db, store, storeDir, dir, baseUrl, browser };
  }, 120_000);

  afterAll(async () => {
    // Closes the file's own browser (or, when shared, this file's contexts, leaving the browser running for the other files).
    await browser?.close();
    await new Promise((done) => {
      if (!server) return done(undefined);
      server.close(done);
      // A keep-alive connection Chromium still holds would keep close() waiting.
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    state = undefined;
  });

  return {
    get db() {
      return ready().db;
    },
    get store() {
      return ready().store;
    },
    get storeDir() {
      return ready().storeDir;
    },
    get dir() {
      return ready().dir;
    },
    siteDir,
    get baseUrl() {
      return ready().baseUrl;
    },
    get browser() {
      return ready().browser;
    },
    newContext(contextOptions = {}) {
      const { browser: connected, baseUrl } = ready();
      return connected.newContext({ baseURL: baseUrl, locale: 'zh-CN', ...contextOptions });
    },
    async open(context, path, expectedStatus = 200) {
      const page = idlePages.get(context)?.pop() ?? poolable(await context.newPage());
      const problems = await watchPage(page);
      const response = await page.goto(path);
      expect(response?.status(), `status of ${path}`).toBe(expectedStatus);
      return { page, problems, response: response! };
    },
    expectNoProblems(problems, { statuses = [], under = '/', allow = [] } = {}) {
      const { baseUrl } = ready();
      const expected = (error: string) =>
        (statuses.some((status) => error.includes(`the server responded with a status of ${status}`)) && error.includes(`(${baseUrl}${under}`)) ||
        allow.some((pattern) => pattern.test(error));
      expect(problems.errors.filter((error) => !expected(error)).join('\n'), 'console errors').toBe('');
      expect(problems.cspViolations, 'CSP violations').toEqual([]);
    },
    async expectNoAxeViolations(page, what) {
      const violations = await axeViolations(page);
      const report = formatViolations(violations);
      expect(violations, what ? `${what}: ${report}` : report).toEqual([]);
    },
    async readDownload(download) {
      const path = join(ready().dir, `download-${++downloads}`);
      await download.saveAs(path);
      return readFile(path, 'utf8');
    },
  };
}

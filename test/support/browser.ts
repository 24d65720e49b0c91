/**
 * Chromium for the browser tests: always the system's Debian Chromium, never
 * a browser that a tool downloads by itself (playwright-core downloads
 * nothing, and we always pass `executablePath`). The tests drive Debian's
 * `chromium-headless-shell`, the same Blink as `chromium` without the
 * browser's own interface, which is what Playwright itself launches for
 * `headless: true`: full Chromium in headless mode starts the browser's
 * interface (a WebUI renderer per window) and costs about four times the
 * CPU for the same pages (docs/benchmarks.md, the test suite). Plus the page
 * watchers and the axe-core run that the tests share.
 */
import type axe from 'axe-core';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';

/** Full Chromium, for tools that need the whole browser (bench/lighthouse.ts). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** What the tests (and bench/registry-scale.ts) launch. */
export const HEADLESS_SHELL_PATH = '/usr/lib/chromium/chromium-headless-shell';
/** Debian's packages the browser tests need: the browser, its headless shell, and a CJK font so screenshots show Chinese (checked by this file). */
const FONT_CHECK = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
/**
 * apt-get waits for dpkg's lock instead of failing on it, and `flock`
 * serialises the whole update-and-install against any other test run on this
 * machine (another engineer's, or a benchmark's) that reaches this point.
 */
const INSTALL = (packages: readonly string[]) => `apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends ${packages.join(' ')}`;
/** The headless shell apart: where a mirror lacks it, the tests still run on full Chromium. */
const INSTALL_COMMAND =
  `flock /tmp/shouhu-apt.lock sh -c 'apt-get -o DPkg::Lock::Timeout=600 update -q && ` +
  `${INSTALL(['chromium', 'fonts-noto-cjk'])} && (${INSTALL(['chromium-headless-shell'])} || true)'`;

export class BrowserSetupError extends Error {
  override name = 'BrowserSetupError';
}

function missingPackages(): string[] {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push('chromium');
  if (!existsSync(HEADLESS_SHELL_PATH)) missing.push('chromium-headless-shell');
  if (!existsSync(FONT_CHECK)) missing.push('fonts-noto-cjk');
  return missing;
}

/**
 * Makes sure Debian's Chromium and a CJK font are installed: installs them
 * when running as root, else says how in one line. The test run's global
 * set-up calls this once, before any browser test file starts; the browser
 * tests then only check that the browser is there.
 */
export function ensureBrowserPackages(): void {
  const missing = missingPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new BrowserSetupError(
      `The browser tests need Debian's ${missing.join(' and ')}, which is not installed; install as root: ` +
        `apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
  }
  console.log(`Installing ${missing.join(' and ')} for the browser tests (once; about a minute)…`);
  const install = spawnSync('sh', ['-c', INSTALL_COMMAND], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The headless shell only saves CPU: without it the tests drive full Chromium (ensureChromium).
  const still = missingPackages().filter((name) => name !== 'chromium-headless-shell');
  if (still.length > 0) {
    const reason = install.error?.message ?? install.stderr.trim().split('\n').slice(-3).join(' / ');
    throw new BrowserSetupError(`Installing ${still.join(' and ') || missing.join(' and ')} for the browser tests failed: ${reason}`);
  }
}

/**
 * The tests' browser's path: the headless shell when Debian's package is there,
 * else full Chromium (the same Blink, about four times the CPU). The global
 * set-up has installed them, so a missing Chromium is a set-up error, said once.
 */
export function ensureChromium(): string {
  if (existsSync(HEADLESS_SHELL_PATH)) return HEADLESS_SHELL_PATH;
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  throw new BrowserSetupError(
    `Debian's Chromium is not installed at ${CHROMIUM_PATH}; run the browser tests through \`npm test\` (its set-up installs it) or: apt-get install -y chromium chromium-headless-shell`,
  );
}

/** How Chromium is started, for the run's shared browser and for a tool that launches its own. */
function launchOptions() {
  return {
    executablePath: ensureChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  };
}

/**
 * A Chromium of its own: each browser test file's (through
 * test/support/browser-site.ts, never called from a test file itself), and a
 * tool's that drives a browser outside the test run (bench/).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch(launchOptions());
}

/**
 * With SHOUHU_BROWSER_SHARED=1, the test run's one Chromium, launched by
 * the global set-up of the `site` project (test/support/global-setup.ts),
 * listening on loopback only at a web socket address whose path is a random
 * secret. Each test file connects to it (`chromium.connect(...)`) and opens
 * its own contexts, which share no cookies or storage with another file's.
 */
export function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer({ ...launchOptions(), host: '127.0.0.1', port: 0 });
}

/** What went wrong in a page while a test used it. */
export interface PageProblems {
  /** Console errors, uncaught exceptions and failed requests. */
  errors: string[];
  /** Content-Security-Policy violations, from the console or the DOM event. */
  cspViolations: string[];
}

/** The problems each page reports its CSP violations to: the latest watchPage() call's, as a page of the pool is watched again for each test (test/support/browser-site.ts). */
const cspReports = new WeakMap<Page, PageProblems>();

/**
 * Starts recording a page's console errors, uncaught exceptions and CSP
 * violations. Call before the first `goto`. CSP violations are caught twice
 * over: from Chromium's console message, which works with JavaScript off, and
 * from the `securitypolicyviolation` event, which needs JavaScript. A page
 * watched again (reused for another test) reports to the new record only,
 * once its old listeners are removed (`page.removeAllListeners('console')` and so on).
 */
export async function watchPage(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { errors: [], cspViolations: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const text = message.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) problems.cspViolations.push(text);
    else if (message.type() === 'error') problems.errors.push(`console: ${text} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.errors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'unknown';
    // A request the page itself gave up on (it navigated away, or a script aborted a search the
    // family had typed past) is not a failure anyone sees; every other failed request is.
    if (reason === 'net::ERR_ABORTED') return;
    problems.errors.push(`request failed: ${request.url()} (${reason})`);
  });
  const watchedBefore = cspReports.has(page);
  cspReports.set(page, problems);
  if (watchedBefore) return problems;
  await page.exposeBinding('__reportCspViolation', (_source, text: string) => cspReports.get(page)?.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} on ${event.documentURI}`);
    });
  });
  return problems;
}

/** The WCAG levels the service must meet: 2.0, 2.1 and 2.2 at A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

export type AxeViolation = Pick<axe.Result, 'id' | 'impact' | 'help' | 'helpUrl'> & {
  nodes: { target: string; html: string; failureSummary: string }[];
};

/** axe-core's minified build: the same rules in less than half the bytes to send and compile for every page checked. */
let axeSource: string | undefined;

/**
 * Runs axe-core in the page against WCAG 2.2 AA and returns the violations.
 * axe is evaluated through the DevTools protocol, which the page's CSP does
 * not govern; a `<script>` tag with the source inline would be blocked.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Once per document: a page checked again in another state (a form sent back, a step taken) already holds axe.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const injected = (window as unknown as { axe: typeof axe }).axe;
    const results = await injected.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target.join(' '),
        html: node.html,
        failureSummary: node.failureSummary ?? '',
      })),
    }));
  }, [...WCAG_TAGS]);
}

/** Violations as readable lines, for an assertion message. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `  ${n.target}: ${n.failureSummary}`).join('\n')}`)
    .join('\n');
}

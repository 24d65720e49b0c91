/**
 * Journey: a parent opens the service. The real local server (the Hono app
 * and the built site on one origin, with the production CSP) on a fresh
 * table, driven by Debian's Chromium.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../shared/i18n/zh-CN.ts';
import { jurisdiction } from '../../shared/jurisdiction/index.ts';
import { watchPage } from '../support/browser.ts';
import { useBrowserSite } from '../support/browser-site.ts';
import type { Db } from '../../functions/data/client.ts';
import { isoWeek, statsKeys } from '../../functions/data/stats.ts';
import { publishTimeliness } from '../../functions/publish/timeliness.ts';
import type { PublicStore } from '../../functions/storage/types.ts';
import { putRaw } from '../builders/cases.ts';

const site = useBrowserSite();
const { siteDir, open, expectNoProblems, expectNoAxeViolations } = site;
/** Sections that are built; the others still show the placeholder page. */
const builtSections = new Set(['/', '/institutions/', '/notices/', '/fees/', '/complaints/new/', '/refunds/new/', '/track/']);
const navLinks = [
  { href: '/', label: t.nav.home },
  ...t.home.tasks.map((task) => ({ href: task.href, label: t.nav[task.key] })),
];

let baseUrl: string;
let context: BrowserContext;
let db: Db;
let store: PublicStore;

beforeAll(async () => {
  ({ baseUrl, db, store } = site);
  context = await site.newContext();
});

/** A fresh page in the shared context, with its problems recorded. */
const openPage = (path: string, expectedStatus = 200) => open(context, path, expectedStatus);

describe('the home page', () => {
  it('is in Chinese, names the service and links to the six tasks and every section', async () => {
    const { page, problems } = await openPage('/');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => page.title()).toBe(t.service.fullName);
    expect(await page.locator('h1').textContent()).toContain('守护');
    expect(await page.locator('main').textContent()).toContain(t.home.intro);

    const tasks = page.locator('main .task-list a');
    expect(await tasks.count()).toBe(6);
    for (const [index, task] of t.home.tasks.entries()) {
      expect(await tasks.nth(index).getAttribute('href')).toBe(task.href);
      expect(await tasks.nth(index).textContent()).toBe(task.title);
    }

    const nav = page.getByRole('navigation', { name: t.nav.label });
    for (const link of navLinks) {
      expect(await nav.getByRole('link', { name: link.label, exact: true }).getAttribute('href')).toBe(link.href);
    }
    expect(await nav.locator('[aria-current="page"]').textContent()).toBe(t.nav.home);

    const emergency = page.getByRole('region', { name: t.home.emergencyHeading });
    expect(await emergency.textContent()).toContain('110');
    expect(await emergency.getByRole('link').getAttribute('href')).toBe('tel:110');

    expectNoProblems(problems);
    await page.close();
  });

  it('reaches the API on the same origin, under the site CSP', async () => {
    const { page, problems } = await openPage('/');
    const health = await page.evaluate(async () => {
      const response = await fetch('/api/health');
      return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
    });
    expect(health.status).toBe(200);
    expect(health.type).toContain('application/json');
    expect(health.body).toMatchObject({ status: 'ok', database: 'reachable' });
    expectNoProblems(problems);
    await page.close();
  });

  it('loads no script and no inline style: the stylesheet is a file', async () => {
    const { page, problems } = await openPage('/');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('[style]').count()).toBe(0);
    expect(await page.locator('link[rel="stylesheet"]').getAttribute('href')).toMatch(/^\/_astro\/.+\.css$/);
    // The stylesheet applied: the header has the brand colour, not the browser default.
    const headerColour = await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(headerColour).not.toBe('rgba(0, 0, 0, 0)');
    expectNoProblems(problems);
    await page.close();
  });
});

describe('every page', () => {
  it.each(navLinks)('$href answers 200 with its own heading and marks itself in the nav', async ({ href, label }) => {
    const response = await fetch(new URL(href, baseUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toMatch(new RegExp(`aria-current="page">${label}<`));
    // A built section has a heading of its own; a placeholder is headed by its nav label.
    if (href !== '/') expect(html).toMatch(/<h1[^>]*>[^<]+<\/h1>/);
    if (!builtSections.has(href)) {
      expect(html).toContain(`>${label}</h1>`);
      expect(html).toContain(t.comingSoon.notReady);
      expect(html).toContain('12345');
      expect(html).toContain('12315');
    }
  });

  it('an unknown address gets the 404 page, which helps the parent on', async () => {
    const { page, problems } = await openPage('/no-such-page/', 404);
    expect(await page.locator('h1').textContent()).toBe(t.notFound.title);
    expect(await page.getByRole('link', { name: t.notFound.backHome }).getAttribute('href')).toBe('/');
    // Chromium logs the page's own 404 status as a console error; nothing else may fail.
    expect(problems.errors.filter((error) => !error.endsWith(`(${baseUrl}/no-such-page/)`))).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
    await page.close();
  });

  it('the built site has no inline styles or scripts: its only JavaScript is external modules under /_astro/', async () => {
    const files = (await readdir(siteDir, { recursive: true })).map(String);
    expect(files.filter((file) => /\.m?js$/.test(file) && !file.startsWith('_astro/'))).toEqual([]);
    for (const file of files.filter((name) => name.endsWith('.html'))) {
      const html = await readFile(join(siteDir, file), 'utf8');
      expect(html, file).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
      for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        expect(attributes, file).toMatch(/^ type="module" src="\/_astro\/[^"]+\.js"$/);
        expect(body, file).toBe('');
      }
    }
  });
});

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  it.each([
    { path: '/', status: 200 },
    { path: '/institutions/', status: 200 },
    { path: '/no-such-page/', status: 404 },
  ])('$path has no violations', async ({ path, status }) => {
    const { page } = await openPage(path, status);
    await expectNoAxeViolations(page);
    await page.close();
  });
});

describe('on a phone', () => {
  it.each([375, 320])('at %ipx wide nothing scrolls sideways', async (width) => {
    const phone = await site.newContext({ viewport: { width, height: 740 }, isMobile: true });
    for (const path of ['/', '/complaints/new/', '/no-such-page/']) {
      const page = await phone.newPage();
      await page.goto(path);
      const sizes = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(sizes.scroll, `${path} at ${width}px`).toBeLessThanOrEqual(sizes.client);
      await page.close();
    }
    await phone.close();
  });
});

describe('with JavaScript turned off', () => {
  it('the home page and its navigation still work', async () => {
    const noScript = await site.newContext({ javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto('/');
    expect(await page.locator('h1').textContent()).toContain('守护');
    const nav = page.getByRole('navigation', { name: t.nav.label });
    await nav.getByRole('link', { name: t.nav.institutions, exact: true }).click();
    await page.waitForURL(`${baseUrl}/institutions/`);
    expect(await page.locator('h1').textContent()).toBe(t.nav.institutions);
    expect(await nav.locator('[aria-current="page"]').textContent()).toBe(t.nav.institutions);
    await nav.getByRole('link', { name: t.nav.home, exact: true }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('link', { name: t.home.tasks[2].title }).click();
    await page.waitForURL(`${baseUrl}/fees/`);
    expect(await page.locator('h1').textContent()).toBe(t.nav.fees);
    await noScript.close();
  });
});

describe("each department's timeliness, for the public", () => {
  it('is linked from every page, readable on a phone, and accessible', async () => {
    const week = isoWeek(new Date());
    for (const [districtCode, departmentId, received] of [['411502', 'education-411502', 40], ['411503', 'education-411503', 3]] as const) {
      await putRaw(db, { ...statsKeys.item(week, districtCode, departmentId), entity: 'stats', schemaVersion: 1, week, districtCode, departmentId, received, answered: received, answeredOnTime: received - 1, 'acceptDays:2': received });
    }
    expect((await publishTimeliness({ db, store })).written).toBe(true);
    const phone = await site.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await phone.newPage();
    const problems = await watchPage(page);
    await page.goto('/');
    await page.getByRole('contentinfo').getByRole('link', { name: t.timeliness.footerLink }).click();
    await page.waitForURL(`${baseUrl}/timeliness/`);
    expect(await page.locator('h1').textContent()).toBe(t.timeliness.title);
    const table = page.getByRole('table', { name: t.timeliness.tableCaption });
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.textContent()).toContain(t.timeliness.fewer(5));
    // The table may scroll inside its region; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page);
    expectNoProblems(problems);
    await phone.close();
  });
});

describe('looks like the government service it is', () => {
  it('every page’s footer names the sponsor and operator, the filings and the site code from the configuration, and links to the platform and the open data', async () => {
    const config = jurisdiction.site;
    for (const path of ['/', '/institutions/', '/fees/']) {
      const { page, problems } = await openPage(path);
      const footer = page.getByRole('contentinfo');
      expect(await footer.locator('[data-site="sponsor"]').textContent(), path).toBe(config.sponsor);
      expect(await footer.locator('[data-site="operator"]').textContent()).toBe(config.operator);
      expect(await footer.locator('[data-site="government-site-code"]').textContent()).toBe(config.governmentSiteCode.text);
      expect(await footer.getByRole('link', { name: config.icpFiling.text }).first().getAttribute('href')).toBe('https://beian.miit.gov.cn/');
      expect(await footer.locator('[data-site="public-security"] a').getAttribute('href')).toBe('https://beian.mps.gov.cn/');
      expect(await footer.locator('[data-site="public-security"] a').textContent()).toBe(config.publicSecurityFiling.text);
      expect(await footer.getByRole('link', { name: config.nationalPlatform.name }).getAttribute('href')).toBe(config.nationalPlatform.url);
      expect(await footer.getByRole('link', { name: t.footer.openDataCsv }).getAttribute('href')).toBe('/data/institutions.csv');
      expect(await footer.getByRole('link', { name: t.footer.openDataJson }).getAttribute('href')).toBe('/data/institutions.json');
      expectNoProblems(problems);
      await page.close();
    }
    // The demo has no filings: it says so, and never shows a number that looks real.
    expect(config.icpFiling).toEqual({ text: '演示：未备案', placeholder: true });
  });

  it('the home page opens with the search box, which works without JavaScript on a 390×844 phone', async () => {
    const phone = await site.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, javaScriptEnabled: false });
    const page = await phone.newPage();
    await page.goto('/');
    // The first thing in the page after its heading is the search: the first form field in main is the search box.
    expect(await page.locator('main :is(input:not([type="hidden"]), select, textarea, a, button)').first().getAttribute('id')).toBe('search-q');
    const box = page.getByRole('searchbox', { name: t.institution.search.query });
    const top = await box.boundingBox();
    expect(top!.y + top!.height).toBeLessThan(844); // visible without scrolling
    await box.fill('小天鹅');
    await page.getByRole('search').getByRole('button', { name: t.institution.search.submit }).click();
    await page.waitForURL(/\/institutions\/search\/\?q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('小天鹅');
    await phone.close();
  });
});

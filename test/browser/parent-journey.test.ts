/**
 * Journey: a parent checks a training centre before paying. The real local
 * server (the Hono app, the built site and the published pages on one
 * origin, with the production CSP) on a fresh table; institutions created
 * with the repository and published by the publisher; driven by Debian's
 * Chromium, with JavaScript on and off.
 *
 * Set SHOUHU_SCREENSHOTS=<folder> to keep phone-width screenshots of the
 * search and a centre's page.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../functions/data/client.ts';
import { changeStatus, createInstitution } from '../../functions/data/institutions.ts';
import { publishChanges } from '../../functions/publish/publisher.ts';
import type { PublicStore } from '../../functions/storage/types.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import type { Institution } from '../../shared/schemas/institution.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { watchPage } from '../support/browser.ts';
import { useBrowserSite } from '../support/browser-site.ts';

const s = t.institution.search;
const site = useBrowserSite({ server: { searchMaxAgeMs: 0 } });
const { open, expectNoProblems, expectNoAxeViolations } = site;
const screenshotDir = process.env.SHOUHU_SCREENSHOTS;
const now = new Date('2026-11-20T02:00:00Z');

let db: Db;
let store: PublicStore;
let baseUrl: string;
let withScript: BrowserContext;
let noScript: BrowserContext;
let phone: BrowserContext;
let phoneNoScript: BrowserContext;
let swan: Institution;
let eagle: Institution;

beforeAll(async () => {
  ({ db, store, baseUrl } = site);

  swan = await createInstitution(db, {
    id: 'xinyang-swan',
    fields: makeInstitutionFields({ name: '信阳市小天鹅舞蹈培训中心', formerNames: ['浉河区小天鹅艺术培训部'], category: 'arts', districtCode: '411502' }),
    status: 'approved',
    actor: testActor,
    now,
  });
  await createInstitution(db, {
    id: 'pingqiao-robot',
    fields: makeInstitutionFields({
      name: '平桥区星辰机器人编程工作室',
      category: 'science',
      districtCode: '411503',
      premises: [{ address: '信阳市平桥区平西大道66号', districtCode: '411503' }],
    }),
    status: 'approved',
    actor: testActor,
    now,
  });
  const opened = await createInstitution(db, {
    id: 'pingqiao-eagle',
    fields: makeInstitutionFields({ name: '平桥区飞鹰跆拳道馆', category: 'sports', districtCode: '411503' }),
    status: 'approved',
    actor: testActor,
    now: new Date('2026-03-01T02:00:00Z'),
  });
  eagle = await changeStatus(db, {
    id: opened.id,
    change: { status: 'revoked', on: '2026-11-18', reason: '逾期未完成消防整改', decisionNumber: '平教体罚〔2026〕7号' },
    expectedVersion: opened.version,
    actor: testActor,
    now,
  });
  await publishChanges({ db, store, publicOrigin: baseUrl, now: () => now });

  withScript = await site.newContext();
  noScript = await site.newContext({ javaScriptEnabled: false });
  const phoneSize = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  phone = await site.newContext(phoneSize);
  phoneNoScript = await site.newContext({ javaScriptEnabled: false, ...phoneSize });
  if (screenshotDir) await mkdir(screenshotDir, { recursive: true });
});

/** Types into the search box of /institutions/ and waits for the script's answer. */
async function typeSearch(page: Page, query: string) {
  await page.getByLabel(s.query).fill(query);
  await expect.poll(() => page.url()).toContain(`/institutions/search/?q=${encodeURIComponent(query)}`);
  await expect.poll(() => page.locator('#search-live').textContent()).not.toBe(s.searching);
}

const results = (page: Page) => page.locator('.search-result');

describe('searching with JavaScript on: answers appear as the parent types', () => {
  it('finds the centre by part of its name, with the approved badge, and announces the count', async () => {
    const { page, problems } = await open(withScript, '/institutions/');
    expect(await page.locator('script[type="module"]').getAttribute('src')).toMatch(/^\/_astro\/.+\.js$/);
    await typeSearch(page, '小天鹅');
    await expect.poll(() => results(page).count()).toBe(1);
    const first = results(page).first();
    expect(await first.getByRole('link', { name: swan.name }).getAttribute('href')).toBe('/institutions/xinyang-swan/');
    expect(await first.locator('.status-badge').getAttribute('class')).toContain('status-badge--good');
    expect(await first.locator('.status-badge').textContent()).toBe('✓已审批（白名单）');
    expect(await first.textContent()).toContain(swan.licence.number);
    expect(await first.textContent()).toContain('文化艺术类');
    expect(await first.textContent()).toContain('浉河区');
    expect(await first.locator('time').textContent()).toBe('2026-11-20 10:00');
    expect(await page.getByRole('status').textContent()).toBe(s.found(1));
    // Answered in place: still the static page, not a navigation to the server's results.
    expect(await page.locator('h1').textContent()).toBe(t.nav.institutions);
    expectNoProblems(problems);
    await page.close();
  });

  it('finds it by pinyin initials: 小天鹅舞蹈 is x-t-e-w-d', async () => {
    const { page, problems } = await open(withScript, '/institutions/');
    await typeSearch(page, 'xtewd');
    await expect.poll(() => results(page).count()).toBe(1);
    expect(await results(page).first().getByRole('link').first().textContent()).toBe(swan.name);
    expectNoProblems(problems);
    await page.close();
  });

  it('shows a revoked centre with its revoked badge and a warning line', async () => {
    const { page, problems } = await open(withScript, '/institutions/');
    await typeSearch(page, '飞鹰');
    await expect.poll(() => results(page).count()).toBe(1);
    const badge = results(page).locator('.status-badge');
    expect(await badge.getAttribute('class')).toContain('status-badge--danger');
    expect(await badge.textContent()).toBe('✕已吊销许可证');
    const warning = results(page).locator('.warning-text');
    expect(await warning.textContent()).toContain(t.institution.statusExplained.revoked);
    expect(await warning.getByRole('link').getAttribute('href')).toBe(`/complaints/new/?institution=${eagle.id}`);
    expectNoProblems(problems);
    await page.close();
  });

  it('says plainly when a centre is not on the list, and links to the report form and 12345', async () => {
    const { page, problems } = await open(withScript, '/institutions/');
    await typeSearch(page, '金太阳英语');
    const block = page.locator('#search-not-listed');
    await expect.poll(() => block.isVisible()).toBe(true);
    expect(await block.locator('h2').textContent()).toBe(s.notListed.heading('金太阳英语'));
    expect(await page.getByRole('status').textContent()).toBe(s.notListed.heading('金太阳英语'));
    expect(await block.getByRole('link', { name: s.notListed.reportLink }).getAttribute('href')).toBe('/complaints/new/?kind=unlicensed');
    expect(await block.getByRole('link', { name: s.notListed.call }).getAttribute('href')).toBe('tel:12345');
    expect(await results(page).count()).toBe(0);
    expectNoProblems(problems);
    await page.close();
  });

  it('on a phone, finds the centre typed in traditional characters, never saying it is not listed', async () => {
    const { page, problems } = await open(phone, '/institutions/');
    await typeSearch(page, '小天鵝');
    await expect.poll(() => results(page).count()).toBe(1);
    expect(await results(page).first().getByRole('link').first().textContent()).toBe(swan.name);
    expect(await page.locator('#search-not-listed').isVisible()).toBe(false);
    expect(await page.locator('#search-approximate').isVisible()).toBe(false);
    expectNoProblems(problems);
    await page.close();
  });

  it('on a phone, offers a name one character away as such, with a caution, and stays accessible', async () => {
    const { page, problems } = await open(phone, '/institutions/');
    await typeSearch(page, '小天鸭舞蹈');
    await expect.poll(() => results(page).count()).toBe(1);
    expect(await results(page).first().getByRole('link').first().textContent()).toBe(swan.name);
    expect(await page.locator('#search-approximate').textContent()).toContain(s.approximate.heading('小天鸭舞蹈'));
    expect(await page.locator('#search-approximate-caution').isVisible()).toBe(true);
    expect(await page.locator('#search-not-listed').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page);
    // Another search that matches exactly hides the note again.
    await typeSearch(page, 'xtewd');
    await expect.poll(() => page.locator('#search-approximate').isVisible()).toBe(false);
    expectNoProblems(problems);
    await page.close();
  });

  it('puts the search in the address, so a copied link shows the same list, even without JavaScript', async () => {
    const { page } = await open(withScript, '/institutions/');
    await typeSearch(page, '平桥区');
    await page.getByText(s.filters).click();
    await page.getByLabel(s.category).selectOption('sports');
    await expect.poll(() => page.url()).toContain('category=sports');
    await expect.poll(() => results(page).count()).toBe(1);
    const shared = page.url();
    await page.close();

    const { page: recipient, problems } = await open(noScript, shared);
    expect(await results(recipient).count()).toBe(1);
    expect(await results(recipient).first().getByRole('link').first().textContent()).toBe(eagle.name);
    expect(await recipient.getByLabel(s.category).inputValue()).toBe('sports');
    expectNoProblems(problems);
    await recipient.close();
  });

  it('/institutions/ with results has no accessibility violations (axe, WCAG 2.2 AA)', async () => {
    const { page } = await open(withScript, '/institutions/');
    await typeSearch(page, '平桥区');
    await expect.poll(() => results(page).count()).toBe(2);
    await expectNoAxeViolations(page);
    await page.close();
  });
});

describe('searching with JavaScript off: the server answers the form', () => {
  it('submits the form and gets server-rendered results', async () => {
    const { page, problems } = await open(noScript, '/institutions/');
    await page.getByLabel(s.query).fill('小天鹅');
    await page.getByRole('button', { name: s.submit }).click();
    await page.waitForURL(/\/institutions\/search\/\?q=/);
    expect(await page.locator('h1').textContent()).toBe(s.resultsTitle('小天鹅'));
    expect(await results(page).count()).toBe(1);
    expect(await results(page).locator('.status-badge').textContent()).toBe('✓已审批（白名单）');
    expect(await page.getByLabel(s.query).inputValue()).toBe('小天鹅');
    expectNoProblems(problems);
    await page.close();
  });

  it('on a phone, answers traditional characters and a name one character away the same way as with JavaScript', async () => {
    const { page, problems } = await open(phoneNoScript, `/institutions/search/?q=${encodeURIComponent('小天鵝')}`);
    expect(await results(page).count()).toBe(1);
    expect(await page.locator('.not-listed').count()).toBe(0);
    await page.goto(`/institutions/search/?q=${encodeURIComponent('小天鸭舞蹈')}`);
    expect(await results(page).count()).toBe(1);
    expect(await page.locator('.search-approximate').textContent()).toContain(s.approximate.heading('小天鸭舞蹈'));
    expect(await page.locator('.not-listed').count()).toBe(0);
    expectNoProblems(problems);
    await page.close();
    // axe runs as a script, so the same server-rendered page is checked in a context that allows one.
    const { page: checked } = await open(phone, `/institutions/search/?q=${encodeURIComponent('小天鸭舞蹈')}`);
    await expectNoAxeViolations(checked);
    await checked.close();
  });

  it('says a name that is not on the list is not on the approved list, with the report link', async () => {
    const { page, problems } = await open(noScript, '/institutions/');
    await page.getByLabel(s.query).fill('金太阳英语');
    await page.getByRole('button', { name: s.submit }).click();
    await page.waitForURL(/\/institutions\/search\//);
    const block = page.locator('.not-listed');
    expect(await block.locator('h2').textContent()).toBe(s.notListed.heading('金太阳英语'));
    expect(await block.textContent()).toContain(s.notListed.unprotected);
    expect(await block.getByRole('link', { name: s.notListed.reportLink }).getAttribute('href')).toBe('/complaints/new/?kind=unlicensed');
    expectNoProblems(problems);
    await page.close();
  });

  it('shows the revoked centre with its revoked badge and a warning line', async () => {
    const { page, problems } = await open(noScript, `/institutions/search/?q=${encodeURIComponent('飞鹰')}`);
    expect(await results(page).count()).toBe(1);
    expect(await results(page).locator('.status-badge--danger').textContent()).toBe('✕已吊销许可证');
    expect(await results(page).locator('.warning-text').textContent()).toContain(s.notApproved);
    expectNoProblems(problems);
    await page.close();
  });

  it('explains a wrong parameter in Chinese on the page (400), never a server error', async () => {
    const { page } = await open(noScript, '/institutions/search/?district=999999', 400);
    expect(await page.locator('.error-summary').textContent()).toContain('请选择本市的区县');
    expect(await page.getByRole('link', { name: '请选择本市的区县' }).getAttribute('href')).toBe('#search-district');
    await page.close();
  });

  // axe runs in the page, so these pages are opened with JavaScript on. Their only script is the institution
  // shell's notices loader, an external module with nothing to fill here: what axe sees is the server's page.
  it.each([
    { path: `/institutions/search/?q=${encodeURIComponent('平桥区')}`, status: 200 },
    { path: `/institutions/search/?q=${encodeURIComponent('金太阳英语')}`, status: 200 },
    { path: '/institutions/search/?district=999999', status: 400 },
  ])('$path has no accessibility violations (axe, WCAG 2.2 AA)', async ({ path, status }) => {
    const { page } = await open(withScript, path, status);
    expect(await page.locator('script:not([type="module"][src])').count()).toBe(0);
    expect(await page.locator('[data-institution-notices]').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.close();
  });
});

describe("a centre's page, with JavaScript off", () => {
  it('shows the name, status, licence number, supervising department, complaint link and a QR code that loads', async () => {
    const page = await noScript.newPage();
    const problems = await watchPage(page);
    const qr = page.waitForResponse((response) => response.url().endsWith('/institutions/xinyang-swan/qr.svg'));
    const response = await page.goto('/institutions/xinyang-swan/');
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe(swan.name);
    expect(await page.locator('.status-panel .status-badge').textContent()).toBe('✓已审批（白名单）');
    const text = await page.locator('main').textContent();
    expect(text).toContain(swan.licence.number);
    expect(text).toContain('浉河区文广旅局');
    expect(await page.getByRole('link', { name: t.institution.complain }).getAttribute('href')).toBe('/complaints/new/?institution=xinyang-swan');
    const qrResponse = await qr;
    expect(qrResponse.status()).toBe(200);
    expect(qrResponse.headers()['content-type']).toContain('image/svg+xml');
    expect(await page.getByRole('img', { name: t.institution.qrAlt }).getAttribute('src')).toBe('/institutions/xinyang-swan/qr.svg');
    expectNoProblems(problems);
    await page.close();
  });

  it('has no accessibility violations (axe, WCAG 2.2 AA)', async () => {
    for (const path of ['/institutions/xinyang-swan/', '/institutions/pingqiao-eagle/']) {
      const { page } = await open(withScript, path);
      await expectNoAxeViolations(page);
      await page.close();
    }
  });

  it('is under 20 KB gzipped', async () => {
    const html = await (await fetch(`${baseUrl}/institutions/xinyang-swan/`)).text();
    const gzipped = gzipSync(html).byteLength;
    console.log(`centre page: ${Buffer.byteLength(html)} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThan(20 * 1024);
  });
});

describe('on a phone, 375 px wide', () => {
  it('nothing scrolls sideways: the search, its results, the not-found answer and centre pages', async () => {
    const phone = await site.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const paths = [
      '/institutions/',
      `/institutions/search/?q=${encodeURIComponent('平桥区')}`,
      `/institutions/search/?q=${encodeURIComponent('金太阳英语')}`,
      '/institutions/search/?district=999999',
      '/institutions/xinyang-swan/',
      '/institutions/pingqiao-eagle/',
    ];
    for (const path of paths) {
      const page = await phone.newPage();
      await page.goto(path);
      if (path === '/institutions/') await typeSearch(page, '平桥区');
      const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(sizes.scroll, path).toBeLessThanOrEqual(sizes.client);
      if (screenshotDir && path === '/institutions/') await page.screenshot({ path: join(screenshotDir, 'search-375.png'), fullPage: true });
      if (screenshotDir && path.startsWith('/institutions/pingqiao-eagle/')) await page.screenshot({ path: join(screenshotDir, 'centre-revoked-375.png'), fullPage: true });
      if (screenshotDir && path.startsWith('/institutions/xinyang-swan/')) await page.screenshot({ path: join(screenshotDir, 'centre-375.png'), fullPage: true });
      if (screenshotDir && path.includes('%E9%87%91')) await page.screenshot({ path: join(screenshotDir, 'not-listed-375.png'), fullPage: true });
      await page.close();
    }
    await phone.close();
  });
});

describe('when a licence is revoked', () => {
  it('the next publish shows it revoked on the page, in the JSON search and in the search page', async () => {
    await changeStatus(db, {
      id: swan.id,
      change: { status: 'revoked', on: '2026-11-21', reason: '超出许可范围开展学科类培训', decisionNumber: '浉文广旅罚〔2026〕12号' },
      expectedVersion: swan.version,
      actor: testActor,
      now: new Date('2026-11-21T02:00:00Z'),
    });
    expect((await publishChanges({ db, store, publicOrigin: baseUrl, now: () => now })).published).toBe(1);

    const { page, problems } = await open(noScript, '/institutions/xinyang-swan/');
    expect(await page.locator('.status-panel .status-badge').textContent()).toBe('✕已吊销许可证');
    expect(await page.locator('.status-panel').textContent()).toContain('超出许可范围开展学科类培训');
    expectNoProblems(problems);
    await page.close();

    const answer = await (await fetch(`${baseUrl}/api/institutions?q=xtewd`)).json();
    expect(answer.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[swan.id, 'revoked']]);

    // A browser that has not searched before: answers may be cached for 15 s (CACHE.searchAnswer), and an
    // earlier test in this file searched for the same thing, so reusing its context would depend on timing.
    const fresh = await site.newContext();
    const { page: search } = await open(fresh, '/institutions/');
    await typeSearch(search, 'xtewd');
    await expect.poll(() => search.locator('.search-result .status-badge').textContent()).toBe('✕已吊销许可证');
    await fresh.close();
  });
});

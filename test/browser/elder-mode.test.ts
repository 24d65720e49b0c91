/**
 * Journey: an older parent switches to 长者模式 (elder-friendly mode) on a
 * 390×844 phone, with JavaScript and without it, and stays in it: larger
 * text, higher contrast, the sections as large buttons, every link leading
 * to the /elder/ copy of its page, whether the page is built (home,
 * notices), published (a centre's page) or rendered by the app per request
 * (search answers, the complaint form and its receipt, tracking, the fee
 * checker); and back. No cookie is set; axe-core finds nothing.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAbuseControls } from '../../functions/abuse/index.ts';
import { createInstitution } from '../../functions/data/institutions.ts';
import { publishNotices } from '../../functions/publish/notices.ts';
import { publishChanges } from '../../functions/publish/publisher.ts';
import { withElderPages } from '../../functions/storage/elder-pages.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { PHONE, useBrowserSite } from '../support/browser-site.ts';

const f = t.cases.form;
const CENTRE = { id: 'shihe-swan', name: '信阳市小天鹅舞蹈培训中心' };
const site = useBrowserSite({
  server: ({ db }) => ({ searchMaxAgeMs: 0, cases: { abuse: createAbuseControls({ db }) } }),
  // As `npm start` and the publisher's job in AWS: every published page also under /elder/.
  wrapStore: withElderPages,
});
const { open, expectNoProblems } = site;

let baseUrl: string;
let contexts: Record<'on' | 'off', BrowserContext>;

beforeAll(async () => {
  const { db, store } = site;
  baseUrl = site.baseUrl;
  await createInstitution(db, {
    id: CENTRE.id,
    fields: makeInstitutionFields({ name: CENTRE.name, category: 'arts', districtCode: '411502' }),
    status: 'approved',
    actor: testActor,
    now: new Date(),
  });
  await publishChanges({ db, store, publicOrigin: baseUrl });
  await publishNotices({ db, store, publicOrigin: baseUrl });
  contexts = { on: await site.newContext(PHONE), off: await site.newContext({ ...PHONE, javaScriptEnabled: false }) };
});

/**
 * What makes a page elder, as a person would notice it, and nothing that breaks it. Without
 * JavaScript the page's own scripting is off (Playwright cannot evaluate there either), so the
 * look and axe-core are checked on the same pages in the JavaScript run; the links and form
 * targets are checked in both.
 */
async function expectElder(page: Page, what: string, js: 'on' | 'off') {
  expect(await page.locator('html').getAttribute('class'), what).toContain('elder');
  const hrefs = await Promise.all((await page.locator('a[href^="/"]:not([data-mode-link])').all()).map((a) => a.getAttribute('href')));
  // Links to other pages of the site that would drop out of the mode.
  const leaks = hrefs.filter((href) => href && !href.startsWith('/elder/') && !/^\/(?:_astro|api|data)\/|\.[a-z]+$/.test(href));
  expect(leaks, `${what}: links out of the mode`).toEqual([]);
  const actions = await Promise.all((await page.locator('form').all()).map((form) => form.getAttribute('action')));
  for (const action of actions) expect(action ?? '', `${what}: form target`).toMatch(/^(\/elder\/|\/api\/|$)/);
  if (js === 'off') return;
  const look = await page.evaluate(() => ({
    rootFontPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
    textColour: getComputedStyle(document.body).color,
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(look.rootFontPx, `${what}: text 125 %`).toBe(20);
  expect(look.textColour, `${what}: black text`).toBe('rgb(0, 0, 0)');
  expect(look.scroll, `${what}: nothing scrolls sideways at 390 px`).toBeLessThanOrEqual(look.client);
  await site.expectNoAxeViolations(page, what);
}

describe.each(['off', 'on'] as const)('长者模式 on a 390×844 phone, JavaScript %s', (js) => {
  it('is one link away on every page, stays on through built, published and server-rendered pages, and back', async () => {
    const { page, problems } = await open(contexts[js], '/');
    expect(await page.locator('html').getAttribute('class')).toBeNull();
    await page.getByRole('link', { name: t.layout.elderMode }).click();
    await page.waitForURL(`${baseUrl}/elder/`);
    await expectElder(page, 'home', js);
    // The sections as large buttons: each at least 44 px high.
    const boxes = await Promise.all((await page.locator('.primary-nav__link').all()).map((a) => a.boundingBox()));
    expect(Math.min(...boxes.map((box) => box?.height ?? 0))).toBeGreaterThanOrEqual(44);

    // Search without a script: the app's answer page, in the mode; then the centre's published page.
    await page.goto('/elder/institutions/search/?q=小天鹅');
    await expectElder(page, 'search answer', js);
    await page.getByRole('link', { name: CENTRE.name }).first().click();
    await page.waitForURL(`${baseUrl}/elder/institutions/${CENTRE.id}/`);
    await expectElder(page, 'centre page', js);
    expect(await page.getByRole('link', { name: t.layout.standardMode }).getAttribute('href')).toBe(`/institutions/${CENTRE.id}/`);
    // Its follow form (functions/routes/follow-pages.ts), answered by the app in the mode.
    expect((await page.goto(`/elder/follow/?institution=${CENTRE.id}`))?.status(), 'the follow form in the mode').toBe(200);
    await expectElder(page, 'follow form', js);

    for (const path of ['/elder/notices/', '/elder/fees/check/', '/elder/track/', '/elder/refunds/new/']) {
      await page.goto(path);
      await expectElder(page, path, js);
    }

    // Back to the standard page of where they are.
    await page.goto('/elder/fees/');
    await page.getByRole('link', { name: t.layout.standardMode }).click();
    await page.waitForURL(`${baseUrl}/fees/`);
    expect(await page.locator('html').getAttribute('class')).toBeNull();
    expect(await contexts[js].cookies()).toEqual([]);
    expectNoProblems(problems);
    await page.close();
  }, 120_000);

  it('files a complaint and shows the receipt in the mode', async () => {
    const { page, problems } = await open(contexts[js], '/elder/complaints/new/');
    await expectElder(page, 'complaint form', js);
    await page.getByLabel(t.cases.kinds.false_advertising.label, { exact: true }).check();
    await page.getByLabel(f.institutionName).fill('浉河区某某教育咨询有限公司');
    await page.getByLabel(f.institutionAddress).fill('浉河区东方红大道88号3楼');
    await page.getByLabel(f.district).selectOption('411502');
    await page.getByLabel(f.description).fill('宣传单上写“保证提分30分”，还说不提分全额退费。');
    await page.getByLabel(f.consent).check();
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.case-receipt', { timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe('/elder/complaints/new/');
    await expectElder(page, 'receipt', js);
    expectNoProblems(problems);
    await page.close();
  }, 120_000);
});

describe('长者模式 with the search script', () => {
  it('answers in place and its result links stay in the mode', async () => {
    const { page, problems } = await open(contexts.on, '/elder/institutions/');
    await page.getByLabel(t.institution.search.query).fill('小天鹅');
    await expect.poll(() => page.url()).toContain('/elder/institutions/search/?q=');
    const link = page.locator('.search-result').getByRole('link', { name: CENTRE.name }).first();
    await expect.poll(() => link.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await link.getAttribute('href')).toBe(`/elder/institutions/${CENTRE.id}/`);
    expectNoProblems(problems);
  });
});

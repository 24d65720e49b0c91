/**
 * Journey: a parent is asked to pay 5,200 yuan for a dance course and
 * checks it. The real local server (the Hono app, the built site and the
 * published pages on one origin, with the production CSP), the guidance
 * page published by the notices publisher, and the checker's page answered
 * by the server; driven by Debian's Chromium with JavaScript off and on
 * (the form is a plain GET form: it works the same either way).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../functions/auth/totp.ts';
import type { Db } from '../../functions/data/client.ts';
import { createInstitution } from '../../functions/data/institutions.ts';
import { publishNotices } from '../../functions/publish/notices.ts';
import { publishChanges } from '../../functions/publish/publisher.ts';
import type { PublicStore } from '../../functions/storage/types.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { loadDemoNotices } from '../../scripts/demo/notices.ts';
import { findDemoStaff, seedDemoStaff } from '../../scripts/demo/staff.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { watchPage } from '../support/browser.ts';
import { useBrowserSite } from '../support/browser-site.ts';

const site = useBrowserSite();
const { open, expectNoProblems, expectNoAxeViolations } = site;
const f = t.fees;
const c = t.fees.check;

let db: Db;
let store: PublicStore;
let baseUrl: string;
let contexts: Record<'on' | 'off', BrowserContext>;

beforeAll(async () => {
  ({ db, store, baseUrl } = site);
  await createInstitution(db, {
    id: 'shihe-swan-dance',
    fields: makeInstitutionFields({ name: '浉河区小天鹅舞蹈培训中心', category: 'arts', districtCode: '411502' }),
    status: 'approved',
    actor: testActor,
    now: new Date(),
  });
  await publishChanges({ db, store, publicOrigin: baseUrl });
  await publishNotices({ db, store, publicOrigin: baseUrl });
  contexts = {
    on: await site.newContext(),
    off: await site.newContext({ javaScriptEnabled: false }),
  };
});

async function fillDanceCourse(page: Page) {
  await page.getByLabel(c.category).selectOption('arts');
  await page.getByLabel(c.district).selectOption('411502');
  await page.getByLabel(c.amount).fill('5200');
  await page.getByLabel(c.hours).fill('48');
  await page.getByLabel(c.months).fill('3');
  await page.getByLabel(c.paymentMethod).selectOption('supervised_account');
}

describe.each(['off', 'on'] as const)('checking a 5,200 yuan dance course, JavaScript %s', (js) => {
  it('goes from the guidance page to the checker, and learns why the charge breaks the limit and how to complain', async () => {
    const { page, problems } = await open(contexts[js], '/fees/');
    expect(await page.locator('h1').textContent()).toBe(t.nav.fees);
    expect(await page.locator('#in-force + p + .table-wrap').textContent()).toContain('一次收费不得超过5000元');
    await page.getByRole('link', { name: f.checkCta }).click();
    await page.waitForURL(`${baseUrl}/fees/check/`);
    expect(await page.locator('h1').textContent()).toBe(c.title);

    await fillDanceCourse(page);
    await page.getByRole('button', { name: c.submit }).click();
    await page.waitForURL(/\/fees\/check\/\?check=1/);
    expect(await page.locator('h1').textContent()).toBe(c.resultTitle);
    const result = page.getByRole('region', { name: c.breaksHeading(1) });
    expect(await result.locator('.fee-finding--breaks').count()).toBe(1);
    const breaking = result.locator('.fee-finding--breaks');
    expect(await breaking.locator('.status-badge').textContent()).toBe(`✕${c.breaks}`);
    expect(await breaking.textContent()).toContain('本次收费5200元，超过了一次最多5000元的上限（多200元）。');
    expect(await breaking.textContent()).toContain('教监管〔2022〕4号');
    expect(await breaking.textContent()).toContain('2022-12-28');
    expect(await result.locator('.fee-finding--ok').count()).toBeGreaterThan(2);
    const complain = result.getByRole('link', { name: c.complain });
    expect(await complain.getAttribute('href')).toBe('/complaints/new/?kind=fees&district=411502&category=arts&amount=5200&paymentMethod=supervised_account');
    expect(await page.locator('main').textContent()).toContain(c.nextBreaks[0]);
    // The form again, as the parent filled it, to try another charge.
    expect(await page.getByLabel(c.amount).inputValue()).toBe('5200');
    expectNoProblems(problems);
    await page.close();
  });

  it('explains what to fix when the form is incomplete, linking to each field', async () => {
    const { page, problems } = await open(contexts[js], '/fees/check/');
    await page.getByLabel(c.amount).fill('五千');
    await page.getByRole('button', { name: c.submit }).click();
    await page.waitForURL(/check=1/);
    expect(await page.locator('h1').textContent()).toBe(c.invalidTitle);
    const summary = page.getByRole('alert');
    // Only the category is required; the other fields may stay empty, but what is typed must make sense.
    expect(await summary.getByRole('link').allTextContents()).toEqual(['请选择培训类别', '请填写这次要交的金额，单位为元，例如 5200 或 4999.50']);
    await summary.getByRole('link', { name: '请选择培训类别' }).click();
    if (js === 'on') expect(await page.evaluate(() => document.activeElement?.id)).toBe('fee-category');
    expect(await page.getByLabel(c.amount).getAttribute('aria-invalid')).toBe('true');
    // Chromium logs the page's own 400 status as a console error.
    expectNoProblems(problems, { statuses: [400] });
    await page.close();
  });
});

describe.each(['off', 'on'] as const)('on a 390×844 phone, JavaScript %s: 5,200 yuan for a dance course and nothing else', (js) => {
  it('says it is over the 5,000 yuan limit, cites the rule, and says what else to enter, each linking to its field', async () => {
    const phone = await site.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: js === 'on' });
    const page = await phone.newPage();
    const problems = await watchPage(page);
    await page.goto('/fees/check/');
    await page.getByLabel(c.category).selectOption('arts');
    await page.getByLabel(c.amount).fill('5200');
    await page.getByRole('button', { name: c.submit }).click();
    await page.waitForURL(/\/fees\/check\/\?check=1/);
    expect(await page.locator('h1').textContent()).toBe(c.resultTitle);
    const result = page.getByRole('region', { name: c.breaksHeading(1) });
    const breaking = result.locator('.fee-finding--breaks');
    expect(await breaking.count()).toBe(1);
    expect(await breaking.textContent()).toContain('本次收费5200元，超过了一次最多5000元的上限（多200元）。');
    expect(await breaking.textContent()).toContain('教监管〔2022〕4号');
    const toEnter = result.getByRole('region', { name: c.toEnterHeading });
    const hours = toEnter.getByRole('link', { name: '输入课时数后可判断是否超过一次最多60课时的上限。' });
    expect(await toEnter.getByRole('link').count()).toBeGreaterThanOrEqual(4);
    await hours.click();
    await page.waitForURL(/#fee-hours$/);
    // The parent adds the hours to the same form and checks again.
    await page.getByLabel(c.hours).fill('64');
    await page.getByRole('button', { name: c.submit }).click();
    await page.waitForURL(/hours=64/);
    expect(await page.getByRole('region', { name: c.breaksHeading(2) }).locator('.fee-finding--breaks').count()).toBe(2);
    if (js === 'on') {
      // Measured and checked in the page, so only where it runs scripts (the same HTML either way).
      const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(sizes.scroll).toBeLessThanOrEqual(sizes.client);
      await expectNoAxeViolations(page);
    }
    expectNoProblems(problems);
    await phone.close();
  });
});

describe('from an institution’s page', () => {
  it('carries the institution into the form and into the complaint link', async () => {
    const { page, problems } = await open(contexts.off, '/institutions/shihe-swan-dance/');
    await page.getByRole('link', { name: c.fromInstitution }).click();
    await page.waitForURL(/\/fees\/check\/\?institutionId=shihe-swan-dance/);
    expect(await page.getByLabel(c.category).inputValue()).toBe('arts');
    expect(await page.getByLabel(c.district).inputValue()).toBe('411502');
    await page.getByLabel(c.amount).fill('3000');
    await page.getByLabel(c.hours).fill('30');
    await page.getByLabel(c.paymentMethod).selectOption('chat_app');
    await page.getByRole('button', { name: c.submit }).click();
    await page.waitForURL(/check=1/);
    const finding = page.locator('.fee-finding--breaks');
    expect(await finding.count()).toBe(1);
    expect(await finding.textContent()).toContain('体外循环');
    expect(await page.getByRole('link', { name: c.complain }).getAttribute('href')).toBe(
      '/complaints/new/?kind=fees&institution=shihe-swan-dance&district=411502&category=arts&amount=3000&paymentMethod=chat_app',
    );
    expectNoProblems(problems);
    await page.close();
  });
});

describe('accessibility and small screens', () => {
  const answered = '/fees/check/?check=1&category=arts&districtCode=411502&amount=5200&hours=48&months=3&paymentMethod=supervised_account';
  it.each([
    { path: '/fees/', status: 200 },
    { path: '/fees/check/', status: 200 },
    { path: answered, status: 200 },
    { path: '/fees/check/?check=1&category=arts&amount=5200', status: 200 },
    { path: '/fees/check/?check=1&category=sports&months=3', status: 200 },
    { path: '/fees/check/?check=1&amount=x', status: 400 },
  ])('$path has no accessibility violations (axe, WCAG 2.2 AA)', async ({ path, status }) => {
    const { page } = await open(contexts.on, path, status);
    expect(await page.locator('script').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('nothing scrolls sideways on a phone, 320 px wide', async () => {
    const phone = await site.newContext({ viewport: { width: 320, height: 740 }, isMobile: true });
    for (const path of ['/fees/', '/fees/check/', answered]) {
      const page = await phone.newPage();
      await page.goto(path);
      const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(sizes.scroll, path).toBeLessThanOrEqual(sizes.client);
      await page.close();
    }
    await phone.close();
  });
});

describe('a regulator publishes a new guidance price from a later date, in the console', () => {
  const inDays = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

  it('the checker applies the old price until that date and the new one from it', async () => {
    // The demo data: 学科类 guidance price 40 yuan + 10% (44 yuan) from 2025-09-01.
    await seedDemoStaff(db);
    await loadDemoNotices(db);
    const context = await site.newContext();
    const demo = findDemoStaff('city.publisher')!;
    const login = await context.request.post('/api/auth/login', { headers: { origin: baseUrl }, data: { username: 'city.publisher', password: demo.password } });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const totp = await context.request.post('/api/auth/totp', { headers: { origin: baseUrl, 'x-csrf-token': csrfToken }, data: { code: totpCode(demo.totpSecret!, new Date()) } });
    expect(totp.status()).toBe(200);

    const page = await context.newPage();
    const problems = await watchPage(page);
    await page.goto('/admin/notices/fee-guidance/');
    await page.locator('#guidance-console').waitFor({ state: 'visible' });
    const g = t.fees.console;
    const effective = inDays(30);
    await page.getByLabel(g.titleField).fill('学科类校外培训政府指导价（调整）');
    await page.getByLabel(g.document).fill('测试：价格调整通知');
    await page.getByLabel(g.effectiveFrom, { exact: true }).fill(effective);
    await page.getByLabel(g.basePrice).fill('50');
    await page.getByRole('button', { name: g.submit }).click();
    await expect.poll(() => page.locator('#guidance-message').textContent()).toBe(g.published);
    expect(await page.locator('#guidance-rows').textContent()).toContain('测试：价格调整通知');
    await expectNoAxeViolations(page);
    expectNoProblems(problems);
    await context.close();

    const check = async (date: string) => {
      const { page: result } = await open(
        contexts.off,
        `/fees/check/?check=1&category=academic&districtCode=411502&amount=900&hours=20&pricePerLesson=45&paymentMethod=supervised_account&date=${date}`,
      );
      const text = (await result.locator('.fee-result').textContent()) ?? '';
      await result.close();
      return text;
    };
    const today = await check(inDays(0));
    expect(today).toContain('政府指导价基准价每课时40元，最多上浮10%，即每课时不超过44元，本次每课时高出1元。');
    expect(await check(inDays(29))).toContain('每课时不超过44元');
    const then = await check(effective);
    expect(then).toContain('政府指导价基准价每课时50元，最多上浮10%，即每课时不超过55元，未超过。');
    expect(then).toContain('测试：价格调整通知');
  });
});

/**
 * Journey: a regulator publishes a safety notice, and parents see it on the
 * site within a minute, without a rebuild. The real local server (the Hono
 * app, the built site and the published files on one origin, with the
 * production CSP) and the notices publisher running every 3 s as `npm start`
 * runs it; the staff side through the API (as the admin UI would call it);
 * the parent side in Debian's Chromium, with JavaScript on and off.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/app.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { totpCode } from '../../functions/auth/totp.ts';
import type { Db } from '../../functions/data/client.ts';
import { createInstitution } from '../../functions/data/institutions.ts';
import { publishNotices } from '../../functions/publish/notices.ts';
import { publishChanges } from '../../functions/publish/publisher.ts';
import type { PublicStore } from '../../functions/storage/types.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { findDemoStaff } from '../../scripts/demo/staff.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { watchPage } from '../support/browser.ts';
import { useBrowserSite } from '../support/browser-site.ts';

const site = useBrowserSite({ staff: true, server: { searchMaxAgeMs: 0 } });
const { open, expectNoProblems, expectNoAxeViolations } = site;
const n = t.notices;
const TITLE = '舞蹈培训防受伤安全提醒';

let db: Db;
let store: PublicStore;
let baseUrl: string;
let withScript: BrowserContext;
let noScript: BrowserContext;
let loop: ReturnType<typeof setInterval> | undefined;
/** The publisher's run in flight, if any. */
let running: Promise<unknown> | undefined;
let approvedAt = 0;
let seenAt = 0;

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
  // What `npm start` does: the publisher every 3 s.
  loop = setInterval(() => {
    running ??= publishNotices({ db, store, publicOrigin: baseUrl }).finally(() => (running = undefined));
  }, 3000);

  withScript = await site.newContext();
  noScript = await site.newContext({ javaScriptEnabled: false });
});

afterAll(async () => {
  // Before the helper's teardown (after-hooks run last-registered first): the publisher stops, and its
  // run in flight ends, before the server stops and the published files are removed.
  if (loop) clearInterval(loop);
  await running;
});

describe('a regulator publishes, a second one approves', () => {
  it('drafts Markdown with a script and an image, asks to publish, and has city.approver approve it', async () => {
    // The staff API on the same table and store, as the admin pages would call it.
    const api = createApp({ db, store });
    const publisher = new StaffBrowser(api);
    const approver = new StaffBrowser(api);
    await publisher.signIn('city.publisher');
    await approver.signIn('city.approver');

    const draft = await publisher.post('/api/admin/notices', {
      slug: 'dance-injury-2026',
      content: {
        title: TITLE,
        summary: '下腰、劈叉等高难度动作，要在专业教师保护下循序渐进。',
        topic: 'sports_dance',
        districtCodes: ['411502'],
        categories: ['arts', 'sports'],
        bodyMarkdown: '## 选课前\n\n<script>document.title = "hacked"</script>先了解孩子的身体状况。\n\n![安全出口](/notices/media/fire-exit.svg)',
        pinned: true,
      },
    });
    expect(draft.status).toBe(201);
    const preview = (await draft.json()).previewHtml as string;
    expect(preview).not.toContain('script');
    expect(preview).toContain('<img src="/notices/media/fire-exit.svg" alt="安全出口" />');

    expect((await publisher.post('/api/admin/notices/dance-injury-2026/publish', { expectedVersion: 1 })).status).toBe(202);
    const approved = await approver.post('/api/admin/notices/dance-injury-2026/approve', { expectedVersion: 2 });
    expect(approved.status).toBe(200);
    approvedAt = Date.now();
  });

  it('is on the home page within a minute, with no rebuild', async () => {
    await expect
      .poll(async () => (await (await fetch(`${baseUrl}/`)).text()).includes(TITLE), { timeout: 60_000, interval: 500 })
      .toBe(true);
    seenAt = Date.now();
    console.log(`notice public ${((seenAt - approvedAt) / 1000).toFixed(1)} s after approval`);
    expect(seenAt - approvedAt).toBeLessThan(60_000);
  });
});

describe('a parent reads it, with JavaScript off', () => {
  it('finds it pinned on the home page and opens it: the image loads, no script runs', async () => {
    const { page, problems } = await open(noScript, '/');
    const section = page.getByRole('region', { name: t.nav.notices });
    expect(await section.locator('.tag').first().textContent()).toBe(n.pinned);
    const image = page.waitForResponse((r) => r.url().endsWith('/notices/media/fire-exit.svg'));
    await section.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`${baseUrl}/notices/dance-injury-2026/`);
    expect(await page.locator('h1').textContent()).toBe(TITLE);
    expect((await image).status()).toBe(200);
    expect(await page.getByRole('img', { name: '安全出口' }).getAttribute('src')).toBe('/notices/media/fire-exit.svg');
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('先了解孩子的身体状况。');
    expect(await page.locator('main').textContent()).toContain('浉河区');
    expectNoProblems(problems);
    await page.close();
  });

  it('narrows the list by district, then by topic, with plain links', async () => {
    const { page, problems } = await open(noScript, '/notices/');
    expect(await page.locator('h1').textContent()).toBe(t.nav.notices);
    expect(await page.getByRole('link', { name: TITLE }).count()).toBe(1);
    const filters = page.getByRole('navigation', { name: n.filterHeading });
    await filters.getByRole('link', { name: '平桥区' }).click();
    await page.waitForURL(`${baseUrl}/notices/districts/411503/`);
    expect(await page.getByRole('link', { name: TITLE }).count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain(n.noneHere);
    await filters.getByRole('link', { name: '浉河区' }).click();
    await page.waitForURL(`${baseUrl}/notices/districts/411502/`);
    await filters.getByRole('link', { name: '体育与舞蹈安全' }).click();
    await page.waitForURL(`${baseUrl}/notices/districts/411502/topics/sports_dance/`);
    expect(await page.getByRole('link', { name: TITLE }).count()).toBe(1);
    expect(await filters.locator('[aria-current="page"]').allTextContents()).toEqual(['体育与舞蹈安全', '浉河区']);
    await filters.getByRole('link', { name: '消防安全' }).click();
    await page.waitForURL(`${baseUrl}/notices/districts/411502/topics/fire/`);
    expect(await page.getByRole('link', { name: TITLE }).count()).toBe(0);
    expectNoProblems(problems);
    await page.close();
  });

  it('reaches it from a dance centre’s page in that district', async () => {
    const { page, problems } = await open(noScript, '/institutions/shihe-swan-dance/');
    // Without a script the notices region stays empty; the link leads to the list.
    expect(await page.locator('[data-institution-notices]').textContent()).toBe('');
    await page.getByRole('link', { name: n.forInstitutionLink('浉河区', '文化艺术类') }).click();
    await page.waitForURL(`${baseUrl}/notices/districts/411502/categories/arts/`);
    expect(await page.locator('h1').textContent()).toBe(n.institutionTitle('浉河区', '文化艺术类'));
    expect(await page.getByRole('link', { name: TITLE }).count()).toBe(1);
    expectNoProblems(problems);
    await page.close();
  });

  it('offers Atom feeds, for all notices and for the topic', async () => {
    const all = await fetch(`${baseUrl}/notices/feed.xml`);
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await all.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(xml).toContain(`<title>${TITLE}</title>`);
    expect(xml).toContain(`<id>${baseUrl}/notices/dance-injury-2026/</id>`);
    expect(xml).not.toContain('<script');
    expect(await (await fetch(`${baseUrl}/notices/topics/sports_dance/feed.xml`)).text()).toContain(TITLE);
    expect(await (await fetch(`${baseUrl}/notices/topics/fire/feed.xml`)).text()).not.toContain('<entry>');
    const { page } = await open(noScript, '/notices/topics/sports_dance/');
    expect(await page.getByRole('link', { name: n.topicFeed('体育与舞蹈安全') }).getAttribute('href')).toBe('/notices/topics/sports_dance/feed.xml');
    await page.close();
  });
});

describe('with JavaScript on', () => {
  it('the same pages work and load no script of their own', async () => {
    for (const path of ['/', '/notices/', '/notices/dance-injury-2026/']) {
      const { page, problems } = await open(withScript, path);
      expect(await page.locator('script').count(), path).toBe(0);
      expect(await page.title(), path).not.toBe('hacked');
      expect(await page.locator('main').textContent()).toContain(TITLE);
      expectNoProblems(problems);
      await page.close();
    }
  });

  it('a dance centre’s page shows the notices for its district and category on a 390×844 phone, without being published again', async () => {
    // The centre's page was published before the notice: its HTML does not hold it; the page loads the list file.
    expect(await (await fetch(`${baseUrl}/institutions/shihe-swan-dance/`)).text()).not.toContain(TITLE);
    const phone = await site.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    const problems = await watchPage(page);
    await page.goto('/institutions/shihe-swan-dance/');
    const region = page.locator('[data-institution-notices]');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    await region.getByRole('link', { name: TITLE }).waitFor();
    expect(await region.getByRole('link', { name: TITLE }).getAttribute('href')).toBe('/notices/dance-injury-2026/');
    expect(await region.textContent()).toContain(n.pinned);
    expect(await page.getByRole('link', { name: n.forInstitutionLink('浉河区', '文化艺术类') }).getAttribute('href')).toBe('/notices/districts/411502/categories/arts/');
    await expectNoAxeViolations(page);
    expectNoProblems(problems);
    await phone.close();
  });

  it.each(['/', '/notices/', '/notices/dance-injury-2026/', '/notices/districts/411502/topics/sports_dance/', '/notices/districts/411502/categories/arts/'])(
    '%s has no accessibility violations (axe, WCAG 2.2 AA)',
    async (path) => {
      const { page } = await open(withScript, path);
      await expectNoAxeViolations(page);
      await page.close();
    },
  );

  it('nothing scrolls sideways on a phone, 320 px wide', async () => {
    const phone = await site.newContext({ viewport: { width: 320, height: 740 }, isMobile: true });
    for (const path of ['/', '/notices/', '/notices/dance-injury-2026/', '/notices/districts/411502/']) {
      const page = await phone.newPage();
      await page.goto(path);
      const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(sizes.scroll, path).toBeLessThanOrEqual(sizes.client);
      await page.close();
    }
    await phone.close();
  });
});

describe('the staff console: /admin/notices/', () => {
  /** A browser context signed in through the API (the console's sign-in page is the admin UI's), with a TOTP code of a later step than any used. */
  async function signedIn(username: string): Promise<BrowserContext> {
    const context = await site.newContext();
    const demo = findDemoStaff(username)!;
    const login = await context.request.post('/api/auth/login', { headers: { origin: baseUrl }, data: { username, password: demo.password } });
    expect(login.status()).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const totp = await context.request.post('/api/auth/totp', {
      headers: { origin: baseUrl, 'x-csrf-token': csrfToken },
      data: { code: totpCode(demo.totpSecret!, new Date(Date.now() + 30_000)) },
    });
    expect(totp.status(), await totp.text()).toBe(200);
    return context;
  }

  it('a publisher drafts with a script and an image, previews, asks for approval; another publisher approves; it goes public', async () => {
    const publisher = await signedIn('city.publisher');
    const page = await publisher.newPage();
    const problems = await watchPage(page);
    await page.goto('/admin/notices/edit/');
    await page.locator('#notice-editor').waitFor();
    const c = n.console;
    await page.getByLabel(c.fields.slug).fill('console-fire-drill');
    await page.getByLabel(c.fields.title).fill('消防演练通知：请配合培训机构疏散演练');
    await page.getByLabel(c.fields.summary).fill('本月各培训机构将组织消防疏散演练，请家长提醒孩子听从老师指挥。');
    await page.getByLabel(c.fields.topic).selectOption('fire');
    await page.getByLabel('浉河区').check();
    await page.getByLabel(c.fields.body).fill('## 演练安排\n\n<script>alert(1)</script>听到警报后有序撤离。\n\n![安全出口](/notices/media/fire-exit.svg)');
    await page.getByRole('button', { name: c.preview }).click();
    const preview = page.locator('#notice-preview-body');
    await expect.poll(() => preview.locator('img').getAttribute('src')).toBe('/notices/media/fire-exit.svg');
    expect(await preview.innerHTML()).not.toContain('script');
    await page.getByRole('button', { name: c.save }).click();
    await expect.poll(() => page.locator('#notice-message').textContent()).toBe(c.saved);
    expect(page.url()).toContain('?slug=console-fire-drill');
    await page.getByRole('button', { name: c.requestApproval }).click();
    await expect.poll(() => page.locator('#notice-message').textContent()).toBe(c.requested);
    expect(await page.getByRole('button', { name: c.approve }).isHidden()).toBe(true); // not one's own request
    await expectNoAxeViolations(page);
    expectNoProblems(problems);
    await publisher.close();

    const approver = await signedIn('city.approver');
    const review = await approver.newPage();
    await review.goto('/admin/notices/edit/?slug=console-fire-drill');
    await review.locator('#notice-editor').waitFor();
    await review.getByRole('button', { name: c.approve }).click();
    await expect.poll(() => review.locator('#notice-message').textContent()).toBe(c.published);
    expect(await review.locator('#notice-history-list li').first().textContent()).toContain('审核：市教育体育局审核员（演示）');
    await approver.close();

    await expect
      .poll(async () => (await (await fetch(`${baseUrl}/notices/`)).text()).includes('消防演练通知'), { timeout: 60_000, interval: 500 })
      .toBe(true);
    const html = await (await fetch(`${baseUrl}/notices/console-fire-drill/`)).text();
    expect(html).toContain('<img src="/notices/media/fire-exit.svg" alt="安全出口" />');
    expect(html).not.toContain('alert(1)');
  });
});

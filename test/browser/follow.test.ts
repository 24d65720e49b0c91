/**
 * Issue 14, item 6, in Chromium on a 390×844 phone, with JavaScript on and
 * off, on the real local server: a centre page links its Atom feeds (served
 * as application/atom+xml) and carries the follow form; the code from the
 * local outbox confirms it; a status change sends a message whose link
 * unsubscribes. axe-core finds nothing on any page of the journey.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { authSettings } from '../../functions/auth/settings.ts';
import { caseServices } from '../../functions/cases/services.ts';
import { changeStatus, createInstitution, type CreateInstitution } from '../../functions/data/institutions.ts';
import { sendFollowMessages } from '../../functions/follow/sender.ts';
import { createOutboxNotifier, readOutbox } from '../../functions/notify/outbox.ts';
import { publishNotices } from '../../functions/publish/notices.ts';
import { publishChanges } from '../../functions/publish/publisher.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { PHONE, useBrowserSite } from '../support/browser-site.ts';

const s = t.subscriptions;
const outboxOf = (dir: string) => join(dir, 'outbox.jsonl');
const site = useBrowserSite({
  server: ({ dir }) => ({ outboxFile: outboxOf(dir), cases: { notifier: createOutboxNotifier(outboxOf(dir)) } }),
});

let outboxFile: string;
const contexts: Record<'js' | 'nojs', BrowserContext> = {} as never;

beforeAll(async () => {
  outboxFile = outboxOf(site.dir);
  contexts.js = await site.newContext(PHONE);
  contexts.nojs = await site.newContext({ ...PHONE, javaScriptEnabled: false });
});

/** axe needs JavaScript: with it off the same markup is served, and checked in the run with it on. */
const expectNoAxe = async (page: Page, where: string, mode: 'js' | 'nojs') => {
  if (mode === 'nojs') return;
  await site.expectNoAxeViolations(page, where);
};

async function listAndPublish(id: string, name: string) {
  const { db, store, baseUrl } = site;
  const input: CreateInstitution = { id, fields: makeInstitutionFields({ name }), status: 'approved', actor: testActor, now: new Date() };
  const inst = await createInstitution(db, input);
  await publishChanges({ db, store, publicOrigin: baseUrl });
  // The centre page loads its district's notices list (written by the notices publisher).
  await publishNotices({ db, store, publicOrigin: baseUrl });
  return inst;
}

const lastCode = async (mobile: string) => {
  const lines = (await readOutbox(outboxFile)).filter((l) => l.to === mobile && l.template === 'follow_code');
  return (lines.at(-1)?.params as { code: string } | undefined)?.code;
};

for (const mode of ['nojs', 'js'] as const) {
  describe(`following a centre on a phone, JavaScript ${mode === 'js' ? 'on' : 'off'}`, () => {
    it('links the feeds, follows with the texted code, and unsubscribes by the link in the status message', async () => {
      const id = `follow-${mode}`;
      const mobile = mode === 'js' ? '13811112001' : '13811112002';
      const inst = await listAndPublish(id, `信阳市关注浏览器测试${mode === 'js' ? '舞蹈' : '美术'}培训中心`);
      const { page, problems, response: opened } = await site.open(contexts[mode], `/institutions/${id}/`);
      expect(await opened.text()).toContain(s.heading);
      await expect.poll(() => page.getByRole('heading', { name: s.heading }).isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await page.locator('head link[rel="alternate"][type="application/atom+xml"]').count()).toBe(2);
      const centreFeed = page.getByRole('link', { name: s.centreFeed(inst.name) });
      expect(await centreFeed.getAttribute('href')).toBe(`/institutions/${id}/feed.xml`);
      await expectNoAxe(page, 'centre page', mode);
      const feed = await page.request.get(`/institutions/${id}/feed.xml`);
      expect(feed.status()).toBe(200);
      expect(feed.headers()['content-type']).toMatch(/^application\/atom\+xml/);
      expect(await feed.text()).toContain(inst.name);
      const district = await page.request.get('/institutions/districts/411502/feed.xml');
      expect(district.headers()['content-type']).toMatch(/^application\/atom\+xml/);

      await page.getByLabel(s.mobile).fill(mobile);
      await page.getByRole('button', { name: s.send }).click();
      await expect.poll(() => page.getByLabel(s.code).isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await page.getByText(s.sent).isVisible()).toBe(true);
      await expectNoAxe(page, 'code page', mode);

      await expect.poll(() => lastCode(mobile), { timeout: 15_000 }).toMatch(/^\d{6}$/);
      await page.getByLabel(s.code).fill((await lastCode(mobile))!);
      await page.getByRole('button', { name: s.confirm }).click();
      await expect.poll(() => page.getByRole('heading', { name: s.doneTitle }).isVisible(), { timeout: 15_000 }).toBe(true);
      await expectNoAxe(page, 'followed page', mode);

      await changeStatus(site.db, { id, change: { status: 'rectification', on: '2026-11-20', reason: '消防检查不合格' }, expectedVersion: inst.version, actor: testActor, now: new Date() });
      await sendFollowMessages({ db: site.db, notifier: createOutboxNotifier(outboxFile), keys: caseServices().keys, secret: () => authSettings.secret, publicOrigin: site.baseUrl });
      const message = (await readOutbox(outboxFile)).find((l) => l.to === mobile && l.template === 'follow_status_changed');
      expect(message?.text).toContain('停业整改');
      const link = (message!.params as { link: string }).link;

      await page.goto(link);
      await expect.poll(() => page.getByRole('button', { name: s.stopButton }).isVisible(), { timeout: 15_000 }).toBe(true);
      await expectNoAxe(page, 'unsubscribe page', mode);
      await page.getByRole('button', { name: s.stopButton }).click();
      await expect.poll(() => page.getByRole('heading', { name: s.stoppedTitle }).isVisible(), { timeout: 15_000 }).toBe(true);
      await expectNoAxe(page, 'unsubscribed page', mode);
      // No horizontal scrolling on the phone (measured by a script: with JavaScript on).
      if (mode === 'js') expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      site.expectNoProblems(problems);
    }, 120_000);
  });
}

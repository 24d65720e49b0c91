/**
 * Issue 14, item 6, in Chromium on a 390×844 phone, with JavaScript on and
 * off, on the real local server: a centre page links its Atom feeds (served
 * as application/atom+xml) and carries the follow form; the code from the
 * local outbox confirms it; a status change sends a message whose link
 * unsubscribes. axe-core finds nothing on any page of the journey.
 */
import type { ServerType } from '@hono/node-server';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authSettings } from '../../functions/auth/settings.ts';
import { caseServices } from '../../functions/cases/services.ts';
import type { Db } from '../../functions/data/client.ts';
import { changeStatus, createInstitution, type CreateInstitution } from '../../functions/data/institutions.ts';
import { sendFollowMessages } from '../../functions/follow/sender.ts';
import { createOutboxNotifier, readOutbox } from '../../functions/notify/outbox.ts';
import { publishNotices } from '../../functions/publish/notices.ts';
import { publishChanges } from '../../functions/publish/publisher.ts';
import { startLocalServer } from '../../functions/server.ts';
import { createFsStore } from '../../functions/storage/fs-store.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { axeViolations, formatViolations, launchBrowser, watchPage } from '../support/browser.ts';
import { createTestDb } from '../support/db.ts';

const s = t.subscriptions;
const siteDir = inject('siteDir');

let db: Db;
let dir: string;
let outboxFile: string;
let server: ServerType;
let browser: Browser;
let baseURL: string;
const contexts: Record<'js' | 'nojs', BrowserContext> = {} as never;

beforeAll(async () => {
  db = await createTestDb();
  dir = await mkdtemp(join(tmpdir(), 'shouhu-follow-browser-'));
  outboxFile = join(dir, 'outbox.jsonl');
  const store = createFsStore(join(dir, 'public'), [siteDir]);
  const notifier = createOutboxNotifier(outboxFile);
  [server, browser] = await Promise.all([
    startLocalServer({ db, store, siteDir, publishedDir: join(dir, 'public'), port: 0, outboxFile, cases: { notifier } }),
    launchBrowser(),
  ]);
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const size = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', baseURL };
  contexts.js = await browser.newContext(size);
  contexts.nojs = await browser.newContext({ ...size, javaScriptEnabled: false });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** axe needs JavaScript: with it off the same markup is served, and checked in the run with it on. */
const expectNoAxe = async (page: Page, where: string, mode: 'js' | 'nojs') => {
  if (mode === 'nojs') return;
  const violations = await axeViolations(page);
  expect(violations, `${where}: ${formatViolations(violations)}`).toEqual([]);
};

async function listAndPublish(id: string, name: string) {
  const input: CreateInstitution = { id, fields: makeInstitutionFields({ name }), status: 'approved', actor: testActor, now: new Date() };
  const inst = await createInstitution(db, input);
  const store = createFsStore(join(dir, 'public'), [siteDir]);
  await publishChanges({ db, store, publicOrigin: baseURL });
  // The centre page loads its district's notices list (written by the notices publisher).
  await publishNotices({ db, store, publicOrigin: baseURL });
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
      const page = await contexts[mode].newPage();
      const problems = await watchPage(page);

      const opened = await page.goto(`/institutions/${id}/`);
      expect(opened?.status()).toBe(200);
      expect(await opened?.text()).toContain(s.heading);
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

      await changeStatus(db, { id, change: { status: 'rectification', on: '2026-11-20', reason: '消防检查不合格' }, expectedVersion: inst.version, actor: testActor, now: new Date() });
      await sendFollowMessages({ db, notifier: createOutboxNotifier(outboxFile), keys: caseServices().keys, secret: () => authSettings.secret, publicOrigin: baseURL });
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
      expect(problems.errors).toEqual([]);
      expect(problems.cspViolations).toEqual([]);
    }, 120_000);
  });
}

/**
 * Issue 14, items 3 and 4, in Chromium on a phone-sized screen, on the real
 * local server: the 办理进展短信通知我 box appears beside a mobile number;
 * the receipt can be printed, copied and downloaded as an image with
 * JavaScript, and its image is there without; the message the case
 * produced shows on the local outbox page (the local server only).
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseServices } from '../../functions/cases/services.ts';
import type { Db } from '../../functions/data/client.ts';
import { createOutboxNotifier } from '../../functions/notify/outbox.ts';
import { sendDueMessages } from '../../functions/notify/sender.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { watchPage } from '../support/browser.ts';
import { useBrowserSite } from '../support/browser-site.ts';

const f = t.cases.form;
const k = t.receiptKeep;
const site = useBrowserSite({ server: ({ dir }) => ({ outboxFile: join(dir, 'outbox.jsonl') }) });

let db: Db;
let outboxFile: string;
let phone: BrowserContext;
let phoneNoScript: BrowserContext;

beforeAll(async () => {
  db = site.db;
  outboxFile = join(site.dir, 'outbox.jsonl');
  const size = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  phone = await site.newContext({ ...size, acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
  phoneNoScript = await site.newContext({ ...size, javaScriptEnabled: false });
});

async function fileComplaint(page: Page) {
  await page.goto('/complaints/new/?kind=fees');
  await page.getByLabel(f.institutionName).fill('浉河区某某教育咨询有限公司');
  await page.getByLabel(f.institutionAddress).fill('浉河区东方红大道88号3楼');
  await page.getByLabel(f.district).selectOption('411502');
  await page.getByLabel(f.description).fill('机构要求一次性缴纳一年的学费共9600元，并让我们转账到老师的个人微信。');
  await page.getByLabel(f.contactName).fill('王女士');
}

const expectNoAxe = site.expectNoAxeViolations;

describe('with JavaScript, on a phone', () => {
  it('shows the message box once a mobile is typed; the receipt copies, downloads its image, and the message reaches the outbox page', async () => {
    const page = await phone.newPage();
    const problems = await watchPage(page);
    await fileComplaint(page);
    const notify = page.getByLabel(t.notify.consent);
    expect(await notify.isVisible()).toBe(false);
    await page.getByLabel(f.contactMobile).fill('13812345678');
    await expect.poll(() => notify.isVisible()).toBe(true);
    await notify.check();
    await page.getByLabel(f.consent).check();
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.case-receipt', { timeout: 60_000 });
    const [caseNumber, accessCode] = await page.locator('.case-receipt__number').evaluateAll((els) =>
      els.map((el) => Array.from(el.querySelectorAll('.case-receipt__group'), (g) => g.textContent).join('-')),
    );

    // Copy: the clipboard holds both, and the page says so.
    await page.getByRole('button', { name: k.copy }).click();
    await expect.poll(() => page.locator('[data-receipt-status]').textContent()).toBe(k.copied);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(caseNumber!);
    expect(copied).toContain(accessCode!);

    // Download: an SVG file with the number and the code, made in the page.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: k.download }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(k.fileName(caseNumber!));
    const svg = await site.readDownload(file);
    expect(svg).toContain(`>${caseNumber}<`);
    expect(svg).toContain(`>${accessCode}<`);
    expect(await page.getByRole('button', { name: k.print }).isVisible()).toBe(true);
    await expectNoAxe(page);
    expect(problems.cspViolations).toEqual([]);
    expect(problems.errors).toEqual([]);

    // The sender runs (as npm start's loop does): the outbox page shows the message, without the code or the name.
    const report = await sendDueMessages({ db, notifier: createOutboxNotifier(outboxFile), keys: caseServices().keys, trackLink: 'http://localhost:4321/track/' });
    expect(report.sent).toBe(1);
    await page.goto('/dev/outbox/');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(caseNumber!);
    expect(text).toContain('13812345678');
    expect(text).not.toContain(accessCode!);
    expect(text).not.toContain('王女士');
    await expectNoAxe(page);
    await page.close();
  });
});

describe('recovering a lost access code, on a phone', () => {
  it('asks for the number and the mobile, then the code; both pages pass axe', async () => {
    const page = await phone.newPage();
    const problems = await watchPage(page);
    await page.goto('/track/');
    await page.getByRole('link', { name: t.recovery.link }).click();
    await page.waitForURL(/\/track\/recover\/$/);
    await expectNoAxe(page);
    await page.getByLabel(t.recovery.caseNumber).fill('2611-0000-0000-7');
    await page.getByLabel(t.recovery.mobile).fill('13800000000');
    await page.getByRole('button', { name: t.recovery.send }).click();
    await page.waitForSelector('input[name="code"]');
    expect(await page.locator('main').textContent()).toContain(t.recovery.sent);
    await expectNoAxe(page);
    expect(problems.cspViolations).toEqual([]);
    await page.close();
  });
});

describe('without JavaScript, on a phone', () => {
  it('shows the receipt image, and no buttons that need the script', { timeout: 60_000 }, async () => {
    const page = await phoneNoScript.newPage();
    await fileComplaint(page);
    await page.getByLabel(f.contactMobile).fill('13812345679');
    await page.getByLabel(t.notify.consent).check();
    await page.getByLabel(f.consent).check();
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.case-receipt, .error-summary');
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.locator('[data-receipt-card] svg').isVisible()).toBe(true);
    expect(await page.locator('[data-receipt-card] svg').getAttribute('role')).toBe('img');
    expect(await page.getByRole('button', { name: k.copy }).count()).toBe(0);
    // (axe needs JavaScript: the same markup is checked with it above.)
    await page.close();
  });
});

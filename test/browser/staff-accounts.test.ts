/**
 * Journey: a regulator runs its own accounts. The real local server (app,
 * built site, production CSP) on a fresh table with the demo staff; Debian's
 * Chromium.
 *
 * `admin` creates an inspector of 浉河区 (editor and supervisor, so TOTP is
 * required) at /admin/accounts/ and is shown the set-up link once; the
 * inspector opens it, sets a password, scans (reads) the secret, confirms a
 * code, gets 10 recovery codes, signs in with one of them ("使用恢复码登录" on
 * the two-step page), signs out, is refused the same recovery code a second
 * time, signs in with a later TOTP code, accepts a 浉河区 case in the queue
 * and opens their own sessions; `admin` disables the account and the
 * inspector's open session stops working at once. axe-core: 0 violations
 * on the new pages and on the two-step step with the recovery field open.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOTP_PERIOD_SECONDS, totpCode, totpStep } from '../../functions/auth/totp.ts';
import { allowAll } from '../../functions/cases/abuse.ts';
import { submitCase } from '../../functions/cases/intake.ts';
import { caseServices } from '../../functions/cases/services.ts';
import { findDemoStaff } from '../../scripts/demo/staff.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { ComplaintInput } from '../../shared/schemas/cases.ts';
import { makeComplaint } from '../builders/cases.ts';
import { useBrowserSite } from '../support/browser-site.ts';

const a = t.admin;
const c = t.accounts.console;
const s = t.accounts.setup;
const triage = t.triage;
const PASSWORD = '浉河边的茶园到了春天最好看';

const site = useBrowserSite({ staff: true, server: { searchMaxAgeMs: 0 } });
const { expectNoAxeViolations } = site;
/** A fee complaint about a 浉河区 centre: in the queue of 浉河区教育体育局, the inspector's department. */
let shiheCase: string;

beforeAll(async () => {
  const db = site.db;
  const input = ComplaintInput.parse(makeComplaint());
  const { receipt } = await submitCase(db, caseServices({ abuse: allowAll }), { type: 'complaint', input }, {
    idempotencyKey: randomUUID(),
    request: { clientKey: 'browser-test', headers: new Headers(), rawBody: input },
    now: new Date(),
  });
  shiheCase = receipt.caseNumber;
});

/** Step 1 at /admin/: username and password; waits for step 2 (two-step verification) when `twoStep`. */
async function passwordStep(page: Page, username: string, password: string, twoStep: boolean) {
  await page.goto('/admin/');
  await page.getByLabel(a.signIn.username).fill(username);
  await page.getByLabel(a.signIn.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: a.signIn.submit, exact: true }).click();
  if (twoStep) await page.getByRole('heading', { level: 1, name: a.signIn.totpTitle }).waitFor();
}

async function totpStepWith(page: Page, secret: string, at: Date) {
  await page.getByLabel(a.signIn.code).fill(totpCode(secret, at));
  await page.getByRole('button', { name: a.signIn.totpSubmit }).click();
}

/** Step 2 with a recovery code: opens "使用恢复码登录" and sends the code. */
async function recoveryStepWith(page: Page, code: string) {
  const summary = page.locator('#recovery summary');
  if ((await page.locator('#recovery').getAttribute('open')) === null) await summary.click();
  await page.getByLabel(a.signIn.recoveryCode, { exact: true }).fill(code);
  await page.getByRole('button', { name: a.signIn.recoverySubmit }).click();
}

const dashboardShown = (page: Page) => page.getByRole('heading', { level: 1, name: a.dashboard.title }).waitFor();

async function signIn(page: Page, username: string, password: string, secret?: string, at: Date = new Date()) {
  await passwordStep(page, username, password, secret !== undefined);
  if (secret) await totpStepWith(page, secret, at);
  await dashboardShown(page);
}

/**
 * A moment whose code is of a later step than `step`, without waiting for
 * the clock: now once the clock has passed `step`, else the first moment of
 * the next step, one step ahead, which the server accepts as clock drift
 * (functions/auth/totp.ts verifyTotp).
 */
function laterStep(step: number): Date {
  return new Date(Math.max(Date.now(), (step + 1) * TOTP_PERIOD_SECONDS * 1000));
}

describe('an administrator adds an inspector, who sets up and signs in; disabling stops them at once', () => {
  let adminContext: BrowserContext;
  let inspector: BrowserContext;
  let setupUrl: string;

  it('creates the account and shows the set-up link once', async () => {
    adminContext = await site.newContext();
    const page = await adminContext.newPage();
    const demo = findDemoStaff('admin')!;
    await signIn(page, 'admin', demo.password, demo.totpSecret);
    await page.goto('/admin/accounts/');
    const form = page.locator('#create-form');
    await form.waitFor();
    // Bad input first: field by field, in Chinese.
    await form.getByRole('button', { name: c.create }).click();
    await expect.poll(() => page.locator('#create-errors').isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await form.getByLabel(c.username).fill('shihe.wang');
    await form.getByLabel(c.name).fill('王检查员');
    await form.getByLabel(c.department).selectOption('education-411502');
    await form.getByLabel('编辑', { exact: true }).check();
    await form.getByLabel('督办', { exact: true }).check();
    await form.getByRole('button', { name: c.create }).click();
    const url = page.locator('#setup-link-url');
    await url.waitFor();
    setupUrl = (await url.textContent())!;
    expect(setupUrl).toMatch(/\/admin\/setup\/#u=shihe\.wang&c=[A-Za-z0-9_-]{43}$/);
    await page.getByRole('link', { name: 'shihe.wang' }).waitFor();
    await expectNoAxeViolations(page);
  }, 120_000);

  it('the inspector sets a password, enrols TOTP, signs in with a recovery code (once only), then with TOTP, and accepts a case', async () => {
    inspector = await site.newContext();
    const page = await inspector.newPage();
    await page.goto(setupUrl.replace(/^https?:\/\/[^/]+/, ''));
    await page.locator('#setup').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe(''); // the code left the address bar
    await expectNoAxeViolations(page);

    await page.getByLabel(s.password, { exact: true }).fill(PASSWORD);
    await page.getByLabel(s.passwordAgain).fill(PASSWORD);
    const secret = ((await page.locator('#setup-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const enrolledAt = new Date();
    await page.getByLabel(s.totpCode).fill(totpCode(secret, enrolledAt));
    await page.getByRole('button', { name: s.submit }).click();
    await page.locator('#setup-done').waitFor();
    expect(await page.locator('#setup-recovery-codes li').count()).toBe(10);
    const recoveryCode = ((await page.locator('#setup-recovery-codes li').first().textContent()) ?? '').trim();
    expect(recoveryCode).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    await expectNoAxeViolations(page);

    // The phone is not at hand: a recovery code instead of the 6-digit code. A bad one first: field by field, in Chinese.
    await passwordStep(page, 'shihe.wang', PASSWORD, true);
    await recoveryStepWith(page, '12');
    const recoveryError = page.locator('#recovery-code-error');
    await expect.poll(() => recoveryError.isVisible()).toBe(true);
    expect(await recoveryError.textContent()).toContain('恢复码为10位字母和数字');
    expect(await page.locator('#recovery-errors').textContent()).toContain('恢复码为10位字母和数字');
    expect(await page.getByLabel(a.signIn.recoveryCode, { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    await recoveryStepWith(page, recoveryCode.toLowerCase());
    await dashboardShown(page);
    await page.getByRole('button', { name: a.bar.signOut }).click();
    await page.getByRole('heading', { level: 1, name: a.signIn.title }).waitFor();

    // The same recovery code a second time: refused beside the field, in Chinese; the TOTP code still works.
    await passwordStep(page, 'shihe.wang', PASSWORD, true);
    await recoveryStepWith(page, recoveryCode);
    await expect.poll(() => recoveryError.isVisible()).toBe(true);
    expect(await recoveryError.textContent()).toContain(t.accounts.recoveryCodeWrong);
    expect(await page.getByRole('heading', { level: 1, name: a.signIn.totpTitle }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    // A TOTP code works once: sign in with the next one.
    const at = laterStep(totpStep(enrolledAt));
    await totpStepWith(page, secret, at);
    await dashboardShown(page);

    // Work a case: 浉河区's fee complaint is in the queue; accept it.
    await page.goto('/admin/cases/');
    await page.locator('#queue-results').waitFor();
    await expect.poll(() => page.locator('#queue-rows tr td:first-child a').allTextContents()).toContain(shiheCase);
    expect((await page.request.get('/api/admin/cases')).status()).toBe(200);
    await page.getByRole('link', { name: shiheCase }).click();
    await page.locator('#view').waitFor();
    const accept = page.locator('details[data-action="accept"]');
    await accept.locator('summary').click();
    await accept.getByRole('button', { name: triage.console.view.submit(triage.actions.accept) }).click();
    await expect.poll(() => page.locator('#view-banner').textContent()).toBe(triage.console.view.saved(triage.actions.accept));
    expect(await page.locator('#view-summary').textContent()).toContain('已受理');
    expect(await accept.isHidden()).toBe(true);

    await page.goto('/admin/account/');
    await page.locator('#sessions-rows tr').first().waitFor();
    expect(await page.locator('#sessions-rows tr').count()).toBe(1);
    await expectNoAxeViolations(page);
  }, 120_000);

  it('disabling the account ends the inspector’s open session at once', async () => {
    const page = await adminContext.newPage();
    await page.goto('/admin/accounts/?u=shihe.wang');
    const form = page.locator('#change-form');
    await form.getByLabel(c.name).waitFor();
    await expect.poll(() => form.getByLabel(c.name).inputValue()).toBe('王检查员');
    await expectNoAxeViolations(page);
    await page.locator('#change-disabled').check();
    await form.getByRole('button', { name: c.save }).click();
    await expect.poll(() => page.locator('#account-title').textContent()).toContain(c.status.disabled);

    const inspectorPage = inspector.pages()[0]!;
    expect((await inspectorPage.request.get('/api/admin/cases')).status()).toBe(401);
    await expect.poll(() => page.locator('#history-rows').textContent()).toContain(c.kinds.account_disabled);
  }, 120_000);
});

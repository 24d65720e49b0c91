/**
 * Journey: a family files a complaint and a refund dispute from the browser,
 * with JavaScript and without it, writes down the case number and code from
 * the receipt, and follows the case at /track/. The real local server (the
 * Hono app with the abuse controls a deployment runs, the built site and the
 * published pages on one origin, with the production CSP) on a fresh table,
 * driven by Debian's Chromium.
 *
 * Screenshots of the complaint form and the receipt at phone width go to
 * SHOUHU_SCREENSHOTS=<folder> when set.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAbuseControls } from '../../functions/abuse/index.ts';
import { createApp } from '../../functions/app.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import type { Db } from '../../functions/data/client.ts';
import { getCase, listAttachments } from '../../functions/data/cases.ts';
import { createInstitution } from '../../functions/data/institutions.ts';
import { publishChanges } from '../../functions/publish/publisher.ts';
import { createFsStore } from '../../functions/storage/fs-store.ts';
import { createPrivateFsStore } from '../../functions/storage/private-store.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { parseCaseNumber } from '../../shared/rules/case-number.ts';
import type { Institution } from '../../shared/schemas/institution.ts';
import { PaymentMethods } from '../../shared/vocabulary.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { watchPage, type PageProblems } from '../support/browser.ts';
import { useBrowserSite } from '../support/browser-site.ts';

const f = t.cases.form;
const rf = t.cases.refundForm;
const rp = t.cases.receiptPage;
const tp = t.cases.trackPage;
const site = useBrowserSite({
  server: ({ db, dir }) => ({
    searchMaxAgeMs: 0,
    privateStore: createPrivateFsStore(join(dir, 'private')),
    cases: { abuse: createAbuseControls({ db }) },
  }),
});
const { open, expectNoAxeViolations } = site;
const screenshotDir = process.env.SHOUHU_SCREENSHOTS;

let db: Db;
let baseUrl: string;
let withScript: BrowserContext;
let noScript: BrowserContext;
let phone: BrowserContext;
let swan: Institution;

/** The PNG a family attaches: a real 1×1 image. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

beforeAll(async () => {
  ({ db, baseUrl } = site);
  const store = site.store;
  const now = new Date();
  swan = await createInstitution(db, {
    id: 'shihe-swan',
    fields: makeInstitutionFields({ name: '信阳市小天鹅舞蹈培训中心', category: 'arts', districtCode: '411502' }),
    status: 'approved',
    actor: testActor,
    now,
  });
  await publishChanges({ db, store, publicOrigin: baseUrl, now: () => now });
  withScript = await site.newContext();
  noScript = await site.newContext({ javaScriptEnabled: false });
  phone = await site.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  if (screenshotDir) await mkdir(screenshotDir, { recursive: true });
});

/** No errors but those the test asked for: a form sent back is a 400 page, a wrong tracking pair a 404 one, and Chromium logs each. */
function expectNoProblems(problems: PageProblems, statuses: number[] = []) {
  site.expectNoProblems(problems, { statuses });
}

async function expectNoSidewaysScroll(page: Page, what: string) {
  const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(sizes.scroll, what).toBeLessThanOrEqual(sizes.client);
}

/** Reads the receipt: the case number and code as shown, in their groups. */
async function receipt(page: Page): Promise<{ caseNumber: string; accessCode: string }> {
  const [caseNumber, accessCode] = await page.locator('.case-receipt__number').evaluateAll((els) =>
    els.map((el) => Array.from(el.querySelectorAll('.case-receipt__group'), (g) => g.textContent).join('-')),
  );
  expect(parseCaseNumber(caseNumber!)).toBe(caseNumber);
  expect(accessCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  return { caseNumber: caseNumber!, accessCode: accessCode! };
}

/** Fills the parts of the complaint form every journey fills. */
async function fillComplaint(page: Page, o: { kind: string; description: string; institution?: 'unlisted' | 'skip' }) {
  await page.getByLabel(t.cases.kinds[o.kind as keyof typeof t.cases.kinds].label, { exact: true }).check();
  if (o.institution !== 'skip') {
    await page.getByLabel(f.institutionName).fill('浉河区某某教育咨询有限公司');
    await page.getByLabel(f.institutionAddress).fill('浉河区东方红大道88号3楼');
    await page.getByLabel(f.district).selectOption('411502');
  }
  await page.getByLabel(f.description).fill(o.description);
  await page.getByLabel(f.consent).check();
}

async function fillRefund(page: Page) {
  await page.getByLabel(f.institutionName).fill('浉河区星光舞蹈培训中心');
  await page.getByLabel(f.institutionAddress).fill('浉河区民权路18号');
  await page.getByLabel(f.institutionCategory).selectOption('arts');
  await page.getByLabel(f.district).selectOption('411502');
  await page.getByLabel(rf.contractOn).fill('2026-09-01');
  await page.getByLabel(rf.yes, { exact: true }).check();
  await page.getByLabel(PaymentMethods.label('chat_app'), { exact: true }).check();
  await page.getByLabel(rf.amountPaid).fill('4800');
  await page.getByLabel(rf.lessonsBought).fill('48');
  await page.getByLabel(rf.lessonsConsumed).fill('12');
  await page.getByLabel(rf.pricePerLesson).fill('100');
  await page.getByLabel(rf.amountAsked).fill('3600');
  await page.getByLabel(f.contactName).fill('李先生');
  await page.getByLabel(f.contactMobile).fill('13998765432');
  await page.getByLabel(f.consent).check();
}

describe('filing a complaint with JavaScript', () => {
  it('checks fields as they are left, picks the centre from the list, files, and shows the receipt', async () => {
    const { page, problems } = await open(withScript, `/complaints/new/?kind=fees`);
    // A mistake is caught when the field is left, in the schema's words.
    await page.getByLabel(f.description).fill('太短');
    await page.getByLabel(f.contactMobile).fill('1381234');
    await page.getByLabel(f.contactName).focus();
    await expect.poll(() => page.locator('#f-description-error').textContent()).toContain('请至少用10个字说明发生了什么');
    // Each field is checked when it is left, the mobile last: wait for its own check, not only the description's.
    await expect.poll(() => page.getByLabel(f.contactMobile).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel(f.contactMobile).fill('13812345678');
    await page.getByLabel(f.contactName).fill('王女士');
    await expect.poll(() => page.locator('#f-contact-mobile-error').count()).toBe(0);

    // The centre, from the registry, as the name is typed.
    await page.getByLabel(f.institutionName).fill('小天鹅');
    const choice = page.getByRole('button', { name: new RegExp(swan.name) });
    await choice.click();
    await expect.poll(() => page.locator('[data-chosen] [data-slot="name"]').textContent()).toBe(swan.name);
    expect(await page.locator('input[name="institution.institutionId"]').inputValue()).toBe(swan.id);
    expect(await page.getByLabel(f.district).inputValue()).toBe('411502');
    expect(await page.getByLabel(f.institutionAddress).isVisible()).toBe(false);

    await page.getByLabel(f.description).fill('机构要求一次性缴纳一年的学费共9600元，并让我们转账到老师的个人微信。');
    await page.getByLabel(f.consent).check();
    const json = page.waitForResponse((r) => r.url().endsWith('/api/complaints') && r.request().method() === 'POST');
    await page.getByRole('button', { name: f.submitComplaint }).click();
    expect((await json).status()).toBe(201);
    await page.waitForSelector('.case-receipt');
    const filed = await receipt(page);
    expect(await page.locator('h1').textContent()).toBe(rp.title('投诉举报'));
    const stored = await getCase(db, filed.caseNumber);
    expect(await page.locator('main').textContent()).toContain(stored!.record.leadDepartmentId.startsWith('culture') ? '浉河区文广旅局' : '浉河区');
    expect(stored?.record.institution).toMatchObject({ id: swan.id, listed: true });
    expect(stored?.record.abuseSuspected).toBe(false);
    await expectNoAxeViolations(page);
    expectNoProblems(problems);
    await page.close();
  }, 90_000);

  it('lists every problem in a summary at the top on submit, focused, each linking to its field', async () => {
    const { page, problems } = await open(withScript, '/complaints/new/');
    await page.getByRole('button', { name: f.submitComplaint }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      '请选择发生了什么',
      '请填写机构名称（名单上没有的机构）',
      '请填写机构地址，写到街道和门牌号，方便监管部门核查',
      '请选择本市的区县',
      '请至少用10个字说明发生了什么',
      '请阅读隐私说明，并勾选“我已阅读并同意”',
    ]);
    await summary.getByRole('link', { name: '请至少用10个字说明发生了什么' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-description');
    await expectNoAxeViolations(page);
    expectNoProblems(problems);
    await page.close();
  }, 60_000);

  it('shows the 110 advice first, and again beside the choice of harm to a child, which it files as an emergency', async () => {
    const { page, problems } = await open(withScript, '/complaints/new/');
    const first = await page.locator('main .case-page > *').first().getAttribute('class');
    expect(first).toContain('emergency-box');
    expect(await page.locator('.emergency-box').getByRole('link', { name: f.emergencyCall }).getAttribute('href')).toBe('tel:110');
    const beside = page.locator('[data-child-harm]');
    expect(await beside.isVisible()).toBe(false);
    await fillComplaint(page, { kind: 'child_harm', description: '培训班老师对孩子有不当身体接触，孩子很害怕。' });
    expect(await beside.isVisible()).toBe(true);
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.case-receipt', { timeout: 60_000 });
    const filed = await receipt(page);
    expect(await page.locator('main .case-page > *').first().getAttribute('class')).toContain('emergency-box');
    expect(await page.locator('main').textContent()).toContain('信阳市公安局');
    expect((await getCase(db, filed.caseNumber))?.record.routing.priority).toBe('emergency');
    expectNoProblems(problems);
    await page.close();
  }, 90_000);

  it('sends a photo the ordinary way, with the proof of work, and keeps it privately', async () => {
    const { page, problems } = await open(withScript, '/complaints/new/');
    await fillComplaint(page, { kind: 'false_advertising', description: '宣传单上写“保证提分30分”，附上照片。' });
    await page.getByLabel(f.attachments).setInputFiles({ name: '宣传单.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.case-receipt', { timeout: 60_000 });
    const filed = await receipt(page);
    expect(await page.locator('main').textContent()).toContain(rp.attachmentsSaved(1));
    expect(await listAttachments(db, filed.caseNumber)).toEqual([expect.objectContaining({ type: 'image/png', size: PNG.length })]);
    expectNoProblems(problems);
    await page.close();
  }, 90_000);

  it('opens light on a phone: no zod, no strings table, no hashing until the family touches the form; then the checks and the work run in workers', async () => {
    const page = await phone.newPage();
    const problems = await watchPage(page);
    const scripts = new Map<string, number>();
    page.on('response', async (response) => {
      if (!/\.js(\?|$)/.test(response.url())) return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      scripts.set(new URL(response.url()).pathname, body.length);
    });
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
    await page.goto('/refunds/new/');
    await page.waitForLoadState('networkidle');
    const atOpen = [...scripts.values()].reduce((a, b) => a + b, 0);
    // The main thread's scripts at open (before: 270 KB with zod and the whole strings table).
    expect(atOpen, [...scripts.keys()].join(', ')).toBeLessThan(30_000);
    expect(workers).toEqual([]);
    const challenge = page.waitForResponse((r) => r.url().endsWith('/api/challenge'));
    await page.getByLabel(rf.amountPaid).fill('四千八');
    await page.getByLabel(rf.lessonsBought).focus();
    await expect.poll(() => page.locator('#f-amountPaid-error').textContent()).toContain('请填写已付金额，单位为元');
    expect((await challenge).status()).toBe(200);
    await expect.poll(() => ['case-check-worker', 'pow-worker'].filter((name) => workers.some((w) => w.includes(name)))).toHaveLength(2);
    expectNoProblems(problems);
    await page.close();
  }, 60_000);

  it('refuses a file that is not a photo or PDF before sending anything', async () => {
    const { page, problems } = await open(withScript, '/complaints/new/');
    await page.getByLabel(f.attachments).setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ\u0090\u0000 not a photo at all') });
    await expect.poll(() => page.locator('#f-attachments-error').textContent()).toContain('“photo.jpg”不是照片（JPEG、PNG）或 PDF 文件');
    expectNoProblems(problems);
    await page.close();
  });
});

describe('filing a refund dispute with JavaScript', () => {
  it('files it and shows what the family is likely owed, the broken rules and the dates', async () => {
    const { page, problems } = await open(withScript, '/refunds/new/');
    await fillRefund(page);
    await page.getByRole('button', { name: f.submitRefund }).click();
    await page.waitForSelector('.case-receipt', { timeout: 60_000 });
    await receipt(page);
    const text = await page.locator('main').textContent();
    expect(text).toContain(rp.owed('3600元'));
    expect(text).toContain(rp.chargeHeading);
    expect(text).toContain(rp.deemedAgreedAfter);
    await expectNoAxeViolations(page);
    if (screenshotDir) {
      await page.setViewportSize({ width: 375, height: 740 });
      await expectNoSidewaysScroll(page, 'refund receipt');
      await page.screenshot({ path: join(screenshotDir, 'refund-receipt-375.png'), fullPage: true });
    }
    expectNoProblems(problems);
    await page.close();
  }, 90_000);
});

describe('without JavaScript', () => {
  it('files a complaint: errors come back with the answers kept, then the receipt', async () => {
    const { page, problems } = await open(noScript, '/complaints/new/');
    await fillComplaint(page, { kind: 'unlicensed', description: '太短' });
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.locator('.error-summary').getByRole('link').allTextContents()).toEqual(['请至少用10个字说明发生了什么']);
    expect(await page.getByLabel(f.institutionName).inputValue()).toBe('浉河区某某教育咨询有限公司');
    expect(await page.getByLabel(t.cases.kinds.unlicensed.label, { exact: true }).isChecked()).toBe(true);
    await page.getByLabel(f.description).fill('小区里有人没有许可证，每天晚上给二十多个孩子上数学课。');
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.case-receipt');
    const filed = await receipt(page);
    // A browser without JavaScript cannot do the proof of work: filed all the same (the stricter limit applies).
    expect((await getCase(db, filed.caseNumber))?.record.complaint?.kind).toBe('unlicensed');
    expectNoProblems(problems, [400]);
    await page.close();
  }, 60_000);

  it('files a refund dispute and shows the estimate', async () => {
    const { page, problems } = await open(noScript, '/refunds/new/');
    await fillRefund(page);
    await page.getByRole('button', { name: f.submitRefund }).click();
    await page.waitForSelector('.case-receipt');
    await receipt(page);
    expect(await page.locator('main').textContent()).toContain(rp.owed('3600元'));
    expectNoProblems(problems);
    await page.close();
  }, 60_000);

  it('is prefilled from the centre’s page button, and says 110 first', async () => {
    const { page, problems } = await open(noScript, `/complaints/new/?institution=${swan.id}`);
    expect(await page.locator('[data-chosen] [data-slot="name"]').textContent()).toBe(swan.name);
    expect(await page.locator('main .case-page > *').first().getAttribute('class')).toContain('emergency-box');
    expectNoProblems(problems);
    await page.close();
  });
});

describe('tracking a case', () => {
  let filed: { caseNumber: string; accessCode: string };

  beforeAll(async () => {
    const { page } = await open(noScript, '/complaints/new/');
    await fillComplaint(page, { kind: 'outside_hours', description: '机构每天晚上上课到十点，孩子第二天上学没精神。' });
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.case-receipt');
    filed = await receipt(page);
    await page.close();
  }, 60_000);

  it('with JavaScript: a mistyped number is caught by its check character before asking; then the timeline', async () => {
    const { page, problems } = await open(withScript, '/track/');
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/track')) asked.push(r.url());
    });
    // One digit mistyped: the check character no longer fits.
    const groups = filed.caseNumber.split('-');
    groups[2] = `${groups[2]!.slice(0, 3)}${(Number(groups[2]![3]) + 1) % 10}`;
    await page.getByLabel(tp.caseNumber).fill(groups.join('-'));
    await page.getByLabel(tp.accessCode).fill(filed.accessCode);
    await page.getByRole('button', { name: tp.submit }).click();
    await expect.poll(() => page.locator('#f-caseNumber-error').textContent()).toContain(t.cases.track.badCaseNumber);
    expect(asked).toEqual([]);
    await page.getByLabel(tp.caseNumber).fill(filed.caseNumber.replace(/-/g, ''));
    await page.getByRole('button', { name: tp.submit }).click();
    await expect.poll(() => page.locator('.case-timeline__item').count()).toBe(1);
    expect(asked).toHaveLength(1);
    expect(await page.locator('.case-timeline-view').textContent()).toContain('已收到');
    expect(await page.locator('.case-timeline-view .tag').textContent()).toBe('已提交');
    await expectNoAxeViolations(page);
    expectNoProblems(problems);
    await page.close();
  }, 60_000);

  it('without JavaScript: the server answers the timeline; a wrong code learns nothing', async () => {
    const { page, problems } = await open(noScript, '/track/');
    await page.getByLabel(tp.caseNumber).fill(filed.caseNumber);
    await page.getByLabel(tp.accessCode).fill('AAAA-AAAA');
    await page.getByRole('button', { name: tp.submit }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.locator('.error-summary').textContent()).toContain(t.cases.track.notFound);
    await page.getByLabel(tp.accessCode).fill(filed.accessCode);
    await page.getByRole('button', { name: tp.submit }).click();
    await page.waitForSelector('.case-timeline');
    expect(await page.locator('h1').textContent()).toBe(tp.resultTitle);
    if (screenshotDir) {
      await page.setViewportSize({ width: 375, height: 740 });
      await page.screenshot({ path: join(screenshotDir, 'track-timeline-375.png'), fullPage: true });
    }
    expect(await page.locator('.case-timeline').textContent()).toContain('已收到');
    expectNoProblems(problems, [404]);
    await page.close();
  }, 60_000);
});

describe('giving feedback on a concluded case, on a phone', () => {
  const fb = tp.feedback;
  let staff: StaffBrowser;

  /** Files a complaint without JavaScript, and has 浉河区's office conclude it. */
  async function concludedCase(): Promise<{ caseNumber: string; accessCode: string }> {
    const { page } = await open(noScript, '/complaints/new/');
    await fillComplaint(page, { kind: 'outside_hours', description: '机构每天晚上上课到十点，孩子第二天上学没精神。' });
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.case-receipt');
    const filed = await receipt(page);
    await page.close();
    for (const [action, fields] of [['accept', {}], ['start', {}], ['conclude', { outcome: 'substantiated', actionTaken: '责令机构调整上课时间' }]] as const) {
      const version = (await getCase(db, filed.caseNumber))!.record.version;
      const res = await staff.post(`/api/admin/cases/${filed.caseNumber}/transitions`, { action, expectedVersion: version, ...fields });
      expect(res.status, action).toBe(200);
    }
    return filed;
  }

  async function track(page: Page, filed: { caseNumber: string; accessCode: string }) {
    await page.getByLabel(tp.caseNumber).fill(filed.caseNumber);
    await page.getByLabel(tp.accessCode).fill(filed.accessCode);
    await page.getByRole('button', { name: tp.submit }).click();
    await page.getByRole('heading', { name: fb.heading }).waitFor();
  }

  beforeAll(async () => {
    await seedDemoStaff(db);
    staff = new StaffBrowser(createApp({ db, store: createFsStore(site.storeDir, [site.siteDir]) }));
    await staff.signIn('shihe.editor');
  }, 60_000);

  it('with JavaScript: the form appears under the timeline, and "satisfied" closes the case', async () => {
    const filed = await concludedCase();
    const { page, problems } = await open(phone, '/track/');
    await track(page, filed);
    // The form carries the answer's pass, never the access code.
    expect(await page.locator('[data-feedback-token]').inputValue()).toMatch(/^\d{10}\./);
    expect(await page.content()).not.toContain(filed.accessCode);
    await expectNoAxeViolations(page);
    await page.getByLabel(fb.satisfied, { exact: true }).check();
    await page.getByRole('button', { name: fb.submit }).click();
    await page.getByText(fb.thanksSatisfied).waitFor();
    expect(await page.locator('.case-timeline-view .tag').textContent()).toBe('已结案');
    expect((await getCase(db, filed.caseNumber))!.record.state).toBe('closed');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expectNoProblems(problems);
    await page.close();
  }, 90_000);

  it('without JavaScript: a missing answer is explained; "not satisfied" reopens it to a supervisor', async () => {
    const filed = await concludedCase();
    const phoneNoScript = await site.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, javaScriptEnabled: false });
    const { page, problems } = await open(phoneNoScript, '/track/');
    await track(page, filed);
    await page.getByLabel(fb.comment).fill('机构还是晚上上课到十点');
    await page.getByRole('button', { name: fb.submit }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.getByLabel(fb.comment).inputValue()).toBe('机构还是晚上上课到十点');
    await page.getByLabel(fb.unsatisfied, { exact: true }).check();
    await page.getByRole('button', { name: fb.submit }).click();
    await page.getByText(fb.thanksUnsatisfied).waitFor();
    expect((await getCase(db, filed.caseNumber))!.record).toMatchObject({ reopened: true, feedback: { satisfied: false } });
    expectNoProblems(problems, [400]);
    await phoneNoScript.close();
  }, 90_000);
});

describe('accessibility and phones', () => {
  it.each(['/complaints/new/', '/complaints/new/?kind=child_harm', '/refunds/new/', '/track/'])('%s has no accessibility violations (axe, WCAG 2.2 AA)', async (path) => {
    const { page, problems } = await open(withScript, path);
    await expectNoAxeViolations(page);
    expectNoProblems(problems);
    await page.close();
  });

  it('a form sent back with errors has no accessibility violations', async () => {
    const { page } = await open(noScript, '/refunds/new/');
    await page.getByRole('button', { name: f.submitRefund }).click();
    await page.waitForSelector('.error-summary');
    const html = await page.content();
    await page.close();
    // axe runs in the page: the same page, with scripting on and the script left out.
    const check = await withScript.newPage();
    await check.route('**/_astro/*.js', (route) => route.abort());
    await check.setContent(html.replace(/<script[^>]*><\/script>/g, ''), { waitUntil: 'load' });
    await expectNoAxeViolations(check);
    await check.close();
  }, 60_000);

  it('at 375 px (and 320) nothing scrolls sideways: the forms, a form with errors, the receipt, tracking; screenshots', async () => {
    const narrow = await site.newContext({ viewport: { width: 320, height: 640 }, isMobile: true });
    for (const path of ['/complaints/new/', '/refunds/new/', '/track/']) {
      const { page } = await open(phone, path);
      await expectNoSidewaysScroll(page, path);
      if (screenshotDir && path === '/complaints/new/') await page.screenshot({ path: join(screenshotDir, 'complaint-form-375.png'), fullPage: true });
      await page.close();
      const { page: small } = await open(narrow, path);
      await expectNoSidewaysScroll(small, `${path} at 320 px`);
      await small.close();
    }
    await narrow.close();
    const { page, problems } = await open(phone, '/complaints/new/');
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.error-summary');
    await expectNoSidewaysScroll(page, 'errors');
    if (screenshotDir) await page.screenshot({ path: join(screenshotDir, 'complaint-errors-375.png'), fullPage: true });
    await fillComplaint(page, { kind: 'fees', description: '机构要求一次性缴纳一年的学费共9600元，并让我们转账到老师的个人微信。' });
    await page.getByLabel(f.contactName).fill('王女士');
    await page.getByLabel(f.contactMobile).fill('13812345678');
    await page.getByRole('button', { name: f.submitComplaint }).click();
    await page.waitForSelector('.case-receipt', { timeout: 60_000 });
    await expectNoSidewaysScroll(page, 'receipt');
    if (screenshotDir) await page.screenshot({ path: join(screenshotDir, 'complaint-receipt-375.png'), fullPage: true });
    expectNoProblems(problems, [400]);
    await page.close();
  }, 120_000);
});

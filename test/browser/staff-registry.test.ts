/**
 * Journey: a regulator keeps the registry true. The real local server (the
 * Hono app, the built site and the published pages on one origin, with the
 * production CSP) on a fresh table with the demo staff and a few
 * institutions; driven by Debian's Chromium.
 *
 * shihe.editor (浉河区教育体育局) signs in, opens the registry for 浉河区,
 * revokes a licence (the public page says so after the next publish), loses
 * a race to a colleague and re-applies, is stopped by the shared schema's
 * credit-code check, and checks an import file; city.publisher signs in with
 * the TOTP step and looks at another district.
 *
 * Set SHOUHU_SCREENSHOTS=<folder> to keep phone and desktop screenshots of
 * the registry list and an institution's staff page.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../functions/auth/totp.ts';
import type { Db } from '../../functions/data/client.ts';
import { createInstitution, getInstitution } from '../../functions/data/institutions.ts';
import { publishNotices } from '../../functions/publish/notices.ts';
import { publishChanges } from '../../functions/publish/publisher.ts';
import type { PublicStore } from '../../functions/storage/types.ts';
import { findDemoStaff } from '../../scripts/demo/staff.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { fieldMessages } from '../../shared/schemas/common.ts';
import type { Institution, InstitutionFields } from '../../shared/schemas/institution.ts';
import { staffFieldMessages } from '../../shared/schemas/staff.ts';
import { ProfitTypes } from '../../shared/vocabulary.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { csvText, gbkBytes, importRow } from '../fixtures/import/build.ts';
import type { PageProblems } from '../support/browser.ts';
import { useBrowserSite } from '../support/browser-site.ts';

const a = t.admin;
const site = useBrowserSite({ staff: true, server: { searchMaxAgeMs: 0 } });
const { open, expectNoAxeViolations } = site;
const screenshotDir = process.env.SHOUHU_SCREENSHOTS;
const now = new Date('2026-11-20T02:00:00Z');

let db: Db;
let store: PublicStore;
let baseUrl: string;
let maths: Institution;
let swim: Institution;
let chess: Institution;

/** An institution of 浉河区 that 浉河区教育体育局 supervises (学科类, 体育类), or as overridden. */
function shihe(overrides: Partial<InstitutionFields>): InstitutionFields {
  return makeInstitutionFields({ category: 'academic', districtCode: '411502', ...overrides });
}

beforeAll(async () => {
  ({ db, store, baseUrl } = site);

  const create = (id: string, fields: InstitutionFields) => createInstitution(db, { id, fields, status: 'approved', actor: testActor, now });
  [maths, swim, , chess] = await Promise.all([
    create('shihe-maths', shihe({ name: '浉河区启智学科培训学校', licence: { ...makeInstitutionFields().licence, issuer: '浉河区教育体育局', scope: '初中数学、物理' } })),
    create('shihe-swim', shihe({ name: '浉河区海豚游泳俱乐部', category: 'sports' })),
    // Supervised by 文广旅, not by the education office: not in shihe.editor's list.
    create('shihe-dance', shihe({ name: '浉河区小天鹅舞蹈培训中心', category: 'arts' })),
    create(
      'pingqiao-chess',
      makeInstitutionFields({
        name: '平桥区弈林学科培训中心',
        category: 'academic',
        districtCode: '411503',
        premises: [{ address: '信阳市平桥区平西大道66号', districtCode: '411503' }],
      }),
    ),
  ]);
  await publishChanges({ db, store, publicOrigin: baseUrl, now: () => now });
  if (screenshotDir) await mkdir(screenshotDir, { recursive: true });
});

function newContext(options: { viewport?: { width: number; height: number }; isMobile?: boolean } = {}): Promise<BrowserContext> {
  return site.newContext(options);
}

/**
 * No script errors and no CSP violations. Chromium also logs every API
 * answer with an error status as a console error ("Failed to load
 * resource"); the statuses a step expects (a 401 when not signed in, a 409
 * when someone saved first) are named, and nothing else may appear. (A
 * request the page gave up on as the script left it, to sign in or after
 * signing out, is not recorded at all: test/support/browser.ts watchPage.)
 */
function expectNoProblems(problems: PageProblems, statuses: number[] = []) {
  site.expectNoProblems(problems, { statuses, under: '/api/' });
}

/** With SHOUHU_SCREENSHOTS set: a full-page screenshot, to look at. */
async function shot(page: Page, name: string) {
  if (screenshotDir) await page.screenshot({ path: join(screenshotDir, `admin-${name}.png`), fullPage: true });
}

const dashboardHeading = (page: Page) => page.getByRole('heading', { level: 1, name: a.dashboard.title });

/** Signs a demo account in through the sign-in page (the TOTP step too, with the code of this moment). */
async function signIn(page: Page, username: string) {
  const demo = findDemoStaff(username)!;
  await page.getByLabel(a.signIn.username).fill(username);
  await page.getByLabel(a.signIn.password, { exact: true }).fill(demo.password);
  await page.getByRole('button', { name: a.signIn.submit, exact: true }).click();
  if (demo.totpSecret) {
    await page.getByLabel(a.signIn.code).fill(totpCode(demo.totpSecret, new Date()));
    await page.getByRole('button', { name: a.signIn.totpSubmit }).click();
  }
}

/** A new context with the account signed in, on the dashboard. */
async function signedIn(username: string, options: Parameters<typeof newContext>[0] = {}): Promise<BrowserContext> {
  const context = await newContext(options);
  const { page } = await open(context, '/admin/');
  await signIn(page, username);
  await dashboardHeading(page).waitFor();
  await page.close();
  return context;
}

async function openInstitution(context: BrowserContext, id: string) {
  const result = await open(context, `/admin/institutions/view/?id=${id}`);
  await result.page.locator('#view').waitFor();
  return result;
}

const rowNames = (page: Page) => page.locator('#registry-rows tr td:first-child a').allTextContents();

describe('signing in', () => {
  it('the sign-in page asks for username and password, says the console needs JavaScript, and has no accessibility violations', async () => {
    const context = await newContext();
    const { page, problems } = await open(context, '/admin/');
    await page.locator('#sign-in-form').waitFor();
    expect(await page.locator('h1').filter({ visible: true }).textContent()).toBe(a.signIn.title);
    expect(await page.locator('noscript').innerHTML()).toContain(a.noscript);
    expect(await page.getByLabel(a.signIn.username).getAttribute('autocomplete')).toBe('username');
    expect(await page.getByLabel(a.signIn.password, { exact: true }).getAttribute('autocomplete')).toBe('current-password');
    // Nothing of the console shows before signing in.
    expect(await page.locator('[data-admin-nav]').isHidden()).toBe(true);
    for (const src of await page.locator('script[type="module"]').evaluateAll((els) => els.map((el) => el.getAttribute('src')))) {
      expect(src).toMatch(/^\/_astro\/.+\.js$/);
    }
    await expectNoAxeViolations(page);
    expectNoProblems(problems, [401]);
  });

  it('says what is missing, beside each field and in the error summary, which takes focus', async () => {
    const context = await newContext();
    const { page, problems } = await open(context, '/admin/');
    await page.getByRole('button', { name: a.signIn.submit, exact: true }).click();
    const summary = page.locator('#login-errors');
    await summary.waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await summary.getByRole('link').allTextContents()).toEqual(['请填写用户名', staffFieldMessages.password]);
    expect(await page.locator('#login-username-error').textContent()).toBe(`${a.errorPrefix}请填写用户名`);
    expect(await page.getByLabel(a.signIn.username).getAttribute('aria-invalid')).toBe('true');
    await summary.getByRole('link', { name: staffFieldMessages.password }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-password');
    expectNoProblems(problems, [401]);
  });

  it('answers a wrong password in Chinese, beside the password and in the summary', async () => {
    const context = await newContext();
    const { page, problems } = await open(context, '/admin/');
    await page.getByLabel(a.signIn.username).fill('pingqiao.editor');
    await page.getByLabel(a.signIn.password, { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: a.signIn.submit, exact: true }).click();
    await page.locator('#login-errors').waitFor();
    expect(await page.locator('#login-errors').getByRole('link').textContent()).toBe(t.errors.invalid_credentials);
    expect(await page.locator('#login-password-error').textContent()).toBe(`${a.errorPrefix}${t.errors.invalid_credentials}`);
    expect(await page.getByLabel(a.signIn.password, { exact: true }).inputValue()).toBe('');
    expectNoProblems(problems, [401]);
  });

  it('city.publisher signs in with the 6-digit code from an authenticator app', async () => {
    const context = await newContext();
    const { page, problems } = await open(context, '/admin/');
    const demo = findDemoStaff('city.publisher')!;
    await page.getByLabel(a.signIn.username).fill(demo.username);
    await page.getByLabel(a.signIn.password, { exact: true }).fill(demo.password);
    await page.getByRole('button', { name: a.signIn.submit, exact: true }).click();

    const code = page.getByLabel(a.signIn.code);
    await code.waitFor();
    expect(await page.getByRole('heading', { level: 1, name: a.signIn.totpTitle }).isVisible()).toBe(true);
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    await expectNoAxeViolations(page);
    await shot(page, 'totp');

    // A code that is not 6 digits is stopped by the shared schema, in its words.
    await code.fill('12345');
    await page.getByRole('button', { name: a.signIn.totpSubmit }).click();
    await page.locator('#totp-errors').waitFor();
    expect(await page.locator('#totp-code-error').textContent()).toBe(`${a.errorPrefix}请输入验证器应用中显示的6位数字`);

    await code.fill(totpCode(demo.totpSecret!, new Date()));
    await page.getByRole('button', { name: a.signIn.totpSubmit }).click();
    await dashboardHeading(page).waitFor();
    expect(await dashboardHeading(page).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('#dashboard-department').textContent()).toBe('信阳市教育体育局');
    expect(await page.locator('#dashboard-scope').textContent()).toContain(a.dashboard.allDistricts);
    expect(await page.locator('[data-admin-who]').textContent()).toContain(demo.name);

    // A city-level office chooses the district: all ten are offered.
    await page.getByRole('link', { name: a.nav.institutions, exact: true }).click();
    await page.waitForURL(/\/admin\/institutions\/$/);
    const district = page.getByLabel(a.registry.district, { exact: true });
    await page.locator('#registry').waitFor();
    expect(await district.locator('option').count()).toBe(11);
    await district.selectOption('411503');
    await page.getByRole('button', { name: a.registry.show }).click();
    await expect.poll(() => rowNames(page)).toEqual([chess.name]);
    expect(page.url()).toContain('district=411503');
    expectNoProblems(problems, [401]);
  });
});

describe('shihe.editor keeps the registry of 浉河区 true', () => {
  let editor: BrowserContext;

  beforeAll(async () => {
    editor = await newContext();
  });

  it('is sent to sign in when not signed in, and comes back to the page afterwards', async () => {
    const { page, problems } = await open(editor, '/admin/institutions/');
    await page.waitForURL(/\/admin\/\?notice=expired&next=/);
    await expect.poll(() => page.locator('#sign-in-notice').textContent()).toBe(a.signIn.expired);
    await signIn(page, 'shihe.editor');
    await page.waitForURL(/\/admin\/institutions\/\?district=411502$/);
    expectNoProblems(problems, [401]);
  });

  it('sees who is signed in, and the registry of 浉河区 only, with statuses, licences and expiry', async () => {
    const { page: home, problems: homeProblems } = await open(editor, '/admin/');
    await dashboardHeading(home).waitFor();
    expect(await home.locator('[data-admin-name]').textContent()).toBe(findDemoStaff('shihe.editor')!.name);
    expect(await home.locator('[data-admin-department]').textContent()).toBe('浉河区教育体育局');
    expect(await home.locator('#dashboard-scope').textContent()).toBe(a.dashboard.scopeText('学科类、体育类、校外托管场所', '浉河区'));
    await home.getByRole('link', { name: a.dashboard.registry }).click();
    await home.waitForURL(/\/admin\/institutions\//);
    expectNoProblems(homeProblems);

    const page = home;
    await expect.poll(() => rowNames(page)).toEqual([maths.name, swim.name].sort((x, y) => (x < y ? -1 : 1)));
    // A district office sees its own district only, chosen for it.
    const district = page.getByLabel(a.registry.district, { exact: true });
    expect(await district.locator('option').allTextContents()).toEqual([a.registry.chooseDistrict, '浉河区']);
    expect(await district.inputValue()).toBe('411502');
    expect(await page.locator('#registry-heading').textContent()).toBe(a.registry.heading('浉河区', 1));
    const mathsRow = page.locator('#registry-rows tr', { hasText: maths.name });
    expect(await mathsRow.locator('.status-badge').textContent()).toBe('✓已审批（白名单）');
    expect(await mathsRow.textContent()).toContain(maths.licence.number);
    expect(await mathsRow.textContent()).toContain(maths.licence.expiresOn);
    expect(await page.getByRole('status').filter({ hasText: a.registry.count(2) }).count()).toBe(1);

    // The filter narrows the loaded page.
    await page.getByLabel(a.registry.filter).fill('海豚');
    await expect.poll(() => page.locator('#registry-rows tr:visible').count()).toBe(1);
    expect(await page.locator('#registry-status').textContent()).toBe(a.registry.filtered(1, 2));
    await page.getByLabel(a.registry.filter).fill('');

    await expectNoAxeViolations(page);
    expectNoProblems(homeProblems);
    await page.close();
  });

  it('revokes a licence with reason and decision number; the history shows it, and after the publish the public page says revoked', async () => {
    const { page, problems } = await open(editor, '/admin/institutions/?district=411502');
    await page.getByRole('link', { name: maths.name }).click();
    await page.waitForURL(/\/admin\/institutions\/view\/\?id=shihe-maths$/);
    await page.locator('#view').waitFor();
    expect(await page.locator('h1').textContent()).toBe(maths.name);
    expect(await page.getByRole('link', { name: a.view.publicPage }).getAttribute('href')).toBe('/institutions/shihe-maths/');
    expect(await page.locator('main').textContent()).toContain(a.view.publicNote);
    await expectNoAxeViolations(page);

    await page.getByLabel(a.statusForm.status).selectOption('revoked');
    await page.getByLabel(a.statusForm.on).fill('2026-11-20');
    await page.getByLabel(a.statusForm.reason).fill('超出许可范围开展培训，逾期未整改');
    await page.getByLabel(a.statusForm.decisionNumber).fill('浉教体罚〔2026〕9号');
    await page.getByRole('button', { name: a.statusForm.submit }).click();

    const banner = page.locator('#view-banner');
    await expect.poll(() => banner.textContent()).toBe(a.view.statusSaved('已吊销许可证'));
    expect(await banner.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('#view-status .status-badge').textContent()).toBe('✕已吊销许可证');
    const latest = page.locator('#history-rows tr').first();
    const text = await latest.textContent();
    expect(text).toContain(a.view.actions.status_changed);
    expect(text).toContain('已审批（白名单） → 已吊销许可证');
    expect(text).toContain('超出许可范围开展培训，逾期未整改');
    expect(text).toContain('浉教体罚〔2026〕9号');
    expect(text).toContain(findDemoStaff('shihe.editor')!.name);
    expect((await getInstitution(db, maths.id))!.status).toBe('revoked');

    // As a publisher run does: the page, and the notices lists its script loads (a missing one would be a 404).
    await publishChanges({ db, store, publicOrigin: baseUrl });
    await publishNotices({ db, store, publicOrigin: baseUrl });
    const { page: publicPage, problems: publicProblems } = await open(editor, '/institutions/shihe-maths/');
    expect(await publicPage.locator('.status-panel .status-badge').textContent()).toBe('✕已吊销许可证');
    expect(await publicPage.locator('.status-panel').textContent()).toContain('超出许可范围开展培训，逾期未整改');
    expectNoProblems(publicProblems);
    await publicPage.close();

    await expectNoAxeViolations(page);
    expectNoProblems(problems);
    await page.close();
  });

  it('saves after a colleague did: sees the conflict and what changed, and re-applies its own change on the new version', async () => {
    const { page: mine, problems } = await openInstitution(editor, swim.id);

    const colleague = await signedIn('shihe.editor');
    const { page: theirs, problems: theirProblems } = await openInstitution(colleague, swim.id);
    await theirs.getByLabel(a.form.name).fill('浉河区海豚游泳运动俱乐部');
    await theirs.getByRole('button', { name: a.form.submitEdit }).click();
    await expect.poll(() => theirs.locator('#view-banner').textContent()).toBe(a.view.saved);
    expectNoProblems(theirProblems);

    await mine.getByLabel(a.form.scope).fill('游泳、体能训练');
    await mine.getByRole('button', { name: a.form.submitEdit }).click();
    const conflict = mine.locator('#conflict');
    await conflict.waitFor();
    expect(await conflict.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await conflict.locator('h2').textContent()).toBe(a.conflict.title);
    expect(await mine.locator('#conflict-message').textContent()).toContain('这家机构刚刚被其他人修改过');
    // What the colleague changed: the page's version against the version now.
    const changed = conflict.locator('#conflict-rows tr');
    expect(await changed.count()).toBe(1);
    expect(await changed.locator('td').allTextContents()).toEqual([a.form.name, swim.name, '浉河区海豚游泳运动俱乐部']);
    expect(await mine.locator('#conflict-latest').textContent()).toContain(findDemoStaff('shihe.editor')!.name);
    await expectNoAxeViolations(mine);
    await shot(mine, 'conflict');

    await mine.getByRole('button', { name: a.conflict.reapply }).click();
    await expect.poll(() => mine.locator('#view-banner').textContent()).toBe(a.view.saved);
    expect(await conflict.isHidden()).toBe(true);
    // Both changes stand: the colleague's name and this scope.
    const saved = (await getInstitution(db, swim.id))!;
    expect(saved.name).toBe('浉河区海豚游泳运动俱乐部');
    expect(saved.licence.scope).toBe('游泳、体能训练');
    expect(saved.version).toBe(swim.version + 2);
    expect(await mine.locator('h1').textContent()).toBe('浉河区海豚游泳运动俱乐部');
    expectNoProblems(problems, [409]);
    await mine.close();
  });

  it('is stopped by the shared schema when the credit code is wrong: the error summary and the field say so in the same words', async () => {
    const { page, problems } = await openInstitution(editor, maths.id);
    const before = (await getInstitution(db, maths.id))!.version;
    const wrong = `${maths.registration.creditCode.slice(0, 17)}${maths.registration.creditCode.endsWith('0') ? '1' : '0'}`;
    await page.getByLabel(a.form.creditCode).fill(wrong);
    await page.getByRole('button', { name: a.form.submitEdit }).click();

    const summary = page.locator('#inst-errors');
    await summary.waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await summary.locator('h2').textContent()).toBe(a.errorSummaryTitle);
    const link = summary.getByRole('link', { name: fieldMessages.creditCode });
    expect(await link.getAttribute('href')).toBe('#inst-registration-creditCode');
    expect(await page.locator('#inst-registration-creditCode-error').textContent()).toBe(`${a.errorPrefix}${fieldMessages.creditCode}`);
    const field = page.getByLabel(a.form.creditCode);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toContain('inst-registration-creditCode-error');
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inst-registration-creditCode');
    // Nothing was sent.
    expect((await getInstitution(db, maths.id))!.version).toBe(before);
    await expectNoAxeViolations(page);
    await shot(page, 'field-error');
    expectNoProblems(problems);
    await page.close();
  });

  it('adds an institution; a licence number registered to another is answered beside its field (from the API)', async () => {
    const { page, problems } = await open(editor, '/admin/institutions/new/');
    await page.locator('#new').waitFor();
    const fields = shihe({ name: '浉河区晨曦托管中心', category: 'after_school_care' });
    await page.getByLabel(a.form.name).fill(fields.name);
    await page.getByLabel(a.form.category).selectOption('after_school_care');
    await page.getByLabel(ProfitTypes.label(fields.profitType), { exact: true }).check();
    await page.getByLabel(a.form.address).fill(fields.premises[0]!.address);
    await page.getByLabel(a.form.licenceNumber).fill(swim.licence.number);
    await page.getByLabel(a.form.issuer).fill(fields.licence.issuer);
    await page.getByLabel(a.form.issuedOn).fill(fields.licence.issuedOn);
    await page.getByLabel(a.form.expiresOn).fill(fields.licence.expiresOn);
    await page.getByLabel(a.form.scope).fill('课后托管');
    await page.getByLabel(a.form.creditCode).fill(fields.registration.creditCode);
    await page.getByLabel('民办非企业单位登记证书', { exact: true }).check();
    await page.getByLabel('银行托管', { exact: true }).check();
    await page.getByLabel(a.form.bank).fill('中国银行信阳分行');
    // 浉河区 is the office's only district: chosen already.
    expect(await page.getByLabel(a.form.district).inputValue()).toBe('411502');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: a.form.submitCreate }).click();

    const message = page.locator('#inst-licence-number-error');
    await message.waitFor();
    expect(await message.textContent()).toBe(`${a.errorPrefix}这个办学许可证编号已登记在机构 ${swim.id} 名下，请核对`);
    expect(await page.locator('#inst-errors').getByRole('link').getAttribute('href')).toBe('#inst-licence-number');

    await page.getByLabel(a.form.licenceNumber).fill(fields.licence.number);
    await page.getByRole('button', { name: a.form.submitCreate }).click();
    await page.waitForURL(/\/admin\/institutions\/view\/\?id=jg[0-9a-z]{10}$/);
    await expect.poll(() => page.locator('#view-banner').textContent()).toBe(a.view.created);
    expect(await page.locator('h1').textContent()).toBe(fields.name);
    expect(await page.locator('#history-rows tr').first().textContent()).toContain(a.view.actions.created);
    expectNoProblems(problems, [409]);
    await page.close();
  });

  it('checks a GBK CSV with a bad row: the report names the row and its problem, and the import cannot be confirmed', async () => {
    const { page, problems } = await open(editor, '/admin/import/');
    await page.locator('#import').waitFor();
    const good = shihe({ category: 'sports' });
    const bad = shihe({});
    const csv = gbkBytes(
      csvText([importRow(good), importRow(bad, 'approved', { creditCode: bad.registration.creditCode.slice(0, 17) })]),
    );
    await page.getByLabel(a.import.file).setInputFiles({ name: '浉河区名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: a.import.check }).click();

    const report = page.locator('#import-report');
    await report.waitFor();
    expect(await page.locator('#import-file-info').textContent()).toContain('GBK');
    expect(await page.locator('#import-count-create').textContent()).toBe(`1 ${a.import.rowsUnit}`);
    expect(await page.locator('#import-count-rejected').textContent()).toBe(`1 ${a.import.rowsUnit}`);
    const badRow = page.locator('#import-rows tr').nth(1);
    expect(await badRow.locator('td').first().textContent()).toBe('3');
    expect(await badRow.locator('.action-tag').textContent()).toBe(a.import.actions.rejected);
    expect(await badRow.textContent()).toContain('统一社会信用代码：');
    expect(await badRow.textContent()).toContain('应为18位');
    const confirm = page.getByRole('button', { name: a.import.confirm });
    expect(await confirm.isDisabled()).toBe(true);
    expect(await page.locator('#import-confirm-text').textContent()).toBe(a.import.confirmDisabledRejected);
    expect(await page.locator('#import-rejected-text').textContent()).toBe(a.import.rejectedWarning(1));
    await expectNoAxeViolations(page);
    await shot(page, 'import-rejected');

    // The fixed file: the import can be confirmed, and its report says what was written.
    await page.getByLabel(a.import.file).setInputFiles({ name: '浉河区名单.csv', mimeType: 'text/csv', buffer: Buffer.from(gbkBytes(csvText([importRow(good)]))) });
    expect(await report.isHidden()).toBe(true);
    await page.getByRole('button', { name: a.import.check }).click();
    await report.waitFor();
    expect(await confirm.isEnabled()).toBe(true);
    expect(await page.locator('#import-confirm-text').textContent()).toBe(a.import.ready(1, 0));
    await confirm.click();
    await expect.poll(() => page.locator('#import-outcome').textContent()).toBe(a.import.done(1));
    expect(await page.locator('#import-report-heading').textContent()).toBe(a.import.finalHeading);
    expect(await page.locator('#import-rows tr').first().textContent()).toContain(a.import.results.applied);
    await expectNoAxeViolations(page);
    expectNoProblems(problems);
    await page.close();
  });

  it('signs out, and the console asks to sign in again', async () => {
    const { page, problems } = await open(editor, '/admin/institutions/');
    await page.locator('#registry').waitFor();
    await page.getByRole('button', { name: a.bar.signOut }).click();
    await page.waitForURL(/\/admin\/\?notice=signed-out$/);
    // The sign-in page's script writes the notice after the page has loaded.
    await expect.poll(() => page.locator('#sign-in-notice').textContent()).toBe(a.signIn.signedOut);
    expect(await page.locator('[data-admin-who]').isHidden()).toBe(true);
    expectNoProblems(problems, [401]);
    await page.close();
  });
});

describe('on a phone and on a desktop', () => {
  it.each([
    { name: 'phone', viewport: { width: 375, height: 740 }, isMobile: true },
    { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false },
  ])('the registry, an institution and an import report fit the $name screen without sideways scrolling', async ({ name, viewport, isMobile }) => {
    const context = await signedIn('pingqiao.editor', { viewport, isMobile });
    const { page: list, problems } = await open(context, '/admin/institutions/');
    await expect.poll(() => rowNames(list)).toEqual([chess.name]);
    const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    expect(await fits(list)).toBe(true);
    if (screenshotDir) await list.screenshot({ path: join(screenshotDir, `admin-registry-${name}.png`), fullPage: true });

    const { page: view, problems: viewProblems } = await openInstitution(context, chess.id);
    expect(await fits(view)).toBe(true);
    if (screenshotDir) await view.screenshot({ path: join(screenshotDir, `admin-institution-${name}.png`), fullPage: true });

    const { page: upload, problems: uploadProblems } = await open(context, '/admin/import/');
    await upload.locator('#import').waitFor();
    const pingqiao = () => makeInstitutionFields({ category: 'sports', districtCode: '411503', premises: [{ address: '信阳市平桥区羊山大道9号', districtCode: '411503' }] });
    const file = csvText([importRow(pingqiao()), importRow(pingqiao(), 'approved', { district: '郑州市金水区', licenceNumber: '许可证 #A1' })]);
    await upload.getByLabel(a.import.file).setInputFiles({ name: '平桥区名单.csv', mimeType: 'text/csv', buffer: Buffer.from(gbkBytes(file)) });
    await upload.getByRole('button', { name: a.import.check }).click();
    await upload.locator('#import-report').waitFor();
    expect(await fits(upload)).toBe(true);
    if (screenshotDir) await upload.screenshot({ path: join(screenshotDir, `admin-import-${name}.png`), fullPage: true });

    expectNoProblems(problems);
    expectNoProblems(viewProblems);
    expectNoProblems(uploadProblems);
  });
});

/**
 * Journey: the audit log and the registry's inspections and sanctions. The
 * real local server (app, built site, published pages on one origin, the
 * production CSP) on a fresh table with the demo staff; Debian's Chromium.
 *
 * shihe.editor records an inspection and a sanction on a centre of 浉河区,
 * publishes the sanction, and after the publisher's run the public centre
 * page shows it. city.supervisor then filters the audit log by that member,
 * sees the sign-in, and downloads the filtered view as CSV, which is itself
 * audited. Both pages have no accessibility violations.
 */
import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../functions/auth/totp.ts';
import { listAudit } from '../../functions/data/audit.ts';
import type { Db } from '../../functions/data/client.ts';
import { createInstitution } from '../../functions/data/institutions.ts';
import { publishChanges } from '../../functions/publish/publisher.ts';
import type { PublicStore } from '../../functions/storage/types.ts';
import { findDemoStaff } from '../../scripts/demo/staff.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { useBrowserSite } from '../support/browser-site.ts';

const a = t.admin;
const r = t.registryRecords;
const site = useBrowserSite({ staff: true, server: { searchMaxAgeMs: 0 } });
const { open, expectNoProblems, expectNoAxeViolations } = site;

let db: Db;
let store: PublicStore;
let baseUrl: string;

beforeAll(async () => {
  ({ db, store, baseUrl } = site);
  await createInstitution(db, {
    id: 'shihe-swim',
    fields: makeInstitutionFields({ name: '浉河区海豚游泳俱乐部', category: 'sports', districtCode: '411502' }),
    status: 'approved',
    actor: testActor,
    now: new Date(),
  });
  await publishChanges({ db, store, publicOrigin: baseUrl, now: () => new Date() });
});

/** A new context with a demo account signed in through the sign-in page (the TOTP step too). */
async function signedIn(username: string): Promise<BrowserContext> {
  const context = await site.newContext({ acceptDownloads: true });
  const { page } = await open(context, '/admin/');
  const demo = findDemoStaff(username)!;
  await page.getByLabel(a.signIn.username).fill(username);
  await page.getByLabel(a.signIn.password, { exact: true }).fill(demo.password);
  await page.getByRole('button', { name: a.signIn.submit, exact: true }).click();
  if (demo.totpSecret) {
    await page.getByLabel(a.signIn.code).fill(totpCode(demo.totpSecret, new Date()));
    await page.getByRole('button', { name: a.signIn.totpSubmit }).click();
  }
  await page.getByRole('heading', { level: 1, name: a.dashboard.title }).waitFor();
  await page.close();
  return context;
}

describe('shihe.editor records an inspection and a sanction, and publishes the sanction', () => {
  it('the public centre page shows the published sanction after the publisher runs', async () => {
    const context = await signedIn('shihe.editor');
    const { page, problems } = await open(context, '/admin/institutions/view/?id=shihe-swim');
    await page.locator('#view').waitFor();
    await expect.poll(() => page.locator('#risk-status').textContent()).toBe(r.risk.noCases);

    const insp = page.locator('#inspection-form');
    await insp.getByLabel(r.inspections.on).fill('2026-11-18');
    await insp.getByLabel(r.inspections.kind).selectOption('random_sample');
    await insp.getByLabel(r.inspections.inspectors).fill('王检查\n李执法');
    await insp.getByLabel(r.inspections.findings).fill('泳池救生员不足');
    await insp.getByLabel(r.inspections.result).selectOption('rectify');
    await insp.getByRole('button', { name: r.inspections.submit }).click();
    await expect.poll(() => page.locator('#view-banner').textContent()).toBe(r.inspections.saved);
    expect(await page.locator('#inspections-rows').textContent()).toContain('王检查、李执法');

    // The shared schema stops a sanction without its decision number, in its words.
    const sanc = page.locator('#sanction-form');
    await sanc.getByLabel(r.sanctions.on).fill('2026-11-19');
    await sanc.getByLabel(r.sanctions.kind).selectOption('stop_enrolling');
    await sanc.getByLabel(r.sanctions.summary).fill('未配备足额救生员，责令停止招收学员');
    await sanc.getByRole('button', { name: r.sanctions.submit }).click();
    await page.locator('#sanc-errors').waitFor();
    expect(await page.locator('#sanc-decisionNumber-error').textContent()).toBe(`${a.errorPrefix}请填写处罚决定书文号`);
    await sanc.getByLabel(r.sanctions.decisionNumber).fill('浉教罚〔2026〕7号');
    await sanc.getByRole('button', { name: r.sanctions.submit }).click();
    await expect.poll(() => page.locator('#view-banner').textContent()).toBe(r.sanctions.saved);
    expect(await page.locator('#sanctions-rows').textContent()).toContain(r.sanctions.unpublished);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: r.sanctions.publishLabel('浉教罚〔2026〕7号') }).click();
    await expect.poll(() => page.locator('#view-banner').textContent()).toBe(r.sanctions.publishedSaved('浉教罚〔2026〕7号'));
    expect(await page.locator('#sanctions-rows').textContent()).toContain('已公示');
    expectNoProblems(problems);

    await publishChanges({ db, store, publicOrigin: baseUrl, now: () => new Date() });
    const pub = await open(context, '/institutions/shihe-swim/');
    const text = await pub.page.locator('main').textContent();
    expect(text).toContain('浉教罚〔2026〕7号');
    expect(text).toContain('责令停止招收学员');
    expect(text).toContain('泳池救生员不足');
    expect(text).not.toContain('王检查');
    await context.close();
  });
});

describe('city.supervisor reads the audit log', () => {
  it('filters by member, sees their entries, and downloads the CSV (itself audited)', async () => {
    const context = await signedIn('city.supervisor');
    const { page, problems } = await open(context, '/admin/audit/');
    await page.locator('#audit-results').waitFor();
    expect(await page.locator('#audit-scope').textContent()).toBe(t.audit.cityWide);
    await expectNoAxeViolations(page);

    await page.getByLabel(t.audit.filters.member).fill('shihe.editor');
    await page.getByRole('button', { name: t.audit.filters.submit }).click();
    await page.waitForURL(/member=shihe.editor/);
    await page.locator('#audit-results').waitFor();
    const rows = page.locator('#audit-rows tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text).toContain('shihe.editor');
    expect(await page.locator('#audit-rows').textContent()).toContain('登录成功');
    await expectNoAxeViolations(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: t.audit.filters.csv }).click()]);
    const csv = await site.readDownload(download);
    expect(csv).toContain('时间（北京时间）,事件,账号');
    expect(csv).toContain(',登录成功,shihe.editor,');
    expect(csv).not.toContain('city.supervisor');
    const today = new Date().toISOString().slice(0, 10);
    await expect
      .poll(async () => (await listAudit(db, today)).some((e) => e.event === 'audit_export' && e.staffId === 'city.supervisor' && e.reason?.includes('member=shihe.editor')))
      .toBe(true);
    expectNoProblems(problems);
    await context.close();
  });
});

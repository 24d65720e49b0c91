/**
 * Journey: a parent checks a charge, and a regulator publishes a guidance
 * price. The checker is pinned at and around every threshold, across
 * effective-date changes (national rules and a published price with a
 * future date), through the JSON API and the page that works without
 * JavaScript; both answer from the same function. Real app, real DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../functions/app.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import type { Db } from '../../functions/data/client.ts';
import { yuanToFen } from '../../functions/fees/form.ts';
import { publishNotices } from '../../functions/publish/notices.ts';
import { createFsStore } from '../../functions/storage/fs-store.ts';
import type { PublicStore } from '../../functions/storage/types.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import type { FeeCheckInput } from '../../shared/schemas/guidance.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createTestDb } from '../support/db.ts';

const clock = new Date('2026-11-20T02:00:00.000Z'); // 2026-11-20 in Beijing
const now = () => clock;
let db: Db;
let store: PublicStore;
let storeDir: string;
let app: ReturnType<typeof createApp>;
const as: Record<string, StaffBrowser> = {};
const c = t.fees.check;

beforeAll(async () => {
  db = await createTestDb();
  storeDir = await mkdtemp(join(tmpdir(), 'shouhu-fees-'));
  store = createFsStore(storeDir, [inject('siteDir')]);
  app = createApp({ db, store, now });
  await seedDemoStaff(db);
  for (const username of ['shihe.editor', 'city.publisher']) {
    as[username] = new StaffBrowser(app, { now });
    await as[username].signIn(username);
  }
});

afterAll(async () => {
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
});

/** A lawful arts charge; each test changes one thing. */
const charge = (overrides: Partial<FeeCheckInput> = {}): FeeCheckInput => ({
  category: 'arts',
  districtCode: '411502',
  amount: 300_000,
  hours: 30,
  months: 3,
  pricePerLesson: 10_000,
  paymentMethod: 'supervised_account',
  ...overrides,
});

interface Finding {
  rule: string;
  outcome: string;
  message: string;
  source: { document: string; effectiveFrom: string };
  needs?: string[];
}
async function check(body: unknown) {
  const res = await app.request('/api/fee-check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { date: string; findings: Finding[]; breaksRules: boolean; complaintHref: string; nextSteps: string[]; toEnter: { field: string; message: string }[]; error?: { fields: Record<string, string> } } };
}
async function outcome(body: FeeCheckInput, rule: string): Promise<string> {
  const { status, body: answer } = await check(body);
  expect(status, JSON.stringify(answer)).toBe(200);
  const f = answer.findings.find((x) => x.rule === rule);
  return f?.outcome ?? 'absent';
}

describe('POST /api/fee-check: a dance course of 5,200 yuan', () => {
  it('breaks the 5,000 yuan cap, says by how much and why, cites the document and date, and says how to complain', async () => {
    const { status, body } = await check(charge({ amount: 520_000, hours: 48, months: 3, pricePerLesson: undefined, institutionId: 'xinyang-swan' }));
    expect(status).toBe(200);
    expect(body.date).toBe('2026-11-20');
    expect(body.breaksRules).toBe(true);
    const cap = body.findings.find((f) => f.rule === 'non-academic-amount-cap')!;
    expect(cap).toMatchObject({
      outcome: 'breaks',
      message: '本次收费5200元，超过了一次最多5000元的上限（多200元）。',
      source: { document: expect.stringContaining('教监管〔2022〕4号'), effectiveFrom: '2022-12-28' },
    });
    expect(body.findings.filter((f) => f.outcome === 'breaks').map((f) => f.rule)).toEqual(['non-academic-amount-cap']);
    expect(body.complaintHref).toBe('/complaints/new/?kind=fees&institution=xinyang-swan&district=411502&category=arts&amount=5200&paymentMethod=supervised_account');
    expect(body.nextSteps).toEqual([...c.nextBreaks]);
  });

  it('says which inputs it could not check, rather than guessing', async () => {
    const { body } = await check(charge({ months: undefined }));
    expect(body.findings.find((f) => f.rule === 'non-academic-prepaid-months')).toMatchObject({
      outcome: 'not_applicable',
      needs: ['months'],
      message: '输入课程要上几个月（或起止日期）后可判断是否超过一次最多3个月的上限。',
    });
    expect(body.findings.find((f) => f.rule === 'non-academic-offline-end')?.outcome).toBe('not_applicable');
  });

  it('answers bad input with 400 and a message per field', async () => {
    const { status, body } = await check({ ...charge(), amount: 100.5, districtCode: '110101', paymentMethod: 'bitcoin', classEndsAt: '25:00' });
    expect(status).toBe(400);
    expect(body.error!.fields).toMatchObject({
      districtCode: '请选择本市的区县',
      paymentMethod: '请选择机构要求的付款方式',
      classEndsAt: '请按24小时制填写下课时间，例如 20:30',
    });
    expect(body.error!.fields.amount).toBe('请填写这次要交的金额，单位为元，例如 5200 或 4999.50');
  });

  it('answers fields of the wrong type in words of ours, never the validator’s own', async () => {
    const { status, body } = await check({ ...charge(), amount: '5200', pricePerLesson: [1], districtCode: 411502, coursePeriod: '2026-09', classEndsAt: 2030, institutionId: 7 });
    expect(status).toBe(400);
    expect(body.error!.fields).toEqual({
      amount: '请填写这次要交的金额，单位为元，例如 5200 或 4999.50',
      pricePerLesson: '请填写每课时（每节课）的价格，单位为元，不知道可以不填',
      districtCode: '请选择本市的区县',
      coursePeriod: '请填写课程的开始和结束日期，格式为 YYYY-MM-DD',
      classEndsAt: '请按24小时制填写下课时间，例如 20:30',
      institutionId: '机构编号格式不正确，请从机构页面进入核对',
    });
  });
});

describe('POST /api/fee-check with only what the parent knows', () => {
  it('5,200 yuan for a dance course and nothing else: over the cap, and what else to enter for the rest', async () => {
    const { status, body } = await check({ category: 'arts', amount: 520_000 });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.breaksRules).toBe(true);
    expect(body.findings.filter((f) => f.outcome === 'breaks').map((f) => f.rule)).toEqual(['non-academic-amount-cap']);
    expect(body.toEnter.map((x) => x.field)).toEqual(['hours', 'months', 'paymentMethod', 'financing', 'classMode', 'classMode']);
    expect(body.toEnter[0]!.message).toBe('输入课时数后可判断是否超过一次最多60课时的上限。');
    expect(body.complaintHref).toBe('/complaints/new/?kind=fees&category=arts&amount=5200');
  });

  it('four months of sports lessons and nothing else: over the 3-month limit', async () => {
    const { status, body } = await check({ category: 'sports', months: 4 });
    expect(status).toBe(200);
    expect(body.findings.find((f) => f.rule === 'non-academic-prepaid-months')).toMatchObject({ outcome: 'breaks', message: '本次收费覆盖4个月，超过了一次最多3个月的上限。' });
    expect(body.toEnter.map((x) => x.field)).toContain('amount');
  });

  it('says nothing is missing when every rule could be judged', async () => {
    const { body } = await check(charge({ financing: 'none', classMode: 'offline', classEndsAt: '20:00' }));
    expect(body.toEnter).toEqual([]);
  });

  it('asks for one fact beyond the category, with a field-level message', async () => {
    const { status, body } = await check({ category: 'arts', districtCode: '411502' });
    expect(status).toBe(400);
    expect(body.error!.fields).toEqual({ amount: '请至少填写一项您知道的情况：金额、课时数、月数、每课时价格、付款方式、是否用了培训贷或下课时间' });
    expect((await check({ amount: 520_000 })).body.error!.fields).toMatchObject({ category: '请选择培训类别' });
  });
});

describe('the checker at and around every threshold', () => {
  it.each([
    [499_999, 'ok'],
    [500_000, 'ok'],
    [500_001, 'breaks'],
  ])('amount %i fen → %s', async (amount, expected) => {
    expect(await outcome(charge({ amount }), 'non-academic-amount-cap')).toBe(expected);
  });

  it.each([
    ['arts', 59, 'non-academic-prepaid-hours', 'ok'],
    ['arts', 60, 'non-academic-prepaid-hours', 'ok'],
    ['arts', 61, 'non-academic-prepaid-hours', 'breaks'],
    ['academic', 60, 'academic-prepaid-hours', 'ok'],
    ['academic', 61, 'academic-prepaid-hours', 'breaks'],
  ] as const)('%s, %i class hours → %s %s', async (category, hours, rule, expected) => {
    expect(await outcome(charge({ category, hours, pricePerLesson: undefined }), rule)).toBe(expected);
  });

  it.each([
    [2.5, 'ok'],
    [3, 'ok'],
    [3.5, 'breaks'],
    [4, 'breaks'],
  ])('%s months → %s', async (months, expected) => {
    expect(await outcome(charge({ months }), 'non-academic-prepaid-months')).toBe(expected);
  });

  it.each([
    [{ from: '2026-03-01', to: '2026-05-31' }, 'ok'],
    [{ from: '2026-03-01', to: '2026-06-01' }, 'breaks'],
    [{ from: '2025-11-30', to: '2026-02-28' }, 'ok'],
    [{ from: '2025-11-30', to: '2026-03-01' }, 'breaks'],
  ])('course period %o → %s', async (coursePeriod, expected) => {
    expect(await outcome(charge({ months: undefined, coursePeriod }), 'non-academic-prepaid-months')).toBe(expected);
  });

  it.each([
    ['offline', '20:29', 'non-academic-offline-end', 'ok'],
    ['offline', '20:30', 'non-academic-offline-end', 'ok'],
    ['offline', '20:31', 'non-academic-offline-end', 'breaks'],
    ['online', '21:00', 'non-academic-online-end', 'ok'],
    ['online', '21:01', 'non-academic-online-end', 'breaks'],
    ['online', '20:45', 'non-academic-offline-end', 'not_applicable'],
  ] as const)('%s class ending %s → %s %s', async (classMode, classEndsAt, rule, expected) => {
    expect(await outcome(charge({ classMode, classEndsAt }), rule)).toBe(expected);
  });

  it.each([
    ['supervised_account', 'ok', 'ok'],
    ['personal_transfer', 'breaks', 'ok'],
    ['chat_app', 'breaks', 'ok'],
    ['cash', 'breaks', 'ok'],
    ['institution_account', 'breaks', 'ok'],
    ['other', 'not_applicable', 'ok'],
    ['training_loan', 'not_applicable', 'breaks'],
  ] as const)('paying by %s → account %s, loan %s', async (paymentMethod, account, loan) => {
    expect(await outcome(charge({ paymentMethod }), 'supervised-account')).toBe(account);
    expect(await outcome(charge({ paymentMethod }), 'no-training-loan')).toBe(loan);
  });

  it.each([
    ['none', 'ok'],
    ['training_loan', 'breaks'],
    ['instalment_lender', 'breaks'],
    ['instalment_institution', 'ok'],
    ['unknown', 'not_applicable'],
  ] as const)('financed by %s (paid into the supervised account) → loan %s', async (financing, loan) => {
    expect(await outcome(charge({ paymentMethod: 'supervised_account', financing }), 'no-training-loan')).toBe(loan);
    expect(await outcome(charge({ paymentMethod: 'supervised_account', financing }), 'supervised-account')).toBe('ok');
  });

  it('carries the financing into the complaint link, so the complaint says it', async () => {
    const { body } = await check(charge({ paymentMethod: 'supervised_account', financing: 'instalment_lender' }));
    expect(body.complaintHref).toContain('&paymentMethod=supervised_account&financing=instalment_lender');
  });

  it('refuses a financing answer that is not one of the choices, saying what to choose', async () => {
    const { status, body } = await check({ ...charge(), financing: 'borrowed' });
    expect(status).toBe(400);
    expect(body.error!.fields).toMatchObject({ financing: '请选择是否通过培训贷或分期付款' });
  });

  it('applies the 5,000 yuan cap from the day 教监管〔2022〕4号 took effect, not the day before', async () => {
    expect(await outcome(charge({ amount: 600_000, date: '2022-12-27' }), 'non-academic-amount-cap')).toBe('absent');
    expect(await outcome(charge({ amount: 600_000, date: '2022-12-28' }), 'non-academic-amount-cap')).toBe('breaks');
    expect(await outcome(charge({ classMode: 'offline', classEndsAt: '21:00', date: '2022-12-27' }), 'non-academic-offline-end')).toBe('absent');
  });

  it('knows no rule before the first one, and says so', async () => {
    const { body } = await check(charge({ date: '2021-10-28' }));
    expect(body.findings).toEqual([]);
    expect(body.breaksRules).toBe(false);
  });
});

describe('a regulator publishes a guidance price, and a new one from a later date', () => {
  const academic = (overrides: Partial<FeeCheckInput> = {}) => charge({ category: 'academic', hours: 20, months: 2, ...overrides });
  const guidance = (effectiveFrom: string, basePricePerHour: number, districtCodes: string[] = []) => ({
    title: '学科类校外培训政府指导价',
    document: `测试价格文件（${effectiveFrom}）`,
    effectiveFrom,
    categories: ['academic'],
    districtCodes,
    rules: [{ check: 'guidance_price', id: 'guidance-price-academic', basePricePerHour, maxAbovePercent: 10 }],
    advice: ['每课时按45分钟计。'],
  });

  it('lets only a publisher publish, and only in their area', async () => {
    expect((await as['shihe.editor']!.post('/api/admin/fee-guidance', guidance('2025-09-01', 5_000))).status).toBe(403);
    const cityWide = await as['city.publisher']!.post('/api/admin/fee-guidance', guidance('2025-09-01', 5_000));
    expect(cityWide.status, await cityWide.clone().text()).toBe(201);
    const body = await cityWide.json();
    expect(body).toMatchObject({ id: expect.stringMatching(/^fg-/), status: 'published', version: 1, publishedBy: { staffId: 'city.publisher' } });
    expect(body.rules[0]).toMatchObject({ id: 'guidance-price-academic', title: '政府指导价', categories: ['academic'], source: { effectiveFrom: '2025-09-01' } });
    expect(body.rules[0].districtCodes).toBeUndefined();
  });

  it('applies it at once: base 50 yuan + 10% allows 55 yuan a class hour, not 55.01', async () => {
    expect(await outcome(academic({ pricePerLesson: 5_500 }), 'guidance-price-academic')).toBe('ok');
    expect(await outcome(academic({ pricePerLesson: 5_501 }), 'guidance-price-academic')).toBe('breaks');
    expect(await outcome(academic({ pricePerLesson: 3_000 }), 'guidance-price-academic')).toBe('ok'); // no floor
    // Without a per-lesson price, the average: 20 hours at 55 yuan is 1,100 yuan.
    expect(await outcome(academic({ pricePerLesson: undefined, amount: 110_000 }), 'guidance-price-academic')).toBe('ok');
    expect(await outcome(academic({ pricePerLesson: undefined, amount: 110_001 }), 'guidance-price-academic')).toBe('breaks');
    // Before it took effect there was no price to check against.
    expect(await outcome(academic({ pricePerLesson: 9_999, date: '2025-08-31' }), 'guidance-price-academic')).toBe('absent');
  });

  it('applies the old price until a new one takes effect, and the new one from that day', async () => {
    const res = await as['city.publisher']!.post('/api/admin/fee-guidance', guidance('2027-01-01', 6_000));
    expect(res.status, await res.clone().text()).toBe(201);
    // Today (2026-11-20) and the day before: the old price (max 55 yuan).
    expect(await outcome(academic({ pricePerLesson: 6_000 }), 'guidance-price-academic')).toBe('breaks');
    expect(await outcome(academic({ pricePerLesson: 6_000, date: '2026-12-31' }), 'guidance-price-academic')).toBe('breaks');
    // From the day it takes effect: the new price (max 66 yuan), citing the new document.
    expect(await outcome(academic({ pricePerLesson: 6_600, date: '2027-01-01' }), 'guidance-price-academic')).toBe('ok');
    expect(await outcome(academic({ pricePerLesson: 6_601, date: '2027-01-01' }), 'guidance-price-academic')).toBe('breaks');
    const { body } = await check(academic({ pricePerLesson: 6_000, date: '2027-01-01' }));
    expect(body.findings.find((f) => f.rule === 'guidance-price-academic')!.source).toEqual({ document: '测试价格文件（2027-01-01）', effectiveFrom: '2027-01-01' });
  });

  it('lets a district replace the city’s price in that district only', async () => {
    const res = await as['city.publisher']!.post('/api/admin/fee-guidance', guidance('2026-06-01', 4_000, ['411503']));
    expect(res.status).toBe(201);
    expect(await outcome(academic({ districtCode: '411503', pricePerLesson: 4_401 }), 'guidance-price-academic')).toBe('breaks');
    expect(await outcome(academic({ districtCode: '411502', pricePerLesson: 4_401 }), 'guidance-price-academic')).toBe('ok');
  });

  it('refuses a rule that would change what an existing id checks, or clash with another version on the same day', async () => {
    const mismatch = await as['city.publisher']!.post('/api/admin/fee-guidance', {
      ...guidance('2026-07-01', 4_000),
      rules: [{ check: 'max_amount_per_collection', id: 'guidance-price-academic', maxAmount: 100 }],
    });
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json()).error.fields['rules.0.id']).toContain('guidance-price-academic');
    const clash = await as['city.publisher']!.post('/api/admin/fee-guidance', guidance('2027-01-01', 7_000));
    expect(clash.status).toBe(400);
    expect((await clash.json()).error.message).toContain('冲突');
  });

  it('replaces the configured cap in one district when a district tightens it (same check and categories, no id)', async () => {
    const res = await as['city.publisher']!.post('/api/admin/fee-guidance', {
      title: '平桥区非学科类预收费上限',
      document: '测试：平桥区收紧文件',
      effectiveFrom: '2026-10-01',
      categories: ['sports', 'arts', 'science'],
      districtCodes: ['411503'],
      rules: [{ check: 'max_amount_per_collection', maxAmount: 300_000 }],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await res.json()).rules[0].id).toBe('non-academic-amount-cap');
    expect(await outcome(charge({ districtCode: '411503', amount: 300_001 }), 'non-academic-amount-cap')).toBe('breaks');
    expect(await outcome(charge({ districtCode: '411503', amount: 300_001, date: '2026-09-30' }), 'non-academic-amount-cap')).toBe('ok');
    expect(await outcome(charge({ districtCode: '411502', amount: 300_001 }), 'non-academic-amount-cap')).toBe('ok');
  });

  it('stops applying a withdrawn publication at once; its record stays', async () => {
    const list = (await (await as['city.publisher']!.request('/api/admin/fee-guidance')).json()).items as Array<{ id: string; document?: string; source: { document: string }; version: number }>;
    const tightened = list.find((g) => g.source.document === '测试：平桥区收紧文件')!;
    const res = await as['city.publisher']!.post(`/api/admin/fee-guidance/${tightened.id}/withdraw`, { reason: '文件录入有误', expectedVersion: tightened.version });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'withdrawn', withdrawn: { reason: '文件录入有误', by: { staffId: 'city.publisher' } } });
    expect(await outcome(charge({ districtCode: '411503', amount: 300_001 }), 'non-academic-amount-cap')).toBe('ok');
    expect((await as['city.publisher']!.post(`/api/admin/fee-guidance/${tightened.id}/withdraw`, { reason: '再次撤回', expectedVersion: 2 })).status).toBe(409);
    const history = await (await as['city.publisher']!.request(`/api/admin/fee-guidance/${tightened.id}`)).json();
    expect(history.events.map((e: { action: string }) => e.action)).toEqual(['withdrawn', 'published']);
  });

  it('lists the rules in force and every version on GET /api/fee-rules', async () => {
    const res = await app.request('/api/fee-rules?district=411502&category=academic&date=2027-01-01');
    expect(res.status).toBe(200);
    const body = await res.json();
    const price = body.inForce.filter((r: { id: string }) => r.id === 'guidance-price-academic');
    expect(price).toHaveLength(1);
    expect(price[0]).toMatchObject({ basePricePerHour: 6_000, source: { effectiveFrom: '2027-01-01' } });
    expect(body.versions.filter((r: { id: string }) => r.id === 'guidance-price-academic')).toHaveLength(2);
  });

  it('publishes the guidance page with the price in force, the upcoming one, and past versions with their dates', async () => {
    await publishNotices({ db, store, publicOrigin: 'https://shouhu.example.cn', now });
    const page = (await store.get('fees/index.html'))!.body.toString('utf8');
    const section = (id: string) => page.slice(page.indexOf(`id="${id}"`), page.indexOf('</table>', page.indexOf(`id="${id}"`)));
    expect(section('in-force')).toContain('基准价每课时50元');
    expect(section('upcoming')).toContain('基准价每课时60元');
    expect(section('upcoming')).toContain('2027-01-01');
    expect(section('history')).toContain('教监管函〔2021〕2号');
    expect(page).toContain('每课时按45分钟计。');
    expect(page).not.toContain('测试：平桥区收紧文件'); // withdrawn
    // On the day the new price takes effect, the page is published again by itself.
    const run = await publishNotices({ db, store, publicOrigin: 'https://shouhu.example.cn', now: () => new Date('2026-12-31T16:00:00.000Z') });
    expect(run.ran).toBe(true);
    const after = (await store.get('fees/index.html'))!.body.toString('utf8');
    expect(after.slice(after.indexOf('id="in-force"'), after.indexOf('</table>', after.indexOf('id="in-force"')))).toContain('基准价每课时60元');
  });
});

describe('the page /fees/check/, without JavaScript', () => {
  const page = async (query: string) => {
    const res = await app.request(`/fees/check/${query}`);
    return { status: res.status, html: await res.text(), headers: res.headers };
  };

  it('shows the form, prefilled from an institution’s page, with the site’s security headers', async () => {
    const { status, html, headers } = await page('?institutionId=xinyang-swan&category=arts&districtCode=411502');
    expect(status).toBe(200);
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toContain(`<h1 class="heading-l">${c.title}</h1>`);
    expect(html).toContain('<option value="arts" selected>文化艺术类</option>');
    expect(html).toContain('<input type="hidden" name="institutionId" value="xinyang-swan" />');
    expect(html).toContain('aria-current="true">收费指引'); // the fees shell
  });

  it('answers a submitted form with each finding, its source, and a prefilled complaint link', async () => {
    const { status, html } = await page('?check=1&category=arts&districtCode=411502&amount=5%2C200&hours=48&months=3&paymentMethod=supervised_account&institutionId=xinyang-swan');
    expect(status).toBe(200);
    expect(html).toContain(c.breaksHeading(1));
    expect(html).toContain('本次收费5200元，超过了一次最多5000元的上限（多200元）。');
    expect(html).toContain('教监管〔2022〕4号');
    expect(html).toContain('href="/complaints/new/?kind=fees&amp;institution=xinyang-swan&amp;district=411502&amp;category=arts&amp;amount=5200&amp;paymentMethod=supervised_account"');
    expect(html).toContain('value="5,200"'); // the form again, as the parent typed it
  });

  it('hears a training loan on the no-JS form, separately from the channel, and cites its rule', async () => {
    const { status, html } = await page('?check=1&category=arts&districtCode=411502&amount=3000&hours=30&months=3&paymentMethod=supervised_account&financing=training_loan');
    expect(status).toBe(200);
    expect(html).toContain(c.breaksHeading(1));
    expect(html).toContain('通过培训贷缴费');
    expect(html).toContain('教监管函〔2021〕2号');
    expect(html).toMatch(/<option value="training_loan" selected>/);
  });

  it('answers a wrong form with 400, an error summary linking to each field, and the fields marked', async () => {
    const { status, html } = await page('?check=1&category=&districtCode=411502&amount=abc&hours=&paymentMethod=cash');
    expect(status).toBe(400);
    expect(html).toContain(c.errorSummary);
    expect(html).toContain('<a href="#fee-category">请选择培训类别</a>');
    expect(html).toContain('<a href="#fee-amount">请填写这次要交的金额');
    // The hours may be left empty now: the checker judges what it can.
    expect(html).not.toContain('<a href="#fee-hours">');
    expect(html).toMatch(/id="fee-amount"[^>]*aria-invalid="true"/);
  });

  it('answers 5,200 yuan for a dance course with nothing else: over the cap, with what else to enter linking to each field', async () => {
    const { status, html } = await page('?check=1&category=arts&amount=5200');
    expect(status).toBe(200);
    expect(html).toContain(c.breaksHeading(1));
    expect(html).toContain('本次收费5200元，超过了一次最多5000元的上限（多200元）。');
    expect(html).toContain(`<h2 class="heading-m" id="fee-to-enter-heading">${c.toEnterHeading}</h2>`);
    expect(html).toContain('<a href="#fee-hours">输入课时数后可判断是否超过一次最多60课时的上限。</a>');
    expect(html).toContain('<a href="#fee-paymentMethod">');
    expect(html).toContain(c.summaryFacts(['文化艺术类', '一次收费5200元'], '2026-11-20'));
  });

  it('says nothing breaks so far, and what would decide the rest, for a lawful partial charge', async () => {
    const { status, html } = await page('?check=1&category=sports&months=3');
    expect(status).toBe(200);
    expect(html).toContain(c.partialHeading);
    expect(html).not.toContain(`>${c.okHeading}<`);
    expect(html).toContain('<a href="#fee-amount">输入这次要交的金额后可判断是否超过一次最多5000元的上限。</a>');
  });

  it('asks for one fact when only the category is chosen', async () => {
    const { status, html } = await page('?check=1&category=arts');
    expect(status).toBe(400);
    expect(html).toContain('<a href="#fee-amount">请至少填写一项您知道的情况');
  });

  it('redirects /fees/check to /fees/check/, keeping the query', async () => {
    const res = await app.request('/fees/check?category=arts');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/fees/check/?category=arts');
  });
});

describe('yuan as parents type it', () => {
  it.each([
    ['5200', 520_000],
    ['5,200', 520_000],
    ['５２００', 520_000],
    ['4999.5', 499_950],
    ['4999.99元', 499_999],
    ['0.01', 1],
    ['-1', undefined],
    ['1.234', undefined],
    ['', undefined],
  ])('%s → %s fen', (typed, fen) => {
    expect(yuanToFen(typed)).toBe(fen);
  });
});

/**
 * Journey: a family files a complaint or a refund dispute with the site's
 * forms and no JavaScript (a plain POST answered by a receipt page), gets
 * the form back with its answers and an error summary when something is
 * wrong, never files twice from one form, cannot be made to file by another
 * site, and follows its case at /track/. The real app on DynamoDB Local.
 *
 * Why one file (about 630 lines): every journey below runs against one app,
 * one DynamoDB Local table and one listed centre, set up once (beforeAll),
 * and one imitation of a browser without JavaScript (request());
 * the sections (the form, filing, receipts, messages, other sites, refunds,
 * tracking) are where it would split, each file then paying for that set-up.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/app.ts';
import type { Db } from '../../functions/data/client.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { withNarrative } from '../../functions/cases/narrative.ts';
import { caseServices } from '../../functions/cases/services.ts';
import { getCase, getPersonalData } from '../../functions/data/cases.ts';
import { createPrivateFsStore } from '../../functions/storage/private-store.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { formatCaseNumber, parseCaseNumber } from '../../shared/rules/case-number.ts';
import type { Institution } from '../../shared/schemas/institution.ts';
import { ComplaintKinds, PaymentChannels, PaymentFinancings } from '../../shared/vocabulary.ts';
import { caseItems, listInstitution, makeComplaint, postJson } from '../builders/cases.ts';
import { createTestStore } from '../support/app.ts';
import { createTestDb } from '../support/db.ts';

const clock = new Date('2026-11-20T02:00:00.000Z');
const f = t.cases.form;
let app: ReturnType<typeof createApp>;
let db: Db;
let swan: Institution;

beforeAll(async () => {
  db = await createTestDb();
  const { store } = createTestStore();
  app = createApp({ db, store, now: () => clock, privateStore: createPrivateFsStore(mkdtempSync(join(tmpdir(), 'shouhu-private-'))) });
  swan = await listInstitution(db, { name: '浉河区小天鹅舞蹈培训中心', category: 'arts', districtCode: '411502' });
});

// ---------------------------------------------------------------------------
// A browser without JavaScript, as far as the server can tell
// ---------------------------------------------------------------------------

interface Browserish {
  origin?: string | null;
  secFetchSite?: string;
  ip?: string;
  /** Send as application/x-www-form-urlencoded (a form without files) instead of multipart. */
  urlencoded?: boolean;
}

function request(path: string, init: RequestInit, o: Browserish = {}) {
  const headers = new Headers(init.headers);
  const origin = o.origin === undefined ? 'http://localhost' : o.origin;
  if (origin !== null) headers.set('origin', origin);
  if (o.secFetchSite) headers.set('sec-fetch-site', o.secFetchSite);
  return app.request(`http://localhost${path}`, { ...init, headers }, { incoming: { socket: { remoteAddress: o.ip ?? '198.51.100.7' } } });
}

const get = (path: string) => request(path, { method: 'GET' });

function postForm(path: string, fields: Record<string, string>, o: Browserish = {}) {
  if (o.urlencoded) {
    return request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }, o);
  }
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append('attachments', new File([], '', { type: 'application/octet-stream' }));
  return request(path, { method: 'POST', body }, o);
}

/** The form's hidden key, as served. */
const keyOf = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];

/** The case number and access code as a receipt page shows them (groups of digits). */
function receiptOf(html: string) {
  const numbers = [...html.matchAll(/<p class="case-receipt__number[^"]*">(.*?)<\/p>/gs)].map((m) => [...m[1]!.matchAll(/<span class="case-receipt__group">([^<]+)<\/span>/g)].map((g) => g[1]).join('-'));
  return { caseNumber: numbers[0] ?? '', accessCode: numbers[1] ?? '' };
}

function complaintFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    idempotencyKey: `form-${crypto.randomUUID()}`,
    kind: 'fees',
    'institution.institutionId': '',
    'institution.unlistedName': '浉河区某某教育咨询有限公司',
    'institution.unlistedAddress': '浉河区东方红大道88号3楼',
    'institution.unlistedCategory': '',
    districtCode: '411502',
    happenedOn: '2026-11-15',
    place: '',
    description: '机构要求一次性缴纳一年的学费共9600元，\r\n并让我们转账到老师的个人微信。',
    childAgeBand: '',
    'contact.name': '王女士',
    'contact.mobile': '13812345678',
    consent: 'yes',
    pow: '',
    website: '',
    ...overrides,
  };
}

function refundFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    idempotencyKey: `form-${crypto.randomUUID()}`,
    'institution.institutionId': '',
    'institution.unlistedName': '浉河区星光舞蹈培训中心',
    'institution.unlistedAddress': '浉河区民权路18号',
    'institution.unlistedCategory': 'arts',
    districtCode: '411502',
    contractOn: '2026-09-01',
    modelContractUsed: 'yes',
    firstClassOn: '',
    'fullRefundWindow.daysBefore': '',
    'fullRefundWindow.daysAfter': '',
    'coursePeriod.from': '',
    'coursePeriod.to': '',
    paymentMethod: 'chat_app',
    amountPaid: '4,800',
    lessonsBought: '48课时',
    lessonsConsumed: '12',
    pricePerLesson: '100',
    amountAsked: '3600',
    refundRequestedOn: '2026-11-18',
    institutionResponse: '机构说老师离职了，课暂停，退费要等三个月。',
    'contact.name': '李先生',
    'contact.mobile': '13998765432',
    childAgeBand: 'primary',
    consent: 'yes',
    pow: '',
    website: '',
    ...overrides,
  };
}

async function caseCount() {
  return (await caseItems(db)).filter((i) => i.entity === 'case').length;
}

// ---------------------------------------------------------------------------

describe('the complaint form, served per request', () => {
  it('carries a fresh random key on every view, is never cached, and has the site’s headers', async () => {
    const [a, b] = await Promise.all([get('/complaints/new/'), get('/complaints/new/')]);
    expect(a.status).toBe(200);
    expect(a.headers.get('cache-control')).toBe('no-store');
    expect(a.headers.get('content-security-policy')).toContain("script-src 'self'");
    const [ha, hb] = [await a.text(), await b.text()];
    expect(keyOf(ha)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(keyOf(ha)).not.toBe(keyOf(hb));
    expect(ha).toContain(`action="/complaints/new/" method="post" enctype="multipart/form-data"`);
  });

  it('says 110 first, before the title, and lists harm to a child first among the kinds', async () => {
    const html = await (await get('/complaints/new/')).text();
    const box = html.indexOf('class="emergency-box case-emergency"');
    expect(box).toBeGreaterThan(-1);
    expect(box).toBeLessThan(html.indexOf('<h1'));
    expect(html).toContain('href="tel:110"');
    const kinds = [...html.matchAll(/name="kind" type="radio" value="([a-z_]+)"/g)].map((m) => m[1]);
    expect(kinds[0]).toBe('child_harm');
    // Every kind, once (issue 13 added the kinds the policy documents name).
    expect([...kinds].sort()).toEqual([...ComplaintKinds.keys].sort());
    expect(html).toContain(t.cases.kinds.child_harm.hint);
  });

  it('groups the kinds under headings, and says where to go for what is not ours to handle', async () => {
    const html = await (await get('/complaints/new/')).text();
    const headings = [...html.matchAll(/<h3 class="radios__group">([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual(Object.values(t.cases.kindGroups));
    // A member of staff owed wages is sent to labour inspection and arbitration, on the form itself.
    expect(html).toContain(t.cases.kinds.wage_arrears_layoffs.elsewhere);
    expect(html).toContain('12333');
    expect(html.indexOf('value="wage_arrears_layoffs"')).toBeLessThan(html.indexOf(t.cases.kinds.wage_arrears_layoffs.elsewhere));
  });

  it('is prefilled by the institution page’s button, and by ?kind=', async () => {
    const html = await (await get(`/complaints/new/?institution=${swan.id}&kind=child_harm`)).text();
    expect(html).toContain(`name="institution.institutionId" id="f-institution-institutionId" value="${swan.id}"`);
    expect(html).toContain('<p class="case-chosen__name" data-slot="name">浉河区小天鹅舞蹈培训中心</p>');
    expect(html).toMatch(/value="child_harm" checked/);
    expect(html).toMatch(/<option value="411502" selected>/);
    // The child-harm reminder beside the choice is shown without JavaScript too.
    expect(html).toMatch(/data-child-harm>/);
  });

  it('is prefilled by the fee checker’s link: kind, district, category and what was charged', async () => {
    const html = await (await get('/complaints/new/?kind=fees&district=411502&category=arts&amount=5200&paymentMethod=chat_app')).text();
    expect(html).toMatch(/value="fees" checked/);
    expect(html).toMatch(/<option value="411502" selected>/);
    expect(html).toMatch(/<option value="arts" selected>/);
    expect(html).toContain('这次收费5200元，付款方式：微信或支付宝转账给个人。</textarea>');
  });

  it('carries a training loan from the fee checker’s link into the description, and into the refund form’s answer', async () => {
    const complaint = await (await get('/complaints/new/?kind=fees&district=411502&amount=3000&paymentMethod=supervised_account&financing=training_loan')).text();
    expect(complaint).toContain(`这次收费3000元，付款方式：机构监管账户，贷款或分期：${PaymentFinancings.label('training_loan')}。</textarea>`);
    const refund = await (await get('/refunds/new/?paymentMethod=supervised_account&financing=instalment_lender')).text();
    expect(refund).toMatch(/value="instalment_lender" checked/);
    // Anything else is ignored, not echoed.
    expect(await (await get('/refunds/new/?financing=%3Cb%3E')).text()).not.toMatch(/name="financing"[^>]*checked/);
  });

  it('redirects the address without its slash, keeping the query', async () => {
    const res = await get('/complaints/new?kind=fees');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/complaints/new/?kind=fees');
  });
});

describe('filing a complaint without JavaScript', () => {
  it('answers a receipt page: the case number in groups, the code once, where it went and by when', async () => {
    const res = await postForm('/complaints/new/', complaintFields(), { urlencoded: true });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    const html = await res.text();
    const { caseNumber, accessCode } = receiptOf(html);
    expect(parseCaseNumber(caseNumber)).toBe(caseNumber);
    expect(accessCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(html).toContain(t.cases.receiptPage.writeDown);
    expect(html).toContain('浉河区教育体育局');
    expect(html).toContain('浉河区市场监管局');
    expect(html).toContain(t.cases.receiptPage.before('2026年12月1日 23:59'));
    const stored = await getCase(db, caseNumber);
    // The family's words are kept as written (line break included), sealed: not on the record, opened for staff.
    expect(stored?.record.complaint).toMatchObject({ kind: 'fees' });
    expect(stored?.record.complaint).not.toHaveProperty('description');
    expect((await withNarrative(db, caseServices().keys, stored!.record)).complaint).toMatchObject({ kind: 'fees', description: '机构要求一次性缴纳一年的学费共9600元，\n并让我们转账到老师的个人微信。' });
    expect(stored?.record.contactMasked).toEqual({ name: '王**', mobile: '138****5678' });
  });

  it('files a report about a listed institution, anonymously, with multipart as the page sends it', async () => {
    const res = await postForm('/complaints/new/', complaintFields({ 'institution.institutionId': swan.id, 'contact.name': '', 'contact.mobile': '', kind: 'false_advertising' }));
    expect(res.status).toBe(201);
    const { caseNumber } = receiptOf(await res.text());
    const stored = await getCase(db, caseNumber);
    expect(stored?.record.institution).toMatchObject({ id: swan.id, listed: true, category: 'arts' });
    // No contact kept (the sealed narrative is the only personal data).
    expect(stored?.record.contactMasked).toBeUndefined();
    expect(Object.keys((await getPersonalData(db, caseNumber))!.fields)).toEqual(['description']);
  });

  it('takes harm to a child as the most urgent kind, police leading, with 110 first on the receipt', async () => {
    const res = await postForm('/complaints/new/', complaintFields({ kind: 'child_harm', description: '老师把孩子单独关在教室里，孩子回家后很害怕。' }));
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html.indexOf('href="tel:110"')).toBeLessThan(html.indexOf('<h1'));
    expect(html).toContain(t.cases.receipt.emergency);
    expect(html).toContain('信阳市公安局');
    expect(html).toContain('<dd>紧急</dd>');
  });

  it('sends the form back (400) with an error summary linking to each field, and every answer kept', async () => {
    const before = await caseCount();
    const fields = complaintFields({ kind: '', description: '太短', 'contact.mobile': '1381234', consent: '', place: '<script>alert(1)</script>某小区' });
    const res = await postForm('/complaints/new/', fields);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`<h2 class="error-summary__title" id="error-summary-title">${f.errorSummary}</h2>`);
    const links = [...html.matchAll(/<li><a href="#([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['f-kind', '请选择发生了什么'],
      ['f-description', '请至少用10个字说明发生了什么'],
      ['f-contact-mobile', '请填写11位中国大陆手机号码，例如13812345678'],
      ['f-consent', '请阅读隐私说明，并勾选“我已阅读并同意”'],
    ]);
    // Each field says the same beside it, is marked invalid and described by the message.
    expect(html).toContain('<p class="error-message" id="f-description-error"><span class="visually-hidden">错误：</span>请至少用10个字说明发生了什么</p>');
    expect(html).toMatch(/id="f-contact-mobile"[^>]*aria-describedby="f-contact-mobile-hint f-contact-mobile-error" aria-invalid="true"/);
    // The answers are kept (escaped), and the same key goes back with them.
    expect(html).toContain('value="王女士"');
    expect(html).toContain('value="1381234"');
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;某小区"');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('>太短</textarea>');
    expect(keyOf(html)).toBe(fields.idempotencyKey);
    expect(html).toContain(`<title>${f.invalidTitle(f.complaintTitle)}`);
    expect(await caseCount()).toBe(before);
  });

  it('files once for a double click: both posts of the same form get the same receipt', async () => {
    const before = await caseCount();
    const fields = complaintFields({ description: '同一张表单点了两次提交，只应立案一次。' });
    const [a, b] = await Promise.all([postForm('/complaints/new/', fields), postForm('/complaints/new/', fields)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [ra, rb] = [receiptOf(await a.text()), receiptOf(await b.text())];
    expect(ra.caseNumber).toBe(rb.caseNumber);
    expect(ra.accessCode).toBe(rb.accessCode);
    expect(await caseCount()).toBe(before + 1);
    // And a reload of the receipt (the browser posts again) gets it once more.
    const again = await postForm('/complaints/new/', fields);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(receiptOf(await again.text()).caseNumber).toBe(ra.caseNumber);
    expect(await caseCount()).toBe(before + 1);
  });

  it('refuses the same form sent again with other contents (409), with a new key to file it as a new case', async () => {
    const fields = complaintFields();
    expect((await postForm('/complaints/new/', fields)).status).toBe(201);
    const res = await postForm('/complaints/new/', { ...fields, description: '内容改过了，但用的是同一张表单的编号。' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(t.cases.intake.idempotencyMismatch);
    expect(keyOf(html)).not.toBe(fields.idempotencyKey);
    expect(html).toContain('内容改过了');
  });

  it('gives the same case to the JSON API and the form with one key (the script files, then the form shows the receipt)', async () => {
    const fields = complaintFields({ description: '先通过接口提交，\r\n再由表单取回执。' });
    const json = await postJson(app, '/api/complaints', makeComplaint({ description: '先通过接口提交，\n再由表单取回执。', happenedOn: '2026-11-15' }), { key: fields.idempotencyKey! });
    expect(json.status).toBe(201);
    const filed = (await json.json()) as { caseNumber: string; accessCode: string };
    const res = await postForm('/complaints/new/', fields);
    expect(res.status).toBe(201);
    expect(receiptOf(await res.text())).toEqual({ caseNumber: filed.caseNumber, accessCode: filed.accessCode });
  });

  it('says so when a listed institution’s id is unknown, on the name field, and keeps the rest', async () => {
    const res = await postForm('/complaints/new/', complaintFields({ 'institution.institutionId': 'no-such-centre', 'institution.unlistedName': '' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`<a href="#f-institution-unlistedName">${t.cases.intake.unknownInstitution}</a>`);
  });
});

describe('a receipt that can be kept (without JavaScript)', () => {
  it('holds the receipt image inline: number, code, lead department and date, and the script-only buttons hidden', async () => {
    const html = await (await postForm('/complaints/new/', complaintFields(), { urlencoded: true })).text();
    const { caseNumber, accessCode } = receiptOf(html);
    const svg = /<figure class="case-receipt__card"[^>]*>(<svg[\s\S]*?<\/svg>)/.exec(html)?.[1] ?? '';
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain(`>${caseNumber}<`);
    expect(svg).toContain(`>${accessCode}<`);
    expect(svg).toContain('>浉河区教育体育局<');
    expect(svg).toContain('2026年11月20日');
    expect(svg).toMatch(/role="img" aria-labelledby="receipt-card-title"/);
    // Print, copy and download need the script: hidden until it runs.
    expect(html).toMatch(/<div class="case-receipt__actions" data-receipt-actions hidden>/);
    expect(html).toContain(t.receiptKeep.print);
    expect(html).toContain(`data-file-name="${t.receiptKeep.fileName(caseNumber)}"`);
  });
});

describe('办理进展短信通知我 on the forms without JavaScript', () => {
  it('offers the checkbox beside the mobile, on both forms', async () => {
    for (const path of ['/complaints/new/', '/refunds/new/']) {
      const page = await (await get(path)).text();
      expect(page, path).toContain('name="contact.notify"');
      expect(page, path).toContain(t.notify.consent);
      expect(page.indexOf('name="contact.notify"'), path).toBeGreaterThan(page.indexOf('name="contact.mobile"'));
    }
  });

  it('ticked with a mobile: one "received" message waits; ticked without one, or not ticked: none', async () => {
    const { listCaseMessages } = await import('../../functions/data/messages.ts');
    const file = async (fields: Record<string, string>) => receiptOf(await (await postForm('/complaints/new/', complaintFields(fields))).text()).caseNumber;
    const ticked = await file({ 'contact.notify': 'yes' });
    expect(await listCaseMessages(db, ticked)).toMatchObject([{ template: 'case_received', status: 'pending' }]);
    const noMobile = await file({ 'contact.notify': 'yes', 'contact.name': '', 'contact.mobile': '' });
    expect(await listCaseMessages(db, noMobile)).toEqual([]);
    const unticked = await file({});
    expect(await listCaseMessages(db, unticked)).toEqual([]);
    const refund = receiptOf(await (await postForm('/refunds/new/', refundFields({ 'contact.notify': 'yes' }))).text()).caseNumber;
    expect(await listCaseMessages(db, refund)).toMatchObject([{ template: 'case_received' }]);
  });
});

describe('forms refuse other sites', () => {
  it.each([
    ['another Origin', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { secFetchSite: 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { secFetchSite: 'same-site' }],
    ['Origin: null', { origin: 'null' }],
  ])('refuses a post with %s: 403, nothing filed', async (_label, o) => {
    const before = await caseCount();
    for (const path of ['/complaints/new/', '/refunds/new/']) {
      const res = await postForm(path, path === '/refunds/new/' ? refundFields() : complaintFields(), o);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain(f.forbiddenTitle);
    }
    expect((await postForm('/track/', { caseNumber: '2611-3852-0917-5', accessCode: 'K7QM-4XPD' }, { ...o, urlencoded: true })).status).toBe(403);
    expect(await caseCount()).toBe(before);
  });

  it('accepts the site’s own pages (same-origin)', async () => {
    expect((await postForm('/complaints/new/', complaintFields(), { secFetchSite: 'same-origin' })).status).toBe(201);
  });

  it('refuses a form body that is not a form (415), before reading it', async () => {
    const res = await request('/complaints/new/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(makeComplaint()) });
    expect(res.status).toBe(415);
  });
});

describe('the JSON API refuses form and text bodies', () => {
  it.each(['/api/complaints', '/api/refund-disputes', '/api/track'])('%s: 415 for form, multipart and text/plain', async (path) => {
    const before = await caseCount();
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      const res = await postJson(app, path, {}, { contentType, rawBody: 'kind=fees&description=x' });
      expect(res.status, contentType).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    }
    expect(await caseCount()).toBe(before);
  });
});

describe('filing a refund dispute without JavaScript', () => {
  it('answers what the family is likely owed, with the rule behind each line, the broken rules and the dates', async () => {
    const res = await postForm('/refunds/new/', refundFields());
    expect(res.status).toBe(201);
    const html = await res.text();
    const { caseNumber } = receiptOf(html);
    expect(parseCaseNumber(caseNumber)).toBe(caseNumber);
    expect(html).toContain(t.cases.receiptPage.owed('3600元'));
    // Each line of the estimate with its source.
    expect(html).toMatch(/<ol class="list case-receipt__basis"><li><p>[^<]+<\/p><p class="hint case-receipt__source">依据：/);
    // Paid by chat app to a person: outside the supervised account, flagged.
    expect(html).toMatch(/status-badge--danger[^]*?不合规<\/span> [^<]*监管账户/);
    // The dates that matter, from the day the refund was asked for.
    expect(html).toContain(t.cases.receiptPage.deemedAgreed('2026年11月25日'));
    // The rules it met or that did not apply are there too, folded away.
    expect(html).toMatch(/<details class="case-findings__other"><summary>其他规定的核对结果（\d+项）<\/summary>/);
    const stored = await getCase(db, caseNumber);
    expect(stored?.record.refund).toMatchObject({ amountPaid: 480_000, lessonsBought: 48, lessonsConsumed: 12, pricePerLesson: 10_000, amountAsked: 360_000, paymentMethod: 'chat_app', owed: 360_000, chargeBrokeRules: true });
  });

  it('estimates without the price per lesson: what was paid, shared over the lessons bought, and says the price would refine it', async () => {
    const res = await postForm('/refunds/new/', refundFields({ pricePerLesson: '', amountPaid: '4,500' }));
    expect(res.status).toBe(201);
    const html = await res.text();
    // 4,500 yuan for 48 lessons, 36 not taken: 3375 yuan.
    expect(html).toContain(t.cases.receiptPage.owed('3375元'));
    expect(html).toContain('没有填写合同单价，按实付金额折算，未上课时对应3375元。填写合同上的每课时单价后，可按单价核对。');
    const stored = await getCase(db, receiptOf(html).caseNumber);
    expect(stored?.record.refund).toMatchObject({ amountPaid: 450_000, owed: 337_500 });
    expect(stored?.record.refund?.pricePerLesson).toBeUndefined();
  });

  it('gives the contact of the department the case went to, from the configuration, labelled when it is the demo’s stand-in', async () => {
    const html = await (await postForm('/refunds/new/', refundFields())).text();
    const who = html.slice(html.indexOf('id="who-heading"'), html.indexOf('</section>', html.indexOf('id="who-heading"')));
    expect(who).toContain('<dt>联系电话</dt><dd><a href="tel:12345">12345</a></dd>');
    expect(who).toContain(`<p class="hint">${t.institution.contactPlaceholder}</p>`);
  });

  it('asks how the money was paid and, separately, whether a loan paid for it; a loan into the supervised account is still flagged', async () => {
    const form = await (await get('/refunds/new/')).text();
    expect([...form.matchAll(/name="financing" type="radio" value="([a-z_]+)"/g)].map((m) => m[1])).toEqual([...PaymentFinancings.keys]);
    expect([...form.matchAll(/name="paymentMethod" type="radio" value="([a-z_]+)"/g)].map((m) => m[1])).toEqual([...PaymentChannels.keys]);
    const res = await postForm('/refunds/new/', refundFields({ paymentMethod: 'supervised_account', financing: 'instalment_lender' }));
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toMatch(/status-badge--danger[^]*?不合规<\/span> 不得使用培训贷/);
    expect(html).toContain('实质是培训贷');
    const stored = await getCase(db, receiptOf(html).caseNumber);
    expect(stored?.record.refund).toMatchObject({ paymentMethod: 'supervised_account', financing: 'instalment_lender', chargeBrokeRules: true });
  });

  it('says what to do when the financing answer is not one of the choices', async () => {
    const res = await postForm('/refunds/new/', refundFields({ financing: 'borrowed' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<a href="#f-financing">请选择是否通过培训贷或分期付款</a>');
  });

  it('asks for money in yuan and says so when it is not a number; a contact is required, and says why', async () => {
    const res = await postForm('/refunds/new/', refundFields({ amountPaid: '四千八', 'contact.name': '', 'contact.mobile': '' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`<a href="#f-amountPaid">请填写已付金额，单位为元，只写数字，例如 4800 或 4800.50</a>`);
    expect(html).toContain('<a href="#f-contact-name">请填写联系人称呼，例如“王女士”</a>');
    expect(html).toContain(f.contactRequiredHint);
    expect(html).toContain('value="四千八"');
    expect(html).toMatch(/value="chat_app" checked/);
  });

  it('checks the numbers against each other: no more lessons used than bought, no more asked than paid', async () => {
    const html = await (await postForm('/refunds/new/', refundFields({ lessonsConsumed: '60', amountAsked: '5000' }))).text();
    expect(html).toContain('<a href="#f-lessonsConsumed">已上课时不能多于购买的课时，请核对</a>');
    expect(html).toContain('<a href="#f-amountAsked">要求退还的金额不能多于已付的金额，请核对</a>');
  });
});

describe('tracking a case', () => {
  let filed: { caseNumber: string; accessCode: string };

  beforeAll(async () => {
    filed = receiptOf(await (await postForm('/complaints/new/', complaintFields({ description: '用来查进度的投诉，内容足够长。' }))).text());
  });

  it('serves the form, with hints and the case number as a field', async () => {
    const res = await get('/track/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('action="/track/" method="post"');
    expect(html).toContain(t.cases.trackPage.caseNumberHint);
  });

  it('shows the public timeline in plain Chinese for the right pair, typed loosely', async () => {
    const typed = filed.caseNumber.replace(/-/g, ' ');
    const res = await postForm('/track/', { caseNumber: typed, accessCode: filed.accessCode.toLowerCase() }, { urlencoded: true, ip: '203.0.113.20' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<dd>${filed.caseNumber}</dd>`);
    expect(html).toContain('<strong class="tag">已提交</strong>');
    expect(html).toContain('<h3 class="case-timeline__title">已收到</h3>');
    expect(html).toContain('浉河区教育体育局牵头办理');
  });

  it('says the same for a wrong code and for a number that does not exist (404)', async () => {
    const wrongCode = await (await postForm('/track/', { caseNumber: filed.caseNumber, accessCode: 'AAAA-AAAA' }, { urlencoded: true, ip: '203.0.113.21' })).text();
    const noCase = await postForm('/track/', { caseNumber: formatCaseNumber('261100000000'), accessCode: filed.accessCode }, { urlencoded: true, ip: '203.0.113.21' });
    expect(noCase.status).toBe(404);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(await noCase.text())).toBe(strip(wrongCode));
    expect(wrongCode).toContain(t.cases.track.notFound);
  });

  it('catches a mistyped case number by its check character, keeping what was typed', async () => {
    // Two neighbouring digits swapped (two that differ: swapping equal ones would give the same number), the check character kept.
    const digits = filed.caseNumber.replace(/-/g, '').slice(0, 12).split('');
    const i = digits.findIndex((digit, at) => at >= 4 && at < 11 && digit !== digits[at + 1]);
    [digits[i], digits[i + 1]] = [digits[i + 1]!, digits[i]!];
    const swapped = `${digits.slice(0, 4).join('')}-${digits.slice(4, 8).join('')}-${digits.slice(8, 12).join('')}-${filed.caseNumber.slice(-1)}`;
    const res = await postForm('/track/', { caseNumber: swapped, accessCode: filed.accessCode }, { urlencoded: true });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`<a href="#f-caseNumber">${t.cases.track.badCaseNumber}</a>`);
    expect(html).toContain(`value="${swapped}"`);
    // The access code is never written back into the page.
    expect(html).not.toContain(filed.accessCode);
  });

  it('asks for both fields when they are empty', async () => {
    const html = await (await postForm('/track/', { caseNumber: '', accessCode: '' }, { urlencoded: true })).text();
    expect(html).toContain('<a href="#f-caseNumber">请填写案件编号</a>');
    expect(html).toContain('<a href="#f-accessCode">请填写查询码</a>');
  });

  it('slows guessing down, and says when to try again (429, Retry-After)', async () => {
    let last: Response | undefined;
    // One network guessing one case: 5 wrong codes, then refused (tracking.ts; other networks, the family's, are not).
    for (let i = 0; i < 6; i++) last = await postForm('/track/', { caseNumber: filed.caseNumber, accessCode: `AAAA-AAA${i % 10}` }, { urlencoded: true, ip: '203.0.113.100' });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBe(900);
    const html = await last!.text();
    expect(html).toContain(t.cases.track.locked(15, '10:15'));
  });
});

describe('giving feedback on a concluded case without JavaScript', () => {
  let filed: { caseNumber: string; accessCode: string };
  let staff: StaffBrowser;
  const fb = t.cases.trackPage.feedback;
  const tokenOf = (html: string) => /name="feedbackToken" value="([^"]+)"/.exec(html)?.[1];

  async function act(action: string, fields: Record<string, unknown> = {}) {
    const version = (await getCase(db, filed.caseNumber))!.record.version;
    const res = await staff.post(`/api/admin/cases/${filed.caseNumber}/transitions`, { action, expectedVersion: version, ...fields });
    expect(res.status, action).toBe(200);
  }

  beforeAll(async () => {
    await seedDemoStaff(db);
    staff = new StaffBrowser(app, { now: () => clock });
    await staff.signIn('shihe.editor');
    filed = receiptOf(await (await postForm('/complaints/new/', complaintFields({ description: '要评价的投诉，内容足够长。' }))).text());
  });

  it('offers no feedback form before the case is concluded', async () => {
    const html = await (await postForm('/track/', filed, { urlencoded: true, ip: '203.0.113.60' })).text();
    expect(html).not.toContain('action="/track/feedback/"');
  });

  it('offers the form under the timeline once concluded, carrying a pass and never the access code', async () => {
    await act('accept');
    await act('start');
    await act('conclude', { outcome: 'substantiated', actionTaken: '责令机构整改' });
    const res = await postForm('/track/', filed, { urlencoded: true, ip: '203.0.113.61' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(`<h2 class="heading-m" id="feedback-heading">${fb.heading}</h2>`);
    expect(html).toContain('action="/track/feedback/"');
    expect(tokenOf(html)).toMatch(/^\d{10}\.[0-9a-f]{64}$/);
    expect(html).not.toContain(filed.accessCode);
  });

  it('asks for an answer, linking to the question, and keeps the comment', async () => {
    const html = await (await postForm('/track/', filed, { urlencoded: true, ip: '203.0.113.62' })).text();
    const res = await postForm('/track/feedback/', { caseNumber: filed.caseNumber, feedbackToken: tokenOf(html)!, comment: '处理得太慢' }, { urlencoded: true });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/<a href="#f-satisfied">[^<]+<\/a>/);
    expect(page).toContain('处理得太慢</textarea>');
    expect((await getCase(db, filed.caseNumber))!.record.state).toBe('concluded');
  });

  it('refuses a tampered or foreign pass, and posts from other sites', async () => {
    const html = await (await postForm('/track/', filed, { urlencoded: true, ip: '203.0.113.63' })).text();
    const token = tokenOf(html)!;
    const tampered = await postForm('/track/feedback/', { caseNumber: filed.caseNumber, feedbackToken: token.slice(0, -1) + (token.endsWith('0') ? '1' : '0'), satisfied: 'yes' }, { urlencoded: true });
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain(fb.expired);
    const other = await postForm('/track/feedback/', { caseNumber: formatCaseNumber('261100000000'), feedbackToken: token, satisfied: 'yes' }, { urlencoded: true });
    expect(other.status).toBe(400);
    const crossSite = await postForm('/track/feedback/', { caseNumber: filed.caseNumber, feedbackToken: token, satisfied: 'yes' }, { urlencoded: true, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await getCase(db, filed.caseNumber))!.record.state).toBe('concluded');
  });

  it('records "not satisfied": the case is reopened to a supervisor, and a second answer is refused', async () => {
    const html = await (await postForm('/track/', filed, { urlencoded: true, ip: '203.0.113.64' })).text();
    const token = tokenOf(html)!;
    const res = await postForm('/track/feedback/', { caseNumber: filed.caseNumber, feedbackToken: token, satisfied: 'no', comment: '机构仍未整改' }, { urlencoded: true });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(fb.thanksUnsatisfied);
    expect(page).not.toContain('action="/track/feedback/"');
    const record = (await getCase(db, filed.caseNumber))!.record;
    expect(record).toMatchObject({ reopened: true, feedback: { satisfied: false } });
    const again = await postForm('/track/feedback/', { caseNumber: filed.caseNumber, feedbackToken: token, satisfied: 'yes' }, { urlencoded: true });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(fb.notOpen);
  });
});

/**
 * GET /institutions/search/: the search results without JavaScript, rendered
 * by the app into the published page shell, from the search file in a test store.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SITE_CSP } from '#shared/http/security-headers.ts';
import { t } from '#shared/i18n/zh-CN.ts';
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { makeCreditCode } from '../../test/builders/institution.ts';
import { createTestStore } from '../../test/support/app.ts';
import { createTestDb } from '../../test/support/db.ts';
import { createApp, type App } from '../app.ts';
import { SHELL_KEY, SHELL_MARKERS } from '../publish/shell.ts';
import { writeSearchIndex } from '../search/search-index-writer.ts';
import { CACHE } from '../storage/types.ts';
import { PAGE_SIZE } from './institution-pages.ts';

const s = t.institution.search;
const shell = `<!doctype html><html lang="zh-CN"><head><title>${SHELL_MARKERS.title} - 守护</title><meta name="description" content="${SHELL_MARKERS.description}"></head><body><main>${SHELL_MARKERS.content}</main></body></html>`;

function summary(n: number, overrides: Partial<InstitutionSummary> = {}): InstitutionSummary {
  return {
    id: `inst-${n}`,
    name: `浉河区第${n}艺术培训学校`,
    formerNames: [],
    initials: [`shqd${n}yspxxx`],
    category: 'arts',
    profitType: 'non_profit',
    districtCode: '411502',
    address: '信阳市浉河区民权路18号',
    status: 'approved',
    licenceNumber: `文民1411502${String(n).padStart(6, '0')}号`,
    licenceIssuer: '浉河区文化广电和旅游局',
    licenceExpiresOn: '2027-01-01',
    scope: '舞蹈',
    creditCode: makeCreditCode(n),
    supervisingDepartment: 'culture',
    updatedAt: '2026-11-20T02:00:00.000Z',
    ...overrides,
  };
}

const swan = summary(1, { id: 'swan', name: '信阳市小天鹅舞蹈培训中心', initials: ['xysxtewdpxzx'], licenceNumber: '文民141150270001234号' });
const revoked = summary(2, {
  id: 'eagle',
  name: '平桥区飞鹰跆拳道馆',
  initials: ['pqqfytqdg'],
  category: 'sports',
  districtCode: '411503',
  status: 'revoked',
  statusSince: '2026-11-18',
});
const many = Array.from({ length: 25 }, (_, i) => summary(100 + i, { id: `yinyue-${i}`, name: `音乐培训班${String(i).padStart(2, '0')}` }));

let app: App;

beforeAll(async () => {
  const { store } = createTestStore();
  await store.put(SHELL_KEY, shell, { contentType: 'text/html', cacheControl: 'no-cache' });
  await writeSearchIndex(store, [swan, revoked, ...many], '2026-11-20T02:00:00.000Z');
  app = createApp({ db: await createTestDb(), store });
});

const get = (query: string) => app.request(`/institutions/search/${query}`);

describe('GET /institutions/search/ (search without JavaScript)', () => {
  it('lists a centre found by part of its name: name linking to its page, badge, category, district, licence and update time', async () => {
    const res = await get('?q=小天鹅');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe(CACHE.searchAnswer);
    expect(res.headers.get('content-security-policy')).toBe(SITE_CSP);
    const page = await res.text();
    expect(page).toContain(`<title>${s.resultsTitle('小天鹅')} - 守护</title>`);
    expect(page).toContain('<a href="/institutions/swan/">信阳市小天鹅舞蹈培训中心</a>');
    expect(page).toContain('status-badge--good');
    expect(page).toContain('已审批（白名单）');
    expect(page).toContain('文化艺术类');
    expect(page).toContain('浉河区');
    expect(page).toContain('文民141150270001234号');
    expect(page).toContain('<time datetime="2026-11-20T02:00:00.000Z">2026-11-20 10:00</time>');
    expect(page).toContain(s.found(1));
    expect(page).not.toContain('飞鹰');
  });

  it('finds by pinyin initials, and keeps what was asked in the form', async () => {
    const page = await (await get('?q=xtewd&district=411502&category=arts')).text();
    expect(page).toContain('/institutions/swan/');
    expect(page).toContain('value="xtewd"');
    expect(page).toContain('<option value="411502" selected>');
    expect(page).toContain('<option value="arts" selected>');
  });

  it('links the district\'s Atom feed, in the head and visibly, when the search is filtered by a district', async () => {
    const page = await (await get('?district=411502')).text();
    const head = page.slice(0, page.indexOf('</head>'));
    expect(head).toContain('<link rel="alternate" type="application/atom+xml" title="浉河区校外培训机构动态（Atom）" href="/institutions/districts/411502/feed.xml">');
    expect(page).toContain('<a href="/institutions/districts/411502/feed.xml" type="application/atom+xml">浉河区校外培训机构动态（Atom）</a>');
    expect(await (await get('?q=xtewd')).text()).not.toContain('/institutions/districts/');
  });

  it('accepts the empty selects the form sends when nothing is chosen', async () => {
    const res = await get('?q=%E5%B0%8F%E5%A4%A9%E9%B9%85&district=&category=&status=');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('/institutions/swan/');
  });

  it('shows a centre that is not approved with its badge, a warning line and where to complain', async () => {
    const page = await (await get('?q=飞鹰')).text();
    expect(page).toContain('status-badge--danger');
    expect(page).toContain('已吊销许可证');
    expect(page).toContain('class="warning-text"');
    expect(page).toContain(s.notApproved);
    expect(page).toContain(t.institution.statusExplained.revoked);
    expect(page).toContain('/complaints/new/?institution=eagle');
  });

  it('says plainly when a centre is not on the list, what that means and how to report it', async () => {
    const res = await get('?q=金太阳培训班');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(s.notListed.heading('金太阳培训班'));
    expect(page).toContain(s.notListed.unprotected);
    expect(page).toContain('href="/complaints/new/?kind=unlicensed"');
    expect(page).toContain('href="tel:12345"');
  });

  it('finds a listed centre typed in traditional characters, never saying it is not on the list', async () => {
    const page = await (await get(`?q=${encodeURIComponent('小天鵝')}`)).text();
    expect(page).toContain('<a href="/institutions/swan/">信阳市小天鹅舞蹈培训中心</a>');
    expect(page).not.toContain(s.notListed.unprotected);
    expect(page).not.toContain(s.approximate.check);
  });

  it('offers a name one character away as such, with what to check and a caution', async () => {
    const page = await (await get(`?q=${encodeURIComponent('小天鸭舞蹈')}`)).text();
    expect(page).toContain(s.approximate.heading('小天鸭舞蹈'));
    expect(page).toContain('<a href="/institutions/swan/">信阳市小天鹅舞蹈培训中心</a>');
    expect(page).toContain(s.approximate.caution);
    expect(page).not.toContain(s.notListed.heading('小天鸭舞蹈'));
  });

  it('escapes what the parent typed', async () => {
    const page = await (await get(`?q=${encodeURIComponent('<script>alert(1)</script>')}`)).text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('pages through long lists, 20 at a time, keeping the search in the links', async () => {
    const first = await (await get('?q=音乐培训班')).text();
    expect(first.match(/class="search-result"/g)).toHaveLength(PAGE_SIZE);
    expect(first).toContain(`${s.found(25)}（${s.pageOf(1, 2)}）`);
    expect(first).toContain(`href="/institutions/search/?q=${encodeURIComponent('音乐培训班')}&amp;page=2" rel="next"`);
    const second = await (await get(`?q=${encodeURIComponent('音乐培训班')}&page=2`)).text();
    expect(second.match(/class="search-result"/g)).toHaveLength(5);
    expect(second).toContain(`href="/institutions/search/?q=${encodeURIComponent('音乐培训班')}" rel="prev"`);
    const beyond = await (await get(`?q=${encodeURIComponent('音乐培训班')}&page=9`)).text();
    expect(beyond).toContain(s.pastLastPage);
  });

  it.each([
    ['district=999999', 'district', '请选择本市的区县'],
    ['category=cooking', 'category', '培训类别不正确'],
    ['status=unknown', 'status', '机构状态不正确'],
    [`q=${'长'.repeat(61)}`, 'q', '搜索词太长，请少于60个字'],
  ])('answers an invalid %s with 400 and a message in Chinese beside the field', async (query, field, message) => {
    const res = await get(`?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain(s.invalid.summary);
    expect(page).toContain(`<a href="#search-${field}">${message}</a>`);
    expect(page).toContain(`id="search-${field}-error"`);
    expect(page).toMatch(new RegExp(`id="search-${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="search-${field}"`));
  });

  it.each(['page=0', 'page=abc', 'page=1.5', 'page=99999999'])('answers page number %s with 400, never 500', async (query) => {
    const res = await get(`?q=a&${query}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(s.invalid.page);
  });

  it('sends the address without a trailing slash to the one with it, keeping the search', async () => {
    const res = await app.request('/institutions/search?q=abc');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/institutions/search/?q=abc');
  });

  it('still answers, unstyled, when the site has not been built (no shell)', async () => {
    const bare = createApp({ db: await createTestDb(), store: createTestStore().store });
    const res = await bare.request('/institutions/search/?q=abc');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain(s.notListed.heading('abc'));
  });

  it('leaves the API as it was: JSON under /api, JSON 404 for unknown API paths', async () => {
    const res = await app.request('/api/institutions?q=xtewd');
    expect(res.status).toBe(200);
    expect((await res.json()).items.map((i: { id: string }) => i.id)).toEqual(['swan']);
    const missing = await app.request('/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
  });
});

describe('a query matching thousands (its total estimated)', () => {
  // 4,000 centres whose names all hold the query: the engine fills the page from the first and estimates the rest.
  const broad = Array.from({ length: 4_000 }, (_, i) => summary(1_000 + i, { id: `broad-${i}` }));
  let big: App;
  beforeAll(async () => {
    const { store } = createTestStore();
    await store.put(SHELL_KEY, shell, { contentType: 'text/html', cacheControl: 'no-cache' });
    await writeSearchIndex(store, broad, '2026-11-20T02:00:00.000Z');
    big = createApp({ db: await createTestDb(), store });
  });

  it('says the count is about so many, in the heading and the pages, and in the API answer', async () => {
    const page = await (await big.request(`/institutions/search/?q=${encodeURIComponent('艺术培训学校')}`)).text();
    expect(page).toContain(`${s.foundAbout(4000)}（${s.pageOfAbout(1, 4000 / PAGE_SIZE)}）`);
    expect(page.match(/class="search-result"/g)).toHaveLength(PAGE_SIZE);
    const answer = (await (await big.request(`/api/institutions?q=${encodeURIComponent('艺术培训学校')}`)).json()) as { total: number; totalEstimated: boolean; items: unknown[] };
    expect(answer).toMatchObject({ total: 4000, totalEstimated: true });
    expect(answer.items).toHaveLength(20);
    // A count that is exact is said as before.
    const exact = await (await big.request(`/institutions/search/?q=${encodeURIComponent('第1001艺术')}`)).text();
    expect(exact).toContain(s.found(1));
  });
});

/**
 * Journey: regulators publish a safety notice and parents read it. An editor
 * drafts (Markdown with a script and an image: the script goes, the image
 * stays), a publisher asks to publish, a second publisher approves, and the
 * publisher writes the notice's page, the lists, the feeds, the home page
 * and the per-district-and-category list that institution pages link to.
 * Scheduled publication and expiry are driven by the sparse DUE index; a
 * second run with nothing due writes nothing. Real app, real DynamoDB Local,
 * the site's real page shells.
 */
import { validate } from '@readme/openapi-parser';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../functions/app.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { listAudit } from '../../functions/data/audit.ts';
import type { Db } from '../../functions/data/client.ts';
import { getNotice } from '../../functions/data/notices.ts';
import { renderNoticeMarkdown } from '../../functions/notices/markdown.ts';
import { publishNotices, STATE_KEY } from '../../functions/publish/notices.ts';
import { createFsStore } from '../../functions/storage/fs-store.ts';
import type { PublicStore } from '../../functions/storage/types.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import type { NoticeContent } from '../../shared/schemas/guidance.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createTestDb } from '../support/db.ts';

const clock = new Date('2026-11-20T02:00:00.000Z');
const now = () => clock;
const at = (iso: string) => () => new Date(iso);
const ORIGIN = 'https://shouhu.example.cn';

let db: Db;
let store: PublicStore;
let storeDir: string;
let app: ReturnType<typeof createApp>;
const as: Record<string, StaffBrowser> = {};

beforeAll(async () => {
  db = await createTestDb();
  storeDir = await mkdtemp(join(tmpdir(), 'shouhu-notices-'));
  // Published files over the built site (its page shells), as the bucket holds both.
  store = createFsStore(storeDir, [inject('siteDir')]);
  app = createApp({ db, store, now });
  await seedDemoStaff(db);
  for (const username of ['shihe.editor', 'city.publisher', 'city.approver', 'city.viewer']) {
    as[username] = new StaffBrowser(app, { now });
    await as[username].signIn(username);
  }
});

afterAll(async () => {
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
});

const text = async (key: string) => (await store.get(key))?.body.toString('utf8');
const publishAt = (iso: string) => publishNotices({ db, store, publicOrigin: ORIGIN, now: at(iso) });

const content = (overrides: Partial<NoticeContent> = {}): NoticeContent => ({
  title: '暑期防溺水安全提醒',
  summary: '暑假将至，请家长看护好孩子，不到无人看管的水域游泳。',
  topic: 'outdoor_water',
  districtCodes: ['411502'],
  categories: ['sports'],
  bodyMarkdown: '# 不私自下水\n\n<script>alert("x")</script>请牢记“六不”。\n\n![救生圈](/notices/media/fire-exit.svg)\n\n![外站图](https://evil.example/x.png)\n\n[点我](javascript:alert(1))',
  pinned: false,
  ...overrides,
});

/** Drafts, asks to publish, has the second publisher approve: the notice as the API answers it. */
async function publishThroughApproval(slug: string, c: NoticeContent) {
  const created = await as['city.publisher']!.post('/api/admin/notices', { slug, content: c });
  expect(created.status, await created.clone().text()).toBe(201);
  const requested = await as['city.publisher']!.post(`/api/admin/notices/${slug}/publish`, { expectedVersion: 1 });
  expect(requested.status).toBe(202);
  const approved = await as['city.approver']!.post(`/api/admin/notices/${slug}/approve`, { expectedVersion: 2 });
  expect(approved.status, await approved.clone().text()).toBe(200);
  return (await approved.json()) as { notice: { version: number; live: unknown }; visibility: string };
}

describe('the Markdown of a notice is sanitised on the server', () => {
  it('keeps headings, lists, links and images from the site; removes scripts, other images and javascript: links', () => {
    const out = renderNoticeMarkdown(content().bodyMarkdown);
    expect(out).toContain('<h2>不私自下水</h2>');
    expect(out).toContain('<img src="/notices/media/fire-exit.svg" alt="救生圈" />');
    expect(out).not.toMatch(/script|alert|evil\.example|javascript:/);
    expect(out).toContain('请牢记“六不”。');
  });

  it.each([
    ['<p onclick="x()" style="color:red" class="c">文字</p>', '<p>文字</p>'],
    ['<a href="https://www.12315.cn" target="_blank">12315</a>', '<p><a href="https://www.12315.cn" rel="noopener noreferrer">12315</a></p>'],
    ['<a href="/fees/check/">核对</a>', '<p><a href="/fees/check/">核对</a></p>'],
    ['![x](//evil.example/x.png)', ''],
    ['![x](data:image/png;base64,AAAA)', ''],
    ['<img src="/a.png" onerror="alert(1)">', '<img src="/a.png" />'],
    ['<iframe src="https://x.example">内嵌</iframe><style>p{}</style>', ''],
    ['<svg><script>alert(1)</script></svg>', ''],
    ['[x](vbscript:msgbox)', '<p>x</p>'],
    ['###### 小标题', '<h4>小标题</h4>'],
    ['<table><tr><td style="x">1</td></tr></table>', '<table><tr><td>1</td></tr></table>'],
  ])('%s → %s', (markdown, html) => {
    expect(renderNoticeMarkdown(markdown)).toBe(html);
  });
});

describe('drafting, approval and publication', () => {
  it('lets an editor draft and preview, but not publish', async () => {
    const res = await as['shihe.editor']!.post('/api/admin/notices', { slug: 'shihe-draft', content: content() });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.notice).toMatchObject({ slug: 'shihe-draft', status: 'draft', revision: 1, version: 1, createdBy: { staffId: 'shihe.editor' } });
    expect(body.visibility).toBe('not_public');
    expect(body.approvalRequired).toBe(true);
    expect(body.previewHtml).toContain('<img src="/notices/media/fire-exit.svg"');
    expect(body.previewHtml).not.toContain('script');

    const preview = await as['shihe.editor']!.post('/api/admin/notices/preview', { content: content({ bodyMarkdown: 'a<script>b</script>c' }) });
    expect(await preview.json()).toEqual({ bodyHtml: '<p>ac</p>' });

    const publish = await as['shihe.editor']!.post('/api/admin/notices/shihe-draft/publish', { expectedVersion: 1 });
    expect(publish.status).toBe(403);
    expect((await publish.json()).error.message).toContain('发布');
  });

  it('keeps an editor to their area: a whole-city notice needs a city-level department', async () => {
    const res = await as['shihe.editor']!.post('/api/admin/notices', { slug: 'city-wide-by-district', content: content({ districtCodes: [] }) });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toContain('浉河区教育体育局');
    expect((await as['shihe.editor']!.post('/api/admin/notices', { slug: 'pingqiao-by-shihe', content: content({ districtCodes: ['411503'] }) })).status).toBe(403);
    const audit = await listAudit(db, '2026-11-20');
    expect(audit.some((e) => e.event === 'permission_denied' && e.username === 'shihe.editor' && e.reason?.startsWith('out_of_scope:notice/'))).toBe(true);
  });

  it('answers bad input with 400 and a Chinese message per field', async () => {
    const res = await as['city.publisher']!.post('/api/admin/notices', {
      slug: 'Bad Slug',
      content: { ...content(), title: '短', topic: 'weather', publishAt: '2026-12-01T00:00:00.000Z', expiresAt: '2026-11-01T00:00:00.000Z' },
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.fields.slug).toContain('网址名');
    expect(error.fields['content.title']).toBe('标题应为4至80个字');
    expect(error.fields['content.topic']).toBe('请选择提醒的主题');
    expect((await as['city.publisher']!.post('/api/admin/notices', { slug: 'topics', content: content() })).status).toBe(400);
  });

  it('needs a second publisher: the requester cannot approve, another publisher can; then it is live', async () => {
    const slug = 'swim-safety-2026';
    expect((await as['city.publisher']!.post('/api/admin/notices', { slug, content: content() })).status).toBe(201);
    const requested = await as['city.publisher']!.post(`/api/admin/notices/${slug}/publish`, { expectedVersion: 1 });
    expect(requested.status).toBe(202);
    expect((await requested.json()).notice.approval).toMatchObject({ revision: 1, requestedBy: { staffId: 'city.publisher' } });
    expect((await as['city.publisher']!.post(`/api/admin/notices/${slug}/publish`, { expectedVersion: 2 })).status).toBe(409);

    const self = await as['city.publisher']!.post(`/api/admin/notices/${slug}/approve`, { expectedVersion: 2 });
    expect(self.status).toBe(403);
    expect((await self.json()).error.message).toBe(t.notices.admin.selfApproval);
    expect((await as['city.viewer']!.post(`/api/admin/notices/${slug}/approve`, { expectedVersion: 2 })).status).toBe(403);

    const approved = await as['city.approver']!.post(`/api/admin/notices/${slug}/approve`, { expectedVersion: 2 });
    expect(approved.status).toBe(200);
    const body = await approved.json();
    expect(body.visibility).toBe('visible');
    expect(body.notice).toMatchObject({ status: 'published', version: 3, live: { revision: 1, publishedBy: { staffId: 'city.publisher' }, approvedBy: { staffId: 'city.approver' } } });
    expect(body.notice.approval).toBeUndefined();
    expect(body.events.map((e: { action: string }) => e.action)).toEqual(['published', 'approval_requested', 'created']);
    expect(body.events[0].approvedBy.staffId).toBe('city.approver');
  });

  it('refuses a stale write with 409 and the notice as it now is', async () => {
    const res = await as['city.publisher']!.request('/api/admin/notices/swim-safety-2026', { method: 'PUT', json: { content: content(), expectedVersion: 1 } });
    expect(res.status).toBe(409);
    expect((await res.json()).error.current.version).toBe(3);
  });

  it('keeps the live copy while a new revision waits; an edit lets a pending request lapse', async () => {
    const slug = 'swim-safety-2026';
    const edited = await as['shihe.editor']!.request(`/api/admin/notices/${slug}`, { method: 'PUT', json: { content: content({ title: '暑期防溺水安全提醒（更新）' }), expectedVersion: 3 } });
    expect(edited.status).toBe(200);
    const e = await edited.json();
    expect(e.notice).toMatchObject({ revision: 2, content: { title: '暑期防溺水安全提醒（更新）' }, live: { revision: 1, content: { title: '暑期防溺水安全提醒' } } });
    expect(e.visibility).toBe('visible');

    expect((await as['city.publisher']!.post(`/api/admin/notices/${slug}/publish`, { expectedVersion: 4 })).status).toBe(202);
    expect((await as['shihe.editor']!.request(`/api/admin/notices/${slug}`, { method: 'PUT', json: { content: content({ title: '暑期防溺水安全提醒（再改）' }), expectedVersion: 5 } })).status).toBe(200);
    const lapsed = await as['city.approver']!.post(`/api/admin/notices/${slug}/approve`, { expectedVersion: 6 });
    expect(lapsed.status).toBe(409);
    expect((await lapsed.json()).error.message).toBe(t.notices.admin.nothingPending);

    const history = await (await as['city.viewer']!.request(`/api/admin/notices/${slug}`)).json();
    expect(history.events.map((x: { action: string; revision: number }) => `${x.action}@${x.revision}`)).toEqual([
      'edited@3',
      'approval_requested@2',
      'edited@2',
      'published@1',
      'approval_requested@1',
      'created@1',
    ]);
    expect(history.events[0].note).toBe('approval_lapsed');
    expect(history.events[0].content.title).toBe('暑期防溺水安全提醒（再改）');
  });

  it('lists notices for any member of staff, latest change first', async () => {
    const res = await as['city.viewer']!.request('/api/admin/notices');
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items[0]).toMatchObject({ slug: 'swim-safety-2026', visibility: 'visible' });
    expect(items.map((x: { slug: string }) => x.slug)).toContain('shihe-draft');
  });
});

describe('the publisher puts a live notice on the site', () => {
  it('writes the notice page (script gone, image kept), the lists, the feeds, the home page and the institution list', async () => {
    const result = await publishAt('2026-11-20T02:00:05.000Z');
    expect(result).toMatchObject({ ran: true, visible: 1 });

    const page = await text('notices/swim-safety-2026/index.html');
    expect(page).toContain('<h1 class="heading-l" id="notice-title">暑期防溺水安全提醒</h1>');
    expect(page).not.toContain('（更新）'); // the waiting revision is not public
    expect(page).toContain('<img src="/notices/media/fire-exit.svg" alt="救生圈" />');
    expect(page).not.toMatch(/<script|alert\(|evil\.example/);
    expect(page).toContain('aria-current="true">安全提醒'); // the notices shell: the section is marked in the nav
    expect(page).not.toContain('__SHOUHU_');

    expect(await text('notices/index.html')).toContain('href="/notices/swim-safety-2026/"');
    expect(await text('notices/topics/outdoor_water/index.html')).toContain('swim-safety-2026');
    expect(await text('notices/topics/fire/index.html')).toContain(t.notices.noneHere);
    expect(await text('notices/districts/411502/index.html')).toContain('swim-safety-2026');
    expect(await text('notices/districts/411503/index.html')).not.toContain('swim-safety-2026');
    // A district's page links its centres' feed (subscriptions), in the head and visibly; a topic page within it does not.
    const district = (await text('notices/districts/411502/index.html')) ?? '';
    expect(district.slice(0, district.indexOf('</head>'))).toContain('<link rel="alternate" type="application/atom+xml" title="浉河区校外培训机构动态（Atom）" href="/institutions/districts/411502/feed.xml">');
    expect(district).toContain('<a href="/institutions/districts/411502/feed.xml" type="application/atom+xml">浉河区校外培训机构动态（Atom）</a>');
    expect(await text('notices/districts/411502/topics/outdoor_water/index.html')).not.toContain('/institutions/districts/411502/feed.xml');
    expect(await text('notices/districts/411502/topics/outdoor_water/index.html')).toContain('swim-safety-2026');
    // Institution pages link here: sports centres in 浉河区 see it, arts centres and 平桥区 do not.
    expect(await text('notices/districts/411502/categories/sports/index.html')).toContain('swim-safety-2026');
    expect(await text('notices/districts/411502/categories/arts/index.html')).not.toContain('swim-safety-2026');
    expect(await text('notices/districts/411503/categories/sports/index.html')).not.toContain('swim-safety-2026');
    // The same lists as small files that institution pages load (no institution page is published again).
    const listFile = async (key: string) => JSON.parse((await text(key))!) as { listPath: string; total: number; notices: { title: string; path: string }[] };
    expect(await listFile('notices/districts/411502/categories/sports/notices.json')).toMatchObject({
      listPath: '/notices/districts/411502/categories/sports/',
      total: 1,
      notices: [{ title: '暑期防溺水安全提醒', path: '/notices/swim-safety-2026/', topic: '户外与防溺水', pinned: false }],
    });
    expect(await listFile('notices/districts/411502/categories/arts/notices.json')).toMatchObject({ total: 0, notices: [] });

    const home = (await text('index.html'))!;
    expect(home).toContain('<a href="/notices/swim-safety-2026/">暑期防溺水安全提醒</a>');
    expect(home).toMatch(/href="\/" aria-current="page">首页</);
    expect(home).not.toMatch(/aria-current="true"/);
    expect(home).not.toContain('__SHOUHU_');

    const feed = (await text('notices/feed.xml'))!;
    expect(feed).toContain('<id>https://shouhu.example.cn/notices/swim-safety-2026/</id>');
    expect(feed).toContain('xml:base="https://shouhu.example.cn/"');
    expect(feed).toContain('&lt;img src=&quot;/notices/media/fire-exit.svg&quot;');
    expect(feed).not.toContain('<script');
    expect(await text('notices/topics/outdoor_water/feed.xml')).toContain('swim-safety-2026');
    expect(await text('notices/topics/fire/feed.xml')).not.toContain('<entry>');
  });

  it('does nothing when nothing is due, and writes only what changed when something is', async () => {
    expect(await publishAt('2026-11-20T02:00:08.000Z')).toEqual({ ran: false, written: 0, visible: -1 });
    const draft = await as['city.publisher']!.post('/api/admin/notices', { slug: 'only-a-draft', content: content() });
    expect(draft.status).toBe(201);
    // A new draft is due (every write is) but changes no public file.
    expect(await publishAt('2026-11-20T02:00:11.000Z')).toMatchObject({ ran: true, written: 0 });
  });

  it('keeps the hash of every file it wrote, so the next run compares bytes, not timestamps', async () => {
    const state = JSON.parse((await text(STATE_KEY))!);
    expect(Object.keys(state.files)).toContain('notices/swim-safety-2026/index.html');
  });
});

describe('scheduled publication and expiry, driven by the DUE index', () => {
  it('publishes a notice when its publish time comes, and takes it down when it expires', async () => {
    const slug = 'winter-fire-2026';
    const approved = await publishThroughApproval(
      slug,
      content({ title: '冬季消防安全提醒', topic: 'fire', districtCodes: [], categories: [], publishAt: '2026-11-21T00:00:00.000Z', expiresAt: '2026-12-01T00:00:00.000Z', pinned: true }),
    );
    expect(approved.visibility).toBe('scheduled');

    await publishAt('2026-11-20T03:00:00.000Z');
    expect(await text(`notices/${slug}/index.html`)).toBeUndefined();
    expect(await text('index.html')).not.toContain('冬季消防安全提醒');
    const record = await getNotice(db, slug);
    expect(record).not.toBeNull();

    // The day before: nothing due, nothing done.
    expect((await publishAt('2026-11-20T23:59:59.000Z')).ran).toBe(false);
    // Its time has come.
    expect(await publishAt('2026-11-21T00:00:01.000Z')).toMatchObject({ ran: true, visible: 2 });
    expect(await text(`notices/${slug}/index.html`)).toContain('冬季消防安全提醒');
    const home = (await text('index.html'))!;
    expect(home.indexOf('冬季消防安全提醒')).toBeLessThan(home.indexOf('暑期防溺水安全提醒')); // pinned first
    expect(home).toContain('<strong class="tag">置顶</strong>');
    // A whole-city, every-category notice is on every institution list.
    expect(await text('notices/districts/411528/categories/early_education/index.html')).toContain(slug);
    expect(await text('notices/districts/411528/categories/early_education/notices.json')).toContain(`"path":"/notices/${slug}/"`);

    // Nothing more until it expires.
    expect((await publishAt('2026-11-30T23:59:59.000Z')).ran).toBe(false);
    await publishAt('2026-12-01T00:00:00.000Z');
    expect(await text(`notices/${slug}/index.html`)).toContain(t.notices.gone.title);
    expect(await text('notices/index.html')).not.toContain(slug);
    expect(await text('notices/feed.xml')).not.toContain(slug);
    expect((await publishAt('2026-12-05T00:00:00.000Z')).ran).toBe(false);
  });

  it('takes a notice down at once when a publisher unpublishes it, without approval', async () => {
    const current = await (await as['city.viewer']!.request('/api/admin/notices/swim-safety-2026')).json();
    expect((await as['shihe.editor']!.post('/api/admin/notices/swim-safety-2026/unpublish', { expectedVersion: current.notice.version, reason: '已过时' })).status).toBe(403);
    const res = await as['city.publisher']!.post('/api/admin/notices/swim-safety-2026/unpublish', { expectedVersion: current.notice.version, reason: '内容已过时' });
    expect(res.status).toBe(200);
    expect((await res.json()).visibility).toBe('withdrawn');
    await publishAt('2026-12-05T00:00:03.000Z');
    expect(await text('notices/swim-safety-2026/index.html')).toContain(t.notices.gone.title);
    expect(await text('index.html')).toContain(t.notices.none);
  });

  it('renders everything again into a new shell after a site build (the shell hash changes)', async () => {
    const state = JSON.parse((await text(STATE_KEY))!);
    await store.put(STATE_KEY, JSON.stringify({ ...state, shellHash: 'an older build' }), { contentType: 'application/json', cacheControl: 'no-cache' });
    const run = await publishAt('2026-12-05T00:00:06.000Z');
    expect(run.ran).toBe(true);
    expect(run.written).toBeGreaterThan(100);
  });

  it('puts the home page back when a deployment overwrites it', async () => {
    await store.put('index.html', '<html>deployed fallback</html>', { contentType: 'text/html', cacheControl: 'no-cache' });
    const run = await publishAt('2026-12-05T00:00:09.000Z');
    expect(run).toMatchObject({ ran: true, written: 1 });
    expect(await text('index.html')).toContain(t.notices.seeAll);
  });
});

describe('the API document', () => {
  it('documents the staff notice API and the fee APIs, and stays a valid OpenAPI 3.1 document', async () => {
    const doc = await (await app.request('/api/openapi.json')).json();
    for (const path of [
      '/api/admin/notices',
      '/api/admin/notices/preview',
      '/api/admin/notices/{slug}',
      '/api/admin/notices/{slug}/publish',
      '/api/admin/notices/{slug}/approve',
      '/api/admin/notices/{slug}/reject',
      '/api/admin/notices/{slug}/unpublish',
      '/api/admin/fee-guidance',
      '/api/admin/fee-guidance/{id}',
      '/api/admin/fee-guidance/{id}/withdraw',
      '/api/fee-check',
      '/api/fee-rules',
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(doc.components.schemas).toHaveProperty('SafetyNotice');
    expect(doc.components.schemas).toHaveProperty('FeeCheckResult');
    const result = await validate(structuredClone(doc));
    expect(result.valid ? [] : result.errors).toEqual([]);
  });
});

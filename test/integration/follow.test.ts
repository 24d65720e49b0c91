/**
 * 关注机构 (issue 14, item 6) on DynamoDB Local, as a parent without
 * JavaScript would go: the centre page's form → a one-time code (read from
 * the local outbox) → confirmed → a regulator changes the centre's status →
 * one message in the outbox, with an unsubscribe link → the link's page and
 * its button → no further message. Never tells whether a number already
 * follows; limited per network and per mobile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { authSettings } from '../../functions/auth/settings.ts';
import type { Db } from '../../functions/data/client.ts';
import { listFollowMessages } from '../../functions/data/follows.ts';
import { changeStatus } from '../../functions/data/institutions.ts';
import { sendFollowMessages } from '../../functions/follow/sender.ts';
import { createOutboxNotifier, readOutbox } from '../../functions/notify/outbox.ts';
import type { Notifier } from '../../functions/notify/notifier.ts';
import { publishChanges, SHELL_KEY, SHELL_MARKERS } from '../../functions/publish/publisher.ts';
import { republishPages } from '../../functions/publish/republish.ts';
import { createFsStore } from '../../functions/storage/fs-store.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { createCasesApp, listInstitution } from '../builders/cases.ts';
import { testActor } from '../builders/institution.ts';

let clock = new Date('2026-11-20T02:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
let db: Db;
let outboxFile: string;
let outbox: Notifier;
const origin = 'https://shouhu.example.cn';
const s = t.subscriptions;

function post(path: string, fields: Record<string, string>, ip = '198.51.100.7') {
  return ctx.app.request(
    `http://localhost${path}`,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: new URLSearchParams(fields).toString() },
    { incoming: { socket: { remoteAddress: ip } } },
  );
}
const get = (path: string) => ctx.app.request(`http://localhost${path}`, { method: 'GET' }, { incoming: { socket: { remoteAddress: '198.51.100.7' } } });

const codesFor = async (mobile: string) =>
  (await readOutbox(outboxFile)).filter((l) => l.to === mobile && l.template === 'follow_code').map((l) => (l.params as { code: string }).code);
const statusMessagesFor = async (mobile: string) => (await readOutbox(outboxFile)).filter((l) => l.to === mobile && l.template === 'follow_status_changed');
const send = () => sendFollowMessages({ db, notifier: outbox, keys: caseKeys(), secret: () => authSettings.secret, publicOrigin: origin, now });
let caseKeys: () => import('../../functions/crypto/envelope.ts').KeyProvider;

async function follow(institution: string, mobile: string, ip = '198.51.100.7') {
  const asked = await post('/follow/', { institution, mobile }, ip);
  expect(asked.status).toBe(202);
  const code = (await codesFor(mobile)).at(-1)!;
  const done = await post('/follow/confirm/', { institution, mobile, code }, ip);
  expect(done.status).toBe(200);
  return done;
}

async function revoke(id: string, version: number, status: 'revoked' | 'rectification' | 'approved' = 'revoked') {
  clock = new Date(clock.getTime() + 60_000);
  return changeStatus(db, { id, change: { status, on: '2026-11-20', reason: '无证超范围培训', decisionNumber: '信文旅罚〔2026〕12号' }, expectedVersion: version, actor: testActor, now: clock });
}

beforeAll(async () => {
  outboxFile = join(await mkdtemp(join(tmpdir(), 'shouhu-follow-')), 'outbox.jsonl');
  outbox = createOutboxNotifier(outboxFile, now);
  ctx = await createCasesApp({ now, cases: { notifier: outbox } });
  db = ctx.db;
  const { caseServices } = await import('../../functions/cases/services.ts');
  const keys = caseServices().keys;
  caseKeys = () => keys;
}, 120_000);

describe('following a centre by text message', () => {
  it('follows with a one-time code, tells of a status change once, with a link that unsubscribes without signing in', async () => {
    const centre = await listInstitution(db, { name: '信阳市关注测试舞蹈培训中心' });
    const done = await follow(centre.id, '13811110001');
    const page = await done.text();
    expect(page).toContain(s.doneTitle);
    expect(page).toContain('2027-11-20');
    expect(done.headers.get('cache-control')).toBe('no-store');

    // The mobile is kept sealed: the table holds neither the number nor the code.
    const { scanAll } = await import('../builders/cases.ts');
    const raw = JSON.stringify(await scanAll(db));
    expect(raw).not.toContain('13811110001');

    const changed = await revoke(centre.id, centre.version);
    const first = await send();
    expect(first).toMatchObject({ changes: 1, written: 1, sent: 1 });
    const [message] = await statusMessagesFor('13811110001');
    expect(message!.text).toContain('信阳市关注测试舞蹈培训中心');
    expect(message!.text).toContain('已吊销许可证');
    const link = (message!.params as { link: string }).link;
    expect(link.startsWith(`${origin}/follow/stop/?t=`)).toBe(true);
    expect(message!.text).toContain(link);

    // Run again: nothing new to fan out, nothing sent twice.
    expect(await send()).toMatchObject({ changes: 0, written: 0, sent: 0 });
    expect(await statusMessagesFor('13811110001')).toHaveLength(1);

    // The link's page changes nothing by itself (link scanners open it); its button does.
    const path = link.slice(origin.length);
    const stopPage = await get(path);
    expect(stopPage.status).toBe(200);
    const stopHtml = await stopPage.text();
    expect(stopHtml).toContain(s.stopButton);
    const token = /name="t" value="([^"]+)"/.exec(stopHtml)![1]!;
    const stopped = await post('/follow/stop/', { t: token });
    expect(stopped.status).toBe(200);
    expect(await stopped.text()).toContain(s.stoppedTitle);
    // Clicked twice: the same answer.
    const again = await post('/follow/stop/', { t: token });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(s.stoppedTitle);

    await revoke(centre.id, changed.version, 'approved');
    expect(await send()).toMatchObject({ changes: 1, written: 0, sent: 0 });
    expect(await statusMessagesFor('13811110001')).toHaveLength(1);
  });

  it('skips a follower who unsubscribed after the change was fanned out', async () => {
    const centre = await listInstitution(db, { name: '信阳市关注测试编程培训中心' });
    await follow(centre.id, '13811110002', '198.51.100.12');
    await revoke(centre.id, centre.version, 'rectification');
    // Fan out only: a sender that stops before sending.
    const { fanOutChanges } = await import('../../functions/follow/sender.ts');
    await fanOutChanges({ db, now }, { changes: 0, written: 0, sent: 0, skipped: 0, failed: 0, retrying: 0, contended: 0 });
    const [pending] = await listFollowMessages(db, centre.id);
    expect(pending?.status).toBe('pending');
    const { unsubscribeToken, followMobileKey } = await import('../../functions/follow/token.ts');
    const token = unsubscribeToken(centre.id, followMobileKey('13811110002', authSettings.secret), authSettings.secret);
    expect((await post('/follow/stop/', { t: token }, '198.51.100.12')).status).toBe(200);
    expect(await send()).toMatchObject({ sent: 0, skipped: 1 });
    expect(await statusMessagesFor('13811110002')).toHaveLength(0);
  });

  it('answers the same whether or not the number already follows the centre', async () => {
    const centre = await listInstitution(db, { name: '信阳市关注测试美术培训中心' });
    await follow(centre.id, '13811110003', '198.51.100.13');
    const strip = (html: string) => html.replaceAll('13811110003', 'N').replaceAll('13811110004', 'N');
    const a = await post('/follow/', { institution: centre.id, mobile: '13811110003' }, '198.51.100.14');
    const b = await post('/follow/', { institution: centre.id, mobile: '13811110004' }, '198.51.100.15');
    expect(a.status).toBe(b.status);
    expect(strip(await a.text())).toBe(strip(await b.text()));
  });

  it('refuses bad input field by field, in Chinese, and a wrong code without saying more', async () => {
    const centre = await listInstitution(db, { name: '信阳市关注测试体育培训中心' });
    const bad = await post('/follow/', { institution: centre.id, mobile: '123' }, '198.51.100.16');
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('请填写11位中国大陆手机号码');
    expect(html).toContain('href="#f-mobile"');
    const unknown = await post('/follow/', { institution: 'no-such-centre', mobile: '13811110005' }, '198.51.100.16');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain(s.unknownInstitution);

    await post('/follow/', { institution: centre.id, mobile: '13811110005' }, '198.51.100.16');
    const wrong = await post('/follow/confirm/', { institution: centre.id, mobile: '13811110005', code: '000000' === (await codesFor('13811110005')).at(-1) ? '111111' : '000000' }, '198.51.100.16');
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain(s.codeInvalid);
    const malformed = await post('/follow/confirm/', { institution: centre.id, mobile: '13811110005', code: '12' }, '198.51.100.16');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain(s.badCode);
    const forged = await post('/follow/stop/', { t: 'not-a-token' });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain(s.stopInvalid);
  });

  it('limits requests per mobile and per network (429 with Retry-After)', async () => {
    const centre = await listInstitution(db, { name: '信阳市关注测试音乐培训中心' });
    const answers = [];
    for (const ip of ['198.51.100.31', '198.51.100.32', '198.51.100.33', '198.51.100.34']) answers.push((await post('/follow/', { institution: centre.id, mobile: '13811110006' }, ip)).status);
    expect(answers).toEqual([202, 202, 202, 429]);
    const network = [];
    for (let i = 0; i < 10; i++) network.push((await post('/follow/', { institution: centre.id, mobile: `1390000${String(1000 + i)}` }, '198.51.100.40')).status);
    expect(network.every((x) => x === 202)).toBe(true);
    const locked = await post('/follow/', { institution: centre.id, mobile: '13900009999' }, '198.51.100.40');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a form posted from another site', async () => {
    const res = await ctx.app.request('http://localhost/follow/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'institution=x&mobile=13811110007',
    });
    expect(res.status).toBe(403);
  });
});

describe('the centre page and its feeds', () => {
  it('carries the follow form and links the centre and district feeds, in the head and visibly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shouhu-follow-store-'));
    const store = createFsStore(dir);
    const shell = `<!doctype html><html lang="zh-CN"><head><title>${SHELL_MARKERS.title}</title><meta name="description" content="${SHELL_MARKERS.description}"></head><body><main>${SHELL_MARKERS.content}</main></body></html>`;
    await store.put(SHELL_KEY, shell, { contentType: 'text/html', cacheControl: 'no-cache' });
    const centre = await listInstitution(db, { name: '信阳市关注测试书法培训中心' });
    await publishChanges({ db, store, publicOrigin: origin, now });
    const page = (await store.get(`institutions/${centre.id}/index.html`))!.body.toString('utf8');
    const head = page.slice(0, page.indexOf('</head>'));
    expect(head).toContain(`<link rel="alternate" type="application/atom+xml"`);
    expect(head).toContain(`href="/institutions/${centre.id}/feed.xml"`);
    expect(head).toContain('href="/institutions/districts/411502/feed.xml"');
    expect(page).toContain('action="/follow/"');
    expect(page).toContain(s.heading);
    const feed = (await store.get(`institutions/${centre.id}/feed.xml`))!.body.toString('utf8');
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(feed).toContain('信阳市关注测试书法培训中心');
    expect((await store.get('institutions/districts/411502/feed.xml'))!.body.toString('utf8')).toContain('信阳市关注测试书法培训中心');

    // A page published before the feeds existed (its feed missing) gets its feed when the shell changes and every page is rendered again.
    await rm(join(dir, `institutions/${centre.id}/feed.xml`));
    await republishPages({ db, store, publicOrigin: origin, now });
    await store.put(SHELL_KEY, `${shell}<!-- new build -->`, { contentType: 'text/html', cacheControl: 'no-cache' });
    expect((await republishPages({ db, store, publicOrigin: origin, now })).pages).toBeGreaterThan(0);
    expect((await store.get(`institutions/${centre.id}/feed.xml`))?.body.toString('utf8')).toContain('信阳市关注测试书法培训中心');
    await rm(join(dir, `institutions/${centre.id}/feed.xml`));
    await store.put(SHELL_KEY, `${shell}<!-- another build -->`, { contentType: 'text/html', cacheControl: 'no-cache' });
    expect((await republishPages({ db, store, publicOrigin: origin, now })).pages).toBeGreaterThan(0);
    expect((await store.get(`institutions/${centre.id}/feed.xml`))?.body.toString('utf8')).toContain('信阳市关注测试书法培训中心');
  });
});

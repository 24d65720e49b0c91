/**
 * The abuse controls behind the intake seam, as a deployment runs them
 * (createAbuseControls): a honeypot, a self-hosted proof of work whose
 * solutions are remembered until they expire, and limits per network and per
 * mobile number that say when to try again. A report of harm to a child is
 * never dropped by any of them: it is kept, routed, and flagged for a person.
 * The real app on DynamoDB Local.
 */
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAbuseControls, DEFAULT_POW, issueChallenge, type AbuseControlsOptions } from '../../functions/abuse/index.ts';
import { createApp } from '../../functions/app.ts';
import { getCase, listQueue } from '../../functions/data/cases.ts';
import { createPrivateFsStore } from '../../functions/storage/private-store.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { POW_HEADER } from '../../shared/schemas/cases.ts';
import { caseItems, makeComplaint, makeRefundDispute, newKey, scanAll } from '../builders/cases.ts';
import { createTestStore } from '../support/app.ts';
import { createTestDb } from '../support/db.ts';

const a = t.cases.abuse;

/** The app with the abuse controls on, its clock movable. */
async function guarded(options: Omit<AbuseControlsOptions, 'db'> = {}, start = new Date('2026-11-20T02:00:00.000Z')) {
  const db = await createTestDb();
  const { store } = createTestStore();
  const clock = { now: start };
  const app = createApp({
    db,
    store,
    now: () => clock.now,
    cases: { abuse: createAbuseControls({ db, ...options }) },
    privateStore: createPrivateFsStore(mkdtempSync(join(tmpdir(), 'shouhu-private-'))),
  });
  return { app, db, clock };
}
type Guarded = Awaited<ReturnType<typeof guarded>>;

const env = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

/** What the page's script does: fetch a challenge and solve it (altcha-lib's own solver, on Node). */
async function solved(g: Guarded): Promise<string> {
  const res = await g.app.request('http://localhost/api/challenge');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const { expiresInSeconds: _e, ...challenge } = (await res.json()) as { parameters: never; signature: string; expiresInSeconds: number };
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution: { counter: solution!.counter, derivedKey: solution!.derivedKey } })).toString('base64');
}

interface Post {
  key?: string;
  pow?: string | null;
  ip?: string;
}

function postJson(g: Guarded, path: string, body: unknown, o: Post = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': o.key ?? newKey() };
  if (o.pow) headers[POW_HEADER] = o.pow;
  return g.app.request(`http://localhost${path}`, { method: 'POST', headers, body: JSON.stringify(body) }, env(o.ip ?? '198.51.100.1'));
}

/** The complaint form as a browser without JavaScript posts it. */
function postForm(g: Guarded, fields: Record<string, string>, o: Post = {}) {
  const body = new URLSearchParams({
    idempotencyKey: o.key ?? newKey(),
    kind: 'fees',
    'institution.unlistedName': '浉河区某某教育咨询有限公司',
    'institution.unlistedAddress': '浉河区东方红大道88号3楼',
    districtCode: '411502',
    description: '机构要求一次性缴纳一年的学费共9600元，并让我们转账到老师的个人微信。',
    consent: 'yes',
    website: '',
    pow: o.pow ?? '',
    ...fields,
  });
  return g.app.request(
    'http://localhost/complaints/new/',
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: body.toString() },
    env(o.ip ?? '198.51.100.1'),
  );
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
const cases = async (g: Guarded) => (await caseItems(g.db)).filter((i) => i.entity === 'case');

describe('proof of work', () => {
  it('refuses a JSON submission without a solution, in Chinese, and files nothing', async () => {
    const g = await guarded();
    const res = await postJson(g, '/api/complaints', makeComplaint());
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: 'validation', message: a.powMissing });
    expect(await cases(g)).toEqual([]);
  });

  it('accepts a solved challenge once; another form presenting it again is refused', async () => {
    const g = await guarded();
    const pow = await solved(g);
    const key = newKey();
    const first = await postJson(g, '/api/complaints', makeComplaint(), { pow, key });
    expect(first.status).toBe(201);
    // The same form again (a retry) is answered from its record: the same receipt.
    const retry = await postJson(g, '/api/complaints', makeComplaint(), { pow, key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const replayed = await postJson(g, '/api/complaints', makeComplaint({ description: '换了一张表单，却拿同一份验证再提交一次。' }), { pow });
    expect(replayed.status).toBe(400);
    expect((await errorOf(replayed)).message).toBe(a.powReplayed);
    expect(await cases(g)).toHaveLength(1);
  });

  it('lets one form use its own solution again when its first attempt was refused (a retry of the same form)', async () => {
    const g = await guarded({ limits: { mobile: { bucket: 'submit-mobile', limit: 0, windowSeconds: 86_400 } } });
    const pow = await solved(g);
    const key = newKey();
    expect((await postJson(g, '/api/complaints', makeComplaint(), { pow, key })).status).toBe(429);
    // Not "already used": the same form may present it again (and is limited again, by its number).
    const again = await postJson(g, '/api/complaints', makeComplaint(), { pow, key });
    expect((await errorOf(again)).message).not.toBe(a.powReplayed);
  });

  it('refuses a forged solution: a made-up key, a changed challenge, a solution signed by someone else', async () => {
    const g = await guarded();
    const decoded = JSON.parse(Buffer.from(await solved(g), 'base64').toString()) as {
      challenge: { parameters: { keyPrefix: string }; signature: string };
      solution: { counter: number; derivedKey: string };
    };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
    const forged = [
      encode({ ...decoded, solution: { ...decoded.solution, derivedKey: 'ab'.repeat(32) } }),
      encode({ ...decoded, challenge: { ...decoded.challenge, parameters: { ...decoded.challenge.parameters, keyPrefix: '00' } } }),
      encode({ ...decoded, challenge: { ...decoded.challenge, signature: 'cd'.repeat(32) } }),
      'not base64 json',
    ];
    for (const pow of forged) {
      const res = await postJson(g, '/api/complaints', makeComplaint(), { pow });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toBe(a.powInvalid);
    }
    // Signed with another deployment's secret.
    const { expiresInSeconds: _e, ...challenge } = await issueChallenge({ ...DEFAULT_POW, secret: 'another-deployment-secret-of-at-least-32-chars' }, g.clock.now);
    const solution = await solveChallenge({ challenge, deriveKey });
    const res = await postJson(g, '/api/complaints', makeComplaint(), { pow: encode({ challenge, solution: { counter: solution!.counter, derivedKey: solution!.derivedKey } }) });
    expect((await errorOf(res)).message).toBe(a.powInvalid);
    expect(await cases(g)).toEqual([]);
  });

  it('refuses a solution whose challenge has expired (30 minutes)', async () => {
    const g = await guarded();
    const pow = await solved(g);
    g.clock.now = new Date(g.clock.now.getTime() + 30 * 60_000 + 1000);
    const res = await postJson(g, '/api/complaints', makeComplaint(), { pow });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe(a.powExpired);
  });

  it('remembers used solutions in the table until their challenge expires (TTL), by hash', async () => {
    const g = await guarded();
    const pow = await solved(g);
    await postJson(g, '/api/complaints', makeComplaint(), { pow });
    const items = (await scanAll(g.db)).filter((i) => i.entity === 'pow_solution');
    expect(items).toHaveLength(1);
    const exp = (JSON.parse(Buffer.from(pow, 'base64').toString()) as { challenge: { parameters: { data: { exp: number } } } }).challenge.parameters.data.exp;
    expect(items[0]).toMatchObject({ pk: expect.stringMatching(/^POW#[0-9a-f]{64}$/), sk: 'POW', ttl: exp, owner: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('the honeypot', () => {
  it('refuses a JSON submission whose hidden field is filled, with a message a person can act on', async () => {
    const g = await guarded();
    const res = await postJson(g, '/api/complaints', { ...makeComplaint(), website: 'http://spam.example' }, { pow: await solved(g) });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe(a.honeypot);
    expect(await cases(g)).toEqual([]);
  });

  it('sends the form back with the answers kept and the hidden field emptied, so a person loses nothing', async () => {
    const g = await guarded();
    const res = await postForm(g, { website: '我的网站', 'contact.name': '王女士', 'contact.mobile': '13812345678' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(a.honeypot);
    expect(html).toContain('value="王女士"');
    expect(html).toContain('name="website" type="text" value=""');
    expect(html).not.toContain('我的网站');
    expect(await cases(g)).toEqual([]);
  });

  it('never drops a report of harm to a child: kept, routed to the police, flagged for a person', async () => {
    const g = await guarded();
    const res = await postForm(g, { kind: 'child_harm', website: 'http://spam.example', description: '教练经常打骂孩子，孩子不敢去上课。' });
    expect(res.status).toBe(201);
    const caseNumber = /<span class="case-receipt__group">(\d{4})<\/span><span class="case-receipt__group">(\d{4})<\/span><span class="case-receipt__group">(\d{4})<\/span><span class="case-receipt__group">([\dX])<\/span>/.exec(await res.text())!.slice(1).join('-');
    expect((await getCase(g.db, caseNumber))?.record).toMatchObject({ abuseSuspected: true, abuseReasons: ['honeypot'], routing: { priority: 'emergency' } });
    const queue = await listQueue(g.db, { departmentId: 'police-411500' });
    expect(queue.items).toEqual([expect.objectContaining({ caseNumber, abuseSuspected: true })]);
  });
});

describe('rate limits', () => {
  it('limits a network with the proof of work; then 429, Retry-After, and the time to try again', async () => {
    const g = await guarded({ limits: { network: { bucket: 'submit-ip', limit: 2, windowSeconds: 3600 } } });
    for (let i = 0; i < 2; i++) expect((await postJson(g, '/api/complaints', makeComplaint({ contact: undefined }), { pow: await solved(g), ip: '203.0.113.5' })).status).toBe(201);
    const res = await postJson(g, '/api/complaints', makeComplaint({ contact: undefined }), { pow: await solved(g), ip: '203.0.113.5' });
    expect(res.status).toBe(429);
    // 10:00 in Xinyang: the hour's window ends at 11:00.
    expect(res.headers.get('retry-after')).toBe('3600');
    expect(await errorOf(res)).toEqual({ code: 'rate_limited', message: a.rateNetwork('11:00', 60) });
    // Another network is not affected; nor is this one in the next window.
    expect((await postJson(g, '/api/complaints', makeComplaint({ contact: undefined }), { pow: await solved(g), ip: '203.0.113.6' })).status).toBe(201);
    g.clock.now = new Date('2026-11-20T03:00:00.000Z');
    expect((await postJson(g, '/api/complaints', makeComplaint({ contact: undefined }), { pow: await solved(g), ip: '203.0.113.5' })).status).toBe(201);
  });

  it('holds a browser without JavaScript (no proof of work) to a stricter limit, counted apart', async () => {
    const g = await guarded();
    for (let i = 0; i < 5; i++) expect((await postForm(g, { 'contact.name': '', 'contact.mobile': '' }, { ip: '203.0.113.7' })).status).toBe(201);
    g.clock.now = new Date('2026-11-20T02:40:00.000Z');
    const res = await postForm(g, {}, { ip: '203.0.113.7' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(String(20 * 60));
    const html = await res.text();
    expect(html).toContain(a.rateNetwork('11:00', 20));
    // The answers are kept for later.
    expect(html).toContain('浉河区东方红大道88号3楼');
    // The same network with the work done is not held back by it.
    expect((await postJson(g, '/api/complaints', makeComplaint({ contact: undefined }), { pow: await solved(g), ip: '203.0.113.7' })).status).toBe(201);
  });

  it('limits one mobile number to 5 a day (Beijing time), from any network, and says when the day ends', async () => {
    const g = await guarded();
    for (let i = 0; i < 5; i++) {
      const res = await postJson(g, '/api/refund-disputes', makeRefundDispute(), { pow: await solved(g), ip: `203.0.113.${30 + i}` });
      expect(res.status).toBe(201);
    }
    const res = await postJson(g, '/api/complaints', makeComplaint({ contact: { name: '李先生', mobile: '13998765432' } }), { pow: await solved(g), ip: '203.0.113.40' });
    expect(res.status).toBe(429);
    // 10:00 on 20 November in Xinyang: the day ends at midnight, 14 hours on.
    expect(res.headers.get('retry-after')).toBe(String(14 * 3600));
    expect((await errorOf(res)).message).toBe(a.rateMobile('11月21日 00:00', 14 * 60));
    // Another number files as usual.
    expect((await postJson(g, '/api/complaints', makeComplaint({ contact: { name: '王女士', mobile: '13812345678' } }), { pow: await solved(g), ip: '203.0.113.41' })).status).toBe(201);
  });

  it('keeps the number only as a keyed hash in its counter', async () => {
    const g = await guarded();
    await postJson(g, '/api/complaints', makeComplaint({ contact: { name: '王女士', mobile: '13812345678' } }), { pow: await solved(g) });
    const counters = (await scanAll(g.db)).filter((i) => i.entity === 'rate');
    expect(counters.map((c) => String(c.pk).split('#').slice(0, 2).join('#')).sort()).toEqual(['RATE#submit-ip', 'RATE#submit-mobile']);
    expect(JSON.stringify(counters)).not.toContain('13812345678');
    expect(JSON.stringify(counters)).not.toContain('198.51.100.1');
  });

  it('never drops a report of harm to a child over the limit: kept, flagged with the limit it tripped', async () => {
    const g = await guarded({ limits: { network: { bucket: 'submit-ip', limit: 1, windowSeconds: 3600 } } });
    expect((await postJson(g, '/api/complaints', makeComplaint(), { pow: await solved(g) })).status).toBe(201);
    expect((await postJson(g, '/api/complaints', makeComplaint({ description: '第二件普通投诉，超过了限制。' }), { pow: await solved(g) })).status).toBe(429);
    const res = await postJson(g, '/api/complaints', makeComplaint({ kind: 'child_harm', description: '培训班老师对孩子有不当身体接触。' }), { pow: await solved(g) });
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as { caseNumber: string; priority: string };
    expect(receipt.priority).toBe('emergency');
    expect((await getCase(g.db, receipt.caseNumber))?.record).toMatchObject({ abuseSuspected: true, abuseReasons: ['rate_ip'], leadDepartmentId: 'police-411500' });
    // Even with no proof of work at all, from a script.
    const bare = await postJson(g, '/api/complaints', makeComplaint({ kind: 'child_harm', description: '有人在培训班里打孩子，请尽快处理。' }));
    expect(bare.status).toBe(201);
    expect((await getCase(g.db, ((await bare.json()) as { caseNumber: string }).caseNumber))?.record.abuseReasons).toEqual(['pow_missing']);
  });
});

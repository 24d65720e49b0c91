/**
 * Faults a family meets: a body that is not a readable form, the database
 * not answering (closed port; a transaction whose answer is lost after it
 * committed), and duplicates of one form in flight at once. Every answer is
 * 4xx or 503 with Retry-After, never 500; a retry of the same form files
 * exactly once; duplicates never use up the family's limits.
 * The real app on DynamoDB Local (and on a port nothing listens on).
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAbuseControls } from '../../functions/abuse/index.ts';
import { createApp } from '../../functions/app.ts';
import { createDb, type DataPlugin } from '../../functions/data/client.ts';
import { createPrivateFsStore } from '../../functions/storage/private-store.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { formatCaseNumber } from '../../shared/rules/case-number.ts';
import { caseItems, makeComplaint, newKey, postJson } from '../builders/cases.ts';
import { createTestStore } from '../support/app.ts';
import { createTestDb } from '../support/db.ts';

const clock = new Date('2026-11-20T02:00:00.000Z');
const f = t.cases.form;
const privateStore = () => createPrivateFsStore(mkdtempSync(join(tmpdir(), 'shouhu-private-')));
const env = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

/** A loopback port nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const FORM = {
  kind: 'fees',
  'institution.unlistedName': '浉河区某某教育咨询有限公司',
  'institution.unlistedAddress': '浉河区东方红大道88号3楼',
  districtCode: '411502',
  description: '机构要求一次性缴纳一年的学费共9600元，并让我们转账到老师的个人微信。',
  'contact.name': '王女士',
  'contact.mobile': '13812345678',
  consent: 'yes',
};

type App = ReturnType<typeof createApp>;
function postForm(app: App, path: string, fields: Record<string, string>, ip = '198.51.100.1') {
  return app.request(
    `http://localhost${path}`,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: new URLSearchParams(fields).toString() },
    env(ip),
  );
}
const hiddenKey = (page: string) => /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1];
/** A well-formed case number (its check character right) that no table holds. */
const SOME_NUMBER = formatCaseNumber('261138520917');
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('a body that cannot be read', () => {
  it('answers 400 with the form again and a Chinese message, on every form page, never 500', async () => {
    const db = await createTestDb();
    const app = createApp({ db, store: createTestStore().store, now: () => clock, privateStore: privateStore() });
    for (const path of ['/complaints/new/', '/refunds/new/', '/track/']) {
      for (const [type, body] of [
        ['multipart/form-data; boundary=X', 'garbage'],
        ['multipart/form-data', '--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb'],
        ['multipart/form-data; boundary=X', '--X\r\nContent-Disposition: form-data; name="description"\r\n\r\n未结束'],
      ] as const) {
        const res = await app.request(`http://localhost${path}`, { method: 'POST', headers: { 'content-type': type, origin: 'http://localhost' }, body }, env('198.51.100.9'));
        expect(res.status, `${path} ${type}`).toBe(400);
        const page = await res.text();
        expect(page).toContain(f.malformed);
        expect(page).toContain('<form');
      }
    }
    expect((await caseItems(db)).filter((i) => i.entity === 'case')).toEqual([]);
  });

  it('answers 400 in the JSON error shape on the API for a body that is not JSON', async () => {
    const db = await createTestDb();
    const app = createApp({ db, store: createTestStore().store, now: () => clock, privateStore: privateStore() });
    for (const path of ['/api/complaints', '/api/refund-disputes', '/api/track', '/api/track/feedback', '/api/fee-check']) {
      const res = await app.request(`http://localhost${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: '{"kind": "fees", ',
      });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      const error = await errorOf(res);
      expect(error.message, path).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('the database not answering', () => {
  async function downApp() {
    const db = createDb({ tableName: 'down', region: 'local', endpoint: `http://127.0.0.1:${await closedPort()}`, maxAttempts: 2 });
    return createApp({ db, store: createTestStore().store, now: () => clock, privateStore: privateStore() });
  }

  it('answers the no-JavaScript form with 503, Retry-After, what the family typed, the same key, and "not filed"', async () => {
    const app = await downApp();
    for (const path of ['/complaints/new/']) {
      const key = newKey();
      const res = await postForm(app, path, { ...FORM, idempotencyKey: key });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const page = await res.text();
      expect(page).toContain(t.outage.caseNotFiled);
      expect(page).toContain(FORM.description);
      expect(page).toContain(FORM['contact.mobile']);
      expect(hiddenKey(page)).toBe(key);
    }
  });

  it('answers the API, tracking and the pages that read the table with 503 and Retry-After, never 500', async () => {
    const app = await downApp();
    const filed = await postJson(app, '/api/complaints', makeComplaint());
    expect(filed.status).toBe(503);
    expect(filed.headers.get('retry-after')).toBeTruthy();
    expect(await errorOf(filed)).toEqual({ code: 'unavailable', message: t.outage.caseNotFiled });

    const tracked = await postJson(app, '/api/track', { caseNumber: SOME_NUMBER, accessCode: 'K7QM-4XPD' });
    expect(tracked.status).toBe(503);
    expect(tracked.headers.get('retry-after')).toBeTruthy();

    const trackPage = await postForm(app, '/track/', { caseNumber: SOME_NUMBER, accessCode: 'K7QM-4XPD' });
    expect(trackPage.status).toBe(503);
    expect(await trackPage.text()).toContain(t.outage.trackNotDone);

    const health = await app.request('http://localhost/api/health');
    expect(health.status).toBe(503);

    const feeCheck = await app.request('http://localhost/fees/check/?submitted=1&category=academic&amount=9600&lessons=48&months=12&paymentMethod=wechat');
    expect([200, 400, 503]).toContain(feeCheck.status);
    if (feeCheck.status === 503) expect(feeCheck.headers.get('retry-after')).toBeTruthy();
  });

  it('says "we cannot tell" when the filing transaction may have committed, and the retry with the same form gets the one receipt', async () => {
    // The answer to the case's transaction is lost after it committed (as a timeout would lose it).
    const armed = { lose: true };
    const loseAnswer: DataPlugin = {
      applyToStack(stack) {
        stack.add(
          (next, context) => async (args) => {
            const out = await next(args);
            if (context.commandName === 'TransactWriteItemsCommand' && armed.lose) {
              armed.lose = false;
              throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
            }
            return out;
          },
          { step: 'initialize', name: 'loseTransactionAnswer' },
        );
      },
    };
    const db = await createTestDb({ plugins: [loseAnswer] });
    const app = createApp({ db, store: createTestStore().store, now: () => clock, privateStore: privateStore() });
    const key = newKey();
    const first = await postForm(app, '/complaints/new/', { ...FORM, idempotencyKey: key });
    expect(first.status).toBe(503);
    const page = await first.text();
    expect(page).toContain(t.outage.caseUnknown);
    expect(hiddenKey(page)).toBe(key);
    const retry = await postForm(app, '/complaints/new/', { ...FORM, idempotencyKey: key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await caseItems(db)).filter((i) => i.entity === 'case')).toHaveLength(1);
  });
});

describe('duplicates of one form in flight', () => {
  it('50 at once and 5 after file one case, all with the same receipt, none refused; the family can still file another', async () => {
    const db = await createTestDb();
    const app = createApp({ db, store: createTestStore().store, now: () => clock, cases: { abuse: createAbuseControls({ db }) }, privateStore: privateStore() });
    const key = newKey();
    // JSON without proof of work is refused before any limit; the form (no JavaScript) is limited to 5 an hour per network.
    const fields = { ...FORM, idempotencyKey: key };
    const parallel = await Promise.all(Array.from({ length: 50 }, () => postForm(app, '/complaints/new/', fields)));
    const sequential = [];
    for (let i = 0; i < 5; i++) sequential.push(await postForm(app, '/complaints/new/', fields));
    const all = [...parallel, ...sequential];
    expect(all.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const numbers = new Set((await Promise.all(all.map((r) => r.text()))).map((p) => /\d{4}-\d{4}-\d{4}-[0-9A-Z]/.exec(p)?.[0]));
    expect(numbers.size).toBe(1);
    expect((await caseItems(db)).filter((i) => i.entity === 'case')).toHaveLength(1);
    // Another complaint from the same mobile and network is accepted: the duplicates used up nothing.
    const other = await postForm(app, '/complaints/new/', { ...FORM, idempotencyKey: newKey(), description: '另一件事：机构在没有通知的情况下把课程换了老师，也不退还剩余的课时费。' });
    expect(other.status).toBe(201);
  });
});

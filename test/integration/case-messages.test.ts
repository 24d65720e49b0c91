/**
 * Messages when a case moves (issue 14, item 4): a family that left a mobile
 * and ticked 办理进展短信通知我 gets one message per family-facing step,
 * written with the step in one transaction and sent by the sender through
 * the local outbox adapter; never twice, never without consent, never with
 * the narrative, a name or the access code.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffBrowser } from '../support/staff-browser.ts';
import { caseServices } from '../../functions/cases/services.ts';
import { getCase } from '../../functions/data/cases.ts';
import { listCaseMessages } from '../../functions/data/messages.ts';
import { createOutboxNotifier, readOutbox } from '../../functions/notify/outbox.ts';
import { PermanentSendFailure, type Notifier } from '../../functions/notify/notifier.ts';
import { sendDueMessages, type SenderDeps } from '../../functions/notify/sender.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createCasesApp, makeComplaint, newKey, postJson } from '../builders/cases.ts';

let clock = new Date('2026-11-20T02:00:00.000Z');
const now = () => clock;
const tick = () => (clock = new Date(clock.getTime() + 60_000));
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
let outboxFile: string;
let deps: SenderDeps;
const as: Record<string, StaffBrowser> = {};

const narrative = '机构要求一次性缴纳一年的学费共9600元，并让我们转账到老师的个人微信。';

async function file(path: string, body: unknown, key = newKey()) {
  tick();
  const res = await postJson(ctx.app, path, body, { key });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as { caseNumber: string; accessCode: string };
}

async function act(who: string, n: string, action: string, fields: Record<string, unknown> = {}) {
  tick();
  const version = (await getCase(ctx.db, n))!.record.version;
  const res = await as[who]!.post(`/api/admin/cases/${n}/transitions`, { action, expectedVersion: version, ...fields });
  expect(res.status, await res.clone().text()).toBe(200);
}

const sendNow = (more: Partial<SenderDeps> = {}) => sendDueMessages({ ...deps, ...more });

beforeAll(async () => {
  ctx = await createCasesApp({ now });
  await seedDemoStaff(ctx.db);
  outboxFile = join(await mkdtemp(join(tmpdir(), 'shouhu-outbox-')), 'outbox.jsonl');
  deps = { db: ctx.db, notifier: createOutboxNotifier(outboxFile, now), keys: caseServices().keys, trackLink: 'https://shouhu.example.cn/track/', now };
  for (const username of ['shihe.editor']) {
    as[username] = new StaffBrowser(ctx.app, { now });
    await as[username].signIn(username);
  }
}, 120_000);

describe('messages when a case moves', () => {
  it('filing with consent writes one pending message; the same form again (same key) still one; the sender sends it once', async () => {
    const key = newKey();
    const body = makeComplaint({ contact: { name: '王女士', mobile: '13812345678', notify: true }, description: narrative });
    const receipt = await file('/api/complaints', body, key);
    const again = await file('/api/complaints', body, key);
    expect(again.caseNumber).toBe(receipt.caseNumber);
    const pending = await listCaseMessages(ctx.db, receipt.caseNumber);
    expect(pending).toMatchObject([{ template: 'case_received', status: 'pending', seq: 1 }]);

    const first = await sendNow();
    expect(first.sent).toBe(1);
    const second = await sendNow();
    expect(second).toMatchObject({ sent: 0, skipped: 0, failed: 0 });
    const lines = (await readOutbox(outboxFile)).filter((l) => l.params && 'caseNumber' in l.params && l.params.caseNumber === receipt.caseNumber);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.to).toBe('13812345678');
    expect(lines[0]!.text).toContain(receipt.caseNumber);
    expect(lines[0]!.text).toContain('https://shouhu.example.cn/track/');
    // Never the narrative, a name, or the access code (in any of its forms).
    const code = receipt.accessCode.replace(/-/g, '');
    for (const l of lines) {
      const all = JSON.stringify(l);
      expect(all).not.toContain('王女士');
      expect(all).not.toContain('9600');
      expect(all.replace(/-/g, '')).not.toContain(code);
    }
    expect((await listCaseMessages(ctx.db, receipt.caseNumber))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('accept, conclude, decline and transfer each write one message, sent once each', async () => {
    const withConsent = (mobile: string) => ({ contact: { name: '李先生', mobile, notify: true } });
    const a = await file('/api/complaints', makeComplaint(withConsent('13900000001')));
    const b = await file('/api/complaints', makeComplaint(withConsent('13900000002')));
    const c = await file('/api/complaints', makeComplaint(withConsent('13900000003')));
    await act('shihe.editor', a.caseNumber, 'accept');
    await act('shihe.editor', a.caseNumber, 'start');
    await act('shihe.editor', a.caseNumber, 'conclude', { outcome: 'substantiated', actionTaken: '责令机构退还违规收取的费用' });
    await act('shihe.editor', b.caseNumber, 'decline', { reason: '不属于校外培训监管范围', nextSteps: '请向市场监管部门反映' });
    await act('shihe.editor', c.caseNumber, 'transfer', { toDepartmentId: 'market-411502', reason: '由收费监管部门办理' });

    const templates = async (n: string) => (await listCaseMessages(ctx.db, n)).map((m) => m.template);
    expect(await templates(a.caseNumber)).toEqual(['case_received', 'case_accepted', 'case_concluded']);
    expect(await templates(b.caseNumber)).toEqual(['case_received', 'case_declined']);
    expect(await templates(c.caseNumber)).toEqual(['case_received', 'case_transferred']);

    const report = await sendNow();
    expect(report.sent).toBe(7);
    expect((await sendNow()).sent).toBe(0);
    const lines = await readOutbox(outboxFile);
    const to = (mobile: string) => lines.filter((l) => l.to === mobile).map((l) => l.template);
    expect(to('13900000001')).toEqual(['case_received', 'case_accepted', 'case_concluded']);
    expect(to('13900000002')).toEqual(['case_received', 'case_declined']);
    expect(to('13900000003')).toEqual(['case_received', 'case_transferred']);
    const concluded = lines.find((l) => l.to === '13900000001' && l.template === 'case_concluded')!;
    expect(concluded.text).toContain('评价');
    const declined = lines.find((l) => l.to === '13900000002')!;
    expect(JSON.stringify(declined)).not.toContain('不属于校外培训监管范围');
  });

  it('without consent nothing is sent: filing writes no message, a later step is skipped at send time', async () => {
    const n = (await file('/api/complaints', makeComplaint({ contact: { name: '赵女士', mobile: '13700000009' } }))).caseNumber;
    expect(await listCaseMessages(ctx.db, n)).toEqual([]);
    await act('shihe.editor', n, 'accept');
    const report = await sendNow();
    expect(report).toMatchObject({ sent: 0, skipped: 1 });
    expect(await listCaseMessages(ctx.db, n)).toMatchObject([{ template: 'case_accepted', status: 'skipped', reason: 'no_consent' }]);
    expect((await readOutbox(outboxFile)).some((l) => l.to === '13700000009')).toBe(false);
  });

  it('an anonymous complaint gets no message at all', async () => {
    const n = (await file('/api/complaints', makeComplaint({ contact: undefined }))).caseNumber;
    await act('shihe.editor', n, 'accept');
    expect(await listCaseMessages(ctx.db, n)).toEqual([]);
  });

  it('a failing provider is retried with backoff, then marked failed; a permanent refusal fails at once', async () => {
    const n = (await file('/api/complaints', makeComplaint({ contact: { name: '周先生', mobile: '13600000001', notify: true } }))).caseNumber;
    let calls = 0;
    const down: Notifier = { id: 'down', send: async () => (calls++, Promise.reject(new Error('provider unreachable'))) };
    const retry = { notifier: down, maxAttempts: 3, backoffMs: () => 60_000 };
    expect((await sendNow(retry)).retrying).toBe(1);
    // Not due again before the backoff runs out.
    expect((await sendNow(retry)).retrying).toBe(0);
    clock = new Date(clock.getTime() + 61_000);
    expect((await sendNow(retry)).retrying).toBe(1);
    clock = new Date(clock.getTime() + 61_000);
    expect((await sendNow(retry)).failed).toBe(1);
    expect(calls).toBe(3);
    expect(await listCaseMessages(ctx.db, n)).toMatchObject([{ status: 'failed', attempts: 3 }]);

    const m = (await file('/api/complaints', makeComplaint({ contact: { name: '吴先生', mobile: '13600000002', notify: true } }))).caseNumber;
    const refuses: Notifier = { id: 'refuses', send: () => Promise.reject(new PermanentSendFailure('aliyun SendSms refused: isv.MOBILE_NUMBER_ILLEGAL')) };
    expect((await sendNow({ notifier: refuses })).failed).toBe(1);
    expect(await listCaseMessages(ctx.db, m)).toMatchObject([{ status: 'failed', attempts: 1 }]);
  });

  it('two senders at once send each message once (the claim)', async () => {
    const n = (await file('/api/complaints', makeComplaint({ contact: { name: '郑女士', mobile: '13600000003', notify: true } }))).caseNumber;
    const [x, y] = await Promise.all([sendNow(), sendNow()]);
    expect(x.sent + y.sent).toBe(1);
    expect((await readOutbox(outboxFile)).filter((l) => l.to === '13600000003')).toHaveLength(1);
    expect(await listCaseMessages(ctx.db, n)).toMatchObject([{ status: 'sent' }]);
  });

  it('a sender that dies holding a message leaves it to be sent when the lease runs out', async () => {
    const n = (await file('/api/complaints', makeComplaint({ contact: { name: '冯女士', mobile: '13600000004', notify: true } }))).caseNumber;
    // A sender whose send never settles (it "crashed" after claiming).
    const hangs: Notifier = { id: 'hangs', send: () => Promise.reject(new Error('crashed')) };
    const crashed = await sendDueMessages({ ...deps, notifier: hangs, leaseMs: 120_000, backoffMs: () => 10 * 60_000 });
    expect(crashed.retrying).toBe(1);
    clock = new Date(clock.getTime() + 11 * 60_000);
    expect((await sendNow()).sent).toBe(1);
    expect(await listCaseMessages(ctx.db, n)).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });
});

describe('the local outbox page (local server only)', () => {
  it('lists the messages a demo produced, newest first, and is not part of the Lambda app', async () => {
    const { createLocalApp } = await import('../../functions/server.ts');
    const { createApp } = await import('../../functions/app.ts');
    const { createTestStore } = await import('../support/app.ts');
    const siteDir = await mkdtemp(join(tmpdir(), 'shouhu-site-'));
    const local = createLocalApp({ db: ctx.db, store: createTestStore().store, siteDir, outboxFile });
    const res = await local.request('http://localhost/dev/outbox/');
    expect(res.status).toBe(200);
    const page = await res.text();
    const lines = await readOutbox(outboxFile);
    expect(lines.length).toBeGreaterThan(5);
    expect(page).toContain(lines.at(-1)!.text);
    expect(page.indexOf(lines.at(-1)!.text)).toBeLessThan(page.indexOf(lines[0]!.text));
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    // The Lambda app never answers it.
    const lambda = createApp({ db: ctx.db, store: createTestStore().store });
    expect((await lambda.request('http://localhost/dev/outbox/')).status).toBe(404);
  });
});

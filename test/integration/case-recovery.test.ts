/**
 * 找回查询码 (issue 14, item 3): a family that left a mobile gets a one-time
 * code by text message and, with it, a new access code (the old one stops
 * working). The first answer never tells whether a case or a mobile exists;
 * codes expire, allow 5 tries, and requests are limited.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOutboxNotifier, readOutbox } from '../../functions/notify/outbox.ts';
import type { Notifier } from '../../functions/notify/notifier.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { formatCaseNumber } from '../../shared/rules/case-number.ts';
import { createCasesApp, makeComplaint, postJson } from '../builders/cases.ts';

let clock = new Date('2026-11-20T02:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
let outboxFile: string;
let outbox: Notifier;

const sentCodes = async (mobile: string) =>
  (await readOutbox(outboxFile)).filter((l) => l.to === mobile && l.template === 'recovery_code').map((l) => (l.params as { code: string }).code);

async function file(mobile: string | undefined) {
  const res = await postJson(ctx.app, '/api/complaints', makeComplaint(mobile ? { contact: { name: '王女士', mobile } } : { contact: undefined }));
  expect(res.status).toBe(201);
  return (await res.json()) as { caseNumber: string; accessCode: string };
}

const ask = (caseNumber: string, mobile: string, ip = '198.51.100.9') => postJson(ctx.app, '/api/track/recover', { caseNumber, mobile }, { key: null, ip });
const verify = (caseNumber: string, code: string, ip = '198.51.100.9') => postJson(ctx.app, '/api/track/recover/verify', { caseNumber, code }, { key: null, ip });
const track = (caseNumber: string, accessCode: string) => postJson(ctx.app, '/api/track', { caseNumber, accessCode }, { key: null, ip: '203.0.113.50' });

beforeAll(async () => {
  outboxFile = join(await mkdtemp(join(tmpdir(), 'shouhu-recover-')), 'outbox.jsonl');
  outbox = createOutboxNotifier(outboxFile, now);
  ctx = await createCasesApp({ now, cases: { notifier: outbox } });
}, 120_000);

describe('recovering a lost access code', () => {
  it('sends a code to the mobile given, and the code gives a new access code; the old one stops working', async () => {
    const filed = await file('13811112222');
    const res = await ask(filed.caseNumber, '13811112222');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ message: t.recovery.sent });
    const [code] = await sentCodes('13811112222');
    expect(code).toMatch(/^\d{6}$/);
    const line = (await readOutbox(outboxFile)).at(-1)!;
    expect(line.text).not.toContain(filed.accessCode);

    const done = await verify(filed.caseNumber, code!);
    expect(done.status).toBe(200);
    const fresh = (await done.json()) as { caseNumber: string; accessCode: string };
    expect(fresh.caseNumber).toBe(filed.caseNumber);
    expect(fresh.accessCode).not.toBe(filed.accessCode);
    expect((await track(filed.caseNumber, fresh.accessCode)).status).toBe(200);
    expect((await track(filed.caseNumber, filed.accessCode)).status).toBe(404);
    // Used once: the same code again is refused.
    expect((await verify(filed.caseNumber, code!)).status).toBe(404);
  });

  it('answers exactly the same for an unknown case, a wrong mobile and an anonymous case, and sends nothing', async () => {
    const filed = await file('13811113333');
    const anonymous = await file(undefined);
    const before = (await readOutbox(outboxFile)).length;
    const answers = await Promise.all([
      ask(filed.caseNumber, '13900000000', '198.51.100.21'),
      ask(anonymous.caseNumber, '13811113333', '198.51.100.22'),
      ask(formatCaseNumber('261100000000'), '13811113333', '198.51.100.23'),
      ask(filed.caseNumber, '13811113333', '198.51.100.24'),
    ]);
    const bodies = await Promise.all(answers.map(async (r) => `${r.status} ${await r.text()}`));
    expect(new Set(bodies).size).toBe(1);
    expect((await readOutbox(outboxFile)).length).toBe(before + 1);
  });

  it('refuses bad input field by field, in Chinese', async () => {
    const res = await ask('1234', '123');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(['caseNumber', 'mobile']);
  });

  it('allows 5 tries of a code, then it is gone; an expired code is refused', async () => {
    const filed = await file('13811114444');
    await ask(filed.caseNumber, '13811114444', '198.51.100.31');
    const [code] = await sentCodes('13811114444');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await verify(filed.caseNumber, wrong, '198.51.100.32')).status).toBe(404);
    expect((await verify(filed.caseNumber, code!, '198.51.100.32')).status).toBe(404);

    await ask(filed.caseNumber, '13811114444', '198.51.100.33');
    const second = (await sentCodes('13811114444')).at(-1)!;
    clock = new Date(clock.getTime() + 11 * 60_000);
    expect((await verify(filed.caseNumber, second, '198.51.100.34')).status).toBe(404);
  });

  it('limits requests per case number, matched or not', async () => {
    const filed = await file('13811115555');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ask(filed.caseNumber, '13900000001', `198.51.100.${40 + i}`)).status);
    expect(statuses).toEqual([202, 202, 429, 429]);
  });
});

describe('recovering without JavaScript', () => {
  const post = (path: string, fields: Record<string, string>, ip: string) =>
    ctx.app.request(
      `http://localhost${path}`,
      { method: 'POST', headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() },
      { incoming: { socket: { remoteAddress: ip } } },
    );

  it('is linked from /track/, asks for the number and mobile, then the code, then shows the new access code once', async () => {
    expect(await (await ctx.app.request('http://localhost/track/')).text()).toContain('href="/track/recover/"');
    const form = await ctx.app.request('http://localhost/track/recover/');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="mobile"');

    const filed = await file('13811116666');
    const sent = await post('/track/recover/', { caseNumber: filed.caseNumber, mobile: '13811116666' }, '198.51.100.61');
    expect(sent.status).toBe(202);
    const step2 = await sent.text();
    expect(step2).toContain(t.recovery.sent);
    expect(step2).toContain('name="code"');
    // The same page for a mobile that does not match.
    const other = await post('/track/recover/', { caseNumber: filed.caseNumber, mobile: '13900009999' }, '198.51.100.62');
    expect(other.status).toBe(202);
    expect((await other.text()).replace(/value="[^"]*"/g, '')).toBe(step2.replace(/value="[^"]*"/g, ''));

    const [code] = await sentCodes('13811116666');
    const wrong = await post('/track/recover/verify/', { caseNumber: filed.caseNumber, code: code === '123456' ? '654321' : '123456' }, '198.51.100.63');
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain(t.recovery.codeInvalid);
    const done = await post('/track/recover/verify/', { caseNumber: filed.caseNumber, code: code! }, '198.51.100.63');
    expect(done.status).toBe(200);
    const page = await done.text();
    expect(page).toContain(t.recovery.done);
    const shown = [...page.matchAll(/<p class="case-receipt__number case-receipt__code">(.*?)<\/p>/gs)].map((m) => [...m[1]!.matchAll(/<span class="case-receipt__group">([^<]+)<\/span>/g)].map((g) => g[1]).join('-'))[0]!;
    expect((await track(filed.caseNumber, shown)).status).toBe(200);
    expect((await track(filed.caseNumber, filed.accessCode)).status).toBe(404);
  });

  it('sends the form back with field errors for bad input', async () => {
    const res = await post('/track/recover/', { caseNumber: '12', mobile: 'abc' }, '198.51.100.64');
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('error-summary');
    expect(page).toContain(t.cases.track.badCaseNumber);
  });
});

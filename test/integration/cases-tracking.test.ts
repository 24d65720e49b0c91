/**
 * Following a case at /track: the right case number and access code show its
 * public timeline; either one wrong tells nothing, not even whether the case
 * exists; repeated guessing is slowed down.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeCase } from '../../functions/data/cases.ts';
import { newCaseNumber } from '../../shared/rules/case-number.ts';
import { makeComplaint, postJson } from '../builders/cases.ts';

// The checks are watched, not timed: the suite hashes at a test cost (SCRYPT_LN_OVERRIDE), where a
// few milliseconds of scrypt drown in the noise of a loaded machine.
vi.mock('../../functions/cases/access-code.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../functions/cases/access-code.ts')>();
  return { ...actual, verifyAccessCode: vi.fn(actual.verifyAccessCode), verifyAgainstDummy: vi.fn(actual.verifyAgainstDummy) };
});

let clock = new Date('2026-11-20T02:00:00.000Z');
let ctx: Awaited<ReturnType<typeof import('../builders/cases.ts').createCasesApp>>;
let receipt: { caseNumber: string; accessCode: string };
let accessCodes: typeof import('../../functions/cases/access-code.ts');

beforeAll(async () => {
  // The worker's module cache outlives a file (`isolate: false`, vitest.config.ts): the app another file
  // loaded holds the real checks, so this file loads the app afresh, which then sees the mock above.
  vi.resetModules();
  accessCodes = await import('../../functions/cases/access-code.ts');
  const { createCasesApp } = await import('../builders/cases.ts');
  ctx = await createCasesApp({ now: () => clock });
  receipt = await (await postJson(ctx.app, '/api/complaints', makeComplaint({ kind: 'child_harm', description: '教练体罚孩子，孩子手臂有淤青。' }))).json();
});

// The next file in this worker loads the app afresh, without the mock.
afterAll(() => vi.resetModules());

const track = (caseNumber: string, accessCode: string, ip = '203.0.113.10') => postJson(ctx.app, '/api/track', { caseNumber, accessCode }, { key: null, ip });

/** Flips one character of an access code to another valid one. */
const wrongCode = (code: string) => (code[0] === 'A' ? `B${code.slice(1)}` : `A${code.slice(1)}`);

describe('tracking a case', () => {
  it('shows the public timeline for the right pair, forgiving how it is typed, and only public events', async () => {
    const res = await track(receipt.caseNumber.replace(/-/g, ' '), receipt.accessCode.toLowerCase().replace('-', ''));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ caseNumber: receipt.caseNumber, type: 'complaint', state: 'submitted', stateLabel: '已提交' });
    expect(body.timeline).toHaveLength(1);
    expect(body.timeline[0].title).toBe('已收到');
    expect(body.timeline[0].text).toContain('信阳市公安局');
    expect(body.timeline[0].text).toContain('2026年11月20日 12:00');
    // The routing rule, department ids and abuse flags are internal.
    expect(JSON.stringify(body)).not.toMatch(/complaint-child-harm|ruleId|abuse|routed|police-411500/);
  });

  it('adds state changes to the timeline in plain Chinese', async () => {
    const other = await (await postJson(ctx.app, '/api/complaints', makeComplaint())).json();
    await closeCase(ctx.db, { caseNumber: other.caseNumber, at: clock, state: 'concluded' });
    const body = await (await track(other.caseNumber, other.accessCode, '203.0.113.11')).json();
    expect(body.state).toBe('concluded');
    expect(body.timeline.map((e: { text: string }) => e.text)[1]).toBe('办理状态由“已提交”变为“已办结”。');
  });

  it('answers a wrong code and an unknown case number identically', async () => {
    const unknown = newCaseNumber('99999999', clock.toISOString());
    const a = await track(receipt.caseNumber, wrongCode(receipt.accessCode), '203.0.113.20');
    const b = await track(unknown, receipt.accessCode, '203.0.113.21');
    expect(a.status).toBe(404);
    expect(b.status).toBe(404);
    const [bodyA, bodyB] = [await a.text(), await b.text()];
    expect(bodyA).toBe(bodyB);
    expect(JSON.parse(bodyA).error.message).toContain('案件编号或查询码不正确');
    expect([...a.headers.keys()].sort()).toEqual([...b.headers.keys()].sort());
  });

  it('checks a hash for an unknown case as for a wrong code, so the two take the same work (a dummy hash)', async () => {
    const verify = vi.mocked(accessCodes.verifyAccessCode);
    const dummy = vi.mocked(accessCodes.verifyAgainstDummy);
    verify.mockClear();
    dummy.mockClear();
    await track(receipt.caseNumber, wrongCode(receipt.accessCode), '203.0.113.30');
    expect([verify.mock.calls.length, dummy.mock.calls.length]).toEqual([1, 0]);
    verify.mockClear();
    await track(newCaseNumber('88888888', clock.toISOString()), wrongCode(receipt.accessCode), '203.0.113.40');
    // The unknown case is checked against the dummy hash, made with the same parameters as real ones.
    expect([verify.mock.calls.length, dummy.mock.calls.length]).toEqual([0, 1]);
    expect(await dummy.mock.results[0]!.value).toBe(false);
  });

  it('tells a mistyped case number apart from a wrong pair (the check character says so, not the database)', async () => {
    const typo = receipt.caseNumber.slice(0, 5) + ((Number(receipt.caseNumber[5]) + 1) % 10) + receipt.caseNumber.slice(6);
    const res = await track(typo, receipt.accessCode, '203.0.113.50');
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields.caseNumber).toContain('校验码');
    const bad = await track(receipt.caseNumber, 'K7Q', '203.0.113.50');
    expect((await bad.json()).error.fields.accessCode).toContain('8位');
  });

  it('never locks the family out: after 50 wrong codes from many networks, the right code still works at once', async () => {
    const target = await (await postJson(ctx.app, '/api/complaints', makeComplaint())).json();
    for (let i = 0; i < 50; i++) expect((await track(target.caseNumber, wrongCode(target.accessCode), `192.0.2.${i + 1}`)).status).toBe(404);
    const family = await track(target.caseNumber, target.accessCode, '192.0.2.200');
    expect(family.status).toBe(200);
    expect((await family.json()).caseNumber).toBe(target.caseNumber);
  }, 120_000);

  it('slows down each network guessing one case: 429 with when to try again; a case being guessed allows one failure per network', async () => {
    const target = await (await postJson(ctx.app, '/api/complaints', makeComplaint())).json();
    // One network: 5 wrong codes for this case, then 429 (even for the right code, from that network only).
    for (let i = 0; i < 5; i++) expect((await track(target.caseNumber, wrongCode(target.accessCode), '192.0.3.1')).status).toBe(404);
    const locked = await track(target.caseNumber, target.accessCode, '192.0.3.1');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const { error } = await locked.json();
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(/请在\d+分钟后（北京时间\d\d:\d\d之后）再试/);
    // The case has now been guessed 5 times; 5 more networks make it "being guessed": then one failure locks a network for it.
    for (let i = 0; i < 5; i++) expect((await track(target.caseNumber, wrongCode(target.accessCode), `192.0.3.${i + 10}`)).status).toBe(404);
    expect((await track(target.caseNumber, wrongCode(target.accessCode), '192.0.3.50')).status).toBe(404);
    expect((await track(target.caseNumber, wrongCode(target.accessCode), '192.0.3.50')).status).toBe(429);
    // The family, elsewhere, is not affected; and once the lock is over, the guessing network may try again.
    expect((await track(target.caseNumber, target.accessCode, '192.0.3.200')).status).toBe(200);
    const saved = clock;
    clock = new Date(saved.getTime() + 31 * 60_000);
    try {
      expect((await track(target.caseNumber, target.accessCode, '192.0.3.1')).status).toBe(200);
    } finally {
      clock = saved;
    }
  }, 120_000);

  it('slows down one network guessing across case numbers, and the lock looks the same for cases that do not exist', async () => {
    for (let i = 0; i < 30; i++) {
      const guess = newCaseNumber(String(10_000_000 + i), clock.toISOString());
      expect((await track(guess, 'K7QM4XPD', '198.18.0.7')).status).toBe(404);
    }
    const locked = await track(receipt.caseNumber, receipt.accessCode, '198.18.0.7');
    expect(locked.status).toBe(429);
    // Another network is not affected.
    expect((await track(receipt.caseNumber, receipt.accessCode, '198.18.1.7')).status).toBe(200);
  });
});

/**
 * Two members of staff acting on one case at once: one wins (each step is
 * conditional on the version it read), the other gets 409 with a message
 * that says so and the case as it now is, never a silent overwrite. Steps
 * on different cases at once all land, though they add to the same
 * dashboard counters (a transaction conflict there is retried).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffBrowser } from '../support/staff-browser.ts';
import { getCase, listCaseEvents } from '../../functions/data/cases.ts';
import { isoWeek, readStats } from '../../functions/data/stats.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createCasesApp, makeComplaint, postJson } from '../builders/cases.ts';

const clock = new Date('2026-11-23T02:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
let shihe: StaffBrowser;
let colleague: StaffBrowser;

async function file(): Promise<string> {
  const res = await postJson(ctx.app, '/api/complaints', makeComplaint());
  expect(res.status).toBe(201);
  return (await res.json()).caseNumber;
}

beforeAll(async () => {
  ctx = await createCasesApp({ now });
  await seedDemoStaff(ctx.db);
  shihe = new StaffBrowser(ctx.app, { now });
  await shihe.signIn('shihe.editor');
  // The city office of the same kind acts as lead too (city.publisher is an editor by implication).
  colleague = new StaffBrowser(ctx.app, { now });
  await colleague.signIn('city.publisher');
});

describe('two members of staff, one case', () => {
  it('lets exactly one of two simultaneous steps on the same version through; the other gets the fresh case', async () => {
    const n = await file();
    const { version } = (await getCase(ctx.db, n))!.record;
    const [a, b] = await Promise.all([
      shihe.post(`/api/admin/cases/${n}/transitions`, { action: 'accept', expectedVersion: version }),
      colleague.post(`/api/admin/cases/${n}/transitions`, { action: 'decline', expectedVersion: version, reason: '不属于本部门职责', nextSteps: '请拨打 12345' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const { error } = await loser.json();
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('刚刚被其他人处理过');
    // The case as it now is, with what the loser may still do.
    const stored = (await getCase(ctx.db, n))!.record;
    expect(error.current.case).toMatchObject({ caseNumber: n, version: stored.version, state: stored.state });
    expect(error.current.actions).toEqual(expect.any(Array));
    // One step recorded, not two.
    expect((await listCaseEvents(ctx.db, n)).filter((e) => e.type === 'transition')).toHaveLength(1);
  });

  it('refuses a step on a version read before someone else’s, even a minute later', async () => {
    const n = await file();
    const { version } = (await getCase(ctx.db, n))!.record;
    expect((await shihe.post(`/api/admin/cases/${n}/transitions`, { action: 'claim', expectedVersion: version })).status).toBe(200);
    const stale = await colleague.post(`/api/admin/cases/${n}/transitions`, { action: 'accept', expectedVersion: version });
    expect(stale.status).toBe(409);
    const { error } = await stale.json();
    expect(error.current.case.assignee).toEqual({ staffId: 'shihe.editor', name: '浉河区教育编辑（演示）' });
    expect((await getCase(ctx.db, n))!.record.state).toBe('submitted');
  });

  it('lands steps on many cases at once, all counted on the shared dashboard counters', async () => {
    const numbers = await Promise.all(Array.from({ length: 8 }, () => file()));
    const before = await readStats(ctx.db, [isoWeek(clock)]);
    const answered = (rows: typeof before) => rows.reduce((n, r) => n + (r.counters.answered ?? 0), 0);
    const results = await Promise.all(
      numbers.map(async (n, i) => {
        const { version } = (await getCase(ctx.db, n))!.record;
        return (i % 2 ? shihe : colleague).post(`/api/admin/cases/${n}/transitions`, { action: 'accept', expectedVersion: version });
      }),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const after = await readStats(ctx.db, [isoWeek(clock)]);
    expect(answered(after) - answered(before)).toBe(8);
  });
});

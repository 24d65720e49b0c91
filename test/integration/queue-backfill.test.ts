/**
 * The backfill (scripts/backfill-queue-entries.ts) writes the district and
 * state lists, the lists by date and the combinations' keys (T4c) for cases
 * filed before they existed:
 * afterwards the table is what filing and the steps would have written,
 * the filters find those cases, a run stopped midway goes on from its saved
 * progress, and a second run changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getCase } from '../../functions/data/cases.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { backfillQueueEntries, type BackfillProgress } from '../../scripts/backfill-queue-entries.ts';
import { departmentsOf, jurisdiction } from '../../shared/jurisdiction/index.ts';
import { checkTable } from '../support/consistency.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { createCasesApp, deleteRaw, makeComplaint, makeRefundDispute, postJson, putRaw, scanAll } from '../builders/cases.ts';

let clock = new Date('2026-11-23T02:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
let shihe: StaffBrowser;
const numbers: string[] = [];
const ids = departmentsOf(jurisdiction).map((d) => d.id);

async function file(path: string, body: unknown): Promise<string> {
  clock = new Date(clock.getTime() + 60_000);
  const res = await postJson(ctx.app, path, body);
  expect(res.status).toBe(201);
  return (await res.json()).caseNumber;
}

async function list(query: string): Promise<string[]> {
  const res = await shihe.request(`/api/admin/cases?limit=100${query}`);
  expect(res.status).toBe(200);
  return (await res.json()).items.map((i: { caseNumber: string }) => i.caseNumber).sort();
}

/** The table as it was before the district and state lists, the lists by date and the combinations: those entries and keys taken away. */
async function asBefore(): Promise<void> {
  for (const item of await scanAll(ctx.db)) {
    if (item.entity !== 'case_queue') continue;
    const sk = String(item.sk);
    if (sk.endsWith('#district') || sk.endsWith('#state')) await deleteRaw(ctx.db, { pk: String(item.pk), sk });
    else if ('gsi2pk' in item || 'combo1pk' in item || 'combo2pk' in item || 'combo3pk' in item) {
      const { gsi2pk: _pk, gsi2sk: _sk, combo1pk: _c1, combo2pk: _c2, combo3pk: _c3, ...rest } = item;
      await putRaw(ctx.db, rest);
    }
  }
}

const snapshot = async () => JSON.stringify((await scanAll(ctx.db)).filter((i) => i.entity === 'case_queue').sort((a, b) => `${String(a.pk)}|${String(a.sk)}`.localeCompare(`${String(b.pk)}|${String(b.sk)}`)));

beforeAll(async () => {
  ctx = await createCasesApp({ now });
  await seedDemoStaff(ctx.db);
  for (let i = 0; i < 3; i++) numbers.push(await file('/api/complaints', makeComplaint()));
  numbers.push(await file('/api/complaints', makeComplaint({ districtCode: '411503', institution: { unlistedName: '平桥区某某培训', unlistedAddress: '平桥区新华路1号' } })));
  numbers.push(await file('/api/refund-disputes', makeRefundDispute()));
  shihe = new StaffBrowser(ctx.app, { now });
  await shihe.signIn('shihe.editor');
  const accepted = numbers[0]!;
  expect((await shihe.post(`/api/admin/cases/${accepted}/transitions`, { action: 'accept', expectedVersion: (await getCase(ctx.db, accepted))!.record.version })).status).toBe(200);
  const declined = numbers[1]!;
  const res = await shihe.post(`/api/admin/cases/${declined}/transitions`, {
    action: 'decline',
    expectedVersion: (await getCase(ctx.db, declined))!.record.version,
    reason: '重复反映',
    nextSteps: '请查看此前案件的办理进度',
  });
  expect(res.status).toBe(200);
}, 120_000);

describe('the queue entries backfill', () => {
  it('writes the missing entries, resumably, and a second run changes nothing', async () => {
    const complete = await snapshot();
    await asBefore();
    expect((await checkTable(ctx.db)).problems.length).toBeGreaterThan(0);
    expect(await list('&state=accepted')).toEqual([]);
    expect(await list('&kind=fees&state=accepted')).toEqual([]);

    // Stopped after 3 pages, then run again from the saved progress.
    let saved: BackfillProgress = { list: 0, rewritten: 0, done: false };
    const save = (p: BackfillProgress) => {
      saved = p;
    };
    const first = await backfillQueueEntries(ctx.db, ids, saved, save, 3);
    expect(first.done).toBe(false);
    const end = await backfillQueueEntries(ctx.db, ids, saved, save);
    expect(end).toMatchObject({ done: true, rewritten: numbers.length });
    expect(saved).toEqual(end);

    expect(await snapshot()).toBe(complete);
    expect((await checkTable(ctx.db)).problems).toEqual([]);
    expect(await list('&state=accepted')).toEqual([numbers[0]]);
    expect(await list('&district=411502&from=2026-11-23&to=2026-11-23')).toEqual([numbers[0]!, numbers[2]!].sort());
    expect(await list('&closed=true&state=not_accepted')).toEqual([numbers[1]]);
    expect(await list('&kind=fees&state=accepted')).toEqual([numbers[0]]);
    expect(await list('&kind=fees&district=411502&state=submitted&from=2026-11-23')).toEqual([numbers[2]]);

    // Again from the start: the same items.
    await backfillQueueEntries(ctx.db, ids, { list: 0, rewritten: 0, done: false }, () => {});
    expect(await snapshot()).toBe(complete);
  });
});

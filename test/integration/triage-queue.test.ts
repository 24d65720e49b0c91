/**
 * The queue pages from the index, whatever the filters: by kind,
 * institution, state and district from their own index partitions, by
 * submission dates from a range of the list's date key (gsi2), two of them
 * by one key and a test on the entries read (the values rare among many:
 * test/integration/triage-queue-indexes.test.ts); every page continues where the last
 * one stopped (no case twice, none missed); closed cases are listed apart,
 * latest first; a bad filter or cursor is answered field by field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffBrowser } from '../support/staff-browser.ts';
import { getCase } from '../../functions/data/cases.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import type { Institution } from '../../shared/schemas/institution.ts';
import { createCasesApp, listInstitution, makeComplaint, makeRefundDispute, postJson } from '../builders/cases.ts';

let clock = new Date('2026-11-02T02:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
let shihe: StaffBrowser;
let inst: Institution;
const numbers: Record<string, string[]> = { disputes: [], fees: [], instCases: [], accepted: [], early: [] };

async function file(path: string, body: unknown): Promise<string> {
  clock = new Date(clock.getTime() + 3_600_000);
  const res = await postJson(ctx.app, path, body);
  expect(res.status).toBe(201);
  return (await res.json()).caseNumber;
}

/** Every page of a list, following the cursor. */
async function all(query: string, limit = 2): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const res = await shihe.request(`/api/admin/cases?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((item: { caseNumber: string }) => item.caseNumber));
    cursor = page.cursor;
    if (!cursor) break;
  }
  return seen;
}

const sorted = (list: string[]) => [...list].sort();

beforeAll(async () => {
  ctx = await createCasesApp({ now });
  await seedDemoStaff(ctx.db);
  inst = await listInstitution(ctx.db, { name: '浉河区启明学科培训学校', category: 'academic', districtCode: '411502' });
  for (let i = 0; i < 4; i++) numbers.disputes!.push(await file('/api/refund-disputes', makeRefundDispute({ institution: { unlistedName: '浉河区某体育', unlistedAddress: '浉河区工区路5号', unlistedCategory: 'sports' } })));
  for (let i = 0; i < 5; i++) {
    // The first on 2 Nov (Beijing time), the rest on the 3rd.
    if (i === 1) clock = new Date('2026-11-03T01:00:00.000Z');
    numbers.fees!.push(await file('/api/complaints', makeComplaint()));
  }
  for (let i = 0; i < 3; i++) numbers.instCases!.push(await file('/api/complaints', makeComplaint({ kind: 'outside_hours', institution: { institutionId: inst.id } })));
  numbers.early = [...numbers.disputes!, numbers.fees![0]!];
  shihe = new StaffBrowser(ctx.app, { now });
  await shihe.signIn('shihe.editor');
  for (const n of [numbers.fees![1]!, numbers.fees![3]!, numbers.instCases![0]!]) {
    const { version } = (await getCase(ctx.db, n))!.record;
    expect((await shihe.post(`/api/admin/cases/${n}/transitions`, { action: 'accept', expectedVersion: version })).status).toBe(200);
    numbers.accepted!.push(n);
  }
  const closed = numbers.fees![4]!;
  const { version } = (await getCase(ctx.db, closed))!.record;
  expect((await shihe.post(`/api/admin/cases/${closed}/transitions`, { action: 'decline', expectedVersion: version, reason: '重复反映', nextSteps: '请查看此前案件的办理进度' })).status).toBe(200);
});

describe('the queue, page by page', () => {
  it('lists every open case once, most urgent first and due first, across pages', async () => {
    const open = await all('');
    expect(sorted(open)).toEqual(sorted([...numbers.disputes!, ...numbers.fees!.slice(0, 4), ...numbers.instCases!]));
    expect(new Set(open).size).toBe(open.length);
  });

  it('filters by kind and by institution from their own index partitions', async () => {
    expect(sorted(await all('&kind=refund_dispute'))).toEqual(sorted(numbers.disputes!));
    expect(sorted(await all(`&institutionId=${inst.id}`))).toEqual(sorted(numbers.instCases!));
    expect(sorted(await all(`&institutionId=${inst.id}&kind=fees`))).toEqual([]);
  });

  it('filters by state, district and dates, and combines filters', async () => {
    expect(sorted(await all('&state=accepted'))).toEqual(sorted(numbers.accepted!));
    expect(sorted(await all('&kind=fees&state=accepted'))).toEqual(sorted([numbers.fees![1]!, numbers.fees![3]!]));
    expect(sorted(await all('&to=2026-11-02'))).toEqual(sorted(numbers.early!.filter((n) => n !== numbers.fees![4])));
    expect(await all('&district=411503')).toEqual([]);
  });

  it('lists closed cases apart, and refuses a bad filter or cursor field by field', async () => {
    expect(await all('&closed=true')).toEqual([numbers.fees![4]]);
    const badKind = await shihe.request('/api/admin/cases?kind=nothing');
    expect(badKind.status).toBe(400);
    expect(Object.keys((await badKind.json()).error.fields)).toEqual(['kind']);
    const backwards = await shihe.request('/api/admin/cases?from=2026-11-05&to=2026-11-01');
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).error.fields.to).toBe('结束日期不能早于开始日期');
    const first = await (await shihe.request('/api/admin/cases?limit=2&kind=refund_dispute')).json();
    // A cursor from the kind list does not continue the main list.
    expect((await shihe.request(`/api/admin/cases?limit=2&cursor=${first.cursor}`)).status).toBe(400);
  });
});

/**
 * The queue's filters by district, state and submission dates (T4), and any
 * two or more of kind, institution, district and state (T4c), are served by
 * index keys: a value or a combination rare among many others answers
 * exactly its cases, in full pages, reading no more entries than a page. The entries follow a case through its steps (a state change
 * moves it between the state lists, a transfer between offices, closing
 * takes it off every open list), and a merge of an original with five
 * duplicates, then a step copied onto them, stays within
 * TransactWriteItems' 100 items.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../functions/auth/password.ts';
import { getCase, TRANSACTION_LIMIT } from '../../functions/data/cases.ts';
import { putStaffRecord } from '../../functions/data/staff.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import type { StaffCaseAction } from '../../shared/rules/case-transitions.ts';
import { checkTable } from '../support/consistency.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { createCasesApp, listInstitution, makeComplaint, postJson } from '../builders/cases.ts';

let clock = new Date('2026-11-23T02:00:00.000Z'); // Monday 23 Nov, 10:00 in Beijing
const now = () => clock;
const tick = () => {
  clock = new Date(clock.getTime() + 60_000);
};
let ctx: Awaited<ReturnType<typeof createCasesApp>>;
const as: Record<string, StaffBrowser> = {};
/** Entries each queue Query read (ScannedCount), and the size of each transaction sent. */
const reads: number[] = [];
const transactions: number[] = [];
const filed = { common: [] as string[], rareDistrict: [] as string[], rareDay: [] as string[], accepted: [] as string[] };

async function file(body: Record<string, unknown>): Promise<string> {
  tick();
  const res = await postJson(ctx.app, '/api/complaints', makeComplaint(body));
  expect(res.status).toBe(201);
  return (await res.json()).caseNumber;
}

async function act(who: string, n: string, action: StaffCaseAction, fields: Record<string, unknown> = {}) {
  tick();
  const res = await as[who]!.post(`/api/admin/cases/${n}/transitions`, { action, expectedVersion: (await getCase(ctx.db, n))!.record.version, ...fields });
  expect(res.status, `${action} of ${n} by ${who}: ${await res.clone().text()}`).toBe(200);
}

/** Every page of a list as `who` sees it: the case numbers, the pages' sizes, the most entries one page read. */
async function pages(who: string, query: string, limit = 2) {
  const seen: string[] = [];
  const sizes: number[] = [];
  let mostRead = 0;
  let cursor: string | undefined;
  for (let i = 0; i < 60; i++) {
    reads.length = 0;
    const res = await as[who]!.request(`/api/admin/cases?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const page = await res.json();
    mostRead = Math.max(mostRead, reads.reduce((a, n) => a + n, 0));
    seen.push(...page.items.map((item: { caseNumber: string }) => item.caseNumber));
    sizes.push(page.items.length);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return { seen, sizes, mostRead };
}

const sorted = (list: string[]) => [...list].sort();

/** Signs every office in afresh (the steps move the clock on by minutes, past a session's idle limit in the end). */
async function signInAll() {
  for (const username of ['shihe.editor', 'pingqiao.editor', 'culture.editor']) {
    as[username] = new StaffBrowser(ctx.app, { now });
    await as[username].signIn(username);
  }
  as['city.education'] = new StaffBrowser(ctx.app, { now });
  expect((await as['city.education'].login('city.education', 'test-city-education-password')).status).toBe(200);
}

beforeAll(async () => {
  ctx = await createCasesApp({ now });
  ctx.db.doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { IndexName?: string; ExpressionAttributeValues?: Record<string, unknown>; TransactItems?: unknown[] };
      const out = await next(args);
      if (input.TransactItems) transactions.push(input.TransactItems.length);
      const pk = input.ExpressionAttributeValues?.[':pk'];
      if (input.IndexName && typeof pk === 'string' && /^QUEUE(DONE)?#/.test(pk)) reads.push((out.output as { ScannedCount?: number }).ScannedCount ?? 0);
      return out;
    },
    { step: 'initialize', name: 'countQueueReads' },
  );
  await seedDemoStaff(ctx.db);
  const at = clock.toISOString();
  // The city's education office: it sees the cases of every district.
  await putStaffRecord(ctx.db, {
    username: 'city.education',
    name: '市教育体育局（测试）',
    departmentId: 'education-411500',
    roles: ['editor'],
    disabled: false,
    passwordHash: await hashPassword('test-city-education-password'),
    createdAt: at,
    updatedAt: at,
  });
  // Two on the 23rd; the rest on the 24th, two of them in 平桥区 among many in 浉河区.
  for (let i = 0; i < 2; i++) filed.rareDay.push(await file({}));
  clock = new Date('2026-11-24T01:00:00.000Z');
  for (let i = 0; i < 24; i++) {
    filed.common.push(await file({}));
    if (i % 12 === 5) filed.rareDistrict.push(await file({ districtCode: '411503', institution: { unlistedName: '平桥区某某培训', unlistedAddress: '平桥区新华路1号' } }));
  }
  await signInAll();
  for (const n of [filed.common[3]!, filed.common[17]!]) {
    await act('shihe.editor', n, 'accept');
    filed.accepted.push(n);
  }
}, 240_000);

describe('filters served by a key', () => {
  it('answers a rare district, state or day exactly, in full pages, reading a page at most', async () => {
    const cases = [
      { query: '&district=411503', want: filed.rareDistrict },
      { query: '&state=accepted', want: filed.accepted },
      { query: '&from=2026-11-23&to=2026-11-23', want: filed.rareDay },
      { query: '&district=411503&from=2026-11-24', want: filed.rareDistrict },
      { query: '&state=accepted&to=2026-11-24', want: filed.accepted },
    ];
    for (const { query, want } of cases) {
      const list = await pages('city.education', query);
      expect(sorted(list.seen), query).toEqual(sorted(want));
      // Every page but the last is full, and none read more entries than it shows (the key found them, nothing was filtered out).
      expect(list.sizes.slice(0, -1).every((n) => n === 2), `${query}: ${list.sizes.join(',')}`).toBe(true);
      expect(list.mostRead, query).toBeLessThanOrEqual(2);
    }
    // The common district and state, across many pages: each case once.
    const common = await pages('city.education', '&district=411502', 5);
    expect(sorted(common.seen)).toEqual(sorted([...filed.rareDay, ...filed.common]));
    const submitted = await pages('city.education', '&state=submitted', 5);
    expect(sorted(submitted.seen)).toEqual(sorted([...filed.rareDay, ...filed.common, ...filed.rareDistrict].filter((n) => !filed.accepted.includes(n))));
    // A district office's lists hold its own cases only.
    expect((await pages('shihe.editor', '&district=411503')).seen).toEqual([]);
    expect(sorted((await pages('pingqiao.editor', '&district=411503')).seen)).toEqual(sorted(filed.rareDistrict));
  });

  it('lists a date range latest submitted first', async () => {
    const list = await pages('city.education', '&from=2026-11-23&to=2026-11-24', 100);
    const submittedAt = await Promise.all(list.seen.map(async (n) => (await getCase(ctx.db, n))!.record.submittedAt));
    expect(submittedAt).toEqual([...submittedAt].sort().reverse());
    expect(list.seen).toHaveLength(filed.rareDay.length + filed.common.length + filed.rareDistrict.length);
  });
});

describe('entries follow the case', () => {
  it('moves between the state lists, to another office on a transfer, and off every open list when closed', async () => {
    const n = filed.common[8]!;
    const inList = async (who: string, query: string) => (await pages(who, query, 100)).seen.includes(n);
    expect(await inList('shihe.editor', '&state=submitted')).toBe(true);
    await act('shihe.editor', n, 'accept');
    expect(await inList('shihe.editor', '&state=submitted')).toBe(false);
    expect(await inList('shihe.editor', '&state=accepted')).toBe(true);
    expect(await inList('shihe.editor', '&state=accepted&from=2026-11-24&to=2026-11-24')).toBe(true);

    // Transferred to 浉河区文广旅局: out of the education offices' lists, into the culture offices'.
    await act('shihe.editor', n, 'transfer', { toDepartmentId: 'culture-411502', reason: '这是舞蹈培训机构，由文广旅部门监管' });
    for (const query of ['&district=411502', '&state=transferred', '&from=2026-11-24']) {
      expect(await inList('shihe.editor', query), query).toBe(false);
      expect(await inList('city.education', query), query).toBe(false);
    }
    const state = (await getCase(ctx.db, n))!.record.state;
    expect(await inList('culture.editor', `&state=${state}`)).toBe(true);
    expect(await inList('culture.editor', '&district=411502&from=2026-11-24')).toBe(true);

    // Declined by the office that leads it now: off every open list, into the closed ones.
    const m = filed.common[9]!;
    await act('shihe.editor', m, 'decline', { reason: '反映的机构不在本部门监管范围', nextSteps: '请拨打 12315 向市场监管部门反映' });
    for (const query of ['', '&district=411502', '&state=submitted', '&state=not_accepted', '&from=2026-11-24']) {
      expect((await pages('city.education', query, 100)).seen, query).not.toContain(m);
      expect((await pages('city.education', `&closed=true${query}`, 100)).seen.includes(m), `closed ${query}`).toBe(query !== '&state=submitted');
    }
    const report = await checkTable(ctx.db);
    expect(report.problems).toEqual([]);
  });
});

describe('a merge and the steps after it', () => {
  it('stays within TransactWriteItems’ 100 items with five duplicates, each case in five offices', async () => {
    // 机构跑路 about a listed academic centre: 浉河区 and city education, market, and the city's police.
    const inst = await listInstitution(ctx.db, { name: '浉河区明远学科培训学校', category: 'academic', districtCode: '411502' });
    const body = { kind: 'absconding', institution: { institutionId: inst.id } };
    const original = await file(body);
    expect((await getCase(ctx.db, original))!.queue).toHaveLength(5);
    const duplicates: string[] = [];
    for (let i = 0; i < 5; i++) duplicates.push(await file(body));
    await act('shihe.editor', original, 'accept');
    transactions.length = 0;
    for (const d of duplicates) await act('shihe.editor', d, 'merge', { originalCaseNumber: original });
    const merges = [...transactions];
    // A step the families hear of, copied onto the five duplicates, then a transfer (the widest: the old offices' entries deleted too).
    transactions.length = 0;
    await act('shihe.editor', original, 'start');
    await act('shihe.editor', original, 'transfer', { toDepartmentId: 'culture-411502', reason: '这是艺术类培训机构，由文广旅部门监管' });
    const mirrored = [...transactions];
    expect(Math.max(...merges, ...mirrored)).toBeLessThanOrEqual(TRANSACTION_LIMIT);
    // Each figure as docs/data-model.md ("Transaction sizes") works it out for five offices.
    expect(merges).toEqual([55, 55, 55, 55, 55]);
    expect(mirrored).toEqual([62, 79]);
    for (const d of duplicates) expect((await getCase(ctx.db, d))!.record.mergedInto).toBe(original);
    // The duplicates are in the closed list, and found through their original, not by the filters.
    expect((await pages('shihe.editor', '&closed=true', 100)).seen).toEqual(expect.arrayContaining(duplicates));
    for (const query of ['&district=411502', '&state=in_progress', '&from=2026-11-24']) {
      const closed = (await pages('shihe.editor', `&closed=true${query}`, 100)).seen;
      for (const d of duplicates) expect(closed, query).not.toContain(d);
    }
    const report = await checkTable(ctx.db);
    expect(report.problems).toEqual([]);
  });
});

describe('filter combinations served by a key (T4c)', () => {
  beforeAll(signInAll, 60_000);

  it('answers every combination of kind, institution, district and state, with dates or not, exactly and in full pages', async () => {
    // Among the cases above (fees, unlisted, mostly 浉河区): a listed centre in 平桥区 with cases of two kinds, some accepted.
    const inst = await listInstitution(ctx.db, { name: '平桥区启航学科培训学校', category: 'academic', districtCode: '411503' });
    const ours: string[] = [];
    for (let i = 0; i < 7; i++) {
      ours.push(await file({ kind: i % 3 === 0 ? 'outside_hours' : 'fees', districtCode: '411503', institution: { institutionId: inst.id } }));
      ours.push(await file({ kind: 'outside_hours' }));
    }
    // Even ones in 平桥区, odd ones in 浉河区: each accepted by its district's office.
    for (const [i, n] of ours.entries()) if (i % 4 < 2) await act(i % 2 === 0 ? 'pingqiao.editor' : 'shihe.editor', n, 'accept');
    const day = clock.toISOString().slice(0, 10);
    // The truth: every open case the city office sees, as its records say.
    const all = await Promise.all((await pages('city.education', '', 100)).seen.map(async (n) => (await getCase(ctx.db, n))!.record));
    const given = { kind: ['fees', 'outside_hours'], institutionId: [inst.id], district: ['411502', '411503'], state: ['submitted', 'accepted'] } as const;
    const valueOf = { kind: (r: (typeof all)[number]) => r.complaint?.kind ?? r.type, institutionId: (r: (typeof all)[number]) => r.institution.id, district: (r: (typeof all)[number]) => r.districtCode, state: (r: (typeof all)[number]) => r.state };
    const names = Object.keys(given) as Array<keyof typeof given>;
    let asked = 0;
    for (let mask = 0; mask < 16; mask++) {
      const facets = names.filter((_, i) => mask & (1 << i));
      if (facets.length < 2) continue;
      // Each facet's first and last value (two combinations per set of facets), with and without dates.
      for (const pick of [0, 1]) {
        const filter = Object.fromEntries(facets.map((f) => [f, given[f][pick ? given[f].length - 1 : 0]!])) as Record<string, string>;
        for (const dates of ['', `&from=${day}&to=${day}`]) {
          const query = Object.entries(filter).map(([k, v]) => `&${k}=${v}`).join('') + dates;
          const want = all.filter((r) => facets.every((f) => valueOf[f](r) === filter[f]) && (!dates || r.submittedAt.startsWith(day))).map((r) => r.caseNumber);
          const list = await pages('city.education', query, 2);
          expect(sorted(list.seen), query).toEqual(sorted(want));
          expect(list.sizes.slice(0, -1).every((n) => n === 2), `${query}: ${list.sizes.join(',')}`).toBe(true);
          // Nothing read but what the page shows: the combination's own key found them.
          expect(list.mostRead, query).toBeLessThanOrEqual(2);
          asked++;
        }
      }
    }
    expect(asked).toBe(11 * 2 * 2);
    // Rare among many, and not empty: the listed centre's accepted cases of one kind in 平桥区.
    const rare = await pages('city.education', `&kind=fees&institutionId=${inst.id}&district=411503&state=accepted`, 1);
    expect(rare.seen.length).toBeGreaterThan(0);
    expect(rare.seen.length).toBeLessThan(all.length / 10);
    // A district office sees its own district's only, combined or not.
    expect((await pages('shihe.editor', `&institutionId=${inst.id}&kind=fees`)).seen).toEqual([]);
    expect(sorted((await pages('pingqiao.editor', `&institutionId=${inst.id}&kind=fees`)).seen)).toEqual(
      sorted(all.filter((r) => r.institution.id === inst.id && r.complaint?.kind === 'fees').map((r) => r.caseNumber)),
    );
    expect((await checkTable(ctx.db)).problems).toEqual([]);
  });

  it('moves a case between combinations when its state changes, and to the closed ones when it closes', async () => {
    const inst = await listInstitution(ctx.db, { name: '浉河区远航学科培训学校', category: 'academic', districtCode: '411502' });
    const [n, m] = [await file({ kind: 'fees', institution: { institutionId: inst.id } }), await file({ kind: 'fees', institution: { institutionId: inst.id } })];
    const seen = async (query: string) => (await pages('city.education', query, 100)).seen;
    const combo = `&kind=fees&institutionId=${inst.id}&district=411502`;
    expect(sorted(await seen(`${combo}&state=submitted`))).toEqual(sorted([n, m]));
    await act('shihe.editor', n, 'accept');
    expect(await seen(`${combo}&state=submitted`)).toEqual([m]);
    expect(await seen(`${combo}&state=accepted`)).toEqual([n]);
    await act('shihe.editor', m, 'decline', { reason: '反映的机构不在本部门监管范围', nextSteps: '请拨打 12315 向市场监管部门反映' });
    expect(await seen(combo)).toEqual([n]);
    expect(await seen(`&closed=true${combo}&state=not_accepted`)).toEqual([m]);
    expect((await checkTable(ctx.db)).problems).toEqual([]);
  });
});

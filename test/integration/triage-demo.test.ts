/**
 * The demo cases (scripts/demo/cases.ts) are real cases: filed by the intake,
 * worked through the transition table, so the newcomer's walkthrough holds:
 * each department's queue has its own cases only, a demo institution is
 * flagged in the risk ledger with a plan, and the dashboard has figures.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffBrowser } from '../support/staff-browser.ts';
import { createApp } from '../../functions/app.ts';
import type { Db } from '../../functions/data/client.ts';
import { caseDashboard } from '../../functions/cases/dashboard.ts';
import { departmentTimeliness, SMALL_COUNT, TIMELINESS_WEEKS } from '../../functions/cases/timeliness.ts';
import { renderTimeliness } from '../../functions/publish/timeliness-page.ts';
import { loadDemoCases, type DemoCasesResult } from '../../scripts/demo/cases.ts';
import { loadDemoInstitutions } from '../../scripts/demo/load.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { createTestStore } from '../support/app.ts';
import { createTestDb } from '../support/db.ts';

const now = new Date('2026-11-25T06:00:00.000Z');
let db: Db;
let app: ReturnType<typeof createApp>;
let demo: DemoCasesResult;
const as: Record<string, StaffBrowser> = {};

beforeAll(async () => {
  db = await createTestDb();
  app = createApp({ db, store: createTestStore().store, now: () => now });
  await seedDemoStaff(db);
  await loadDemoInstitutions(db, { institutions: 400 });
  demo = await loadDemoCases(db, { institutions: 400, now });
  for (const username of ['shihe.editor', 'pingqiao.editor', 'city.supervisor']) {
    as[username] = new StaffBrowser(app, { now: () => now });
    await as[username].signIn(username);
  }
}, 600_000);

describe('the demo cases', () => {
  it('fill each education office’s queue with its own district’s cases only', async () => {
    for (const [username, district] of [
      ['shihe.editor', '411502'],
      ['pingqiao.editor', '411503'],
    ] as const) {
      const page = await (await as[username]!.request('/api/admin/cases?limit=100')).json();
      expect(page.items.length, username).toBeGreaterThan(0);
      for (const item of page.items) expect(item.districtCode).toBe(district);
    }
  });

  it('flag the featured institution in the ledger, with a plan', async () => {
    const ledger = await (await as['shihe.editor']!.request('/api/admin/risk')).json();
    const row = ledger.items.find((r: { institutionId: string }) => r.institutionId === demo.flaggedInstitutionId);
    expect(row).toMatchObject({ flagged: true, hasPlan: true });
    expect(row.openDisputes).toBeGreaterThanOrEqual(3);
    expect(ledger.items[0].institutionId).toBe(demo.flaggedInstitutionId);
    const one = await (await as['shihe.editor']!.request(`/api/admin/risk/institutions/${demo.flaggedInstitutionId}`)).json();
    expect(one.plan.items).toHaveLength(2);
    expect(one.planEvents.map((e: { action: string }) => e.action)).toEqual(['created', 'item_added', 'item_added']);
  });

  it('give the supervisor’s dashboard figures', async () => {
    const figures = await (await as['city.supervisor']!.request('/api/admin/dashboard')).json();
    expect(figures.weeks.reduce((n: number, w: { received: number }) => n + w.received, 0)).toBeGreaterThan(20);
    expect(figures.onTime.answered).toBeGreaterThan(0);
    expect(figures.medians.acceptWorkingDays).not.toBeNull();
    expect(figures.byKind.length).toBeGreaterThan(3);
  });

  it('give the public timeliness page the same counts per department, with no personal data', async () => {
    const dashboard = await caseDashboard(db, { departmentId: 'education-411500', now, weeks: TIMELINESS_WEEKS });
    const figures = await departmentTimeliness(db, now);
    const shown = figures.departments.filter((d) => 'value' in d.received);
    // Both kinds of row occur in the demo: a busy office's figures, and small ones withheld.
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(figures.departments.length);
    for (const d of figures.departments) {
      const received = dashboard.byDepartment.find((row) => row.key === d.departmentId)?.count;
      if ('value' in d.received) expect(d.received.value, d.name).toBe(received);
      else expect(received, d.name).toBeLessThan(SMALL_COUNT);
    }
    const page = String(await renderTimeliness(figures));
    // No mobile number, no masked name, no case number: only counts, shares and days.
    expect(page).not.toMatch(/1[3-9]\d{9}|\d{3}\*{4}\d{4}|\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  });
});

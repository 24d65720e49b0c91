import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '#shared/i18n/zh-CN.ts';
import { createTestDb } from '../../test/support/db.ts';
import { createTestStore } from '../../test/support/app.ts';
import { putRaw } from '../../test/builders/cases.ts';
import type { Db } from '../data/client.ts';
import { isoWeek, statsKeys } from '../data/stats.ts';
import type { PublicStore } from '../storage/types.ts';
import { publishTimeliness, TIMELINESS_EVERY_MS, TIMELINESS_PAGE_KEY, TIMELINESS_SHELL_KEY } from './timeliness.ts';
import { rm } from 'node:fs/promises';

const s = t.timeliness;
const now = new Date('2026-11-25T06:00:00.000Z');
const SHELL = '<html><title>__SHOUHU_TITLE__</title><main>__SHOUHU_CONTENT__</main></html>';
let db: Db;
let store: PublicStore;
let dir: string;

beforeAll(async () => {
  db = await createTestDb();
  ({ store, dir } = createTestStore());
  await store.put(TIMELINESS_SHELL_KEY, SHELL, { contentType: 'text/html', cacheControl: 'no-cache' });
  const counters = (week: string, districtCode: string, departmentId: string, values: Record<string, number>) =>
    putRaw(db, { ...statsKeys.item(week, districtCode, departmentId), entity: 'stats', schemaVersion: 1, week, districtCode, departmentId, ...values });
  await counters(isoWeek(now), '411502', 'education-411502', { received: 12, answered: 10, answeredOnTime: 9, 'acceptDays:2': 10, satisfied: 1 });
  await counters(isoWeek(new Date(now.getTime() - 30 * 86_400_000)), '411503', 'education-411503', { received: 2, answered: 2, answeredOnTime: 2 });
  // Older than twelve months: not counted.
  await counters(isoWeek(new Date(now.getTime() - 400 * 86_400_000)), '411502', 'education-411502', { received: 500 });
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const page = async () => (await store.get(TIMELINESS_PAGE_KEY))!.body.toString('utf8');

describe('the public timeliness page', () => {
  it('publishes each department of the last twelve months, withholding small counts', async () => {
    expect(await publishTimeliness({ db, store, now: () => now })).toEqual({ ran: true, written: true });
    const html = await page();
    expect(html).toContain(`<title>${s.title}</title>`);
    expect(html).toContain('<th scope="row">浉河区教育体育局</th>');
    expect(html).toContain(`<td>${s.cases(12)}</td>`);
    expect(html).toContain(`<td>${s.share(0.9)}</td>`);
    expect(html).toContain(`<td>${s.workingDays(2)}</td>`);
    expect(html).not.toContain(s.cases(512));
    // Two cases at 平桥区: the count and the on-time share are withheld; so is 浉河区's one feedback.
    expect(html).toContain(`<td>${s.fewer(5)}</td>`);
    expect(html.match(new RegExp(s.withheld, 'g'))).toHaveLength(2);
  });

  it('computes again at most once an hour, and rewrites the page only when it changed', async () => {
    expect(await publishTimeliness({ db, store, now: () => new Date(now.getTime() + 60_000) })).toEqual({ ran: false, written: false });
    expect(await publishTimeliness({ db, store, now: () => new Date(now.getTime() + TIMELINESS_EVERY_MS + 1) })).toEqual({ ran: true, written: false });
  });

  it('renders again at once into a changed shell (a deploy)', async () => {
    await store.put(TIMELINESS_SHELL_KEY, SHELL.replace('<main>', '<main class="new">'), { contentType: 'text/html', cacheControl: 'no-cache' });
    expect(await publishTimeliness({ db, store, now: () => new Date(now.getTime() + TIMELINESS_EVERY_MS + 2) })).toEqual({ ran: true, written: true });
    expect(await page()).toContain('<main class="new">');
  });
});

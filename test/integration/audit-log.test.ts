/**
 * The audit log view (GET /api/admin/audit and its CSV) on DynamoDB Local:
 * each filter answers exactly the matching entries, newest first, page by
 * page; a district department sees its own entries only; the CSV is the
 * filtered view, safe in a spreadsheet, and its download is itself audited.
 * Who may read the log at all: test/integration/audit-access.test.ts.
 */
// eslint-disable-next-line no-restricted-imports -- the test reads raw items to prove the TTL the data layer stores
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffBrowser } from '../support/staff-browser.ts';
import { listAudit, writeAudit, type AuditEntry } from '../../functions/data/audit.ts';
import type { AuditEntryView } from '../../shared/schemas/audit.ts';
import { auditWorld, type AuditWorld } from '../builders/audit.ts';

let world: AuditWorld;
let as: Record<string, StaffBrowser>;
/** Every seeded entry, newest first. */
const seeded: AuditEntry[] = [];

const MEMBERS = [
  { staffId: 'shihe.editor', departmentId: 'education-411502' },
  { staffId: 'pingqiao.editor', departmentId: 'education-411503' },
  { staffId: 'city.publisher', departmentId: 'education-411500' },
] as const;
const KINDS = ['login_succeeded', 'login_failed', 'permission_denied', 'contact_revealed', 'attachment_downloaded'] as const;

beforeAll(async () => {
  world = await auditWorld();
  as = world.as;
  // 2026-11-01 00:00 Beijing = 2026-10-31T16:00Z; every 37 minutes for 8 days, rotating members and kinds.
  const start = Date.parse('2026-10-31T16:00:00.000Z');
  for (let i = 0; i < 300; i++) {
    const at = new Date(start + i * 37 * 60_000).toISOString();
    const who = MEMBERS[i % 3]!;
    const event = KINDS[i % 5]!;
    const entry: AuditEntry =
      i % 11 === 0
        ? { event: 'login_failed', at, reason: 'unknown_user', subjectKey: 'f'.repeat(32) }
        : { event, at, username: who.staffId, ...who, reason: i === 7 ? '=HYPERLINK("http://x")' : `r${i}` };
    await writeAudit(world.db, entry, { retentionDays: 180 });
    seeded.push(entry);
  }
  seeded.reverse();
}, 120_000);

async function all(browser: StaffBrowser, query: string): Promise<AuditEntryView[]> {
  const found: AuditEntryView[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await browser.request(`/api/admin/audit?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, query).toBe(200);
    const page = (await res.json()) as { entries: AuditEntryView[]; next?: string };
    expect(page.entries.length).toBeLessThanOrEqual(50);
    found.push(...page.entries);
    cursor = page.next;
    pages += 1;
  } while (cursor && pages < 40);
  return found;
}

const inRange = (e: AuditEntry, from: string, to: string) => e.at >= from && e.at < to;
const RANGE = 'from=2026-11-02&to=2026-11-05';
// Beijing days 11-02..11-05 inclusive, in UTC.
const [FROM, TO] = ['2026-11-01T16:00:00.000Z', '2026-11-05T16:00:00.000Z'];
const key = (e: { at: string; reason?: string }) => `${e.at} ${e.reason ?? ''}`;

describe('filters, for a city-wide supervisor', () => {
  it('by date range: exactly the entries of those Beijing days, newest first, across pages', async () => {
    const got = await all(as['city.supervisor']!, RANGE);
    const want = seeded.filter((e) => inRange(e, FROM, TO));
    expect(want.length).toBeGreaterThan(100);
    expect(got.map(key)).toEqual(want.map(key));
  });

  it('by member: only theirs', async () => {
    const got = await all(as['city.supervisor']!, `${RANGE}&member=shihe.editor`);
    const want = seeded.filter((e) => inRange(e, FROM, TO) && e.staffId === 'shihe.editor');
    expect(want.length).toBeGreaterThan(20);
    expect(got.map(key)).toEqual(want.map(key));
    expect(new Set(got.map((e) => e.member))).toEqual(new Set(['shihe.editor']));
  });

  it('by kind: only that kind, labelled in Chinese', async () => {
    const got = await all(as['city.supervisor']!, `${RANGE}&kind=login_failed`);
    const want = seeded.filter((e) => inRange(e, FROM, TO) && e.event === 'login_failed');
    expect(got.map(key)).toEqual(want.map(key));
    expect(new Set(got.map((e) => e.kindLabel))).toEqual(new Set(['登录失败']));
  });

  it('by department, and by department and kind together', async () => {
    const got = await all(as['city.supervisor']!, `${RANGE}&department=education-411503`);
    expect(got.map(key)).toEqual(seeded.filter((e) => inRange(e, FROM, TO) && e.departmentId === 'education-411503').map(key));
    const both = await all(as['city.supervisor']!, `${RANGE}&department=education-411502&kind=contact_revealed`);
    const want = seeded.filter((e) => inRange(e, FROM, TO) && e.departmentId === 'education-411502' && e.event === 'contact_revealed');
    expect(want.length).toBeGreaterThan(0);
    expect(both.map(key)).toEqual(want.map(key));
  });

  it('entries of no department (unknown usernames) under `-`, with no username stored', async () => {
    const got = await all(as['city.supervisor']!, `${RANGE}&department=-`);
    const want = seeded.filter((e) => inRange(e, FROM, TO) && !e.departmentId);
    expect(got.map(key)).toEqual(want.map(key));
    for (const e of got) expect(e.member).toBeUndefined();
  });

  it('a kind no console knows yet is accepted (shown as written)', async () => {
    await writeAudit(world.db, { event: 'logout', at: '2026-11-03T01:00:00.000Z', staffId: 'shihe.editor', departmentId: 'education-411502' }, { retentionDays: 180 });
    const res = await as['city.supervisor']!.request(`/api/admin/audit?${RANGE}&kind=account_created`);
    expect(res.status).toBe(200);
    expect((await res.json()).entries).toEqual([]);
    seeded.unshift({ event: 'logout', at: '2026-11-03T01:00:00.000Z', staffId: 'shihe.editor', departmentId: 'education-411502' });
    seeded.sort((a, b) => (a.at < b.at ? 1 : -1));
  });

  it('bad filters: 400 with the field in Chinese', async () => {
    const backwards = await as['city.supervisor']!.request('/api/admin/audit?from=2026-11-05&to=2026-11-01');
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).error.fields.to).toMatch(/结束日期/);
    const kind = await as['city.supervisor']!.request('/api/admin/audit?kind=DROP%20TABLE');
    expect(kind.status).toBe(400);
    expect((await kind.json()).error.fields.kind).toBe('事件类型格式不正确');
    expect((await as['city.supervisor']!.request('/api/admin/audit?department=nowhere-1')).status).toBe(400);
  });
});

describe('scope', () => {
  it('a district supervisor sees only its own department’s entries, whatever the filter', async () => {
    const got = await all(as['pingqiao.supervisor']!, RANGE);
    expect(got.map(key)).toEqual(seeded.filter((e) => inRange(e, FROM, TO) && e.departmentId === 'education-411503').map(key));
    expect(await all(as['pingqiao.supervisor']!, `${RANGE}&member=shihe.editor`)).toEqual([]);
    expect(await all(as['pingqiao.supervisor']!, `${RANGE}&kind=login_failed&member=city.publisher`)).toEqual([]);
  });

  it('asking for another department is refused (403) and audited', async () => {
    for (const department of ['education-411502', 'education-411500', '-']) {
      const res = await as['pingqiao.supervisor']!.request(`/api/admin/audit?${RANGE}&department=${department}`);
      expect(res.status, department).toBe(403);
      expect((await res.json()).error.message).toContain('只能查看本部门');
      const csv = await as['pingqiao.supervisor']!.request(`/api/admin/audit/csv?${RANGE}&department=${department}`);
      expect(csv.status).toBe(403);
    }
    const denied = (await listAudit(world.db, world.today())).filter((e) => e.event === 'permission_denied' && e.staffId === 'pingqiao.supervisor');
    expect(denied.map((e) => e.reason)).toContain('out_of_scope:audit/education-411502');
  });
});

describe('CSV export', () => {
  it('is the filtered view, with formulas neutralised, and is itself audited', async () => {
    const res = await as['city.supervisor']!.request(`/api/admin/audit/csv?${RANGE}&member=shihe.editor`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('shouhu-audit-2026-11-02-2026-11-05.csv');
    const text = await res.text();
    const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('时间（北京时间）,事件,账号,部门,说明,请求,来源标识');
    const want = seeded.filter((e) => inRange(e, FROM, TO) && e.staffId === 'shihe.editor');
    expect(lines).toHaveLength(want.length + 1);
    for (const line of lines.slice(1)) expect(line).toContain(',shihe.editor,浉河区');
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);

    const all = await as['city.supervisor']!.request(`/api/admin/audit/csv?from=2026-11-01&to=2026-11-01`);
    expect(await all.text()).toContain(`'=HYPERLINK`);

    const exports = (await listAudit(world.db, world.today())).filter((e) => e.event === 'audit_export');
    expect(exports.map((e) => e.reason)).toContain('from=2026-11-02;to=2026-11-05;member=shihe.editor');
    expect(exports.every((e) => e.staffId === 'city.supervisor')).toBe(true);
  });

  it('shows up in the log like any entry', async () => {
    const res = await as['city.supervisor']!.request(`/api/admin/audit?kind=audit_export&member=city.supervisor`);
    const page = await res.json();
    expect(page.entries.length).toBeGreaterThanOrEqual(2);
    expect(page.entries[0].kindLabel).toBe('导出审计日志');
  });
});

describe('retention', () => {
  it('every entry carries a TTL of the retention period', async () => {
    const out = await world.db.doc.send(
      new QueryCommand({ TableName: world.db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'AUDIT#2026-11-01' } }),
    );
    expect(out.Items!.length).toBeGreaterThan(0);
    for (const item of out.Items!) expect(item.ttl).toBe(Math.floor(Date.parse(item.at as string) / 1000) + 180 * 86_400);
  });
});

/**
 * Who may read the audit log, table-driven over roles × scopes, for every
 * endpoint of /api/admin/audit: supervisors and administrators only, each
 * within their department (city-level: all); everyone else 401/403, each
 * refusal audited. Zero escalations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../functions/data/audit.ts';
import { auditWorld, type AuditWorld } from '../builders/audit.ts';

let world: AuditWorld;
beforeAll(async () => {
  world = await auditWorld();
}, 120_000);

const ENDPOINTS = ['/api/admin/audit', '/api/admin/audit/csv'];

/** [account, department asked for, expected status]; undefined department: no filter. */
const TABLE: Array<[string, string | undefined, number]> = [
  ['anonymous', undefined, 401],
  ['city.viewer', undefined, 403],
  ['shihe.editor', undefined, 403],
  ['culture.editor', undefined, 403],
  ['city.publisher', undefined, 403],
  ['city.publisher', 'education-411500', 403],
  ['city.supervisor', undefined, 200],
  ['city.supervisor', 'education-411502', 200],
  ['city.supervisor', 'culture-411500', 200],
  ['city.supervisor', '-', 200],
  ['admin', undefined, 200],
  ['admin', 'education-411503', 200],
  ['pingqiao.supervisor', undefined, 200],
  ['pingqiao.supervisor', 'education-411503', 200],
  ['pingqiao.supervisor', 'education-411502', 403],
  ['pingqiao.supervisor', 'education-411500', 403],
  ['pingqiao.supervisor', '-', 403],
  ['shihe.admin', undefined, 200],
  ['shihe.admin', 'education-411502', 200],
  ['shihe.admin', 'education-411503', 403],
  ['shihe.admin', 'culture-411500', 403],
];

describe.each(ENDPOINTS)('%s', (endpoint) => {
  it.each(TABLE)('%s asking for department %s → %i', async (who, department, status) => {
    const browser = who === 'anonymous' ? world.anonymous : world.as[who]!;
    const res = await browser.request(`${endpoint}${department ? `?department=${encodeURIComponent(department)}` : ''}`);
    expect(res.status).toBe(status);
    if (status !== 200) {
      const body = await res.text();
      expect(body).not.toContain('login_');
      const entries = await listAudit(world.db, world.today());
      const refusal = status === 401 ? 'unauthenticated' : 'permission_denied';
      expect(entries.some((e) => e.event === refusal && e.route === endpoint && (who === 'anonymous' || e.staffId === who))).toBe(true);
    }
  });
});

describe('what each one sees', () => {
  it('a district account’s view never holds another department’s entries; a city-wide one sees all', async () => {
    for (const [who, own] of [
      ['pingqiao.supervisor', 'education-411503'],
      ['shihe.admin', 'education-411502'],
    ] as const) {
      const page = await (await world.as[who]!.request('/api/admin/audit')).json();
      expect(page.scope).toEqual([own]);
      expect(page.entries.length).toBeGreaterThan(0);
      for (const e of page.entries) expect(e.departmentId).toBe(own);
    }
    const city = await (await world.as['city.supervisor']!.request('/api/admin/audit')).json();
    expect(city.scope).toBe('all');
    expect(new Set(city.entries.map((e: { departmentId?: string }) => e.departmentId))).toEqual(
      // Including the anonymous refusals, tied to no department.
      new Set(['education-411502', 'education-411503', 'education-411500', 'culture-411500', undefined]),
    );
  });
});

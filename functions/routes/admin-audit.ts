/**
 * 审计日志 for supervisors and administrators: the security audit log of
 * their scope, filtered by date, member, kind and department, a page at a
 * time, and the same view as CSV (itself audited as `audit_export`).
 * Mounted under /api/admin/audit, behind sign-in (functions/app.ts).
 *
 * Scope: a district department sees its own department's entries only
 * (asking for another department is refused, 403, audited); a city-level
 * department sees every department's, and the entries tied to none (failed
 * sign-ins with unknown usernames, requests without a session).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import { departmentsOf, jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import { findDepartment } from '#shared/rules/scope.ts';
import {
  AUDIT_EXPORT_MAX,
  AUDIT_MAX_RANGE_DAYS,
  AUDIT_PAGE_SIZE,
  auditFieldMessages,
  AuditFilter,
  AuditPageView,
  type AuditEntryView,
} from '#shared/schemas/audit.ts';
import { auditKindLabel } from '#shared/vocabulary.ts';
import { audit, currentStaff, requireStaff } from '../auth/index.ts';
import { NO_DEPARTMENT, queryAudit, type AuditQuery, type StoredAuditEntry } from '../data/audit.ts';
import { csvDocument } from '../lib/csv.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';
import { BEIJING_OFFSET_MS, beijingDate, beijingWallClock } from '#shared/rules/beijing-time.ts';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 7;

const errors = {
  400: errorResponse('`validation`: a filter is wrong; `fields` says which'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not a supervisor or administrator, or (district departments) another department asked for. Audited'),
};
const readers = requireStaff({ roles: ['supervisor', 'administrator'] });

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'The audit log of this department (city-level departments: all), newest first, filtered by dates (Beijing, inclusive), member, kind and department; 50 a page',
  middleware: [readers] as const,
  request: { query: AuditFilter },
  responses: { 200: { description: 'A page of entries', content: { 'application/json': { schema: AuditPageView } } }, ...errors },
});

const exportCsv = createRoute({
  method: 'get',
  path: '/csv',
  summary: `The same filtered view as CSV (UTF-8 with BOM; at most ${AUDIT_EXPORT_MAX} entries, formulas neutralised); the export is itself audited as audit_export`,
  middleware: [readers] as const,
  request: { query: AuditFilter.omit({ cursor: true }) },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errors },
});

const beijingDay = (d: Date) => beijingDate(d);
const startOfBeijingDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) - BEIJING_OFFSET_MS);

interface Resolved {
  query: Omit<AuditQuery, 'limit' | 'cursor'>;
  from: string;
  to: string;
  scope: 'all' | string[];
}

/** The filter as a query within the member's scope; 400 for a bad range, 403 (audited) for another department. */
async function resolve(c: Context<AppEnv>, filter: Omit<AuditFilter, 'cursor'>, j: Jurisdiction): Promise<Resolved> {
  const to = filter.to ?? beijingDay(c.var.now());
  const from = filter.from ?? beijingDay(new Date(startOfBeijingDay(to).getTime() - (DEFAULT_DAYS - 1) * DAY_MS));
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS;
  if (span < 0 || span >= AUDIT_MAX_RANGE_DAYS) throw new ApiError(400, 'validation', undefined, { to: auditFieldMessages.range });
  if (filter.department && filter.department !== NO_DEPARTMENT && !departmentsOf(j).some((d) => d.id === filter.department)) {
    throw new ApiError(400, 'validation', undefined, { department: auditFieldMessages.department });
  }
  const staff = currentStaff(c);
  const own = findDepartment(staff.department.id, j);
  const cityWide = own?.regionCode === j.code;
  if (!cityWide && filter.department && filter.department !== staff.department.id) {
    await audit(c, 'permission_denied', { reason: `out_of_scope:audit/${filter.department}` });
    throw new ApiError(403, 'forbidden', t.audit.outOfScope(staff.department.name));
  }
  const departmentId = cityWide ? filter.department : staff.department.id;
  return {
    from,
    to,
    scope: cityWide ? 'all' : [staff.department.id],
    query: {
      from: startOfBeijingDay(from),
      to: new Date(startOfBeijingDay(to).getTime() + DAY_MS),
      ...(departmentId ? { departmentId } : {}),
      ...(filter.member ? { staffId: filter.member } : {}),
      ...(filter.kind ? { event: filter.kind } : {}),
    },
  };
}

function view(entry: StoredAuditEntry, j: Jurisdiction): AuditEntryView {
  const department = entry.departmentId ? findDepartment(entry.departmentId, j) : undefined;
  return {
    at: entry.at,
    kind: entry.event,
    kindLabel: auditKindLabel(entry.event),
    ...(entry.staffId ? { member: entry.staffId } : {}),
    ...(entry.departmentId ? { departmentId: entry.departmentId } : {}),
    ...(department ? { departmentName: department.name } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.method ? { method: entry.method } : {}),
    ...(entry.route ? { route: entry.route } : {}),
    ...(entry.clientKey ? { clientKey: entry.clientKey.slice(0, 12) } : {}),
  };
}

const beijingTime = (iso: string) => beijingWallClock(iso).toISOString().slice(0, 19).replace('T', ' ');

function toCsv(entries: AuditEntryView[]): string {
  const col = t.audit.columns;
  return csvDocument(
    [col.at, col.kind, col.member, col.department, col.reason, col.request, col.clientKey],
    entries.map((e) => [
      beijingTime(e.at),
      e.kindLabel,
      e.member ?? '',
      e.departmentName ?? e.departmentId ?? '',
      e.reason ?? '',
      e.method && e.route ? `${e.method} ${e.route}` : '',
      e.clientKey ?? '',
    ]),
  );
}

/** What an export covered, in the audit entry's reason (at most 200 characters). */
function exportReason(r: Resolved): string {
  const q = r.query;
  return [`from=${r.from}`, `to=${r.to}`, q.departmentId && `department=${q.departmentId}`, q.staffId && `member=${q.staffId}`, q.event && `kind=${q.event}`]
    .filter(Boolean)
    .join(';')
    .slice(0, 200);
}

export function adminAudit(options: { jurisdiction?: Jurisdiction } = {}) {
  const j = options.jurisdiction ?? defaultJurisdiction;
  return createRouter()
    .openapi(list, async (c) => {
      const { cursor, ...filter } = c.req.valid('query');
      const r = await resolve(c, filter, j);
      const page = await queryAudit(c.var.db, { ...r.query, limit: AUDIT_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      return c.json(
        { from: r.from, to: r.to, scope: r.scope, entries: page.entries.map((e) => view(e, j)), ...(page.next ? { next: page.next } : {}) },
        200,
      );
    })
    .openapi(exportCsv, async (c) => {
      const r = await resolve(c, c.req.valid('query'), j);
      const page = await queryAudit(c.var.db, { ...r.query, limit: AUDIT_EXPORT_MAX });
      // Recorded before the file leaves: an export is never answered without its record.
      await audit(c, 'audit_export', { reason: exportReason(r) });
      return c.body(toCsv(page.entries.map((e) => view(e, j))), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="shouhu-audit-${r.from}-${r.to}.csv"`,
      });
    });
}

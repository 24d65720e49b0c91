/**
 * 统计看板 for supervisors: the figures (JSON, drawn as charts by the console)
 * and the same counters as CSV. Mounted under /api/admin/dashboard, behind
 * sign-in and CSRF checks (functions/app.ts); supervisors only. A
 * city-level department's supervisor sees every district, a district
 * office's its own (functions/cases/dashboard.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import { CaseDashboard } from '#shared/schemas/cases.ts';
import { currentStaff, requireStaff } from '../auth/index.ts';
import { caseDashboard, dashboardCsv, DEFAULT_WEEKS, MAX_WEEKS } from '../cases/dashboard.ts';
import { isoWeek } from '../data/stats.ts';
import { createRouter } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const Weeks = z.object({
  weeks: z.coerce.number().int().min(1).max(MAX_WEEKS).optional().meta({ description: `How many ISO weeks, ending with this one (default ${DEFAULT_WEEKS})` }),
});
const errors = { 400: errorResponse('`weeks` is not a whole number from 1 to 52'), 401: errorResponse('Not signed in'), 403: errorResponse('Not a supervisor; audited') };

const figures = createRoute({
  method: 'get',
  path: '/',
  summary: 'Cases by kind, department, district and week; share answered and concluded on time; median working days to accept and to conclude; top institutions by substantiated complaints',
  middleware: [requireStaff({ roles: ['supervisor'] })] as const,
  request: { query: Weeks },
  responses: { 200: { description: 'The figures', content: { 'application/json': { schema: CaseDashboard } } }, ...errors },
});

const csv = createRoute({
  method: 'get',
  path: '/csv',
  summary: 'The same counters as CSV (UTF-8 with BOM): week, district, department, measure, value',
  middleware: [requireStaff({ roles: ['supervisor'] })] as const,
  request: { query: Weeks },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errors },
});

export function adminDashboard(options: { jurisdiction?: Jurisdiction } = {}) {
  const j = options.jurisdiction ?? defaultJurisdiction;
  return createRouter()
    .openapi(figures, async (c) => {
      const { weeks } = c.req.valid('query');
      return c.json(await caseDashboard(c.var.db, { departmentId: currentStaff(c).department.id, now: c.var.now(), ...(weeks ? { weeks } : {}), j }), 200);
    })
    .openapi(csv, async (c) => {
      const { weeks } = c.req.valid('query');
      const now = c.var.now();
      const body = await dashboardCsv(c.var.db, { departmentId: currentStaff(c).department.id, now, ...(weeks ? { weeks } : {}), j });
      return c.body(body, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="shouhu-cases-${isoWeek(now)}.csv"`,
      });
    });
}

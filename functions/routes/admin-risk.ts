/**
 * 风险台账 for regulators: the ledger of the institutions their department
 * supervises (ranked, flagged past the thresholds), one institution's risk
 * and plan (what the registry's staff page calls to show a flag:
 * GET /api/admin/risk/institutions/{id}), and the plan's changes, by
 * supervisors only (一企一策). Mounted under /api/admin/risk, behind sign-in
 * and CSRF checks (functions/app.ts).
 *
 * Scope is the registry's: an institution supervised by the staff member's
 * department kind, in a district it covers; anything else 403, audited.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import { jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import { supervisingDepartment } from '#shared/rules/institution.ts';
import { canManageInstitution } from '#shared/rules/scope.ts';
import {
  InstitutionRisk,
  RiskLedger,
  RiskPlan,
  RiskPlanInput,
  RiskPlanItemInput,
  RiskPlanItemStatusInput,
  type RiskThresholds,
} from '#shared/schemas/cases.ts';
import { audit, currentStaff, requireStaff } from '../auth/index.ts';
import {
  addPlanItem,
  institutionRisk,
  PlanConflict,
  PlanItemNotFound,
  riskLedger,
  savePlanSummary,
  setPlanItemStatus,
  thresholdsFor,
} from '../cases/risk-ledger.ts';
import { getInstitution } from '../data/institutions.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string().regex(/^[a-z0-9-]{3,64}$/, { error: '机构编号格式不正确' }).meta({ example: 'xy00000a' }) });
const ItemParam = IdParam.extend({ itemId: z.string().regex(/^[a-z0-9-]{1,40}$/, { error: '事项编号格式不正确' }) });
const errors = {
  400: errorResponse('`validation`: a field is missing or wrong; `fields` says which'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not supervised by this department, in a district it covers; or (plans) not a supervisor. Audited'),
  404: errorResponse('No such institution on the list'),
};
const planErrors = { ...errors, 409: errorResponse('`conflict`: the plan changed since it was read (or exists already); `current` is the plan as it now is') };

const ledger = createRoute({
  method: 'get',
  path: '/',
  summary: 'The risk ledger (风险台账) of the institutions this department supervises: flagged first, then by open refund disputes, amount in dispute, recent complaints',
  request: { query: z.object({ flagged: z.enum(['true', 'false']).optional() }) },
  responses: { 200: json(RiskLedger, 'The ledger and its thresholds'), 401: errors[401] },
});

const one = createRoute({
  method: 'get',
  path: '/institutions/{id}',
  summary: "One institution's counters, flag (with reasons in words), thresholds, plan (一企一策) and the plan's history; the registry's staff page shows the flag from here",
  request: { params: IdParam },
  responses: { 200: json(InstitutionRisk, 'Its risk'), ...errors },
});

const plan = createRoute({
  method: 'post',
  path: '/institutions/{id}/plan',
  summary: 'Create the plan (expectedVersion 0) or change its summary; supervisors only',
  middleware: [requireStaff({ roles: ['supervisor'] })] as const,
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: RiskPlanInput } } } },
  responses: { 200: json(RiskPlan, 'The plan'), ...planErrors },
});

const addItem = createRoute({
  method: 'post',
  path: '/institutions/{id}/plan/items',
  summary: 'Add an item (what, by when) to the plan; supervisors only',
  middleware: [requireStaff({ roles: ['supervisor'] })] as const,
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: RiskPlanItemInput } } } },
  responses: { 200: json(RiskPlan, 'The plan'), ...planErrors },
});

const itemStatus = createRoute({
  method: 'post',
  path: '/institutions/{id}/plan/items/{itemId}',
  summary: "Change a plan item's status (planned, in progress, done, dropped), with a note; supervisors only",
  middleware: [requireStaff({ roles: ['supervisor'] })] as const,
  request: { params: ItemParam, body: { required: true, content: { 'application/json': { schema: RiskPlanItemStatusInput } } } },
  responses: { 200: json(RiskPlan, 'The plan'), ...planErrors },
});

export interface AdminRiskOptions {
  thresholds?: RiskThresholds;
  jurisdiction?: Jurisdiction;
}

/** The institution must be on the list and in the staff member's scope. */
async function assertInstitution(c: Context<AppEnv>, id: string): Promise<void> {
  const inst = await getInstitution(c.var.db, id);
  if (!inst) throw new ApiError(404, 'not_found', t.triage.risk.noInstitution);
  const staff = currentStaff(c);
  if (!canManageInstitution({ departmentId: staff.department.id }, { supervisingDepartmentKind: supervisingDepartment(inst), districtCode: inst.districtCode })) {
    await audit(c, 'permission_denied', { reason: `risk_out_of_scope:${id}` });
    throw new ApiError(403, 'forbidden', t.triage.risk.notInScope);
  }
}

function planError(error: unknown): never {
  if (error instanceof PlanConflict) throw new ApiError(409, 'conflict', t.triage.risk.planConflict, undefined, error.current);
  if (error instanceof PlanItemNotFound) throw new ApiError(404, 'not_found', t.triage.risk.itemNotFound);
  throw error;
}

export function adminRisk(options: AdminRiskOptions = {}) {
  const j = options.jurisdiction ?? defaultJurisdiction;
  const thresholds = thresholdsFor(j, options.thresholds);
  const actorOf = (c: Context<AppEnv>) => {
    const staff = currentStaff(c);
    return { staffId: staff.username, name: staff.name, departmentId: staff.department.id };
  };
  return createRouter()
    .openapi(ledger, async (c) => {
      const rows = await riskLedger(c.var.db, { departmentId: currentStaff(c).department.id, now: c.var.now(), thresholds, j });
      const flaggedOnly = c.req.valid('query').flagged === 'true';
      return c.json({ thresholds, items: flaggedOnly ? rows.filter((r) => r.flagged) : rows }, 200);
    })
    .openapi(one, async (c) => {
      const { id } = c.req.valid('param');
      await assertInstitution(c, id);
      return c.json(await institutionRisk(c.var.db, id, { now: c.var.now(), thresholds }), 200);
    })
    .openapi(plan, async (c) => {
      const { id } = c.req.valid('param');
      await assertInstitution(c, id);
      const body = c.req.valid('json');
      try {
        return c.json(await savePlanSummary(c.var.db, { institutionId: id, ...body, actor: actorOf(c), now: c.var.now() }), 200);
      } catch (error) {
        planError(error);
      }
    })
    .openapi(addItem, async (c) => {
      const { id } = c.req.valid('param');
      await assertInstitution(c, id);
      const body = c.req.valid('json');
      try {
        return c.json(await addPlanItem(c.var.db, { institutionId: id, ...body, actor: actorOf(c), now: c.var.now() }), 200);
      } catch (error) {
        planError(error);
      }
    })
    .openapi(itemStatus, async (c) => {
      const { id, itemId } = c.req.valid('param');
      await assertInstitution(c, id);
      const body = c.req.valid('json');
      try {
        return c.json(await setPlanItemStatus(c.var.db, { institutionId: id, itemId, ...body, actor: actorOf(c), now: c.var.now() }), 200);
      } catch (error) {
        planError(error);
      }
    });
}

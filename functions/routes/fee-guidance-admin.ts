/**
 * Fee guidance (收费指引), for regulators: publish rules (guidance prices, a
 * district's limits and class times) and plain-language guidance for some
 * categories and districts from an effective date; withdraw a mistaken
 * publication. Mounted at /api/admin/fee-guidance, behind sign-in and CSRF
 * checks (functions/app.ts).
 *
 * - Any signed-in member of staff reads; a publisher publishes and withdraws
 *   (no second approval: the issue asks for it on notices only; a
 *   publication with a future date can be withdrawn before it applies).
 * - Area: as for notices, the department must cover every district named;
 *   a publication for the whole city needs a city-level department.
 * - A publication is never edited. A new price from a later date is a new
 *   publication (its rules reuse the ids, so the checker applies the old
 *   version until that date and the new one from it); past versions stay on
 *   /fees/ with their dates.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import { coversDistrict, jurisdiction } from '#shared/jurisdiction/index.ts';
import { findDepartment } from '#shared/rules/scope.ts';
import type { Actor } from '#shared/schemas/common.ts';
import { FeeGuidance, FeeGuidanceInput, FeeGuidanceWithdrawal } from '#shared/schemas/guidance.ts';
import { audit, currentStaff, requireStaff } from '../auth/index.ts';
import { VersionConflict } from '../data/errors.ts';
import { allFeeGuidance, createFeeGuidance, FeeGuidanceEvent, getFeeGuidance, listFeeGuidanceEvents, withdrawFeeGuidance } from '../data/fee-guidance.ts';
import { buildFeeGuidance, feeRulesOf, GuidanceRuleError } from '../fees/guidance.ts';
import { forgetFeeRules } from '../fees/rules-source.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const a = t.fees.admin;
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: errorResponse('The body is not valid, or a rule cannot join the rules in force; `fields` says what to fix'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Missing role, outside your area, or CSRF check failed'),
};
const IdParam = z.object({ id: z.string().regex(/^fg-[a-z0-9]{6,20}$/, { error: '收费指引编号格式不正确' }) });

const AdminFeeGuidance = z
  .object({ guidance: FeeGuidance, events: z.array(FeeGuidanceEvent) })
  .meta({ id: 'AdminFeeGuidance', description: '收费指引及其变更历史' });

export function newGuidanceId(): string {
  return `fg-${randomBytes(8).readBigUInt64BE().toString(36).padStart(13, '0').slice(0, 10)}`;
}

function actorOf(c: Context<AppEnv>): Actor {
  const staff = currentStaff(c);
  return { staffId: staff.username, name: staff.name, departmentId: staff.department.id };
}

async function assertGuidanceScope(c: Context<AppEnv>, districtCodes: readonly string[]): Promise<void> {
  const staff = currentStaff(c);
  const department = findDepartment(staff.department.id);
  const ok =
    department !== undefined &&
    (districtCodes.length === 0 ? department.regionCode === jurisdiction.code : districtCodes.every((code) => coversDistrict(department, code, jurisdiction)));
  if (ok) return;
  await audit(c, 'permission_denied', { reason: `out_of_scope:fee-guidance/${districtCodes.join('+') || jurisdiction.code}` });
  throw new ApiError(403, 'forbidden', a.outOfScope(staff.department.name));
}

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'Every publication, withdrawn ones included, by effective date (any signed-in staff)',
  responses: { 200: json(z.object({ items: z.array(FeeGuidance) }).meta({ id: 'FeeGuidanceList' }), 'The publications'), ...errors },
});

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Publish fee guidance (publisher): it applies from its effective date, on the checker and on /fees/',
  description:
    'Each rule is a `FeeRule` without its source, categories and districts (the publication’s). Omit a rule’s `id` to replace the configured rule with the same check and categories in these districts from the effective date (or to add a new rule); give an id (see GET /api/fee-rules) to publish a new version of that rule, e.g. a new guidance price from a later date.',
  middleware: [requireStaff({ roles: ['publisher'] })] as const,
  request: { body: { content: { 'application/json': { schema: FeeGuidanceInput } }, required: true } },
  responses: { 201: json(FeeGuidance, 'Published'), ...errors },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One publication with its history (any signed-in staff)',
  request: { params: IdParam },
  responses: { 200: json(AdminFeeGuidance, 'The publication'), ...errors, 404: errorResponse('No publication has this id') },
});

const withdraw = createRoute({
  method: 'post',
  path: '/{id}/withdraw',
  summary: 'Withdraw a publication (publisher): its rules stop applying at once; the record and its history stay',
  middleware: [requireStaff({ roles: ['publisher'] })] as const,
  request: { params: IdParam, body: { content: { 'application/json': { schema: FeeGuidanceWithdrawal } }, required: true } },
  responses: {
    200: json(FeeGuidance, 'Withdrawn'),
    ...errors,
    404: errorResponse('No publication has this id'),
    409: errorResponse('Changed meanwhile, or already withdrawn; `current` is the publication now'),
  },
});

export const adminFeeGuidance = createRouter()
  .openapi(list, async (c) => c.json({ items: await allFeeGuidance(c.var.db) }, 200))
  .openapi(create, async (c) => {
    const input = c.req.valid('json');
    await assertGuidanceScope(c, input.districtCodes);
    const existing = feeRulesOf(jurisdiction, await allFeeGuidance(c.var.db));
    let guidance: FeeGuidance;
    try {
      guidance = buildFeeGuidance(input, { id: newGuidanceId(), actor: actorOf(c), now: c.var.now(), existing });
    } catch (error) {
      if (error instanceof GuidanceRuleError) throw new ApiError(400, 'validation', error.message, { [error.field]: error.message });
      throw error;
    }
    await createFeeGuidance(c.var.db, guidance);
    forgetFeeRules(c.var.db);
    return c.json(guidance, 201);
  })
  .openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const guidance = await getFeeGuidance(c.var.db, id);
    if (!guidance) throw new ApiError(404, 'not_found', a.notFound);
    return c.json({ guidance, events: await listFeeGuidanceEvents(c.var.db, id) }, 200);
  })
  .openapi(withdraw, async (c) => {
    const { id } = c.req.valid('param');
    const { expectedVersion, reason } = c.req.valid('json');
    const current = await getFeeGuidance(c.var.db, id);
    if (!current) throw new ApiError(404, 'not_found', a.notFound);
    await assertGuidanceScope(c, current.districtCodes);
    if (current.status === 'withdrawn') throw new ApiError(409, 'conflict', a.alreadyWithdrawn, undefined, current);
    try {
      const next = await withdrawFeeGuidance(c.var.db, { id, expectedVersion, reason, actor: actorOf(c), now: c.var.now() });
      forgetFeeRules(c.var.db);
      return c.json(next, 200);
    } catch (error) {
      if (error instanceof VersionConflict) throw new ApiError(409, 'conflict', a.conflict, undefined, error.current);
      throw error;
    }
  });

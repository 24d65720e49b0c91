/**
 * The registry, for regulators: create, edit and change the status of
 * institutions in the staff member's own department kind and district, and
 * record their inspections and sanctions (publishing a sanction puts it on
 * the centre page at the publisher's next run).
 * Mounted under /api/admin, behind sign-in and CSRF checks (functions/app.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import { DistrictCode } from '#shared/schemas/common.ts';
import {
  InspectionInput,
  Institution,
  InstitutionCreate,
  InstitutionUpdate,
  SanctionInput,
  SanctionPublishInput,
  StatusChangeRequest,
  type InstitutionFields,
} from '#shared/schemas/institution.ts';
import { supervisingDepartment } from '#shared/rules/institution.ts';
import type { Actor } from '#shared/schemas/common.ts';
import { assertInScope, currentStaff, requireStaff } from '../auth/index.ts';
import { NotFound, UniqueConflict, VersionConflict } from '../data/errors.ts';
import {
  changeStatus,
  createInstitution,
  getInstitution,
  InstitutionEvent,
  listBySupervision,
  listInstitutionEvents,
  publishSanction,
  recordInspection,
  recordSanction,
  updateInstitution,
} from '../data/institutions.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const IdParam = z.object({ id: z.string().regex(/^[a-z0-9-]{3,64}$/, { error: '机构编号格式不正确' }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: errorResponse('The body is not valid; `fields` says what to fix'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Outside your department or district, missing role, or CSRF check failed'),
};

export function newInstitutionId(): string {
  return `jg${randomBytes(8).readBigUInt64BE().toString(36).padStart(13, '0').slice(0, 10)}`;
}

function actorOf(c: Context<AppEnv>): Actor {
  const staff = currentStaff(c);
  return { staffId: staff.username, name: staff.name, departmentId: staff.department.id };
}

const scopeOf = (inst: Pick<InstitutionFields, 'category' | 'supervisingDepartmentOverride' | 'districtCode'>, institutionId?: string) => ({
  supervisingDepartmentKind: supervisingDepartment(inst),
  districtCode: inst.districtCode,
  ...(institutionId ? { institutionId } : {}),
});

/** Data-layer outcomes as answers a person can act on. */
function translate(error: unknown): never {
  if (error instanceof VersionConflict) {
    throw new ApiError(409, 'conflict', '这家机构刚刚被其他人修改过。下面是最新的内容，请核对后重新修改。', undefined, error.current);
  }
  if (error instanceof UniqueConflict) {
    const field = error.field === 'creditCode' ? 'registration.creditCode' : 'licence.number';
    const what = error.field === 'creditCode' ? '统一社会信用代码' : '办学许可证编号';
    throw new ApiError(409, 'conflict', `这个${what}已登记在另一家机构（编号 ${error.existingId}）名下`, {
      [field]: `这个${what}已登记在机构 ${error.existingId} 名下，请核对`,
    });
  }
  if (error instanceof NotFound) throw new ApiError(404, 'not_found', '没有这个编号的机构');
  throw error;
}

async function loadInScope(c: Context<AppEnv>, id: string): Promise<Institution> {
  const inst = await getInstitution(c.var.db, id);
  if (!inst) throw new ApiError(404, 'not_found', '没有这个编号的机构');
  await assertInScope(c, scopeOf(inst, id));
  return inst;
}

const AdminInstitution = z
  .object({ institution: Institution, events: z.array(InstitutionEvent) })
  .meta({ id: 'AdminInstitution', description: '机构记录及其变更历史' });

const list = createRoute({
  method: 'get',
  path: '/',
  summary: "Institutions in the signed-in staff member's scope, by name, a page at a time",
  request: {
    query: z.object({
      district: DistrictCode.optional().meta({ description: 'Required for a city-level department; defaults to its own district otherwise' }),
      cursor: z.string().max(2000).optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(Institution), cursor: z.string().optional() }).meta({ id: 'AdminInstitutionPage' }), 'A page of institutions'),
    ...errors,
  },
});

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Add an institution to the registry',
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { body: { content: { 'application/json': { schema: InstitutionCreate } }, required: true } },
  responses: { 201: json(Institution, 'Created'), ...errors, 409: errorResponse('The credit code or licence number belongs to another institution') },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One institution with its change history',
  request: { params: IdParam },
  responses: { 200: json(AdminInstitution, 'The record and its history'), ...errors, 404: errorResponse('No such institution') },
});

const update = createRoute({
  method: 'put',
  path: '/{id}',
  summary: 'Edit an institution (conditional on the version read)',
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: IdParam, body: { content: { 'application/json': { schema: InstitutionUpdate } }, required: true } },
  responses: { 200: json(Institution, 'Saved'), ...errors, 404: errorResponse('No such institution'), 409: errorResponse('Someone else saved first; `current` is the record now') },
});

const status = createRoute({
  method: 'post',
  path: '/{id}/status',
  summary: 'Change the status (rectification, revoked, deregistered, blacklisted, approved) with reason and decision number',
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: IdParam, body: { content: { 'application/json': { schema: StatusChangeRequest } }, required: true } },
  responses: { 200: json(Institution, 'Saved'), ...errors, 404: errorResponse('No such institution'), 409: errorResponse('Someone else saved first; `current` is the record now') },
});

const conflictErrors = { ...errors, 404: errorResponse('No such institution (or sanction)'), 409: errorResponse('Someone else saved first; `current` is the record now') };
const Recorded = z.object({ institution: Institution, id: z.string() }).meta({ id: 'InstitutionItemRecorded', description: '登记后的机构记录和新条目的编号' });
const SanctionParam = IdParam.extend({ sanctionId: z.string().regex(/^[a-z0-9]{8,32}$/, { error: '处罚编号格式不正确' }) });

const inspection = createRoute({
  method: 'post',
  path: '/{id}/inspections',
  summary: 'Record an inspection (date, kind, inspectors, findings, result), conditional on the version read',
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: IdParam, body: { content: { 'application/json': { schema: InspectionInput } }, required: true } },
  responses: { 201: json(Recorded, 'Recorded'), ...conflictErrors },
});

const sanction = createRoute({
  method: 'post',
  path: '/{id}/sanctions',
  summary: 'Record a sanction (decision number, kind under the 2023 penalty rules, date, summary), unpublished; conditional on the version read',
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: IdParam, body: { content: { 'application/json': { schema: SanctionInput } }, required: true } },
  responses: { 201: json(Recorded, 'Recorded'), ...conflictErrors },
});

const publishOne = createRoute({
  method: 'post',
  path: '/{id}/sanctions/{sanctionId}/publish',
  summary: 'Publish a recorded sanction: the centre page shows it after the publisher\'s next run; conditional on the version read',
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: SanctionParam, body: { content: { 'application/json': { schema: SanctionPublishInput } }, required: true } },
  responses: { 200: json(Institution, 'Published'), ...conflictErrors },
});

export const adminInstitutions = createRouter()
  .openapi(list, async (c) => {
    const staff = currentStaff(c);
    const own = staff.department.regionCode;
    const district = c.req.valid('query').district ?? (own === jurisdiction.code ? undefined : own);
    if (!district) throw new ApiError(400, 'validation', '请选择区县', { district: '市级部门请先选择要查看的区县' });
    await assertInScope(c, { supervisingDepartmentKind: staff.department.kind, districtCode: district });
    const cursor = c.req.valid('query').cursor;
    const page = await listBySupervision(c.var.db, { kind: staff.department.kind, districtCode: district, ...(cursor ? { cursor } : {}) });
    return c.json(page, 200);
  })
  .openapi(create, async (c) => {
    const { status: initial, ...fields } = c.req.valid('json');
    await assertInScope(c, scopeOf(fields));
    try {
      const inst = await createInstitution(c.var.db, { id: newInstitutionId(), fields, status: initial, actor: actorOf(c), now: c.var.now() });
      return c.json(inst, 201);
    } catch (error) {
      translate(error);
    }
  })
  .openapi(read, async (c) => {
    const inst = await loadInScope(c, c.req.valid('param').id);
    return c.json({ institution: inst, events: await listInstitutionEvents(c.var.db, inst.id) }, 200);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    await loadInScope(c, id);
    // Moving it to another district or department needs scope there too.
    await assertInScope(c, scopeOf(body.fields, id));
    try {
      return c.json(await updateInstitution(c.var.db, { id, fields: body.fields, expectedVersion: body.expectedVersion, actor: actorOf(c), now: c.var.now() }), 200);
    } catch (error) {
      translate(error);
    }
  })
  .openapi(status, async (c) => {
    const { id } = c.req.valid('param');
    const { expectedVersion, ...change } = c.req.valid('json');
    await loadInScope(c, id);
    try {
      return c.json(await changeStatus(c.var.db, { id, change, expectedVersion, actor: actorOf(c), now: c.var.now() }), 200);
    } catch (error) {
      translate(error);
    }
  })
  .openapi(inspection, async (c) => {
    const { id } = c.req.valid('param');
    const { expectedVersion, ...item } = c.req.valid('json');
    await loadInScope(c, id);
    try {
      return c.json(await recordInspection(c.var.db, { id, expectedVersion, item, actor: actorOf(c), now: c.var.now() }), 201);
    } catch (error) {
      translate(error);
    }
  })
  .openapi(sanction, async (c) => {
    const { id } = c.req.valid('param');
    const { expectedVersion, ...item } = c.req.valid('json');
    await loadInScope(c, id);
    try {
      return c.json(await recordSanction(c.var.db, { id, expectedVersion, item, actor: actorOf(c), now: c.var.now() }), 201);
    } catch (error) {
      translate(error);
    }
  })
  .openapi(publishOne, async (c) => {
    const { id, sanctionId } = c.req.valid('param');
    const { expectedVersion } = c.req.valid('json');
    await loadInScope(c, id);
    try {
      return c.json(await publishSanction(c.var.db, { id, expectedVersion, item: { sanctionId }, actor: actorOf(c), now: c.var.now() }), 200);
    } catch (error) {
      translate(error);
    }
  });

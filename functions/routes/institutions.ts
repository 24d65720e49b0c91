import { createRoute, z } from '@hono/zod-openapi';
import { DistrictCode } from '#shared/schemas/common.ts';
import { Institution, InstitutionSummary } from '#shared/schemas/institution.ts';
import { publicRecord, supervisingDepartment } from '#shared/rules/institution.ts';
import { InstitutionCategories, InstitutionStatuses } from '#shared/vocabulary.ts';
import { getInstitution } from '../data/institutions.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter } from '../lib/openapi.ts';
import { CACHE } from '../storage/types.ts';
import { errorResponse } from './schemas.ts';

export const SearchParams = z.object({
  q: z.string().max(60, { error: '搜索词太长，请少于60个字' }).optional().meta({
    description: 'Any part of the name or a former name, pinyin initials, a licence number or a credit code; empty lists all',
    example: '小天鹅',
  }),
  district: DistrictCode.optional(),
  category: z.enum(InstitutionCategories.keys, { error: '培训类别不正确' }).optional(),
  status: z.enum(InstitutionStatuses.keys, { error: '机构状态不正确' }).optional(),
  // A schema's `error` answers each of its checks too (not a number, not whole, out of range).
  offset: z.coerce.number({ error: '起始位置（offset）应为0至100000之间的整数' }).int().min(0).max(100_000).default(0),
  limit: z.coerce.number({ error: '每页条数（limit）应为1至50之间的整数' }).int().min(1).max(50).default(20),
});

const SearchAnswer = z
  .object({
    total: z.number().int(),
    totalEstimated: z.boolean().meta({
      description: 'True when total is an estimate, rounded to two significant digits (a query matching thousands is not counted to the end); the items are exact',
    }),
    offset: z.number().int(),
    limit: z.number().int(),
    items: z.array(InstitutionSummary),
    approximate: z.boolean().meta({
      description: 'True when nothing matched exactly and these are names one character away from q (mistyped, missing or extra)',
    }),
  })
  .meta({ id: 'InstitutionSearchAnswer' });

const PublicInstitution = Institution.extend({
  supervisingDepartment: z.enum(InstitutionSummary.shape.supervisingDepartment.options),
}).meta({ id: 'PublicInstitution', description: '机构的公开记录' });

const search = createRoute({
  method: 'get',
  path: '/',
  summary: 'Search the public list of institutions (paged; an empty q lists all)',
  request: { query: SearchParams },
  responses: {
    200: { description: 'Matching institutions, best match first', content: { 'application/json': { schema: SearchAnswer } } },
    400: errorResponse('A parameter is not valid; `fields` says which'),
  },
});

const byId = createRoute({
  method: 'get',
  path: '/{id}',
  summary: "One institution's public record",
  request: { params: z.object({ id: z.string().regex(/^[a-z0-9-]{3,64}$/, { error: '机构编号格式不正确' }) }) },
  responses: {
    200: { description: 'The institution', content: { 'application/json': { schema: PublicInstitution } } },
    404: errorResponse('No institution has this id: it is not on the list'),
  },
});

export const institutions = createRouter()
  .openapi(search, async (c) => {
    const query = c.req.valid('query');
    const index = await c.var.search.index();
    const result = index.search(query);
    c.header('Cache-Control', CACHE.searchAnswer);
    return c.json({ total: result.total, totalEstimated: result.totalEstimated, offset: query.offset, limit: query.limit, items: result.items, approximate: result.approximate }, 200);
  })
  .openapi(byId, async (c) => {
    const inst = await getInstitution(c.var.db, c.req.valid('param').id);
    if (!inst) throw new ApiError(404, 'not_found', '名单上没有这个编号的机构，它可能未经审批。请核对编号，或搜索机构名称。');
    c.header('Cache-Control', CACHE.searchAnswer);
    return c.json({ ...publicRecord(inst), supervisingDepartment: supervisingDepartment(inst) }, 200);
  });

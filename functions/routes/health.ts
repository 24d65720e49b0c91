import { createRoute, z } from '@hono/zod-openapi';
import { pingTable } from '../data/client.ts';
import { createRouter } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const Health = z
  .object({ status: z.literal('ok'), database: z.literal('reachable'), time: z.string() })
  .meta({ id: 'Health' });

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Is the service up and its database reachable?',
  responses: {
    200: { description: 'The API and its database answer', content: { 'application/json': { schema: Health } } },
    503: errorResponse('The database does not answer; `message` says why'),
  },
});

export const health = createRouter().openapi(route, async (c) => {
  const ping = await pingTable(c.var.db);
  c.header('Cache-Control', 'no-store');
  if (!ping.ok) {
    return c.json({ error: { code: 'unavailable' as const, message: `数据库暂时无法访问（${ping.reason}）` } }, 503);
  }
  return c.json({ status: 'ok' as const, database: 'reachable' as const, time: c.var.now().toISOString() }, 200);
});

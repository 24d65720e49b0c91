/**
 * Loads the staff API (functions/staff-api.ts) on the first request that needs it,
 * once: `/api/auth/*`, `/api/admin/*`, and the OpenAPI document, which lists the
 * routes of both apps. Split at this `import()`, the staff code is a chunk a Lambda
 * cold start never reads (docs/benchmarks.md, "Lambda bundles").
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from './lib/openapi.ts';
import type { StaffApi, StaffApiDeps } from './staff-api.ts';

/** The OpenAPI document's own fields; its paths come from the routes. */
const DOCUMENT: Parameters<OpenAPIHono['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: '守护 Shouhu API',
    version: '0.1.0',
    description: 'Public API of Shouhu, the parents\u2019 service for off-campus tutoring. Errors are `{ error: { code, message, fields? } }` with messages in Simplified Chinese.',
  },
  servers: [{ url: '/' }],
};

/** Marks the staff API's answer to a path it has no route for; never sent to a client. */
export const UNMATCHED_HEADER = 'x-shouhu-staff-unmatched';

/** Where the hand-over carries the app's `c.var` (in the platform bindings, out of any client's reach). */
const VARIABLES = Symbol('the app\u2019s request variables');

/** The staff API's first middleware: the request's variables as the app set them (db, secrets, session, staff, …). */
export const inheritedVariables: MiddlewareHandler<AppEnv> = async (c, next) => {
  const vars = (c.env as Record<PropertyKey, unknown> | undefined)?.[VARIABLES] as Record<string, unknown> | undefined;
  if (!vars) throw new Error('The staff API runs only behind the app (functions/app.ts)');
  for (const [key, value] of Object.entries(vars)) c.set(key as never, value as never);
  await next();
};

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

export function staffApiOnFirstUse(deps: StaffApiDeps) {
  let loading: Promise<StaffApi> | undefined;
  const load = () =>
    (loading ??= import('./staff-api.ts')
      .then((m) => m.createStaffApi(deps))
      .catch((error: unknown) => {
        loading = undefined; // a failed load is tried again by the next request
        throw error;
      }));
  let document: Document | undefined;
  return {
    /**
     * Hands the request to the staff API, with the same platform bindings (client address,
     * Lambda event). A path it has no route for goes on to the app's next routes, past the
     * staff API's guards, as when its routes were mounted on the app itself.
     */
    handle: async (c: Context<AppEnv>, next: Next) => {
      const env: Record<PropertyKey, unknown> = { ...(c.env as object), [VARIABLES]: c.var };
      const res = await (await load()).fetch(c.req.raw, env);
      if (res.headers.get(UNMATCHED_HEADER) === null) {
        // With the headers the app's guards set before the hand-over (requireStaff's Cache-Control:
        // no-store, a cleared session cookie), as a route of the app's own would have them: the
        // staff API's own headers win, and cookies add up in order.
        return c.newResponse(res.body, res);
      }
      await next();
      return c.res;
    },
    /** The OpenAPI 3.1 document of the public API (`/api`) and the staff API together, built once. */
    openApiDocument: async (publicApi: OpenAPIHono<AppEnv>): Promise<Document> => {
      const staff = await load();
      if (!document) {
        // Both are mounted at `/api` (their base path): merged under a root, their paths keep it.
        const all = new OpenAPIHono();
        all.route('/', publicApi);
        all.route('/', staff);
        document = all.getOpenAPI31Document(DOCUMENT);
      }
      return document;
    },
  };
}

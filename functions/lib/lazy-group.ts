/**
 * Route groups loaded on first use: the app (functions/app.ts) keeps the guards, the
 * router and the shell; each group (functions/groups/*.ts: the staff API, the registry,
 * fees, filing, follow) is a module it `import()`s on the first request for one of its
 * addresses, once, and hands that request and the next ones over. Split at that
 * `import()`, a group is a chunk a Lambda cold start never reads (docs/benchmarks.md,
 * "Lambda bundles").
 *
 * The hand-over keeps everything as if the group's routes were the app's own: the
 * request's variables (`c.var`: db, store, the session, …), the platform bindings
 * (client address, Lambda event), the headers the app's guards set before it, and a
 * path the group has no route for goes on to the app's next routes (and its 404).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono, MiddlewareHandler, Next } from 'hono';
import { firstUse } from './first-use.ts';
import type { AppEnv } from './openapi.ts';

/** What a group module's factory returns: its app (routes at their full addresses), and its OpenAPI routes, if any. */
export interface RouteGroup {
  app: Hono<AppEnv>;
  /** The group's API routes, mounted at `/api` (their base path), for the OpenAPI document. */
  api?: OpenAPIHono<AppEnv>;
}

/** Marks a group's answer to a path it has no route for; never sent to a client. */
export const UNMATCHED_HEADER = 'x-shouhu-group-unmatched';

/** Where the hand-over carries the app's `c.var` (in the platform bindings, out of any client's reach). */
const VARIABLES = Symbol('the app\u2019s request variables');

/** A group app's first middleware: the request's variables as the app set them (db, secrets, session, staff, …). */
export const inheritedVariables: MiddlewareHandler<AppEnv> = async (c, next) => {
  const vars = (c.env as Record<PropertyKey, unknown> | undefined)?.[VARIABLES] as Record<string, unknown> | undefined;
  if (!vars) throw new Error('A route group runs only behind the app (functions/app.ts)');
  for (const [key, value] of Object.entries(vars)) c.set(key as never, value as never);
  await next();
};

/** A group app's not-found answer: the app goes on to its own routes (and its 404), as when the group's routes were its own. */
export const unmatched = () => new Response(null, { status: 404, headers: { [UNMATCHED_HEADER]: '1' } });

export interface LazyGroup {
  /** Hands the request to the group (loaded on first use); a path it has no route for goes on to the app's next routes. */
  handle: (c: Context<AppEnv>, next: Next) => Promise<Response>;
  /** The group, loaded if it is not yet. */
  load: () => Promise<RouteGroup>;
}

/** One group, loaded by `load` (an `import()` and the group's factory) on first use, then cached. */
export function lazyGroup(load: () => Promise<RouteGroup>): LazyGroup {
  const once = firstUse(load);
  return {
    load: once,
    handle: async (c, next) => {
      const env: Record<PropertyKey, unknown> = { ...(c.env as object), [VARIABLES]: c.var };
      const res = await (await once()).app.fetch(c.req.raw, env);
      if (res.headers.get(UNMATCHED_HEADER) === null) {
        // With the headers the app's guards set before the hand-over (requireStaff's Cache-Control:
        // no-store, a cleared session cookie), as a route of the app's own would have them: the
        // group's own headers win, and cookies add up in order.
        return c.newResponse(res.body, res);
      }
      await next();
      return c.res;
    },
  };
}

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

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

/** The OpenAPI 3.1 document of every group's API routes, built once (loading the groups and the OpenAPI generator). */
export function openApiDocument(groups: readonly LazyGroup[]): () => Promise<Document> {
  let document: Document | undefined;
  return async () => {
    if (!document) {
      const loaded = await Promise.all(groups.map((g) => g.load()));
      // All are mounted at `/api` (their base path): merged under a root, their paths keep it.
      const { OpenAPIHono } = await import('@hono/zod-openapi');
      const all = new OpenAPIHono();
      for (const g of loaded) if (g.api) all.route('/', g.api);
      document = all.getOpenAPI31Document(DOCUMENT);
    }
    return document;
  };
}

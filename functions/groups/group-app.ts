/** A route group's app (functions/lib/lazy-group.ts): its API routes and pages, behind the app's hand-over. */
import { Hono } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { handleError } from '../lib/errors.ts';
import { inheritedVariables, unmatched, type RouteGroup } from '../lib/lazy-group.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';

/** A group's API router: its routes under `/api`, with the validation answers of every route (lib/openapi.ts). */
export const apiRouter = () => createRouter().basePath('/api');

/**
 * `api`: routes under `/api` (its base path), listed in the OpenAPI document; `pages`: pages at
 * their addresses. Both with the app's error boundary; a path neither has goes back to the app.
 */
export function groupOf(parts: { api?: ReturnType<typeof apiRouter>; pages?: Hono<AppEnv> }): RouteGroup {
  const app = new Hono<AppEnv>();
  app.use('*', inheritedVariables);
  if (parts.api) app.route('/', parts.api);
  if (parts.pages) app.route('/', parts.pages);
  app.notFound(unmatched);
  app.onError(handleError);
  return parts.api ? { app, api: parts.api as unknown as OpenAPIHono<AppEnv> } : { app };
}

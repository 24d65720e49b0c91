/** The registry: the institutions API (`/api/institutions…`) and the search page without JavaScript (`/institutions/search/`). */
import { institutionPages } from '../routes/institution-pages.ts';
import { institutions } from '../routes/institutions.ts';
import { Hono } from 'hono';
import type { AppEnv } from '../lib/openapi.ts';
import { apiRouter, groupOf } from './group-app.ts';

export function registryGroup() {
  return groupOf({ api: apiRouter().route('/institutions', institutions), pages: new Hono<AppEnv>().route('/institutions', institutionPages) });
}

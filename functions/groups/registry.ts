/** The registry: the institutions API (`/api/institutions…`) and the search page without JavaScript (`/institutions/search/`). */
import { createRouter } from '../lib/openapi.ts';
import { institutionPages } from '../routes/institution-pages.ts';
import { institutions } from '../routes/institutions.ts';
import { Hono } from 'hono';
import type { AppEnv } from '../lib/openapi.ts';
import { groupOf } from './group-app.ts';

export function registryGroup() {
  return groupOf({ api: createRouter().basePath('/api').route('/institutions', institutions), pages: new Hono<AppEnv>().route('/institutions', institutionPages) });
}

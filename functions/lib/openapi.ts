import { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../data/client.ts';
import type { SnapshotSource } from '../search/snapshot.ts';
import type { PublicStore } from '../storage/types.ts';
import { errorBody, fieldsFromZod } from './errors.ts';

/** What every handler can reach through `c.var`. */
export interface AppVariables {
  db: Db;
  now: () => Date;
  store: PublicStore;
  search: SnapshotSource;
}
export interface AppEnv {
  Variables: AppVariables;
}

/**
 * A router for one resource. Every route validates with zod and answers a
 * bad request the same way: 400 with a Chinese message per field.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(errorBody('validation', undefined, fieldsFromZod(result.error)), 400);
      return undefined;
    },
  });
}

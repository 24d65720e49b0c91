import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { authSecretsReady } from './auth/settings.ts';
import type { Db } from './data/client.ts';
import { elderPages } from './lib/elder-mode.ts';
import { ApiError, errorBody, handleError } from './lib/errors.ts';
import type { AppEnv } from './lib/openapi.ts';
import { FOLLOW_PATH } from './follow/paths.ts';
import type { CaseServiceOptions } from './cases/services.ts';
import { caseKeys } from './cases/keys.ts';
import { CASE_PAGE_PATHS } from './routes/case-pages/paths.ts';
import { routeGroups } from './groups.ts';
import { firstUse } from './lib/first-use.ts';
import { openApiDocument } from './lib/lazy-group.ts';
import { IMPORT_PART_PATH, IMPORT_PATH } from './routes/import-paths.ts';
import type { ImportJobRunner } from './import/job-runner.ts';
import type { SnapshotSource } from './search/snapshot.ts';
import type { PublicStore } from './storage/types.ts';
import { createPrivateFsStore, LOCAL_PRIVATE_DIR, type PrivateStore } from './storage/private-store.ts';

export interface AppDeps {
  db: Db;
  /** Where published files live (the site bucket in AWS, .data/public locally). */
  store: PublicStore;
  now?: () => Date;
  /** How long the API keeps a search snapshot before checking for a newer one (default 10 s). */
  searchMaxAgeMs?: number;
  /** Complaints and refund disputes: key provider, abuse check, ... (defaults from configuration). */
  cases?: CaseServiceOptions;
  /** Where families' attachments are kept: the private attachments bucket in AWS; default the folder .data/attachments. */
  privateStore?: PrivateStore;
  /** Who advances background imports: default this process (locally; in AWS the import worker, woken by the stream). */
  importJobs?: ImportJobRunner;
  /** In AWS: refuses requests that did not come through CloudFront (functions/secrets/origin-lock.ts), before anything else runs. */
  originLock?: MiddlewareHandler;
}

/** Largest request body any endpoint accepts; larger ones get 413 before they are read. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The one Hono app: the same code runs in Lambda (functions/lambda.ts) and
 * on Node (functions/server.ts). The API lives under /api, as CloudFront
 * routes it; beside it, the few pages rendered per request (the search
 * results without JavaScript, /institutions/search/).
 */
export function createApp(deps: AppDeps) {
  const now = deps.now ?? (() => new Date());
  const app = new Hono<AppEnv>().basePath('/api');
  const privateStore = deps.privateStore ?? createPrivateFsStore(LOCAL_PRIVATE_DIR);
  // The search snapshot (and its engine) is read by the registry's and the case pages' routes only: loaded on their first use.
  const snapshot = firstUse(() => import('./search/snapshot.ts').then((m) => m.createSnapshotSource(deps.store, deps.searchMaxAgeMs === undefined ? {} : { maxAgeMs: deps.searchMaxAgeMs })));
  const search: SnapshotSource = { index: async () => (await snapshot()).index() };

  // Staff TOTP secrets are sealed with the same key provider as cases' personal data.
  const secrets = caseKeys(deps.cases);
  const provide: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('db', deps.db);
    c.set('secrets', secrets);
    c.set('now', now);
    c.set('store', deps.store);
    c.set('search', search);
    await next();
  };
  app.use('*', provide);
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      strictTransportSecurity: 'max-age=63072000; includeSubDomains',
      referrerPolicy: 'no-referrer',
    }),
  );
  // One body limit for every route but the registry import and a background import's parts, which set their own.
  const globalLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large');
    },
  });
  app.use('*', (c, next) => (c.req.path === IMPORT_PATH || IMPORT_PART_PATH.test(c.req.path) ? next() : globalLimit(c, next)));

  // The guards of the staff API (functions/groups/staff.ts) stay here, before it: CSRF on state-changing
  // requests (sign-in and set-up links: origin check only, the one-time code being the credential); all of
  // /admin needs a signed-in member of staff.
  // Their code (sessions, audit, the staff record) is loaded with the first staff request, still before any staff route.
  const guards = firstUse(() => import('./auth/staff-guards.ts'));
  app.use('/auth/*', async (c, next) => (await guards()).authCsrf(c, next));
  app.use('/admin/*', async (c, next) => (await guards()).adminCsrf(c, next), async (c, next) => (await guards()).signedInStaff(c, next));

  // Every route group (functions/groups.ts: staff, health, registry, fees, filing, follow) is loaded on the first
  // request for one of its addresses and handed each one: a cold start reads none of them.
  const groups = routeGroups({ db: deps.db, now, privateStore, ...(deps.cases ? { cases: deps.cases } : {}), ...(deps.importJobs ? { importJobs: deps.importJobs } : {}) });

  // Every route, the groups' too: the document is built on first request, loading them all.
  const document = openApiDocument(Object.values(groups).map((g) => g.group));
  app.get('/openapi.json', async (c) => c.json(await document()));

  app.onError(handleError);

  // The API (error boundary and all) and the pages, on one app; the pages set the site's headers themselves.
  const root = new Hono<AppEnv>();
  if (deps.originLock) root.use('*', deps.originLock);
  // The auth secret, read from Secrets Manager in AWS (cached): known before any route runs.
  root.use('*', async (_c, next) => {
    await authSecretsReady();
    await next();
  });
  // The pages rendered per request (the groups' addresses outside /api) get the API's context too.
  for (const { paths } of Object.values(groups)) for (const path of paths) if (!path.startsWith('/api/')) root.use(path, provide);
  root.route('/', app);
  // After the app's guards, security headers and body limit (on /api/*), in the order they were mounted.
  for (const { paths, group } of Object.values(groups)) for (const path of paths) root.all(path, group.handle);
  // 长者模式: the same pages under /elder/, made elder on the way out (functions/lib/elder-mode.ts).
  root.route(
    '/',
    elderPages(root, [
      ...Object.values(CASE_PAGE_PATHS).map((path) => ({ path, methods: ['GET', 'POST'] as const })),
      { path: '/institutions/search/', methods: ['GET'] },
      { path: '/fees/check/', methods: ['GET'] },
      { path: FOLLOW_PATH, methods: ['GET', 'POST'] },
    ]),
  );
  root.notFound((c) => c.json(errorBody('not_found'), 404));
  root.onError(handleError);
  return root;
}

export type App = ReturnType<typeof createApp>;

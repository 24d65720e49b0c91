/**
 * The app's route groups (functions/lib/lazy-group.ts): each loaded on the first request
 * for one of its addresses, so that a cold start reads only the app's entry (guards,
 * router, shell) and a request reads the chunk of its own group. `paths` are the Hono
 * patterns the app hands to the group, after its guards; in the order the app mounts them.
 * The OpenAPI document lists every group's API routes.
 */
import type { CaseServiceOptions } from './cases/services.ts';
import type { Db } from './data/client.ts';
import type { ImportJobRunner } from './import/job-runner.ts';
import { lazyGroup, type LazyGroup } from './lib/lazy-group.ts';
import { CASE_PAGE_PATHS } from './routes/case-pages/paths.ts';
import type { PrivateStore } from './storage/private-store.ts';

export interface GroupDeps {
  db: Db;
  now: () => Date;
  privateStore: PrivateStore;
  cases?: CaseServiceOptions;
  importJobs?: ImportJobRunner;
}

export interface MountedGroup {
  paths: readonly string[];
  group: LazyGroup;
}

/** A case page's address without its trailing slash, as a prefix (its redirect and its sub-pages). */
const casePage = (path: string) => `${path.slice(0, -1)}*`;

export function routeGroups(deps: GroupDeps) {
  return {
    /** The staff API: sign-in, accounts, triage, import, notices, audit, … (the guards are the app's). */
    staff: { paths: ['/api/auth/*', '/api/admin/*'], group: lazyGroup(() => import('./groups/staff.ts').then((m) => m.staffGroup(deps))) },
    health: { paths: ['/api/health*'], group: lazyGroup(() => import('./groups/health.ts').then((m) => m.healthGroup())) },
    registry: { paths: ['/api/institutions*', '/institutions/search*'], group: lazyGroup(() => import('./groups/registry.ts').then((m) => m.registryGroup())) },
    fees: { paths: ['/api/fee-check*', '/api/fee-rules*', '/fees/check*'], group: lazyGroup(() => import('./groups/fees.ts').then((m) => m.feesGroup())) },
    filing: {
      paths: ['/api/complaints*', '/api/refund-disputes*', '/api/track*', '/api/challenge*', ...Object.values(CASE_PAGE_PATHS).map(casePage)],
      group: lazyGroup(() => import('./groups/filing.ts').then((m) => m.filingGroup(deps))),
    },
    follow: { paths: ['/follow*'], group: lazyGroup(() => import('./groups/follow.ts').then((m) => m.followGroup(deps))) },
  } satisfies Record<string, MountedGroup>;
}

/**
 * The paths outside `/api/*` that the Hono app answers (functions/app.ts mounts
 * them beside /api), and the cacheable public part of the API: ONE list, read by
 * CloudFront (infra/constructs/site.ts makes one behaviour per entry, in this
 * order, before `/api/*`) and checked against the app's own routes by
 * infra/routes.test.ts. Anything the app answers outside `/api/*` and not listed
 * here is looked for in the site bucket instead, so a new server-rendered page
 * or form target is added here.
 *
 * CloudFront matches paths, never methods: one path cannot be a static page for
 * GET and the app for POST. The case pages (`/complaints/new/`, `/refunds/new/`,
 * `/track/`) are therefore the app's, for every method: GET answers the form
 * (with a fresh idempotency key in a hidden field, which a static page could
 * not carry for a family without JavaScript), POST answers the receipt or the
 * form again with its errors (functions/routes/case-pages.ts, CASE_PAGE_PATHS).
 * Their static fallbacks in the bucket are never served; their shells
 * (`…/shell/index.html`) are read by key from the bucket, not through CloudFront.
 * No CloudFront Function or Lambda@Edge is needed, which matters in China where
 * neither is confirmed.
 *
 * No aws-cdk-lib import here: the tests compare it with the app without loading the CDK.
 */

import { ELDER_PREFIX } from '#shared/http/page-mode.ts';

export type AppPathKind =
  /**
   * GET (and HEAD, OPTIONS) only; cached by CloudFront only as long as the app's own
   * Cache-Control allows (`s-maxage=15`, 60 s at most), keyed by the query string.
   */
  | 'cached-read'
  /**
   * Every method; never cached; every viewer header but Host, cookies and the body
   * go to the app. For pages answered per request with forms that post to themselves.
   */
  | 'uncached';

export interface AppPath {
  /** A CloudFront path pattern (`*` any characters, `?` one; case-sensitive). */
  pattern: string;
  kind: AppPathKind;
  /** What it is, for the reader. */
  what: string;
}

/** The pages the app renders per request, each answered in 长者模式 under /elder/ too (functions/lib/elder-mode.ts). */
const PAGE_PATHS: readonly AppPath[] = [
  { pattern: '/institutions/search*', kind: 'cached-read', what: 'search results for browsers without JavaScript (HTML)' },
  { pattern: '/fees/check*', kind: 'cached-read', what: 'the fee checker, a GET form answered by a page (HTML)' },
  // `*` so that the path without its slash reaches the app too (it redirects), also where there is no
  // CloudFront Function to do it (China). No other page may start with these paths (infra/routes.test.ts).
  { pattern: '/complaints/new*', kind: 'uncached', what: 'the complaint form (GET) and its receipt (POST)' },
  { pattern: '/refunds/new*', kind: 'uncached', what: 'the refund-dispute form (GET) and its receipt (POST)' },
  { pattern: '/track*', kind: 'uncached', what: 'the tracking form (GET) and a case\'s public timeline (POST: case number and access code)' },
  { pattern: '/follow*', kind: 'uncached', what: 'following a centre by text message (POST: mobile, then the one-time code) and the unsubscribe link of each message' },
];

export const APP_PATHS: readonly AppPath[] = [
  { pattern: '/api/institutions*', kind: 'cached-read', what: 'public search and records (JSON)' },
  ...PAGE_PATHS,
  ...PAGE_PATHS.map((p) => ({ ...p, pattern: `${ELDER_PREFIX}${p.pattern}`, what: `${p.what}, in 长者模式` })),
];

/** Where everything else of the API is: every method, never cached. */
export const API_PATH = '/api/*';

/** The bulk import: its own function (exceljs, more memory, a longer timeout), POST only. */
export const IMPORT_ROUTE = { method: 'POST', path: '/api/admin/institutions/import' } as const;

export const pathsOfKind = (kind: AppPathKind): string[] => APP_PATHS.filter((p) => p.kind === kind).map((p) => p.pattern);

/** A CloudFront path pattern as a regular expression over the whole path. */
export function patternToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

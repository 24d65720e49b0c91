/** The case pages' addresses and shells (functions/routes/case-pages.ts). */

export type PageKind = 'complaint' | 'refund' | 'track';

/** The pages' addresses; CloudFront sends every method on `<path>*` to the app, uncached. */
export const CASE_PAGE_PATHS: Record<PageKind, string> = { complaint: '/complaints/new/', refund: '/refunds/new/', track: '/track/' };

/** The shells the site builds for them (site/src/pages/…/shell/), read from the public store like the other shells. */
export const CASE_SHELL_KEYS: Record<PageKind, string> = {
  complaint: 'complaints/new/shell/index.html',
  refund: 'refunds/new/shell/index.html',
  track: 'track/shell/index.html',
};

/** Where the feedback form posts (no-JS and JS alike): under /track, which CloudFront sends to the app. */
export const TRACK_FEEDBACK_PATH = '/track/feedback/';

/** 找回查询码 without JavaScript: case number + mobile, then the code sent by text (functions/cases/recovery.ts). */
export const TRACK_RECOVER_PATH = '/track/recover/';
export const TRACK_RECOVER_VERIFY_PATH = '/track/recover/verify/';

/**
 * Filing and tracking: the complaint and refund-dispute intake API, tracking and recovery
 * (`/api/complaints`, `/api/refund-disputes`, `/api/track…`), the forms' proof of work
 * (`/api/challenge`), and the same as pages without JavaScript (`/complaints/new/`,
 * `/refunds/new/`, `/track/…`).
 */
import { casePages } from '../routes/case-pages.ts';
import { publicCases } from '../routes/cases.ts';
import { challengeApi } from '../routes/challenge.ts';
import type { GroupDeps } from '../groups.ts';
import { apiRouter, groupOf } from './group-app.ts';

export function filingGroup(deps: GroupDeps) {
  const cases = deps.cases ? { cases: deps.cases } : {};
  return groupOf({
    api: apiRouter().route('/', publicCases(deps.cases)).route('/challenge', challengeApi()),
    pages: casePages({ ...cases, privateStore: deps.privateStore }),
  });
}

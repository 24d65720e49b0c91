/** Fees: the fee checker's API and rules (`/api/fee-check`, `/api/fee-rules`) and its page without JavaScript (`/fees/check/`). */
import { Hono } from 'hono';
import type { AppEnv } from '../lib/openapi.ts';
import { feeCheckApi, feeCheckPages, feeRulesApi } from '../routes/fee-check.ts';
import { apiRouter, groupOf } from './group-app.ts';

export function feesGroup() {
  return groupOf({
    api: apiRouter().route('/fee-check', feeCheckApi).route('/fee-rules', feeRulesApi),
    pages: new Hono<AppEnv>().route('/fees', feeCheckPages),
  });
}

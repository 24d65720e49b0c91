/** Fees: the fee checker's API and rules (`/api/fee-check`, `/api/fee-rules`) and its page without JavaScript (`/fees/check/`). */
import { Hono } from 'hono';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { feeCheckApi, feeCheckPages, feeRulesApi } from '../routes/fee-check.ts';
import { groupOf } from './group-app.ts';

export function feesGroup() {
  return groupOf({
    api: createRouter().basePath('/api').route('/fee-check', feeCheckApi).route('/fee-rules', feeRulesApi),
    pages: new Hono<AppEnv>().route('/fees', feeCheckPages),
  });
}

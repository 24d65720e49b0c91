/**
 * The fee checker, for parents and for other apps, one implementation
 * (functions/fees/check.ts over shared/rules/fees.ts `checkCharge`):
 *
 * - `POST /api/fee-check` (JSON, money in fen) and `GET /api/fee-rules`
 *   (the rules in force), under /api;
 * - `/fees/check/`, a page rendered per request: the form, and with
 *   `check=1` the answer, as a GET form that works without JavaScript, in the
 *   published fees page shell (the site's header, footer and stylesheet).
 *   Mounted at `/fees` by functions/app.ts, outside `/api`: it is a page, so
 *   it gets the site's security headers, not the API's. A link may prefill
 *   the form (`/fees/check/?institutionId=…&category=…&districtCode=…`).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { t } from '#shared/i18n/zh-CN.ts';
import { FeeRule } from '#shared/jurisdiction/types.ts';
import { rulesInForce } from '#shared/rules/fees.ts';
import { cstDate } from '#shared/rules/working-days.ts';
import { DistrictCode, IsoDate } from '#shared/schemas/common.ts';
import { FeeCheckInput, FeeCheckResult } from '#shared/schemas/guidance.ts';
import { InstitutionCategories } from '#shared/vocabulary.ts';
import { runFeeCheck } from '../fees/check.ts';
import { parseCheckForm, SUBMITTED_FIELD, valuesOf } from '../fees/form.ts';
import { CHECK_PATH, errorSummary, renderCheckForm, renderCheckResult, ruleVersions } from '../fees/render.ts';
import { currentFeeRules } from '../fees/rules-source.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { pageErrorBoundary, pageHeaders, renderPage, type PageContent } from '../lib/page-shell.ts';
import { FEES_SHELL_KEY } from '../publish/notices.ts';
import { CACHE } from '../storage/types.ts';
import { errorResponse } from './schemas.ts';

const c = t.fees.check;

// ---------------------------------------------------------------------------
// JSON: POST /api/fee-check, GET /api/fee-rules
// ---------------------------------------------------------------------------

const check = createRoute({
  method: 'post',
  path: '/',
  summary: 'Check one charge against the fee rules in force on its day (the same rules and code as /fees/check/)',
  description:
    'Each rule the charge meets, breaks or that does not apply, with its source document and effective date; what to do next; and the complaint form prefilled (`complaintHref`). Money in fen. No personal data is asked for or kept.',
  request: { body: { content: { 'application/json': { schema: FeeCheckInput } }, required: true } },
  responses: {
    200: { description: 'The findings', content: { 'application/json': { schema: FeeCheckResult } } },
    400: errorResponse('A field is not valid; `fields` says which and how to fix it'),
  },
});

export const feeCheckApi = createRouter().openapi(check, async (c) => {
  const input = c.req.valid('json');
  const result = runFeeCheck(input, await currentFeeRules(c.var.db), c.var.now());
  return c.json(result, 200);
});

const FeeRulesQuery = z.object({
  district: DistrictCode.optional().meta({ description: 'Only the versions that apply in this district' }),
  category: z.enum(InstitutionCategories.keys, { error: '培训类别不正确' }).optional(),
  date: IsoDate.optional().meta({ description: 'The day whose rules are wanted; default today (China Standard Time)' }),
});

const FeeRulesAnswer = z
  .object({
    date: IsoDate,
    /** The versions in force on that day (with a district: the ones checkCharge applies there). */
    inForce: z.array(FeeRule),
    /** Every version, past and future, configured and published: ids to reuse when publishing a replacement. */
    versions: z.array(FeeRule),
  })
  .meta({ id: 'FeeRules', description: '收费规定：某日施行的版本，以及全部历史和将来的版本' });

const rules = createRoute({
  method: 'get',
  path: '/',
  summary: 'The fee rules: configured defaults and regulator-published guidance, every version with its source and effective date',
  request: { query: FeeRulesQuery },
  responses: {
    200: { description: 'The rules', content: { 'application/json': { schema: FeeRulesAnswer } } },
    400: errorResponse('A parameter is not valid'),
  },
});

export const feeRulesApi = createRouter().openapi(rules, async (c) => {
  const query = c.req.valid('query');
  const date = query.date ?? cstDate(c.var.now().toISOString());
  const all = await currentFeeRules(c.var.db);
  const here = (r: FeeRule) => (!query.district || !r.districtCodes || r.districtCodes.includes(query.district)) && (!query.category || r.categories.includes(query.category));
  const versions = all.filter(here);
  c.header('Cache-Control', CACHE.searchAnswer);
  // With a district: what checkCharge applies there; without: what applies in any district.
  const inForce = query.district ? rulesInForce(versions, date) : ruleVersions(versions, date).filter((v) => v.state === 'in_force').map((v) => v.rule);
  return c.json({ date, inForce, versions }, 200);
});

// ---------------------------------------------------------------------------
// The page: GET /fees/check/
// ---------------------------------------------------------------------------

const page = (ctx: Context<AppEnv>, title: string, content: PageContent, status: 200 | 400) => renderPage(ctx, FEES_SHELL_KEY, { title, description: c.description, content }, status);

export const feeCheckPages = new Hono<AppEnv>();

feeCheckPages.use('/check/*', pageHeaders());

// The form's own address has a trailing slash, as every page of the site.
feeCheckPages.get('/check', (c) => c.redirect(`${CHECK_PATH}${new URL(c.req.url).search}`, 301));

feeCheckPages.get('/check/', async (ctx) => {
  const query = ctx.req.query();
  const values = valuesOf(query);
  ctx.header('Cache-Control', CACHE.searchAnswer);
  if (query[SUBMITTED_FIELD] === undefined) {
    // The form, empty or prefilled by a link (from an institution's page).
    const content = html`<div class="fee-check-page">
  <h1 class="heading-l">${c.title}</h1>
  <p class="lead">${c.lead}</p>
  ${renderCheckForm(values, {})}
</div>`;
    return page(ctx, c.title, content, 200);
  }
  ctx.header('X-Robots-Tag', 'noindex');
  const outcome = parseCheckForm(values);
  if (!outcome.ok) {
    const content = html`<div class="fee-check-page">
  <h1 class="heading-l">${c.invalidTitle}</h1>
  ${errorSummary(outcome.errors)}
  ${renderCheckForm(values, outcome.errors)}
</div>`;
    return page(ctx, c.invalidTitle, content, 400);
  }
  const result = runFeeCheck(outcome.input, await currentFeeRules(ctx.var.db), ctx.var.now());
  const content = html`<div class="fee-check-page">
  <h1 class="heading-l">${c.resultTitle}</h1>
  ${renderCheckResult(outcome.input, result)}
  <h2 class="heading-m" id="check-again">${c.again}</h2>
  ${renderCheckForm(values, {})}
</div>`;
  return page(ctx, c.resultTitle, content, 200);
});

// A page is for people: an unexpected failure gets a page in Chinese too, never a stack trace.
feeCheckPages.onError(pageErrorBoundary(c.description));

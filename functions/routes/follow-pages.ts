/**
 * 关注机构 without JavaScript (functions/follow/service.ts):
 *
 * - `POST /follow/` (from the form on each centre page): centre + mobile →
 *   a one-time code by text message; answers the code form (202) whether or
 *   not the number already follows the centre;
 * - `POST /follow/confirm/`: centre + mobile + code → followed (200);
 * - `GET /follow/stop/?t=<token>`: the unsubscribe link of every message;
 *   answers a page with one button (a GET never changes anything, so a link
 *   scanner that opens it unsubscribes nobody), which posts to
 * - `POST /follow/stop/`: removes the subscription; the same answer whether
 *   or not it still existed.
 *
 * Rendered in the institution pages' shell, with the site's security
 * headers, never cached. Forms from other sites are refused, as the case
 * pages refuse them. CloudFront sends `/follow*` to the app (infra/routes.ts).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { t } from '#shared/i18n/zh-CN.ts';
import { beijingDate } from '#shared/rules/beijing-time.ts';
import { clientKey } from '../auth/client-ip.ts';
import { beijingClock, secondsUntil } from '../auth/rate-limit.ts';
import { authSettings } from '../auth/settings.ts';
import { TrackInputInvalid, TrackLocked } from '../cases/errors.ts';
import { caseServices, type CaseServiceOptions } from '../cases/services.ts';
import { FOLLOW_PATH } from '../follow/centre-section.ts';
import { FOLLOW_STOP_PATH } from '../follow/sender.ts';
import { confirmFollowCode, FollowCodeInvalid, requestFollow, unsubscribe, UnsubscribeTokenInvalid } from '../follow/service.ts';
import { ApiError } from '../lib/errors.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { institutionPath } from '../publish/render-institution.ts';
import { SHELL_KEY } from '../publish/shell.ts';
import { pageErrorBoundary, pageHeaders, renderPage } from '../lib/page-shell.ts';
import { crossSite, FORM_TYPE, readForm } from './case-pages/requests.ts';
import { errorSummary, submitRow, textField, type FormState } from './case-pages/widgets.ts';
import { recoveryNotifier } from './cases.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
const s = t.subscriptions;
export const FOLLOW_CONFIRM_PATH = '/follow/confirm/';
const BODY_BYTES = 16 * 1024;
const ORDER = ['institution', 'mobile', 'code'] as const;

/** A page in the site's shell (functions/lib/page-shell.ts). */
const page = (c: Context<AppEnv>, p: { title: string; content: Html }, status: ContentfulStatusCode) => renderPage(c, SHELL_KEY, { ...p, description: s.lead }, status);

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}" />`;

function requestForm(state: FormState): Html {
  return html`<form class="case-form" action="${FOLLOW_PATH}" method="post" accept-charset="utf-8" novalidate>
  ${hidden('institution', state.values.institution ?? '')}
  ${textField('mobile', state, { label: s.mobile, hint: s.mobileHint, type: 'tel', inputmode: 'numeric', autocomplete: 'tel-national', width: 'medium', maxlength: 20 })}
  ${submitRow(s.send)}
</form>`;
}

function confirmForm(state: FormState): Html {
  return html`<form class="case-form" action="${FOLLOW_CONFIRM_PATH}" method="post" accept-charset="utf-8" novalidate>
  ${hidden('institution', state.values.institution ?? '')}
  ${hidden('mobile', state.values.mobile ?? '')}
  ${textField('code', { ...state, values: {} }, { label: s.code, inputmode: 'numeric', autocomplete: 'one-time-code', width: 'medium', maxlength: 12 })}
  ${submitRow(s.confirm)}
</form>`;
}

function formPage(o: { step: 'request' | 'confirm'; state: FormState; name?: string | undefined; notices?: string[] }): { title: string; content: Html } {
  const title = o.name ? s.title(o.name) : s.formTitle;
  const id = o.state.values.institution;
  return {
    title,
    content: html`<div class="case-page follow-page">
  <h1 class="heading-l">${title}</h1>
  <p class="lead">${s.lead}</p>
  ${errorSummary(o.state.errors, ORDER, o.notices ?? [])}
  ${o.step === 'confirm' ? confirmForm(o.state) : requestForm(o.state)}
  <p class="hint">${s.privacy}</p>
  ${id && /^[a-z0-9-]{3,64}$/.test(id) ? html`<p><a href="${institutionPath(id)}">${s.backToCentre}</a></p>` : ''}
</div>`,
  };
}

function messagePage(title: string, paragraphs: string[], back?: string): { title: string; content: Html } {
  return {
    title,
    content: html`<div class="case-page prose follow-page">
  <h1 class="heading-l">${title}</h1>
  ${paragraphs.map((p) => html`<p>${p}</p>`)}
  ${back ? html`<p><a href="${back}">${s.backToCentre}</a></p>` : ''}
</div>`,
  };
}

function stopPage(token: string, invalid: boolean): { title: string; content: Html } {
  if (invalid) return messagePage(s.stopTitle, [s.stopInvalid]);
  return {
    title: s.stopTitle,
    content: html`<div class="case-page follow-page">
  <h1 class="heading-l">${s.stopTitle}</h1>
  <p class="lead">${s.stopLead}</p>
  <form class="case-form" action="${FOLLOW_STOP_PATH}" method="post" accept-charset="utf-8">
    ${hidden('t', token)}
    <button class="button" type="submit">${s.stopButton}</button>
  </form>
</div>`,
  };
}

export interface FollowPagesOptions {
  cases?: CaseServiceOptions;
  allowedOrigins?: readonly string[];
}

/** The follow and unsubscribe pages, for functions/app.ts to mount at the root. */
export function followPages(options: FollowPagesOptions = {}) {
  const services = caseServices(options.cases);
  const allowed = options.allowedOrigins ?? authSettings.allowedOrigins;
  const pages = new Hono<AppEnv>();
  pages.use('/follow/*', pageHeaders({ noStore: true }));
  pages.get('/follow', (c) => c.redirect(`${FOLLOW_PATH}${new URL(c.req.url).search}`, 301));
  const limit = bodyLimit({ maxSize: BODY_BYTES, onError: (c) => page(c as Context<AppEnv>, messagePage(t.cases.form.tooLarge, [s.stopInvalid]), 413) });

  async function guard(c: Context<AppEnv>): Promise<Response | undefined> {
    if (crossSite(c, allowed)) return page(c, messagePage(t.cases.form.forbiddenTitle, [t.cases.form.forbiddenText]), 403);
    if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) return page(c, messagePage(t.cases.form.unsupportedTitle, [t.cases.form.unsupportedText]), 415);
    return undefined;
  }

  /** Bad input, a lock, a code that does not fit, an outage: the form again with what to do. */
  const answer = (c: Context<AppEnv>, error: unknown, again: (errors: Record<string, string>, notices: string[], status: ContentfulStatusCode) => Promise<Response>) => {
    if (error instanceof TrackInputInvalid) return again(error.fields, [], 400);
    if (error instanceof FollowCodeInvalid) return again({}, [s.codeInvalid], 404);
    if (error instanceof TrackLocked) {
      const seconds = secondsUntil(error.until, c.var.now());
      c.header('Retry-After', String(seconds));
      const shown = new Date(Math.ceil(error.until.getTime() / 60_000) * 60_000);
      return again({}, [t.cases.track.locked(Math.ceil(seconds / 60), beijingClock(shown))], 429);
    }
    if (error instanceof ApiError && error.status === 503) {
      c.header('Retry-After', '60');
      return again({}, [s.unavailable], 503);
    }
    throw error;
  };

  // The form on its own (a link or a bookmark); the centre page carries the same form.
  pages.get(FOLLOW_PATH, (c) => {
    const institution = c.req.query('institution') ?? '';
    return page(c, formPage({ step: 'request', state: { values: { institution }, errors: {} } }), 200);
  });
  pages.get(FOLLOW_CONFIRM_PATH, (c) => c.redirect(FOLLOW_PATH, 303));

  pages.post(FOLLOW_PATH, limit, async (c) => {
    const refused = await guard(c);
    if (refused) return refused;
    const values = (await readForm(c))?.values ?? {};
    const echo = { institution: values.institution ?? '', mobile: values.mobile ?? '' };
    const again = (errors: Record<string, string>, notices: string[], status: ContentfulStatusCode) =>
      page(c, formPage({ step: 'request', state: { values: echo, errors }, notices }), status);
    try {
      const { name } = await requestFollow(c.var.db, services, recoveryNotifier(services.notifier), { ...echo, clientKey: clientKey(c), now: c.var.now() });
      return page(c, formPage({ step: 'confirm', name, state: { values: echo, errors: {} }, notices: [s.sent] }), 202);
    } catch (error) {
      return answer(c, error, again);
    }
  });

  pages.post(FOLLOW_CONFIRM_PATH, limit, async (c) => {
    const refused = await guard(c);
    if (refused) return refused;
    const values = (await readForm(c))?.values ?? {};
    const echo = { institution: values.institution ?? '', mobile: values.mobile ?? '' };
    const again = (errors: Record<string, string>, notices: string[], status: ContentfulStatusCode) =>
      // A bad mobile or centre here means a tampered form: start again from the first step.
      page(c, formPage({ step: errors.mobile || errors.institution ? 'request' : 'confirm', state: { values: echo, errors }, notices }), status);
    try {
      const done = await confirmFollowCode(c.var.db, services, { ...echo, code: values.code ?? '', clientKey: clientKey(c), now: c.var.now() });
      return page(c, messagePage(s.doneTitle, [s.done(done.name, beijingDate(done.expiresAt)), s.doneNote], institutionPath(echo.institution)), 200);
    } catch (error) {
      return answer(c, error, again);
    }
  });

  pages.get(FOLLOW_STOP_PATH, (c) => {
    const token = c.req.query('t') ?? '';
    c.header('Referrer-Policy', 'no-referrer');
    return page(c, stopPage(token, !/^[a-z0-9.-]{20,120}$/.test(token)), 200);
  });

  pages.post(FOLLOW_STOP_PATH, limit, async (c) => {
    const refused = await guard(c);
    if (refused) return refused;
    const values = (await readForm(c))?.values ?? {};
    try {
      await unsubscribe(c.var.db, services, values.t ?? '', c.var.now());
    } catch (error) {
      if (error instanceof UnsubscribeTokenInvalid) return page(c, stopPage('', true), 400);
      throw error;
    }
    return page(c, messagePage(s.stoppedTitle, [s.stopped]), 200);
  });

  pages.onError(pageErrorBoundary(s.lead));
  return pages;
}

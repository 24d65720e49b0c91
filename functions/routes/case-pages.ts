/**
 * The family's pages, rendered per request in the site's page shells, and
 * working without JavaScript:
 *
 * - `/complaints/new/` and `/refunds/new/`: GET answers the form, POST files
 *   it and answers the receipt (or the form again, 400, with an error summary
 *   linking to each field and every answer kept);
 * - `/track/`: GET answers the form, POST the case's public timeline.
 *
 * Why the form pages are served here and not as static pages: a form must
 * carry a random key of its own (its idempotency key) so that a double click
 * or a retried POST never files twice. A static page cannot carry one: with
 * JavaScript the page could make one, but a family without JavaScript would
 * post a form with no key, and its double click would file two cases. Served
 * here, every form view gets a fresh key in a hidden field, so every family
 * is protected; `?institution=<id>`, `?kind=` and the fee checker's link
 * prefill the form without JavaScript too; and one renderer draws the form
 * whether it is new, prefilled or back with errors. The cost is an
 * invocation per form view (no table access unless a prefilled institution
 * is missing from the search snapshot); these pages are never cached.
 *
 * With JavaScript (site/src/scripts/case-form.ts) the same form is checked
 * as it is filled in, by the same schemas (shared/schemas/cases.ts), and sent
 * to the JSON API with the same key; the receipt is then this POST's answer,
 * replayed from the idempotency record.
 *
 * Forms refuse other sites (Origin, and Sec-Fetch-Site when sent): no page
 * elsewhere can file, or burn a family's tracking attempts, on their behalf.
 *
 * Every value is escaped (hono/html and the page kit, shared/ui). Mounted
 * beside /api by functions/app.ts, with the site's security headers
 * (functions/lib/page-shell.ts).
 *
 * This file holds the routes; what they draw and read is beside it, in
 * ./case-pages/: `paths.ts` (addresses and shells), `widgets.ts` (the kit
 * bound to a form's state), `forms.ts`, `receipt.ts`, `tracking.ts`,
 * `requests.ts` (reading a post), `attachments.ts` (keeping a form's files)
 * and `attachments-admin.ts` (the staff download of a case's attachments,
 * `caseAttachmentsAdmin`, mounted under /api/admin/cases).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { t } from '#shared/i18n/zh-CN.ts';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import { parseCaseNumber } from '#shared/rules/case-number.ts';
import { ATTACHMENT_LIMITS, CaseFeedbackInput, CaseFormFields, COMPLAINT_FORM_KINDS, IdempotencyKey, TrackInput } from '#shared/schemas/cases.ts';
import { InstitutionCategories, PaymentFinancings, PaymentMethods, type ComplaintKind } from '#shared/vocabulary.ts';
import { clientKey } from '../auth/client-ip.ts';
import { beijingClock, secondsUntil } from '../auth/rate-limit.ts';
import { authSettings } from '../auth/settings.ts';
import { IdempotencyMismatch, IntakeBusy, SubmissionRefused, TrackInputInvalid, TrackLocked, TrackNotFound, UnknownInstitution } from '../cases/errors.ts';
import { verifyFeedbackToken, withFeedbackPass } from '../cases/feedback-token.ts';
import { submitCase, type SubmitResult } from '../cases/intake.ts';
import { completeCodeRecovery, RecoveryCodeInvalid, requestRecovery } from '../cases/recovery.ts';
import { caseServices, type CaseServiceOptions, type CaseServices } from '../cases/services.ts';
import { publicTimeline } from '../cases/timeline.ts';
import { trackCase } from '../cases/tracking.ts';
import { CaseConflict, FeedbackNotOpen, giveFeedback, TriageBusy } from '../cases/transitions.ts';
import { getCase, listCaseEvents, type StoredCase } from '../data/cases.ts';
import { getInstitution } from '../data/institutions.ts';
import { unavailableOutcome } from '../data/unavailable.ts';
import { ApiError, unavailableAnswer } from '../lib/errors.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { pageErrorBoundary, pageHeaders, renderPage, type Page } from '../lib/page-shell.ts';
import { prepareAttachments } from '../storage/private-attachments.ts';
import type { PrivateStore } from '../storage/private-store.ts';
import { keepAttachments } from './case-pages/attachments.ts';
import { complaintPage, refundPage, type ChosenInstitution, type FormPage } from './case-pages/forms.ts';
import { CASE_PAGE_PATHS, CASE_SHELL_KEYS, TRACK_FEEDBACK_PATH, TRACK_RECOVER_PATH, TRACK_RECOVER_VERIFY_PATH, type PageKind } from './case-pages/paths.ts';
import { receiptContent } from './case-pages/receipt.ts';
import { crossSite, echoValues, FORM_TYPE, messagePage, newFormKey, parseSubmission, readForm, TRACK_BODY_BYTES } from './case-pages/requests.ts';
import { recoveredPage, recoverPage, timelineContent, trackPage } from './case-pages/tracking.ts';
import { megabytes } from './case-pages/widgets.ts';
import { recoveryNotifier } from './cases.ts';

export { caseAttachmentsAdmin } from './case-pages/attachments-admin.ts';
export { CASE_PAGE_PATHS, CASE_SHELL_KEYS, TRACK_FEEDBACK_PATH, TRACK_RECOVER_PATH } from './case-pages/paths.ts';
export { receiptContent } from './case-pages/receipt.ts';
export { newFormKey } from './case-pages/requests.ts';
export { timelineContent } from './case-pages/tracking.ts';
/** The element id of a field (shared/ui/field-id.ts); the pages' scripts use the same rule. */
export { fieldId } from '#shared/ui/field-id.ts';

const f = t.cases.form;
const rp = t.cases.receiptPage;
const tp = t.cases.trackPage;
const fb = tp.feedback;
const rc = t.recovery;

/** A page in its shell (functions/lib/page-shell.ts). */
const page = (c: Context<AppEnv>, kind: PageKind, p: Page, status: ContentfulStatusCode) => renderPage(c, CASE_SHELL_KEYS[kind], p, status);

export interface CasePagesOptions {
  cases?: CaseServiceOptions;
  /** Where attachments are kept (never the public store). */
  privateStore: PrivateStore;
  /** Origins the forms may be posted from; default SITE_ORIGINS, else the page's own. */
  allowedOrigins?: readonly string[];
}

/** The complaint, refund and tracking pages, for functions/app.ts to mount at the root. */
export function casePages(options: CasePagesOptions) {
  const services: CaseServices = caseServices(options.cases);
  const allowed = options.allowedOrigins ?? authSettings.allowedOrigins;
  const pages = new Hono<AppEnv>();
  const description = { complaint: f.complaintDescription, refund: f.refundDescription, track: tp.description } as const;

  for (const kind of ['complaint', 'refund', 'track'] as const) {
    const path = CASE_PAGE_PATHS[kind];
    // Pages, not JSON: never cached (each form view has its own key; answers hold access codes).
    pages.use(`${path}*`, pageHeaders({ noStore: true, noindex: 'posts' }));
    // Each page's own address has a trailing slash, as every page of the site.
    pages.get(path.slice(0, -1), (c) => c.redirect(`${path}${new URL(c.req.url).search}`, 301));
  }

  const tooLarge = (kind: PageKind) =>
    bodyLimit({
      maxSize: kind === 'track' ? TRACK_BODY_BYTES : ATTACHMENT_LIMITS.maxRequestBytes,
      onError: (c) => page(c as Context<AppEnv>, kind, messagePage(kind, f.tooLarge, f.tooLargeText(megabytes(ATTACHMENT_LIMITS.maxTotalBytes))), 413),
    });

  /** Refuses posts from other sites and bodies that are not forms; else undefined. */
  async function guard(c: Context<AppEnv>, kind: PageKind): Promise<Response | undefined> {
    if (crossSite(c, allowed)) return page(c, kind, messagePage(kind, f.forbiddenTitle, f.forbiddenText), 403);
    if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) return page(c, kind, messagePage(kind, f.unsupportedTitle, f.unsupportedText), 415);
    return undefined;
  }

  /** A registry institution by id: from the search snapshot (memory), else the table (a centre not yet published). */
  async function findInstitution(c: Context<AppEnv>, id: string | undefined): Promise<ChosenInstitution | undefined> {
    if (!id || !/^[a-z0-9-]{3,64}$/.test(id)) return undefined;
    const summary = (await c.var.search.index()).get(id);
    if (summary) return { id, name: summary.name, districtCode: summary.districtCode, category: summary.category, address: summary.address };
    const inst = await getInstitution(c.var.db, id);
    if (!inst) return undefined;
    return { id, name: inst.name, districtCode: inst.districtCode, category: inst.category, address: inst.premises[0]?.address ?? '' };
  }

  function formPage(kind: 'complaint' | 'refund', p: FormPage) {
    return kind === 'complaint' ? complaintPage(p) : refundPage(p);
  }

  async function showForm(c: Context<AppEnv>, kind: 'complaint' | 'refund', p: Omit<FormPage, 'retentionDays'>, status: ContentfulStatusCode) {
    return page(c, kind, { ...formPage(kind, { ...p, retentionDays: services.retentionDays }), description: description[kind] }, status);
  }

  // GET: the form, prefilled by a link (an institution's page, the fee checker, a notice).
  for (const kind of ['complaint', 'refund'] as const) {
    pages.get(CASE_PAGE_PATHS[kind], async (c) => {
      const q = c.req.query();
      const values: Record<string, string> = {};
      const chosen = await findInstitution(c, q.institution);
      if (chosen) values.districtCode = chosen.districtCode;
      else if (q.category && (InstitutionCategories.keys as readonly string[]).includes(q.category)) values['institution.unlistedCategory'] = q.category;
      if (!values.districtCode && q.district && jurisdiction.districts.some((d) => d.code === q.district)) values.districtCode = q.district;
      const paymentMethod = (PaymentMethods.keys as readonly string[]).includes(q.paymentMethod ?? '') ? (q.paymentMethod as (typeof PaymentMethods.keys)[number]) : undefined;
      const financing = (PaymentFinancings.keys as readonly string[]).includes(q.financing ?? '') ? (q.financing as (typeof PaymentFinancings.keys)[number]) : undefined;
      if (kind === 'complaint') {
        if ((COMPLAINT_FORM_KINDS as readonly string[]).includes(q.kind ?? '')) values.kind = q.kind as ComplaintKind;
        // From the fee checker: what was charged and how, as the start of the description.
        const amount = q.amount && /^\d{1,9}(\.\d{1,2})?$/.test(q.amount) ? `${q.amount}元` : undefined;
        if (amount || paymentMethod) values.description = f.prefillFees(amount, paymentMethod ? PaymentMethods.label(paymentMethod) : undefined, financing ? PaymentFinancings.label(financing) : undefined);
      } else {
        if (paymentMethod) values.paymentMethod = paymentMethod;
        if (financing) values.financing = financing;
        if (q.amount && /^\d{1,9}(\.\d{1,2})?$/.test(q.amount)) values.amountPaid = q.amount;
      }
      return showForm(c, kind, { state: { values, errors: {} }, key: newFormKey(), chosen, notices: [], filesDropped: false }, 200);
    });

    pages.post(CASE_PAGE_PATHS[kind], tooLarge(kind), async (c) => {
      const refused = await guard(c, kind);
      if (refused) return refused;
      const posted = await readForm(c);
      if (!posted) return showForm(c, kind, { state: { values: {}, errors: {} }, key: newFormKey(), chosen: undefined, notices: [f.malformed], filesDropped: false }, 400);
      const { values, files } = posted;
      const key = IdempotencyKey.safeParse(values[CaseFormFields.idempotencyKey]).success ? values[CaseFormFields.idempotencyKey]! : newFormKey();
      const chosen = await findInstitution(c, values['institution.institutionId']);
      const echo = echoValues(values);
      const again = (p: Partial<Omit<FormPage, 'retentionDays'>>, status: ContentfulStatusCode) =>
        showForm(c, kind, { state: { values: echo, errors: {} }, key, chosen, notices: [], filesDropped: files.length > 0, ...p }, status);

      const parsed = parseSubmission(kind, values);
      const prepared = prepareAttachments(files);
      if (!parsed.ok || !prepared.ok) {
        const errors = { ...(parsed.ok ? {} : parsed.errors), ...(prepared.ok ? {} : { [CaseFormFields.attachments]: prepared.message }) };
        return again({ state: { values: echo, errors } }, 400);
      }
      const submission = parsed.submission;
      // The checks see what a JSON submission shows them: the form's key as the Idempotency-Key header, the fields as the body.
      const headers = new Headers(c.req.raw.headers);
      headers.set('idempotency-key', key);
      let result: SubmitResult;
      try {
        result = await submitCase(c.var.db, services, submission, { idempotencyKey: key, request: { clientKey: clientKey(c), headers, rawBody: values }, now: c.var.now() });
      } catch (error) {
        if (error instanceof SubmissionRefused) {
          const { status, message, retryAfterSeconds } = error.verdict;
          if (retryAfterSeconds !== undefined) c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
          return again({ notices: [message || t.cases.intake.refused] }, status);
        }
        if (error instanceof IdempotencyMismatch) return again({ notices: [t.cases.intake.idempotencyMismatch, f.mismatchRestart], key: newFormKey() }, 409);
        if (error instanceof UnknownInstitution) {
          const { 'institution.institutionId': _id, ...rest } = echo;
          return again({ state: { values: rest, errors: { 'institution.unlistedName': t.cases.intake.unknownInstitution } }, chosen: undefined }, 400);
        }
        if (error instanceof IntakeBusy) return again({ notices: [f.busy] }, 503);
        const outcome = unavailableOutcome(error);
        if (outcome) {
          unavailableAnswer(c, outcome);
          return again({ notices: [outcome === 'not_written' ? t.outage.caseNotFiled : t.outage.caseUnknown] }, 503);
        }
        throw error;
      }

      const kept = await keepAttachments(options.privateStore, c, result, prepared.files);
      if (kept === 'mismatch') return again({ notices: [t.cases.intake.idempotencyMismatch, f.mismatchRestart], key: newFormKey() }, 409);
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      const type = t.cases.types[result.receipt.type];
      return page(c, kind, { title: rp.title(type), description: rp.description, content: receiptContent(result.receipt, kept) }, 201);
    });
  }


  // Tracking.
  pages.get(CASE_PAGE_PATHS.track, async (c) => {
    const { title, content } = trackPage({ values: {}, errors: {} }, []);
    return page(c, 'track', { title, description: tp.description, content }, 200);
  });

  pages.post(CASE_PAGE_PATHS.track, tooLarge('track'), async (c) => {
    const refused = await guard(c, 'track');
    if (refused) return refused;
    const posted = await readForm(c);
    const values = posted?.values ?? {};
    const echo = { caseNumber: values.caseNumber ?? '' };
    const form = (errors: Record<string, string>, notices: string[], status: ContentfulStatusCode) =>
      page(c, 'track', { ...trackPage({ values: echo, errors }, notices), description: tp.description }, status);
    if (!posted) return form({}, [f.malformed], 400);
    const input = TrackInput.safeParse({ caseNumber: values.caseNumber?.trim() || undefined, accessCode: values.accessCode?.trim() || undefined });
    if (!input.success) {
      const errors: Record<string, string> = {};
      for (const issue of input.error.issues) errors[String(issue.path[0] ?? '_')] ??= issue.message;
      return form(errors, [], 400);
    }
    const now = c.var.now();
    try {
      const timeline = withFeedbackPass(await trackCase(c.var.db, services, { ...input.data, clientKey: clientKey(c), now }), services.secret, now);
      return page(c, 'track', { title: tp.resultTitle, description: tp.description, content: timelineContent(timeline) }, 200);
    } catch (error) {
      if (error instanceof TrackInputInvalid) return form(error.fields, [], 400);
      if (error instanceof TrackNotFound) return form({}, [t.cases.track.notFound], 404);
      if (error instanceof TrackLocked) {
        const seconds = secondsUntil(error.until, now);
        c.header('Retry-After', String(seconds));
        const shown = new Date(Math.ceil(error.until.getTime() / 60_000) * 60_000);
        return form({}, [t.cases.track.locked(Math.ceil(seconds / 60), beijingClock(shown))], 429);
      }
      if (unavailableOutcome(error)) {
        unavailableAnswer(c, 'not_written');
        return form({}, [t.outage.trackNotDone], 503);
      }
      throw error;
    }
  });

  // 找回查询码 (functions/cases/recovery.ts), without JavaScript.
  pages.get(TRACK_RECOVER_PATH, (c) => page(c, 'track', { ...recoverPage({}), description: rc.lead }, 200));
  pages.get(TRACK_RECOVER_VERIFY_PATH, (c) => c.redirect(TRACK_RECOVER_PATH, 303));
  const recoverAnswer = (c: Context<AppEnv>, error: unknown, again: (errors: Record<string, string>, notices: string[], status: ContentfulStatusCode) => Promise<Response>) => {
    if (error instanceof TrackInputInvalid) return again(error.fields, [], 400);
    if (error instanceof RecoveryCodeInvalid) return again({}, [rc.codeInvalid], 404);
    if (error instanceof TrackLocked) {
      const seconds = secondsUntil(error.until, c.var.now());
      c.header('Retry-After', String(seconds));
      const shown = new Date(Math.ceil(error.until.getTime() / 60_000) * 60_000);
      return again({}, [t.cases.track.locked(Math.ceil(seconds / 60), beijingClock(shown))], 429);
    }
    if (error instanceof ApiError && error.status === 503) return again({}, [rc.unavailable], 503);
    throw error;
  };
  pages.post(TRACK_RECOVER_PATH, tooLarge('track'), async (c) => {
    const refused = await guard(c, 'track');
    if (refused) return refused;
    // An unreadable body reads as an empty form: each field then says what is missing.
    const values = (await readForm(c))?.values ?? {};
    const echo = { caseNumber: values.caseNumber ?? '', mobile: values.mobile ?? '' };
    const again = (errors: Record<string, string>, notices: string[], status: ContentfulStatusCode) =>
      page(c, 'track', { ...recoverPage({ request: { values: echo, errors }, errors, notices }), description: rc.lead }, status);
    try {
      await requestRecovery(c.var.db, services, recoveryNotifier(services.notifier), { caseNumber: echo.caseNumber, mobile: echo.mobile, clientKey: clientKey(c), now: c.var.now() });
    } catch (error) {
      return recoverAnswer(c, error, again);
    }
    return page(c, 'track', { ...recoverPage({ verify: { values: { caseNumber: echo.caseNumber }, errors: {} }, notices: [rc.sent] }), description: rc.lead }, 202);
  });
  pages.post(TRACK_RECOVER_VERIFY_PATH, tooLarge('track'), async (c) => {
    const refused = await guard(c, 'track');
    if (refused) return refused;
    // An unreadable body reads as an empty form: each field then says what is missing.
    const values = (await readForm(c))?.values ?? {};
    const echo = { caseNumber: values.caseNumber ?? '' };
    const again = (errors: Record<string, string>, notices: string[], status: ContentfulStatusCode) =>
      page(c, 'track', { ...recoverPage({ verify: { values: echo, errors }, errors, notices }), description: rc.lead }, status);
    try {
      const done = await completeCodeRecovery(c.var.db, services, { caseNumber: echo.caseNumber, code: values.code ?? '', clientKey: clientKey(c), now: c.var.now() });
      return page(c, 'track', { ...recoveredPage(done.caseNumber, done.accessCode), description: rc.lead }, 200);
    } catch (error) {
      return recoverAnswer(c, error, again);
    }
  });

  // The family's feedback (评价) from the timeline page: checked as tracking is, then recorded.
  pages.get(TRACK_FEEDBACK_PATH.slice(0, -1), (c) => c.redirect(CASE_PAGE_PATHS.track, 303));
  pages.get(TRACK_FEEDBACK_PATH, (c) => c.redirect(CASE_PAGE_PATHS.track, 303));
  pages.post(TRACK_FEEDBACK_PATH, tooLarge('track'), async (c) => {
    const refused = await guard(c, 'track');
    if (refused) return refused;
    const posted = await readForm(c);
    const values = posted?.values ?? {};
    const now = c.var.now();
    const caseNumber = parseCaseNumber(values.caseNumber ?? '');
    const trackAgain = (notices: string[], status: ContentfulStatusCode) =>
      page(c, 'track', { ...trackPage({ values: { caseNumber: values.caseNumber ?? '' }, errors: {} }, notices), description: tp.description }, status);
    // The pass stands for the number and code the family typed a moment ago; without it, they look the case up again.
    if (!caseNumber || !verifyFeedbackToken(services.secret, caseNumber, values.feedbackToken ?? '', now)) return trackAgain([fb.expired], 400);
    const shown = (stored: StoredCase, extra: Parameters<typeof timelineContent>[1], status: ContentfulStatusCode) =>
      listCaseEvents(c.var.db, caseNumber).then((events) =>
        page(c, 'track', { title: tp.resultTitle, description: tp.description, content: timelineContent(withFeedbackPass(publicTimeline(stored.record, events, services.jurisdiction), services.secret, now), extra) }, status),
      );
    const stored = await getCase(c.var.db, caseNumber);
    if (!stored) return trackAgain([fb.expired], 400);
    if (stored.record.state !== 'concluded') return shown(stored, { notices: [fb.notOpen] }, 409);
    const satisfied = values.satisfied === 'yes' ? true : values.satisfied === 'no' ? false : undefined;
    const parsed = CaseFeedbackInput.pick({ satisfied: true, comment: true }).safeParse({ satisfied, comment: values.comment?.trim() || undefined });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_')] ??= issue.message;
      return shown(stored, { state: { values: { satisfied: values.satisfied ?? '', comment: values.comment ?? '' }, errors } }, 400);
    }
    try {
      const after = await giveFeedback(c.var.db, { caseNumber, satisfied: parsed.data.satisfied, ...(parsed.data.comment ? { comment: parsed.data.comment } : {}), now }, services.jurisdiction);
      return shown(after, { thanks: parsed.data.satisfied ? fb.thanksSatisfied : fb.thanksUnsatisfied }, 200);
    } catch (error) {
      if (error instanceof FeedbackNotOpen || error instanceof CaseConflict) return shown((await getCase(c.var.db, caseNumber))!, { notices: [fb.notOpen] }, 409);
      if (error instanceof TriageBusy) return shown(stored, { notices: [t.triage.refused.busy] }, 503);
      throw error;
    }
  });

  // A page is for people: an unexpected failure gets a page in Chinese too, never a stack trace.
  pages.onError(pageErrorBoundary(t.errors.unavailable));

  return pages;
}

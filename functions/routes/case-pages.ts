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
 * Every value is escaped by hono/html. Mounted beside /api by functions/app.ts,
 * with the site's security headers. Also here: the staff download of a
 * case's attachments (`caseAttachmentsAdmin`, mounted under /api/admin/cases).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { randomBytes } from 'node:crypto';
import { t } from '#shared/i18n/zh-CN.ts';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import { parseCaseNumber } from '#shared/rules/case-number.ts';
import { formatYuan } from '#shared/rules/fees.ts';
import {
  ATTACHMENT_EXTENSIONS,
  ATTACHMENT_LIMITS,
  attachmentMessages,
  CaseAttachment,
  CaseFeedbackInput,
  CaseFormFields,
  CHILD_AGE_BAND_LABELS,
  ChildAgeBands,
  COMPLAINT_FORM_GROUPS,
  COMPLAINT_FORM_KINDS,
  COMPLAINT_FORM_ORDER,
  IdempotencyKey,
  parseComplaintForm,
  parseRefundForm,
  REFUND_FORM_ORDER,
  TrackInput,
  type CaseFormValues,
  type CaseReceipt,
  type CaseTimeline,
  type RefundAssessment,
} from '#shared/schemas/cases.ts';
import { InstitutionCategories, PaymentChannels, PaymentFinancings, PaymentMethods, Priorities, type ComplaintKind, type InstitutionCategory } from '#shared/vocabulary.ts';
import { audit, currentStaff } from '../auth/index.ts';
import { clientKey } from '../auth/client-ip.ts';
import { beijingClock, secondsUntil } from '../auth/rate-limit.ts';
import { authSettings } from '../auth/settings.ts';
import {
  IdempotencyMismatch,
  IntakeBusy,
  SubmissionRefused,
  TrackInputInvalid,
  TrackLocked,
  TrackNotFound,
  UnknownInstitution,
} from '../cases/errors.ts';
import { submitCase, type SubmitResult, type Submission } from '../cases/intake.ts';
import { receiptKeepSection } from '../cases/receipt-card.ts';
import { completeCodeRecovery, RecoveryCodeInvalid, requestRecovery } from '../cases/recovery.ts';
import { recoveryNotifier } from './cases.ts';
import { caseServices, type CaseServiceOptions, type CaseServices } from '../cases/services.ts';
import { canRevealContact, canSeeCase } from '../cases/staff.ts';
import { beijingDateTime, publicTimeline } from '../cases/timeline.ts';
import { trackCase } from '../cases/tracking.ts';
import { verifyFeedbackToken, withFeedbackPass } from '../cases/feedback-token.ts';
import { CaseConflict, FeedbackNotOpen, giveFeedback, TriageBusy } from '../cases/transitions.ts';
import { getAttachment, getCase, listAttachments, listCaseEvents, recordAttachments, type StoredCase } from '../data/cases.ts';
import { getInstitution } from '../data/institutions.ts';
import { unavailableOutcome } from '../data/unavailable.ts';
import { ApiError, unavailableAnswer } from '../lib/errors.ts';
import { pageErrorBoundary, pageHeaders, renderPage, type Page } from '../lib/page-shell.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { attachmentStorageKey, prepareAttachments, type PreparedAttachment, type ReceivedFile } from '../storage/private-attachments.ts';
import type { PrivateStore } from '../storage/private-store.ts';
import { errorResponse } from './schemas.ts';
import { EXAMPLE_CASE_NUMBER } from '#shared/rules/receipt-format.ts';
import { departmentById, departmentContactNote, departmentContactRows } from '../lib/department-contact.ts';
import { checkbox, radios as kitRadios, type RadioOption, type RadiosOptions } from '#shared/ui/choices.ts';
import { dateInput } from '#shared/ui/date-input.ts';
import { emergencyBox as kitEmergencyBox } from '#shared/ui/emergency-box.ts';
import { errorSummary as kitErrorSummary, summaryItems } from '#shared/ui/error-summary.ts';
import { fieldId } from '#shared/ui/field-id.ts';
import { controlAria, field, select, textArea as kitTextArea, textInput, type SelectOptions, type TextAreaOptions, type TextInputOptions } from '#shared/ui/field.ts';
import { html as kitHtml, type SafeHtml } from '#shared/ui/html.ts';
import { countInput, moneyInput } from '#shared/ui/money-input.ts';
import { outcomeBadge } from '#shared/ui/status-badge.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString> | SafeHtml;
type PageKind = 'complaint' | 'refund' | 'track';

const f = t.cases.form;
const rf = t.cases.refundForm;
const rp = t.cases.receiptPage;
const tp = t.cases.trackPage;

/** The pages' addresses; CloudFront sends every method on `<path>*` to the app, uncached. */
export const CASE_PAGE_PATHS: Record<PageKind, string> = { complaint: '/complaints/new/', refund: '/refunds/new/', track: '/track/' };

/** The shells the site builds for them (site/src/pages/…/shell/), read from the public store like the other shells. */
export const CASE_SHELL_KEYS: Record<PageKind, string> = {
  complaint: 'complaints/new/shell/index.html',
  refund: 'refunds/new/shell/index.html',
  track: 'track/shell/index.html',
};

/** The tracking form is two short fields. */
const TRACK_BODY_BYTES = 16 * 1024;
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

// ---------------------------------------------------------------------------
// Shells and page answers
// ---------------------------------------------------------------------------

/** A page in its shell (functions/lib/page-shell.ts). */
const page = (c: Context<AppEnv>, kind: PageKind, p: Page, status: ContentfulStatusCode) => renderPage(c, CASE_SHELL_KEYS[kind], p, status);

/** A fresh form key: 128 random bits, nothing else (never derived from what the family writes). */
export const newFormKey = () => randomBytes(16).toString('base64url');

// ---------------------------------------------------------------------------
// Form building blocks (GOV.UK patterns: label, hint, error, control)
// ---------------------------------------------------------------------------

/** The element id of a field (shared/ui/field-id.ts); the page's script uses the same rule. */
export { fieldId };

interface FormState {
  values: CaseFormValues;
  errors: Record<string, string>;
}

/** A field's name, answer and error, as the kit's components take them. */
const answer = (name: string, state: FormState) => ({ name, value: state.values[name] ?? '', error: state.errors[name] });

type TextOptions = Omit<TextInputOptions, 'name' | 'value' | 'error'>;

/** A text box; no autocomplete unless said (what a family writes about a case is not for the browser to remember). */
const textField = (name: string, state: FormState, o: TextOptions) => textInput({ ...answer(name, state), autocomplete: 'off', ...o });
const textArea = (name: string, state: FormState, o: Omit<TextAreaOptions, 'name' | 'value' | 'error'>) => kitTextArea({ ...answer(name, state), ...o });
const selectField = (name: string, state: FormState, o: Omit<SelectOptions, 'name' | 'value' | 'error' | 'options'> & { options: ReadonlyArray<{ key: string; label: string }> }) =>
  select({ ...answer(name, state), ...o, options: o.options.map((x) => ({ value: x.key, label: x.label })) });
const radios = (name: string, state: FormState, o: Omit<RadiosOptions, 'name' | 'value' | 'error'>) => kitRadios({ ...answer(name, state), ...o });
const dateField = (name: string, state: FormState, o: { label: string; hint?: string }) => dateInput({ ...answer(name, state), autocomplete: 'off', ...o });

/** "There is a problem": what concerns the whole form, then each problem linking to its field, in page order, with the field's own words. */
const errorSummary = (errors: Record<string, string>, order: readonly string[], notices: readonly string[] = []) =>
  kitErrorSummary({ items: summaryItems(errors, order, (name) => fieldId(name), notices) });

const emergencyBox = (text?: string) => kitEmergencyBox({ className: 'case-emergency', ...(text ? { text } : {}) });

const districtOptions = () => jurisdiction.districts.map((d) => ({ key: d.code, label: d.name }));
const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')}MB`;

// ---------------------------------------------------------------------------
// The forms
// ---------------------------------------------------------------------------

/** A registry institution as the form shows it once chosen. */
interface ChosenInstitution {
  id: string;
  name: string;
  districtCode: string;
  category: InstitutionCategory;
  address: string;
}

interface FormPage {
  state: FormState;
  key: string;
  chosen: ChosenInstitution | undefined;
  /** Messages about the whole form (a refusal, a conflict) for the error summary. */
  notices: string[];
  /** Files were sent but the form came back: the browser does not keep them. */
  filesDropped: boolean;
  retentionDays: number;
}

function hiddenFields(p: FormPage): Html {
  return html`<input type="hidden" name="${CaseFormFields.idempotencyKey}" value="${p.key}" />
  <input type="hidden" name="${CaseFormFields.pow}" value="" />
  <div class="case-form__trap" aria-hidden="true">
    <label for="${fieldId(CaseFormFields.honeypot)}">${f.honeypotLabel}</label>
    <input id="${fieldId(CaseFormFields.honeypot)}" name="${CaseFormFields.honeypot}" type="text" value="" tabindex="-1" autocomplete="off" />
  </div>`;
}

function institutionSection(p: FormPage, changeHref: string): Html {
  const { state, chosen } = p;
  const districtLabel = (code: string) => jurisdiction.districts.find((d) => d.code === code)?.name ?? code;
  const meta = chosen ? [districtLabel(chosen.districtCode), InstitutionCategories.label(chosen.category), chosen.address].filter(Boolean).join(' · ') : '';
  return html`<section class="case-form__section" aria-labelledby="institution-heading" data-institution>
  <h2 class="heading-m" id="institution-heading">${f.stepInstitution}</h2>
  <div class="case-chosen" data-chosen${chosen ? '' : raw(' hidden')}>
    <p class="case-chosen__label">${f.institutionChosen}</p>
    <p class="case-chosen__name" data-slot="name">${chosen?.name ?? ''}</p>
    <p class="hint case-chosen__meta" data-slot="meta">${meta}</p>
    <a class="case-chosen__change" href="${changeHref}" data-change>${f.institutionChange}</a>
  </div>
  <input type="hidden" name="institution.institutionId" id="${fieldId('institution.institutionId')}" value="${chosen?.id ?? ''}" />
  <div class="case-unlisted" data-unlisted${chosen ? raw(' hidden') : ''}>
    ${textField('institution.unlistedName', state, { label: f.institutionName, hint: f.institutionNameHint, maxlength: 80, autocomplete: 'off' })}
    <div class="case-suggest" data-suggest>
      <p class="case-suggest__status" id="institution-suggest-status" role="status"></p>
      <ul class="case-suggest__list" id="institution-suggest-list" hidden></ul>
    </div>
    ${textField('institution.unlistedAddress', state, { label: f.institutionAddress, hint: f.institutionAddressHint, maxlength: 120, autocomplete: 'off' })}
    ${selectField('institution.unlistedCategory', state, { label: f.institutionCategory, hint: f.institutionCategoryHint, placeholder: f.chooseCategory, options: InstitutionCategories.entries })}
    <p class="case-form__aside"><a href="/institutions/">${f.findOnList}</a>${f.findOnListSuffix}</p>
  </div>
  ${selectField('districtCode', state, { label: f.district, hint: f.districtHint, placeholder: f.chooseDistrict, options: districtOptions() })}
</section>`;
}

function attachmentsSection(p: FormPage): Html {
  const name = CaseFormFields.attachments;
  const id = fieldId(name);
  const hint = f.attachmentsHint(ATTACHMENT_LIMITS.maxFiles, megabytes(ATTACHMENT_LIMITS.maxFileBytes), megabytes(ATTACHMENT_LIMITS.maxTotalBytes));
  const errors = p.filesDropped && !p.state.errors[name] ? { ...p.state.errors, [name]: attachmentMessages.reselect } : p.state.errors;
  const state = { ...p.state, errors };
  const error = state.errors[name];
  const control = kitHtml`<input class="file-input" id="${id}" name="${name}" type="file" multiple accept="image/jpeg,image/png,application/pdf"${controlAria(id, { hint, error })} data-control />`;
  return html`<section class="case-form__section" aria-labelledby="attachments-heading">
  <h2 class="heading-m" id="attachments-heading">${f.stepAttachments}</h2>
  ${field({ name, label: f.attachments, hint, error }, control)}
</section>`;
}

function contactSection(state: FormState, required: boolean): Html {
  return html`<section class="case-form__section" aria-labelledby="contact-heading">
  <h2 class="heading-m" id="contact-heading">${required ? f.stepContactRequired : f.stepContact}</h2>
  <p class="hint">${required ? f.contactRequiredHint : f.contactHint}</p>
  ${textField('contact.name', state, { label: f.contactName, hint: f.contactNameHint, autocomplete: 'name', width: 'medium', maxlength: 30 })}
  ${textField('contact.mobile', state, { label: f.contactMobile, hint: f.contactMobileHint, type: 'tel', inputmode: 'numeric', autocomplete: 'tel-national', width: 'medium', maxlength: 20 })}
  ${notifyConsent(state)}
</section>`;
}

/** 办理进展短信通知我: counts only with a mobile number (the script hides it until one is typed). */
function notifyConsent(state: FormState): Html {
  const name = 'contact.notify';
  return checkbox({ name, label: t.notify.consent, hint: t.notify.consentHint, hintAfter: true, checked: !!state.values[name], groupData: 'data-notify' });
}

function privacySection(state: FormState, retentionDays: number): Html {
  const p = t.cases.privacy;
  const name = 'consent';
  return html`<section class="case-form__section case-privacy" aria-labelledby="privacy-heading">
  <h2 class="heading-m" id="privacy-heading">${f.stepPrivacy}</h2>
  <ul class="list list--bullet case-privacy__list">
    <li>${p.collected}</li>
    <li>${p.why}</li>
    <li>${p.who}</li>
    <li>${p.howLong(retentionDays)}</li>
    <li>${p.abuse}</li>
  </ul>
  ${checkbox({ name, label: f.consent, checked: !!state.values[name], error: state.errors[name] })}
</section>`;
}

function submitRow(label: string): Html {
  return html`<div class="case-form__submit">
  <button class="button" type="submit" data-submit>${label}</button>
  <p class="case-form__status" id="case-form-status" role="status"></p>
</div>`;
}

function complaintForm(p: FormPage): Html {
  const { state } = p;
  const k: Record<ComplaintKind, { label: string; hint: string; elsewhere?: string }> = t.cases.kinds;
  const kindOptions: RadioOption[] = COMPLAINT_FORM_GROUPS.flatMap(({ group, kinds }) =>
    kinds.map((kind, i) => ({
      value: kind,
      label: k[kind].label,
      hint: [k[kind].hint, k[kind].elsewhere].filter(Boolean).join(' '),
      urgent: kind === 'child_harm',
      ...(i === 0 ? { groupHeading: t.cases.kindGroups[group] } : {}),
    })),
  );
  const changeHref = `${CASE_PAGE_PATHS.complaint}${state.values.kind ? `?kind=${encodeURIComponent(state.values.kind)}` : ''}`;
  return html`<form class="case-form" id="case-form" action="${CASE_PAGE_PATHS.complaint}" method="post" enctype="multipart/form-data" accept-charset="utf-8" novalidate data-case-form="complaint" data-api="/api/complaints">
  ${hiddenFields(p)}
  <section class="case-form__section" aria-label="${f.stepKind}">
    ${radios('kind', state, { legend: f.stepKind, heading: true, hint: f.stepKindHint, options: kindOptions })}
    <div class="warning-text case-form__child-harm" data-child-harm${state.values.kind === 'child_harm' ? '' : raw(' hidden')}><span aria-hidden="true">!</span><strong>${f.childHarmChosen}</strong></div>
  </section>
  ${institutionSection(p, changeHref)}
  <section class="case-form__section" aria-labelledby="when-heading">
    <h2 class="heading-m" id="when-heading">${f.stepWhen}</h2>
    ${dateField('happenedOn', state, { label: f.happenedOn, hint: f.happenedOnHint })}
    ${textField('place', state, { label: f.place, hint: f.placeHint, maxlength: 200 })}
  </section>
  <section class="case-form__section" aria-labelledby="details-heading">
    <h2 class="heading-m" id="details-heading">${f.stepDetails}</h2>
    ${textArea('description', state, { label: f.description, hint: f.descriptionHint, rows: 8, maxlength: 5000 })}
    ${selectField('childAgeBand', state, { label: f.childAgeBand, hint: f.childAgeBandHint, placeholder: f.chooseAgeBand, options: ChildAgeBands.map((key) => ({ key, label: CHILD_AGE_BAND_LABELS[key] })) })}
  </section>
  ${attachmentsSection(p)}
  ${contactSection(state, false)}
  ${privacySection(state, p.retentionDays)}
  ${submitRow(f.submitComplaint)}
</form>`;
}

function refundForm(p: FormPage): Html {
  const { state } = p;
  const yuan = (name: string, label: string, hint?: string) => moneyInput({ ...answer(name, state), label, hint, autocomplete: 'off' });
  const count = (name: string, label: string) => countInput({ ...answer(name, state), label, autocomplete: 'off' });
  return html`<form class="case-form" id="case-form" action="${CASE_PAGE_PATHS.refund}" method="post" enctype="multipart/form-data" accept-charset="utf-8" novalidate data-case-form="refund" data-api="/api/refund-disputes">
  ${hiddenFields(p)}
  ${institutionSection(p, CASE_PAGE_PATHS.refund)}
  <section class="case-form__section" aria-labelledby="contract-heading">
    <h2 class="heading-m" id="contract-heading">${rf.stepContract}</h2>
    ${dateField('contractOn', state, { label: rf.contractOn, hint: rf.contractOnHint })}
    ${radios('modelContractUsed', state, { legend: rf.modelContractUsed, hint: rf.modelContractUsedHint, inline: true, options: [{ value: 'yes', label: rf.yes }, { value: 'no', label: rf.no }] })}
    ${dateField('firstClassOn', state, { label: rf.firstClassOn })}
    <fieldset class="fieldset case-form__pair">
      <legend class="fieldset__legend">${rf.refundWindow}</legend>
      <p class="hint">${rf.refundWindowHint}</p>
      <div class="case-form__pair-fields">
        ${count('fullRefundWindow.daysBefore', rf.daysBefore)}
        ${count('fullRefundWindow.daysAfter', rf.daysAfter)}
      </div>
    </fieldset>
    <fieldset class="fieldset case-form__pair">
      <legend class="fieldset__legend">${rf.coursePeriod}</legend>
      <p class="hint">${rf.coursePeriodHint}</p>
      <div class="case-form__pair-fields">
        ${dateField('coursePeriod.from', state, { label: rf.coursePeriodFrom })}
        ${dateField('coursePeriod.to', state, { label: rf.coursePeriodTo })}
      </div>
    </fieldset>
  </section>
  <section class="case-form__section" aria-labelledby="money-heading">
    <h2 class="heading-m" id="money-heading">${rf.stepMoney}</h2>
    ${radios('paymentMethod', state, { legend: rf.paymentMethod, hint: rf.paymentMethodHint, options: PaymentChannels.entries.map((e) => ({ value: e.key, label: e.label })) })}
    ${radios('financing', state, { legend: rf.financing, hint: rf.financingHint, options: PaymentFinancings.entries.map((e) => ({ value: e.key, label: e.label })) })}
    ${yuan('amountPaid', rf.amountPaid)}
    ${count('lessonsBought', rf.lessonsBought)}
    ${count('lessonsConsumed', rf.lessonsConsumed)}
    ${yuan('pricePerLesson', rf.pricePerLesson, rf.pricePerLessonHint)}
    ${yuan('amountAsked', rf.amountAsked)}
    ${dateField('refundRequestedOn', state, { label: rf.refundRequestedOn, hint: rf.refundRequestedOnHint })}
    ${textArea('institutionResponse', state, { label: rf.institutionResponse, hint: rf.institutionResponseHint, rows: 4, maxlength: 2000 })}
  </section>
  ${attachmentsSection(p)}
  ${contactSection(state, true)}
  <section class="case-form__section" aria-labelledby="child-heading">
    <h2 class="visually-hidden" id="child-heading">${f.childAgeBand}</h2>
    ${selectField('childAgeBand', state, { label: f.childAgeBand, placeholder: f.chooseAgeBand, options: ChildAgeBands.map((key) => ({ key, label: CHILD_AGE_BAND_LABELS[key] })) })}
  </section>
  ${privacySection(state, p.retentionDays)}
  ${submitRow(f.submitRefund)}
</form>`;
}

/** The error summary's keys are the form's fields; a registry id that turned out wrong is shown on the name field. */
function visibleErrors(errors: Record<string, string>): Record<string, string> {
  const { 'institution.institutionId': idError, ...rest } = errors;
  return idError ? { ...rest, 'institution.unlistedName': rest['institution.unlistedName'] ?? idError } : rest;
}

function complaintPage(p: FormPage): { title: string; content: Html } {
  const invalid = Object.keys(p.state.errors).length > 0 || p.notices.length > 0;
  const title = invalid ? f.invalidTitle(f.complaintTitle) : f.complaintTitle;
  const state = { ...p.state, errors: visibleErrors(p.state.errors) };
  return {
    title,
    content: html`<div class="case-page">
  ${emergencyBox()}
  <h1 class="heading-l">${f.complaintTitle}</h1>
  <p class="lead">${f.complaintLead}</p>
  ${errorSummary(state.errors, COMPLAINT_FORM_ORDER, p.notices)}
  ${complaintForm({ ...p, state })}
  <aside class="inset-text case-elsewhere" aria-labelledby="elsewhere-heading">
    <h2 class="heading-s" id="elsewhere-heading">${f.elsewhereHeading}</h2>
    <ul class="list list--bullet">${f.elsewhere.map((line) => html`<li>${line}</li>`)}</ul>
  </aside>
</div>`,
  };
}

function refundPage(p: FormPage): { title: string; content: Html } {
  const invalid = Object.keys(p.state.errors).length > 0 || p.notices.length > 0;
  const title = invalid ? f.invalidTitle(f.refundTitle) : f.refundTitle;
  const state = { ...p.state, errors: visibleErrors(p.state.errors) };
  return {
    title,
    content: html`<div class="case-page">
  <h1 class="heading-l">${f.refundTitle}</h1>
  <p class="lead">${f.refundLead}</p>
  ${errorSummary(state.errors, REFUND_FORM_ORDER, p.notices)}
  ${refundForm({ ...p, state })}
</div>`,
  };
}

// ---------------------------------------------------------------------------
// The receipt
// ---------------------------------------------------------------------------

/** 2026-11-27 → 2026年11月27日. */
const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** Large groups a family can read aloud and copy: 2611 3852 0917 5. */
function groups(value: string, className: string): Html {
  return html`<p class="${className}">${value.split('-').map((g) => html`<span class="case-receipt__group">${g}</span>`)}</p>`;
}

const sourceLine = (source: { document: string; effectiveFrom: string } | undefined) =>
  source ? html`<p class="hint case-receipt__source">${rp.source}：${source.document}（${rp.effectiveFrom}：${source.effectiveFrom}）</p>` : '';

function refundSection(refund: RefundAssessment): Html {
  const { estimate, dates, chargeFindings } = refund;
  const breaking = chargeFindings?.filter((x) => x.outcome === 'breaks') ?? [];
  const rest = chargeFindings?.filter((x) => x.outcome !== 'breaks') ?? [];
  const outcome = { breaks: rp.breaks, ok: rp.ok, not_applicable: rp.notApplicable } as const;
  const finding = (x: NonNullable<RefundAssessment['chargeFindings']>[number]) => html`<li class="case-finding">
  <h4 class="case-finding__title">${outcomeBadge(x.outcome, outcome[x.outcome])} ${x.title}</h4>
  <p>${x.message}</p>
  ${sourceLine(x.source)}
</li>`;
  return html`<section class="case-receipt__section" aria-labelledby="owed-heading">
  <h2 class="heading-m" id="owed-heading">${rp.owedHeading}</h2>
  <div class="status-panel status-panel--good"><p class="case-receipt__owed">${rp.owed(formatYuan(estimate.owed))}</p>
  ${estimate.fullRefundWindowApplies ? html`<p>${rp.fullRefundWindow}</p>` : ''}</div>
  <h3 class="heading-s">${rp.owedBasis}</h3>
  <ol class="list case-receipt__basis">${estimate.basis.map((b) => html`<li><p>${b.message}</p>${sourceLine(b.source)}</li>`)}</ol>
</section>
<section class="case-receipt__section" aria-labelledby="charge-heading">
  <h2 class="heading-m" id="charge-heading">${rp.chargeHeading}</h2>
  ${chargeFindings
    ? html`<div class="status-panel status-panel--${breaking.length ? 'danger' : 'good'}"><p>${breaking.length ? rp.chargeBroke(breaking.length) : rp.chargeOk}</p></div>
  ${breaking.length ? html`<ul class="list case-findings">${breaking.map(finding)}</ul>` : ''}
  ${rest.length ? html`<details class="case-findings__other"><summary>${rp.otherFindings(rest.length)}</summary><ul class="list case-findings">${rest.map(finding)}</ul></details>` : ''}`
    : ''}
  ${refund.notes.map((note) => html`<p class="inset-text">${note}</p>`)}
</section>
<section class="case-receipt__section" aria-labelledby="dates-heading">
  <h2 class="heading-m" id="dates-heading">${rp.datesHeading}</h2>
  <dl class="summary-list">
    <div class="summary-list__row"><dt>${rp.institutionAnswerBy}</dt><dd>${rp.before(beijingDateTime(dates.institutionAnswerBy))}</dd></div>
    <div class="summary-list__row"><dt>${rp.deemedAgreedAfter}</dt><dd>${rp.deemedAgreed(chineseDate(dates.deemedAgreedAfter))}</dd></div>
    <div class="summary-list__row"><dt>${rp.escalateIfUnpaidBy}</dt><dd>${rp.escalate(chineseDate(dates.escalateIfUnpaidBy))}</dd></div>
  </dl>
  <ul class="list list--bullet">${dates.basis.map((b) => html`<li>${b.message}${b.source ? html` <span class="hint">（${rp.source}：${b.source.document}）</span>` : ''}</li>`)}</ul>
</section>`;
}

type AttachmentOutcome = { state: 'none' } | { state: 'saved'; count: number } | { state: 'failed' };

export function receiptContent(receipt: CaseReceipt, attachments: AttachmentOutcome = { state: 'none' }): Html {
  const type = t.cases.types[receipt.type];
  return html`<div class="case-page case-receipt" data-receipt>
  ${receipt.emergency ? emergencyBox(receipt.emergency) : ''}
  <div class="case-receipt__panel">
    <h1 class="heading-l case-receipt__title">${rp.title(type)}</h1>
    <p class="case-receipt__label">${rp.caseNumber}</p>
    ${groups(receipt.caseNumber, 'case-receipt__number')}
    <p class="case-receipt__label">${rp.accessCode}</p>
    ${groups(receipt.accessCode, 'case-receipt__number case-receipt__code')}
  </div>
  <p class="warning-text case-receipt__warning"><span aria-hidden="true">!</span><strong>${rp.writeDown}</strong></p>
  ${receiptKeepSection(receipt)}
  <section class="case-receipt__section" aria-labelledby="next-heading">
    <h2 class="heading-m" id="next-heading">${rp.nextHeading}</h2>
    <ul class="list list--bullet">${receipt.nextSteps.filter((s) => s !== t.cases.receipt.keepSafe).map((s) => html`<li>${s}</li>`)}</ul>
    ${attachments.state === 'saved' ? html`<p>${rp.attachmentsSaved(attachments.count)}</p>` : ''}
    ${attachments.state === 'failed' ? html`<p class="warning-text"><span aria-hidden="true">!</span><strong>${rp.attachmentsFailed}</strong></p>` : ''}
  </section>
  <section class="case-receipt__section" aria-labelledby="who-heading">
    <h2 class="heading-m" id="who-heading">${rp.whoHeading}</h2>
    <dl class="summary-list">
      <div class="summary-list__row"><dt>${rp.lead}</dt><dd>${receipt.leadDepartment.name}</dd></div>
      ${departmentContactRows(departmentById(receipt.leadDepartment.id))}
      ${receipt.coHandling.length ? html`<div class="summary-list__row"><dt>${rp.coHandling}</dt><dd>${receipt.coHandling.map((d) => d.name).join('、')}</dd></div>` : ''}
      <div class="summary-list__row"><dt>${rp.priority}</dt><dd>${Priorities.label(receipt.priority)}</dd></div>
      <div class="summary-list__row"><dt>${rp.acceptBy}</dt><dd>${rp.before(beijingDateTime(receipt.acceptBy))}</dd></div>
      <div class="summary-list__row"><dt>${rp.concludeBy}</dt><dd>${rp.before(beijingDateTime(receipt.concludeBy))}</dd></div>
      <div class="summary-list__row"><dt>${rp.submittedAt}</dt><dd>${beijingDateTime(receipt.submittedAt)}</dd></div>
    </dl>
    ${departmentContactNote(departmentById(receipt.leadDepartment.id))}
  </section>
  ${receipt.refund ? refundSection(receipt.refund) : ''}
  <section class="case-receipt__section" aria-labelledby="track-heading">
    <h2 class="heading-m" id="track-heading">${rp.trackHeading}</h2>
    <p>${rp.track}</p>
    <p><a class="button button--secondary" href="${CASE_PAGE_PATHS.track}">${rp.trackLink}</a></p>
    <p class="hint">${rp.print}</p>
  </section>
</div>`;
}

// ---------------------------------------------------------------------------
// Tracking
// ---------------------------------------------------------------------------

const TRACK_ORDER = ['caseNumber', 'accessCode'] as const;

function trackForm(state: FormState): Html {
  return html`<form class="case-form track-form" id="track-form" action="${CASE_PAGE_PATHS.track}" method="post" accept-charset="utf-8" novalidate data-track-form>
  ${textField('caseNumber', state, { label: tp.caseNumber, hint: tp.caseNumberHint, inputmode: 'numeric', width: 'medium', maxlength: 40 })}
  ${textField('accessCode', { ...state, values: {} }, { label: tp.accessCode, hint: tp.accessCodeHint, width: 'medium', maxlength: 40 })}
  ${submitRow(tp.submit)}
</form>`;
}

function trackPage(state: FormState, notices: string[]): { title: string; content: Html } {
  return {
    title: tp.title,
    content: html`<div class="case-page track-page">
  <h1 class="heading-l">${tp.title}</h1>
  <p class="lead">${tp.lead}</p>
  ${errorSummary(state.errors, TRACK_ORDER, notices)}
  ${trackForm(state)}
  <p class="hint">${tp.lostReceipt} <a href="${TRACK_RECOVER_PATH}">${t.recovery.link}</a></p>
  <div id="track-result" data-track-result></div>
  <template id="feedback-template">${feedbackForm({ caseNumber: '', token: '' }, { values: {}, errors: {} })}</template>
</div>`,
  };
}

const FEEDBACK_ORDER = ['satisfied', 'comment'] as const;
const fb = tp.feedback;

/**
 * The feedback form (评价), under the timeline of a concluded case: a plain
 * form that posts to /track/feedback/ with the case number and a two-hour
 * pass (functions/cases/feedback-token.ts), never the access code. The track
 * page holds the same markup, empty, in a <template> that its script fills
 * after tracking with JavaScript (site/src/scripts/case-track.ts).
 */
function feedbackForm(pass: { caseNumber: string; token: string }, state: FormState, notices: string[] = []): Html {
  return html`<section class="case-feedback" aria-labelledby="feedback-heading" data-feedback>
  <h2 class="heading-m" id="feedback-heading">${fb.heading}</h2>
  <p>${fb.lead}</p>
  ${errorSummary(state.errors, FEEDBACK_ORDER, notices)}
  <form class="case-form feedback-form" action="${TRACK_FEEDBACK_PATH}" method="post" accept-charset="utf-8" novalidate>
    <input type="hidden" name="caseNumber" value="${pass.caseNumber}" data-feedback-case />
    <input type="hidden" name="feedbackToken" value="${pass.token}" data-feedback-token />
    ${radios('satisfied', state, { legend: fb.legend, inline: true, options: [{ value: 'yes', label: fb.satisfied }, { value: 'no', label: fb.unsatisfied }] })}
    ${textArea('comment', state, { label: fb.comment, hint: fb.commentHint, rows: 4, maxlength: 500 })}
    ${submitRow(fb.submit)}
  </form>
</section>`;
}

/** Where the feedback form posts (no-JS and JS alike): under /track, which CloudFront sends to the app. */
export const TRACK_FEEDBACK_PATH = '/track/feedback/';

// ---------------------------------------------------------------------------
// 找回查询码 without JavaScript: case number + mobile, then the code sent by text (functions/cases/recovery.ts)
// ---------------------------------------------------------------------------

export const TRACK_RECOVER_PATH = '/track/recover/';
const TRACK_RECOVER_VERIFY_PATH = '/track/recover/verify/';
const rc = t.recovery;

function recoverRequestForm(state: FormState): Html {
  return html`<form class="case-form" action="${TRACK_RECOVER_PATH}" method="post" accept-charset="utf-8" novalidate>
  ${textField('caseNumber', state, { label: rc.caseNumber, hint: tp.caseNumberHint, inputmode: 'numeric', width: 'medium', maxlength: 40 })}
  ${textField('mobile', state, { label: rc.mobile, type: 'tel', inputmode: 'numeric', autocomplete: 'tel-national', width: 'medium', maxlength: 20 })}
  ${submitRow(rc.send)}
</form>`;
}

function recoverVerifyForm(state: FormState): Html {
  return html`<form class="case-form" action="${TRACK_RECOVER_VERIFY_PATH}" method="post" accept-charset="utf-8" novalidate>
  ${textField('caseNumber', state, { label: rc.caseNumber, inputmode: 'numeric', width: 'medium', maxlength: 40 })}
  ${textField('code', { ...state, values: {} }, { label: rc.code, inputmode: 'numeric', autocomplete: 'one-time-code', width: 'medium', maxlength: 12 })}
  ${submitRow(rc.verify)}
</form>`;
}

function recoverPage(content: { request?: FormState; verify?: FormState; notices?: string[]; errors?: Record<string, string> }): { title: string; content: Html } {
  const errors = content.errors ?? {};
  return {
    title: rc.title,
    content: html`<div class="case-page track-page">
  <h1 class="heading-l">${rc.title}</h1>
  <p class="lead">${rc.lead}</p>
  ${errorSummary(errors, ['caseNumber', 'mobile', 'code'], content.notices ?? [])}
  ${content.verify ? recoverVerifyForm(content.verify) : recoverRequestForm(content.request ?? { values: {}, errors: {} })}
  <p class="hint">${rc.noMobile}</p>
</div>`,
  };
}

function recoveredPage(caseNumber: string, accessCode: string): { title: string; content: Html } {
  return {
    title: rc.doneTitle,
    content: html`<div class="case-page case-receipt">
  <div class="case-receipt__panel">
    <h1 class="heading-l case-receipt__title">${rc.doneTitle}</h1>
    <p class="case-receipt__label">${rp.caseNumber}</p>
    ${groups(caseNumber, 'case-receipt__number')}
    <p class="case-receipt__label">${rp.accessCode}</p>
    ${groups(accessCode, 'case-receipt__number case-receipt__code')}
  </div>
  <p class="warning-text case-receipt__warning"><span aria-hidden="true">!</span><strong>${rc.done}</strong></p>
  <p><a class="button button--secondary" href="${CASE_PAGE_PATHS.track}">${rp.trackLink}</a></p>
</div>`,
  };
}

export function timelineContent(timeline: CaseTimeline, feedback: { state?: FormState; notices?: string[]; thanks?: string } = {}): Html {
  const token = timeline.feedbackToken;
  return html`<section class="case-timeline-view" aria-labelledby="timeline-title" data-timeline>
  ${feedback.notices?.length && !token ? errorSummary({}, [], feedback.notices) : ''}
  ${feedback.thanks ? html`<div class="status-panel status-panel--good" role="status"><p>${feedback.thanks}</p></div>` : ''}
  <h1 class="heading-l" id="timeline-title">${tp.resultTitle}</h1>
  <dl class="summary-list">
    <div class="summary-list__row"><dt>${tp.caseNumber}</dt><dd>${timeline.caseNumber}</dd></div>
    <div class="summary-list__row"><dt>${tp.type}</dt><dd>${t.cases.types[timeline.type]}</dd></div>
    <div class="summary-list__row"><dt>${tp.state}</dt><dd><strong class="tag">${timeline.stateLabel}</strong></dd></div>
    <div class="summary-list__row"><dt>${tp.submittedAt}</dt><dd>${beijingDateTime(timeline.submittedAt)}</dd></div>
  </dl>
  <h2 class="heading-m">${tp.timelineHeading}</h2>
  <ol class="case-timeline">${timeline.timeline.map(
    (entry) => html`<li class="case-timeline__item">
    <p class="case-timeline__when"><time datetime="${entry.at}">${beijingDateTime(entry.at)}</time></p>
    <h3 class="case-timeline__title">${entry.title}</h3>
    <p>${entry.text}</p>
  </li>`,
  )}</ol>
  ${token ? feedbackForm({ caseNumber: timeline.caseNumber, token }, feedback.state ?? { values: {}, errors: {} }, feedback.notices) : ''}
  <p><a href="${CASE_PAGE_PATHS.track}">${tp.again}</a></p>
</section>`;
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/** Why a form post is refused as coming from elsewhere, or null. Browsers send Origin with every POST; Sec-Fetch-Site when they have it. */
function crossSite(c: Context<AppEnv>, allowed: readonly string[] | undefined): string | null {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin') return `sec_fetch_site:${site.slice(0, 20)}`;
  const origin = c.req.header('origin');
  if (origin === undefined) return null;
  const ok = allowed ? allowed.includes(origin) : origin === new URL(c.req.url).origin;
  return ok ? null : 'origin_mismatch';
}

interface PostedForm {
  values: Record<string, string>;
  files: ReceivedFile[];
}

/**
 * The posted fields (text: the first value of each name, at most 10,000
 * characters) and the non-empty files; null when the body cannot be read as
 * a form at all (a broken multipart body, a bad encoding): the caller answers
 * 400 with the form again, never 500.
 */
async function readForm(c: Context<AppEnv>): Promise<PostedForm | null> {
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch (error) {
    // A body limit's own error (413) is not a malformed form.
    if (error instanceof Error && error.name === 'BodyLimitError') throw error;
    return null;
  }
  const values: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') {
        if (!(name in values)) values[name] = item.slice(0, 10_000);
      } else if (name === CaseFormFields.attachments && item.size > 0) {
        files.push({ name: item.name, bytes: new Uint8Array(await item.arrayBuffer()) });
      }
    }
  }
  return { values, files };
}

/** What a form page shows again: everything but the key, the proof of work and the honeypot. */
function echoValues(values: Record<string, string>): Record<string, string> {
  const { [CaseFormFields.idempotencyKey]: _k, [CaseFormFields.pow]: _p, [CaseFormFields.honeypot]: _h, ...rest } = values;
  return rest;
}

function messagePage(kind: PageKind, title: string, text: string): { title: string; description: string; content: Html } {
  return {
    title,
    description: title,
    content: html`<div class="case-page prose">
  <h1 class="heading-l">${title}</h1>
  <p>${text}</p>
  <p><a href="${CASE_PAGE_PATHS[kind]}">${kind === 'track' ? tp.title : kind === 'refund' ? f.refundTitle : f.complaintTitle}</a></p>
</div>`,
  };
}

/** A form's fields as the submission the intake service takes, or a message per field. */
function parseSubmission(kind: 'complaint' | 'refund', values: CaseFormValues): { ok: true; submission: Submission } | { ok: false; errors: Record<string, string> } {
  if (kind === 'complaint') {
    const parsed = parseComplaintForm(values);
    return parsed.ok ? { ok: true, submission: { type: 'complaint', input: parsed.input } } : parsed;
  }
  const parsed = parseRefundForm(values);
  return parsed.ok ? { ok: true, submission: { type: 'refund_dispute', input: parsed.input } } : parsed;
}

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

      const kept = await keepAttachments(c, result, prepared.files);
      if (kept === 'mismatch') return again({ notices: [t.cases.intake.idempotencyMismatch, f.mismatchRestart], key: newFormKey() }, 409);
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      const type = t.cases.types[result.receipt.type];
      return page(c, kind, { title: rp.title(type), description: rp.description, content: receiptContent(result.receipt, kept) }, 201);
    });
  }

  /**
   * Keeps the files once the case exists: the bytes in the private store, then
   * their metadata on the case. A repeat of the same form (a retry) writes the
   * same keys; it records files only when the case has none yet (the first
   * attempt failed to keep them), and refuses different ones. A failure here
   * does not undo the case: the receipt says the files were not kept.
   */
  async function keepAttachments(c: Context<AppEnv>, result: SubmitResult, files: PreparedAttachment[]): Promise<AttachmentOutcome | 'mismatch'> {
    if (files.length === 0) return { state: 'none' };
    const caseNumber = result.receipt.caseNumber;
    if (result.replayed) {
      const existing = await listAttachments(c.var.db, caseNumber);
      if (existing.length) {
        const ids = new Set(existing.map((a) => a.id));
        return files.every((file) => ids.has(file.id)) ? { state: 'saved', count: existing.length } : 'mismatch';
      }
    }
    const at = c.var.now().toISOString();
    try {
      const stored = [];
      for (const file of files) {
        const storageKey = attachmentStorageKey(caseNumber, file);
        await options.privateStore.put(storageKey, file.bytes, { contentType: file.type, sha256: file.sha256 });
        stored.push({ id: file.id, type: file.type, size: file.size, sha256: file.sha256, createdAt: at, storageKey });
      }
      await recordAttachments(c.var.db, caseNumber, stored);
      return { state: 'saved', count: stored.length };
    } catch (error) {
      const err = error as Error;
      console.error(JSON.stringify({ level: 'error', msg: 'attachments_not_kept', name: err.name, stack: err.stack }));
      return { state: 'failed' };
    }
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

// ---------------------------------------------------------------------------
// Staff: a case's attachments (GET /api/admin/cases/{n}/attachments[/{id}])
// ---------------------------------------------------------------------------

const AttachmentParams = z.object({
  caseNumber: z.string().max(40).meta({ example: EXAMPLE_CASE_NUMBER }),
  attachmentId: z.string().regex(/^[0-9a-f]{24}$/, { error: t.cases.attachmentsAdmin.badId }),
});
const adminErrors = {
  400: errorResponse('The case number fails its check character, or the attachment id is malformed'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not a department that may see this case (list) or its lead department (download); audited'),
  404: errorResponse('No such case or attachment'),
};

const listRoute = createRoute({
  method: 'get',
  path: '/{caseNumber}/attachments',
  summary: "A case's attachments (type, size, SHA-256), for the departments handling it",
  request: { params: AttachmentParams.pick({ caseNumber: true }) },
  responses: {
    200: { description: 'The attachments', content: { 'application/json': { schema: z.object({ items: z.array(CaseAttachment) }).meta({ id: 'CaseAttachmentList' }) } } },
    ...adminErrors,
  },
});

const downloadRoute = createRoute({
  method: 'get',
  path: '/{caseNumber}/attachments/{attachmentId}',
  summary: 'Download one attachment: the lead department only; every download audited',
  description: "Served as a download (Content-Disposition: attachment) with the type found from its content, `nosniff`, and the API's CSP (`default-src 'none'`).",
  request: { params: AttachmentParams },
  responses: {
    200: {
      description: 'The file',
      content: Object.fromEntries(Object.keys(ATTACHMENT_EXTENSIONS).map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }])),
    },
    ...adminErrors,
  },
});

export function caseAttachmentsAdmin(options: { privateStore: PrivateStore }) {
  const caseOf = async (c: Context<AppEnv>, raw: string) => {
    const caseNumber = parseCaseNumber(raw);
    if (!caseNumber) throw new ApiError(400, 'validation', undefined, { caseNumber: t.cases.track.badCaseNumber });
    const stored = await getCase(c.var.db, caseNumber);
    if (!stored) throw new ApiError(404, 'not_found', t.cases.attachmentsAdmin.notFound);
    return stored;
  };
  return createRouter()
    .openapi(listRoute, async (c) => {
      const stored = await caseOf(c, c.req.valid('param').caseNumber);
      const n = stored.record.caseNumber;
      if (!canSeeCase(currentStaff(c).department.id, stored)) {
        await audit(c, 'permission_denied', { reason: `case_out_of_scope:${n}` });
        throw new ApiError(403, 'forbidden', t.cases.staff.notYourCase);
      }
      const items = (await listAttachments(c.var.db, n)).map(({ storageKey: _k, ...a }) => a);
      c.header('Cache-Control', 'no-store');
      return c.json({ items }, 200);
    })
    .openapi(downloadRoute, async (c) => {
      const { caseNumber: raw, attachmentId } = c.req.valid('param');
      const stored = await caseOf(c, raw);
      const n = stored.record.caseNumber;
      if (!canRevealContact(currentStaff(c).department.id, stored)) {
        await audit(c, 'permission_denied', { reason: `attachment_not_lead:${n}` });
        throw new ApiError(403, 'forbidden', t.cases.attachmentsAdmin.leadOnly);
      }
      const meta = await getAttachment(c.var.db, n, attachmentId);
      const bytes = meta ? await options.privateStore.get(meta.storageKey) : null;
      if (!meta || !bytes) throw new ApiError(404, 'not_found', t.cases.attachmentsAdmin.notFound);
      // Audited before a byte is sent: a download is never answered without its record.
      await audit(c, 'attachment_downloaded', { reason: `case:${n}:${meta.id}` });
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': meta.type,
        'Content-Disposition': `attachment; filename="${n}-${meta.id}.${ATTACHMENT_EXTENSIONS[meta.type]}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
    });
}

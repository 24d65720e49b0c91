/**
 * The complaint and refund forms (GOV.UK patterns, working without
 * JavaScript): each field with its answer and its error, the error summary
 * linking to each, and the hidden fields that make a post safe to repeat.
 */
import { html, raw } from 'hono/html';
import { t } from '#shared/i18n/zh-CN.ts';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import {
  ATTACHMENT_LIMITS,
  attachmentMessages,
  CaseFormFields,
  CHILD_AGE_BAND_LABELS,
  ChildAgeBands,
  COMPLAINT_FORM_GROUPS,
  COMPLAINT_FORM_ORDER,
  REFUND_FORM_ORDER,
} from '#shared/schemas/cases.ts';
import { checkbox, type RadioOption } from '#shared/ui/choices.ts';
import { fieldId } from '#shared/ui/field-id.ts';
import { controlAria, field } from '#shared/ui/field.ts';
import { html as kitHtml } from '#shared/ui/html.ts';
import { countInput, moneyInput } from '#shared/ui/money-input.ts';
import { InstitutionCategories, PaymentChannels, PaymentFinancings, type ComplaintKind, type InstitutionCategory } from '#shared/vocabulary.ts';
import { CASE_PAGE_PATHS } from './paths.ts';
import { answer, dateField, districtOptions, emergencyBox, errorSummary, megabytes, radios, selectField, submitRow, textArea, textField, type FormState, type Html } from './widgets.ts';

const f = t.cases.form;
const rf = t.cases.refundForm;

/** A registry institution as the form shows it once chosen. */
export interface ChosenInstitution {
  id: string;
  name: string;
  districtCode: string;
  category: InstitutionCategory;
  address: string;
}

export interface FormPage {
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

/** A form page's title (it says so when the form came back wrong) and its state with the errors as the summary shows them. */
function titled(p: FormPage, heading: string): { title: string; state: FormPage['state'] } {
  const invalid = Object.keys(p.state.errors).length > 0 || p.notices.length > 0;
  return { title: invalid ? f.invalidTitle(heading) : heading, state: { ...p.state, errors: visibleErrors(p.state.errors) } };
}

export function complaintPage(p: FormPage): { title: string; content: Html } {
  const { title, state } = titled(p, f.complaintTitle);
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

export function refundPage(p: FormPage): { title: string; content: Html } {
  const { title, state } = titled(p, f.refundTitle);
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

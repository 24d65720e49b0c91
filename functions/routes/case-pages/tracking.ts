/** Tracking a case without JavaScript: the form, the public timeline, the feedback form, and recovering a lost access code. */
import { html } from 'hono/html';
import { t } from '#shared/i18n/zh-CN.ts';
import type { CaseTimeline } from '#shared/schemas/cases.ts';
import { beijingDateTime } from '../../cases/timeline.ts';
import { CASE_PAGE_PATHS, TRACK_FEEDBACK_PATH, TRACK_RECOVER_PATH, TRACK_RECOVER_VERIFY_PATH } from './paths.ts';
import { errorSummary, groups, radios, submitRow, textArea, textField, type FormState, type Html } from './widgets.ts';

const rp = t.cases.receiptPage;
const tp = t.cases.trackPage;
const fb = tp.feedback;
const rc = t.recovery;

const TRACK_ORDER = ['caseNumber', 'accessCode'] as const;

function trackForm(state: FormState): Html {
  return html`<form class="case-form track-form" id="track-form" action="${CASE_PAGE_PATHS.track}" method="post" accept-charset="utf-8" novalidate data-track-form>
  ${textField('caseNumber', state, { label: tp.caseNumber, hint: tp.caseNumberHint, inputmode: 'numeric', width: 'medium', maxlength: 40 })}
  ${textField('accessCode', { ...state, values: {} }, { label: tp.accessCode, hint: tp.accessCodeHint, width: 'medium', maxlength: 40 })}
  ${submitRow(tp.submit)}
</form>`;
}

export function trackPage(state: FormState, notices: string[]): { title: string; content: Html } {
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


// 找回查询码 without JavaScript: case number + mobile, then the code sent by text (functions/cases/recovery.ts).

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

export function recoverPage(content: { request?: FormState; verify?: FormState; notices?: string[]; errors?: Record<string, string> }): { title: string; content: Html } {
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

export function recoveredPage(caseNumber: string, accessCode: string): { title: string; content: Html } {
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

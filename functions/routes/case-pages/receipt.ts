/** The receipt a family gets on filing: the case number and access code, who handles it and by when, and for a refund what is owed and why. */
import { html } from 'hono/html';
import { t } from '#shared/i18n/zh-CN.ts';
import { formatYuan } from '#shared/rules/fees.ts';
import type { CaseReceipt, RefundAssessment } from '#shared/schemas/cases.ts';
import { outcomeBadge } from '#shared/ui/status-badge.ts';
import { Priorities } from '#shared/vocabulary.ts';
import { receiptKeepSection } from '../../cases/receipt-card.ts';
import { beijingDateTime } from '../../cases/timeline.ts';
import { departmentById, departmentContactNote, departmentContactRows } from '../../lib/department-contact.ts';
import { CASE_PAGE_PATHS } from './paths.ts';
import { emergencyBox, groups, type Html } from './widgets.ts';

const rp = t.cases.receiptPage;

/** 2026-11-27 → 2026年11月27日. */
const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};


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

export type AttachmentOutcome = { state: 'none' } | { state: 'saved'; count: number } | { state: 'failed' };

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

/**
 * An institution's public page, as HTML for the page shell that the site
 * build makes. Every value is escaped by hono/html's `html` template.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { departmentsOf, districtName, jurisdiction, departmentId } from '#shared/jurisdiction/index.ts';
import * as t from '#shared/i18n/zh-CN/index.ts';
import { licenceInForce, supervisingDepartment } from '#shared/rules/institution.ts';
import { isPublishedSanction, type Institution } from '#shared/schemas/institution.ts';
import {
  FundSupervisionModes,
  InstitutionCategories,
  InstitutionStatuses,
  ProfitTypes,
  RegistrationTypes,
  SanctionTypes,
  STATUS_GROUP,
} from '#shared/vocabulary.ts';
import { departmentContactNote, departmentContactRows } from '../lib/department-contact.ts';
import { institutionNoticesJsonPath, institutionNoticesPath } from '../notices/paths.ts';
import { beijingDateTime } from '#shared/rules/beijing-time.ts';
import { institutionPath } from './feed-paths.ts';
import { followSection } from '../follow/centre-section.ts';
import { statusBadge } from '#shared/ui/status-badge.ts';

/** The status badge (shared/ui/status-badge.ts), for the pages that import it from here. */
export { statusBadge };

const s = t.institution;

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export { institutionPath };

/** A row of facts; a fact the registry does not hold says it was not entered (in words fit for that fact), never "no record". */
const row = (label: string, value: unknown, notEntered: string = s.notEntered) => html`<div class="summary-list__row"><dt>${label}</dt><dd>${value ?? notEntered}</dd></div>`;

/** A timestamp as Beijing time, `YYYY-MM-DD HH:mm`: how every public page shows when something changed. */
export function formatTime(iso: string): string {
  return beijingDateTime(iso);
}

export interface RenderContext {
  today: string;
  /** The absolute URL of this page (printed under the QR code). */
  pageUrl: string;
}

let departmentsById: Map<string, ReturnType<typeof departmentsOf>[number]> | undefined;
/** The jurisdiction's departments by id, listed once (not twice a page: a re-render renders 100,000). */
const departmentById = (id: string) => (departmentsById ??= new Map(departmentsOf(jurisdiction).map((d) => [d.id, d]))).get(id);

/**
 * The page of one institution. Its notices come from the list file the notices
 * publisher keeps for its district and category (institutionNoticesJsonPath),
 * loaded by site/src/scripts/institution-notices.ts into the aria-live region;
 * without a script, the link to the same list. So a new city-wide notice shows
 * on every institution page without publishing any of them again.
 */
export function renderInstitution(inst: Institution, ctx: RenderContext): Html {
  const depKind = supervisingDepartment(inst);
  const department = departmentById(departmentId(depKind, inst.districtCode)) ?? departmentById(departmentId(depKind, jurisdiction.code));
  const lastChange = inst.statusHistory.at(-1);
  const inForce = licenceInForce(inst, ctx.today);
  // Only published sanctions, newest first; a sanction not yet published never reaches the page.
  const published = inst.sanctions.filter(isPublishedSanction).sort((a, b) => b.on.localeCompare(a.on));
  return html`<article class="institution" aria-labelledby="institution-name">
  <h1 id="institution-name">${inst.name}</h1>
  ${inst.formerNames.length ? html`<p class="institution__former">${s.formerNames}：${inst.formerNames.join('、')}</p>` : ''}
  <div class="status-panel status-panel--${STATUS_GROUP[inst.status]}">
    <p class="status-panel__badge">${statusBadge(inst.status)}${lastChange ? html` <span class="status-panel__since">${s.statusSince} ${lastChange.on}</span>` : ''}</p>
    <p>${s.statusExplained[inst.status]}</p>
    ${inst.status !== 'approved' && lastChange ? html`<p>${s.fields.reason}：${lastChange.reason}${lastChange.decisionNumber ? html`（${lastChange.decisionNumber}）` : ''}</p>` : ''}
  </div>
  <p class="institution__updated">${s.lastUpdated} <time datetime="${inst.updatedAt}">${formatTime(inst.updatedAt)}</time></p>
  <p class="institution__actions"><a class="button" href="/complaints/new/?institution=${inst.id}">${s.complain}</a> <a class="button button--secondary" href="/refunds/new/?institution=${inst.id}">${s.refund}</a></p>

  <h2>${s.sections.licence}</h2>
  ${inForce ? '' : html`<p class="warning-text"><span aria-hidden="true">!</span> ${s.licenceExpired}</p>`}
  <dl class="summary-list">
    ${row(s.fields.licenceNumber, inst.licence.number)}
    ${row(s.fields.issuer, inst.licence.issuer)}
    ${row(s.fields.issuedOn, inst.licence.issuedOn)}
    ${row(s.fields.expiresOn, inst.licence.expiresOn)}
    ${row(s.fields.scope, inst.licence.scope)}
    ${row(s.fields.category, InstitutionCategories.label(inst.category))}
  </dl>

  <h2>${s.sections.registration}</h2>
  <dl class="summary-list">
    ${row(s.fields.creditCode, inst.registration.creditCode)}
    ${row(s.fields.registrationType, RegistrationTypes.label(inst.registration.type))}
    ${row(s.fields.profitType, ProfitTypes.label(inst.profitType))}
  </dl>

  <h2>${s.sections.premises}</h2>
  <ul class="list">${inst.premises.map((p) => html`<li>${districtName(p.districtCode) ?? ''} ${p.address}</li>`)}</ul>

  <h2>${s.sections.supervision}</h2>
  <dl class="summary-list">
    ${row(s.fields.department, department?.name)}
    ${departmentContactRows(department)}
  </dl>
  ${departmentContactNote(department)}

  <h2>${s.sections.fees}</h2>
  <dl class="summary-list">
    ${row(s.fields.fundMode, FundSupervisionModes.label(inst.fundSupervision.mode))}
    ${row(s.fields.bank, inst.fundSupervision.bank, s.bankNotEntered)}
  </dl>
  <p><a href="/fees/check/?${new URLSearchParams({ institutionId: inst.id, category: inst.category, districtCode: inst.districtCode }).toString()}">${t.fees.check.fromInstitution}</a></p>

  <h2>${s.sections.safety}</h2>
  <dl class="summary-list">
    ${row(s.fields.insured, inst.insured ? s.yes : s.no)}
    ${row(s.fields.fireCheck, inst.lastFireCheckOn, s.fireCheckNotEntered)}
    ${row(s.fields.staffChecks, inst.staffChecksOn, s.staffChecksNotEntered)}
  </dl>

  <h2>${t.notices.forInstitution}</h2>
  <div class="institution-notices" data-institution-notices="${institutionNoticesJsonPath(inst.districtCode, inst.category)}" data-empty="${t.notices.forInstitutionNone}" data-pinned="${t.notices.pinned}" aria-live="polite"></div>
  <p><a href="${institutionNoticesPath(inst.districtCode, inst.category)}">${t.notices.forInstitutionLink(districtName(inst.districtCode) ?? '', InstitutionCategories.label(inst.category))}</a></p>

  <h2>${s.sections.inspections}</h2>
  ${inst.inspections.length
    ? html`<div class="table-wrap"><table><thead><tr><th scope="col">${s.fields.date}</th><th scope="col">${s.fields.kind}</th><th scope="col">${s.fields.result}</th><th scope="col">${s.fields.findings}</th></tr></thead><tbody>${[...inst.inspections]
        .sort((a, b) => b.on.localeCompare(a.on))
        .map((i) => html`<tr><td>${i.on}</td><td>${s.inspectionKinds[i.kind]}</td><td>${s.inspectionResults[i.result]}</td><td>${i.findings ?? s.none}</td></tr>`)}</tbody></table></div>`
    : html`<p>${s.noInspectionsEntered}</p>`}

  <h2>${s.sections.sanctions}</h2>
  ${published.length
    ? html`<ul class="list">${published.map((x) => html`<li>${x.on} ${SanctionTypes.label(x.kind)}：${x.summary}（${x.decisionNumber}）</li>`)}</ul>`
    : html`<p>${s.none}</p>`}

  <h2>${s.sections.history}</h2>
  <ol class="list">${[...inst.statusHistory].reverse().map((h) => html`<li>${h.on} ${InstitutionStatuses.label(h.status)}：${h.reason}${h.decisionNumber ? html`（${h.decisionNumber}）` : ''}</li>`)}</ol>

  ${followSection(inst)}

  <h2>${s.sections.verify}</h2>
  <figure class="qr"><img src="${institutionPath(inst.id)}qr.svg" width="160" height="160" alt="${s.qrAlt}" /><figcaption>${s.verifyText}<br />${s.pageUrl}：<span class="qr__url">${ctx.pageUrl}</span></figcaption></figure>
</article>`;
}

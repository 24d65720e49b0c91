/**
 * A department's contact as families see it, wherever a department is shown
 * to them (an institution's supervising department, the department a case
 * went to): phone (a tel: link), office hours and address from the
 * jurisdiction's configuration, and a line saying so when they are the
 * demo's stand-in. Rows of a `summary-list`; every value escaped by hono/html.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import * as t from '#shared/i18n/zh-CN/index.ts';
import { departmentsOf, jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import type { Department } from '#shared/schemas/department.ts';

const s = t.institution;
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const row = (label: string, value: unknown) => html`<div class="summary-list__row"><dt>${label}</dt><dd>${value}</dd></div>`;

export function departmentById(id: string, j: Jurisdiction = defaultJurisdiction): Department | undefined {
  return departmentsOf(j).find((d) => d.id === id);
}

/** The contact rows (none for a department the configuration does not know). */
export function departmentContactRows(department: Department | undefined): Html {
  if (!department) return html``;
  return html`${department.phone ? row(s.fields.phone, html`<a href="tel:${department.phone}">${department.phone}</a>`) : row(s.fields.phone, s.notEntered)}${department.officeHours ? row(s.officeHours, department.officeHours) : ''}${department.address ? row(s.address, department.address) : ''}`;
}

/** Said under the rows when the contact is the demo's stand-in. */
export function departmentContactNote(department: Department | undefined): Html {
  return department?.contactPlaceholder ? html`<p class="hint">${s.contactPlaceholder}</p>` : html``;
}

/**
 * The departments' timeliness page (/timeliness/): its figures
 * (functions/cases/timeliness.ts) rendered. Loaded on first use by
 * ./timeliness.ts, which writes it when due.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import * as t from '#shared/i18n/zh-CN/index.ts';
import { SMALL_COUNT, type DepartmentTimeliness, type Published, type Timeliness } from '../cases/timeliness.ts';
import { departmentById, departmentContactNote } from '../lib/department-contact.ts';

export { departmentTimeliness } from '../cases/timeliness.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
const s = t.timeliness;

function cell(value: Published<number> | null, format: (n: number) => string): string {
  if (value === null) return s.none;
  return 'value' in value ? format(value.value) : s.withheld;
}

/** The department's phone from configuration, under its name (functions/lib/department-contact.ts). */
function phoneOf(departmentId: string): Html | string {
  const phone = departmentById(departmentId)?.phone;
  return phone ? html`<br /><span class="timeliness__phone">${t.institution.fields.phone} <a href="tel:${phone}">${phone}</a></span>` : '';
}

function row(d: DepartmentTimeliness): Html {
  const received = 'value' in d.received ? s.cases(d.received.value) : s.fewer(SMALL_COUNT);
  return html`<tr>
  <th scope="row">${d.name}${phoneOf(d.departmentId)}</th>
  <td>${received}</td>
  <td>${cell(d.answeredOnTime, s.share)}</td>
  <td>${cell(d.concludedOnTime, s.share)}</td>
  <td>${cell(d.medianAcceptDays, s.workingDays)}</td>
  <td>${cell(d.medianConcludeDays, s.workingDays)}</td>
  <td>${cell(d.satisfied, s.share)}</td>
</tr>`;
}

export function renderTimeliness(figures: Timeliness): Html {
  const c = s.columns;
  return html`<div class="prose">
  <h1 class="heading-l">${s.title}</h1>
  <p class="lead">${s.lead}</p>
  <p>${s.period(figures.from, figures.to)}</p>
  ${figures.departments.length === 0
    ? html`<p>${s.noCases}</p>`
    : html`<div class="table-wrap" role="region" aria-labelledby="timeliness-caption" tabindex="0">
  <table>
    <caption id="timeliness-caption" class="timeliness__caption">${s.tableCaption}</caption>
    <thead><tr>
      <th scope="col">${c.department}</th><th scope="col">${c.received}</th><th scope="col">${c.answeredOnTime}</th>
      <th scope="col">${c.concludedOnTime}</th><th scope="col">${c.medianAccept}</th><th scope="col">${c.medianConclude}</th>
      <th scope="col">${c.satisfied}</th>
    </tr></thead>
    <tbody>${figures.departments.map(row)}</tbody>
  </table>
</div>
${departmentContactNote(figures.departments.map((d) => departmentById(d.departmentId)).find((d) => d?.contactPlaceholder))}`}
  <h2 class="heading-m">${s.howHeading}</h2>
  <ul class="list list--bullet">${s.how.map((line) => html`<li>${line}</li>`)}</ul>
</div>`;
}


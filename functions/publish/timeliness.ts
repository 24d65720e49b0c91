/**
 * Publishes /timeliness/ (各部门办理情况): each department's figures from
 * functions/cases/timeliness.ts, into the site's timeliness shell. At most
 * once an hour (or at once when the shell changed, after a deploy), and the
 * page is written only when what it says changed. No personal data: it is
 * made from the weekly counters alone.
 */
import { createHash } from 'node:crypto';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import * as t from '#shared/i18n/zh-CN/index.ts';
import { departmentTimeliness, SMALL_COUNT, type DepartmentTimeliness, type Published, type Timeliness } from '../cases/timeliness.ts';
import type { Db } from '../data/client.ts';
import { departmentById, departmentContactNote } from '../lib/department-contact.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';
import { fillShell } from './shell.ts';

export const TIMELINESS_SHELL_KEY = 'timeliness/shell/index.html';
export const TIMELINESS_PAGE_KEY = 'timeliness/index.html';
const STATE_KEY = 'timeliness/state.json';
/** How often the figures are computed again: they move by the week, an hour is plenty. */
export const TIMELINESS_EVERY_MS = 60 * 60 * 1000;

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
const s = t.timeliness;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface State {
  shellHash: string;
  pageHash: string;
  at: string;
}

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

async function readState(store: PublicStore): Promise<State | undefined> {
  const file = await store.get(STATE_KEY);
  if (!file) return undefined;
  try {
    return JSON.parse(file.body.toString('utf8')) as State;
  } catch {
    return undefined;
  }
}

/** Computes and writes the page when it is due; `ran` says whether the figures were computed, `written` whether the page changed. */
export async function publishTimeliness(options: { db: Db; store: PublicStore; now?: () => Date }): Promise<{ ran: boolean; written: boolean }> {
  const { db, store } = options;
  const now = (options.now ?? (() => new Date()))();
  const shellFile = await store.get(TIMELINESS_SHELL_KEY);
  if (!shellFile) throw new Error(`The page shell ${TIMELINESS_SHELL_KEY} is missing: build the site first`);
  const shell = shellFile.body.toString('utf8');
  const shellHash = sha256(shell);
  const state = await readState(store);
  if (state && state.shellHash === shellHash && now.getTime() - Date.parse(state.at) < TIMELINESS_EVERY_MS) return { ran: false, written: false };

  const page = fillShell(shell, { title: s.title, description: s.description, content: String(await renderTimeliness(await departmentTimeliness(db, now))) });
  const pageHash = sha256(page);
  const written = state?.pageHash !== pageHash;
  if (written) await store.put(TIMELINESS_PAGE_KEY, page, { contentType: 'text/html; charset=utf-8', cacheControl: CACHE.published });
  await store.put(STATE_KEY, JSON.stringify({ shellHash, pageHash, at: now.toISOString() } satisfies State), { contentType: 'application/json', cacheControl: 'no-cache' });
  return { ran: true, written };
}

/**
 * /admin/audit/: the audit log. The filter form is an ordinary GET form, so
 * the filters live in the address; this script fills the form from it,
 * asks GET /api/admin/audit with the filled-in ones, shows the page and the
 * link to the next, and points the CSV link at the same filtered view.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import type { AuditEntryView, AuditPageView } from '#shared/schemas/audit.ts';
import { api } from './api.ts';
import { startConsole } from './console.ts';
import { beijingTime, cell, row } from './format.ts';
import { FormErrors, problemsFromFields } from './form-errors.ts';

const a = t.audit;
const FILTERS = ['from', 'to', 'member', 'kind', 'department'] as const;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** The filled-in filters of the address (empty ones dropped), optionally with the page's cursor. */
function filters(withCursor: boolean): URLSearchParams {
  const from = new URLSearchParams(location.search);
  const out = new URLSearchParams();
  for (const name of [...FILTERS, ...(withCursor ? (['cursor'] as const) : [])]) {
    const value = from.get(name)?.trim();
    if (value) out.set(name, value);
  }
  return out;
}

function fillForm(form: HTMLFormElement, page: AuditPageView | undefined): void {
  const given = filters(false);
  for (const name of FILTERS) {
    const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (control) control.value = given.get(name) ?? (name === 'from' ? (page?.from ?? '') : name === 'to' ? (page?.to ?? '') : '');
  }
}

function entryRow(e: AuditEntryView): HTMLTableRowElement {
  const col = a.columns;
  return row(
    cell(col.at, beijingTime(e.at), 'stack-table__lead'),
    cell(col.kind, e.kindLabel),
    cell(col.member, e.member ?? ''),
    cell(col.department, e.departmentName ?? e.departmentId ?? ''),
    cell(col.reason, e.reason ?? ''),
    cell(col.request, e.method && e.route ? `${e.method} ${e.route}` : ''),
    cell(col.clientKey, e.clientKey ?? ''),
  );
}

async function main(): Promise<void> {
  const session = await startConsole();
  const form = byId<HTMLFormElement>('audit-form');
  const errors = new FormErrors(form, byId('audit-errors'));
  byId('audit').hidden = false;
  const status = byId('audit-status');
  status.textContent = a.loading;
  fillForm(form, undefined);
  const query = filters(true);
  const answer = await api<AuditPageView>(`/api/admin/audit${query.size ? `?${query}` : ''}`);
  if (!answer.ok) {
    status.textContent = answer.error.fields ? '' : answer.error.message;
    if (answer.error.fields) errors.show(problemsFromFields(answer.error.fields));
    return;
  }
  const page = answer.body;
  fillForm(form, page);
  const cityWide = page.scope === 'all';
  (document.querySelector('[data-city-only]') as HTMLElement).hidden = !cityWide;
  byId('audit-scope').textContent = cityWide ? a.cityWide : a.onlyOwn(session.staff.department.name);

  byId('audit-rows').replaceChildren(...page.entries.map(entryRow));
  byId('audit-empty').hidden = page.entries.length > 0;
  const exportQuery = filters(false);
  exportQuery.set('from', page.from);
  exportQuery.set('to', page.to);
  byId<HTMLAnchorElement>('audit-csv').href = `/api/admin/audit/csv?${exportQuery}`;
  const next = byId<HTMLAnchorElement>('audit-next');
  next.hidden = !page.next;
  if (page.next) next.href = `/admin/audit/?${new URLSearchParams([...exportQuery, ['cursor', page.next]])}`;
  const first = byId<HTMLAnchorElement>('audit-first');
  first.hidden = !query.has('cursor');
  first.href = `/admin/audit/?${exportQuery}`;
  byId('audit-results').hidden = false;
  status.textContent = a.count(page.entries.length);
}

void main();

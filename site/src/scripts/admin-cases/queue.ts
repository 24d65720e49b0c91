/**
 * /admin/cases/: the department's queue.
 *
 * The filters live in the address (?closed=&state=&kind=&district=&institutionId=&from=&to=),
 * so a reload, the back button and a shared link show the same list; they
 * are checked with the shared schema before asking. Each page comes from
 * GET /api/admin/cases (from the index, never the whole queue); "下一页"
 * follows the answer's cursor. The counts at a glance come from
 * GET /api/admin/cases/overview.
 */
import type { z } from 'zod';
import { CaseQueueFilter, type CaseQueueOverview, type StaffCaseSummary } from '#shared/schemas/cases.ts';
import { deadlineRuns } from '#shared/rules/deadlines.ts';
import { api } from '../admin/api.ts';
import { busy } from '../admin/busy.ts';
import { pageStatus } from '../admin/console.ts';
import { FormErrors, problemsFromFields, problemsFromZod } from '../admin/form-errors.ts';
import { cell, row } from '../admin/format.ts';
import { byId, c, caseHref, districtLabel, dueTag, kindLabel, link, priorityLabel, startTriage, stateLabel, tr } from './common.ts';

const q = c.queue;
const FILTERS = ['closed', 'state', 'kind', 'district', 'institutionId', 'from', 'to'] as const;

interface QueuePage {
  items: StaffCaseSummary[];
  cursor?: string;
}

const root = byId('queue');
const form = byId<HTMLFormElement>('queue-filters');
const errors = new FormErrors(form, byId('queue-errors'));
const status = byId('queue-status');
const results = byId('queue-results');
const heading = byId('queue-heading');
const rows = byId('queue-rows');
const count = byId('queue-count');
const empty = byId('queue-empty');
const pagination = byId('queue-pagination');
const first = byId<HTMLButtonElement>('queue-first');
const next = byId<HTMLButtonElement>('queue-next');

let page = 1;
let nextCursor: string | undefined;
let soonBefore: string | undefined;

function control(name: string): HTMLInputElement | HTMLSelectElement {
  return form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
}

/** The filters as the form holds them (empty ones left out). */
function filters(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = control(name).value.trim();
    if (value && !(name === 'closed' && value === 'false')) out[name] = value;
  }
  return out;
}

function fillForm(params: URLSearchParams): void {
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value !== null) control(name).value = value;
  }
}

function caseRow(item: StaffCaseSummary, now: Date): HTMLTableRowElement {
  const number = link(caseHref(item.caseNumber), item.caseNumber);
  const flags: Array<string | Node> = [number];
  if (item.reopened) flags.push(' ', Object.assign(document.createElement('span'), { className: 'tag', textContent: c.view.fields.reopened }));
  return row(
    cell(q.columns.number, flags, 'stack-table__lead num'),
    cell(q.columns.type, kindLabel(item.kind, item.type)),
    cell(q.columns.institution, item.institutionName),
    cell(q.columns.district, districtLabel(item.districtCode)),
    cell(q.columns.state, stateLabel(item.state)),
    cell(q.columns.due, deadlineRuns(item) ? dueTag(item, now, soonBefore) : '—'),
    cell(q.columns.priority, priorityLabel(item.priority)),
    cell(q.columns.assignee, item.assignee?.name ?? q.unassigned),
    cell(q.columns.part, tr.parts[item.role]),
  );
}

async function loadGlance(): Promise<void> {
  const answer = await api<z.infer<typeof CaseQueueOverview>>('/api/admin/cases/overview');
  if (!answer.ok) return;
  const glance = answer.body;
  soonBefore = glance.dueSoonBefore;
  // A count that stopped at the cap shows "1000+" (at least).
  const n = (question: 'overdue' | 'dueSoon' | 'paused') => (glance.atLeast?.includes(question) ? `${glance[question]}+` : String(glance[question]));
  byId('glance-overdue').textContent = q.overdue(n('overdue'));
  byId('glance-soon').textContent = q.dueSoon(n('dueSoon'));
  byId('glance-paused').textContent = q.paused(n('paused'));
  byId('queue-glance').hidden = false;
}

async function load(cursor: string | undefined, focus: boolean): Promise<void> {
  const params = new URLSearchParams(filters());
  if (cursor) params.set('cursor', cursor);
  params.set('limit', '50');
  status.textContent = q.loading;
  const answer = await api<QueuePage>(`/api/admin/cases?${params}`);
  if (!answer.ok) {
    const fields = problemsFromFields(answer.error.fields);
    if (fields.length) errors.show(fields);
    else errors.show([], [answer.error.message]);
    status.textContent = '';
    return;
  }
  const now = new Date();
  rows.replaceChildren(...answer.body.items.map((item) => caseRow(item, now)));
  nextCursor = answer.body.cursor;
  heading.textContent = q.heading(page);
  count.textContent = q.count(answer.body.items.length);
  empty.hidden = answer.body.items.length > 0 || Boolean(nextCursor);
  pagination.hidden = !nextCursor && page === 1;
  next.hidden = !nextCursor;
  first.hidden = page === 1;
  results.hidden = false;
  status.textContent = '';
  if (focus) heading.focus();
}

async function main(): Promise<void> {
  await startTriage();
  root.hidden = false;
  fillForm(new URLSearchParams(location.search));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, q.loading, async () => {
      const checked = CaseQueueFilter.safeParse(filters());
      if (!checked.success) {
        errors.show(problemsFromZod(checked.error));
        return;
      }
      errors.clear();
      history.replaceState(history.state, '', `${location.pathname}${Object.keys(filters()).length ? `?${new URLSearchParams(filters())}` : ''}`);
      page = 1;
      await load(undefined, true);
    });
  });
  next.addEventListener('click', () => {
    if (!nextCursor) return;
    page += 1;
    void load(nextCursor, true);
  });
  first.addEventListener('click', () => {
    page = 1;
    void load(undefined, true);
  });
  await Promise.all([loadGlance(), load(undefined, false)]);
  pageStatus('');
}

void main();

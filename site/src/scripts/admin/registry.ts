/**
 * /admin/institutions/: the registry in the staff member's scope.
 *
 * The district select keeps only the districts the department covers (a
 * district office: its own, chosen and loaded at once). Each page comes from
 * GET /api/admin/institutions?district=&cursor=; "下一页" follows the
 * answer's cursor, "上一页" goes back along the cursors already seen. The
 * filter narrows the loaded page only. The district is kept in the address
 * (?district=), so the institution page's "返回" link and a reload come back to it.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { districtName } from '#shared/jurisdiction/index.ts';
import type { Institution } from '#shared/schemas/institution.ts';
import { api } from './api.ts';
import { startConsole } from './console.ts';
import { FormErrors, problemsFromFields } from './form-errors.ts';
import { beijingTime, cell, row, statusBadge, todayInBeijing } from './format.ts';
import { applyRoles, districtsInScope, limitOptions } from './staff.ts';

const r = t.admin.registry;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

interface RegistryPage {
  items: Institution[];
  cursor?: string;
}

const root = byId('registry');
const form = byId<HTMLFormElement>('district-form');
const select = byId<HTMLSelectElement>('registry-district');
const errors = new FormErrors(form, byId('registry-errors'));
const status = byId('registry-status');
const results = byId('registry-results');
const heading = byId('registry-heading');
const rows = byId('registry-rows');
const empty = byId('registry-empty');
const filter = byId<HTMLInputElement>('registry-filter');
const pagination = byId('registry-pagination');
const previous = byId<HTMLButtonElement>('registry-previous');
const next = byId<HTMLButtonElement>('registry-next');

let district = '';
/** The cursor of each page seen so far: cursors[0] is the first page's (none). */
let cursors: Array<string | undefined> = [undefined];
let pageIndex = 0;
let nextCursor: string | undefined;
let items: Institution[] = [];
let loading = false;

function institutionRow(inst: Institution, today: string): HTMLTableRowElement {
  const link = document.createElement('a');
  link.href = `/admin/institutions/view/?id=${encodeURIComponent(inst.id)}`;
  link.textContent = inst.name;
  const expires: Array<string | Node> = [inst.licence.expiresOn];
  if (inst.licence.expiresOn < today) {
    const tag = document.createElement('span');
    tag.className = 'expired';
    tag.textContent = ` ${r.expired}`;
    expires.push(tag);
  }
  const time = document.createElement('time');
  time.dateTime = inst.updatedAt;
  time.textContent = beijingTime(inst.updatedAt);
  const tr = row(
    cell(r.columns.name, link, 'stack-table__lead'),
    cell(r.columns.status, statusBadge(inst.status)),
    cell(r.columns.licence, inst.licence.number),
    cell(r.columns.expires, expires, 'num'),
    cell(r.columns.updated, time, 'num'),
  );
  tr.dataset.search = [inst.name, ...inst.formerNames, inst.licence.number, inst.registration.creditCode].join('\n').toLowerCase();
  return tr;
}

function applyFilter(): void {
  const query = filter.value.trim().toLowerCase();
  let shown = 0;
  for (const tr of rows.querySelectorAll<HTMLTableRowElement>('tr')) {
    const match = !query || (tr.dataset.search ?? '').includes(query);
    tr.hidden = !match;
    if (match) shown += 1;
  }
  status.textContent = query ? r.filtered(shown, items.length) : r.count(items.length);
}

async function load(options: { focus: boolean }): Promise<void> {
  if (loading || !district) return;
  loading = true;
  status.textContent = r.loading;
  const query = new URLSearchParams({ district });
  const cursor = cursors[pageIndex];
  if (cursor) query.set('cursor', cursor);
  const answer = await api<RegistryPage>(`/api/admin/institutions?${query}`);
  loading = false;
  if (!answer.ok) {
    status.textContent = '';
    results.hidden = true;
    const fields = answer.error.fields;
    return errors.show(problemsFromFields(fields), fields ? [] : [answer.error.message]);
  }
  errors.clear();
  items = answer.body.items;
  nextCursor = answer.body.cursor;
  const today = todayInBeijing();
  rows.replaceChildren(...items.map((inst) => institutionRow(inst, today)));
  heading.textContent = r.heading(districtName(district) ?? district, pageIndex + 1);
  empty.hidden = items.length > 0;
  previous.hidden = pageIndex === 0;
  next.hidden = !nextCursor;
  pagination.hidden = previous.hidden && next.hidden;
  results.hidden = false;
  applyFilter();
  if (options.focus) heading.focus();
}

function choose(code: string, focus: boolean): void {
  district = code;
  cursors = [undefined];
  pageIndex = 0;
  filter.value = '';
  history.replaceState(history.state, '', `${location.pathname}?${new URLSearchParams({ district: code })}`);
  void load({ focus });
}

async function start(): Promise<void> {
  const { staff } = await startConsole();
  applyRoles(staff);
  const scope = districtsInScope(staff);
  limitOptions(select, scope);
  root.hidden = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!select.value) return errors.show([{ path: 'district', message: r.chooseDistrictError }]);
    errors.clear();
    choose(select.value, true);
  });
  filter.addEventListener('input', applyFilter);
  next.addEventListener('click', () => {
    if (!nextCursor || loading) return;
    cursors = [...cursors.slice(0, pageIndex + 1), nextCursor];
    pageIndex += 1;
    void load({ focus: true });
  });
  previous.addEventListener('click', () => {
    if (pageIndex === 0 || loading) return;
    pageIndex -= 1;
    void load({ focus: true });
  });

  const asked = new URLSearchParams(location.search).get('district') ?? '';
  const initial = scope.includes(asked) ? asked : scope.length === 1 ? scope[0]! : '';
  if (initial) {
    select.value = initial;
    choose(initial, false);
  }
}

void start();

/**
 * /admin/accounts/: the account list and the create form; with `?u=<username>`,
 * one account: change (conditional on its version: a 409 shows the fresh
 * account), disable, reset the sign-in, end its sessions, and its history.
 * A set-up link is shown once, as the API answers it.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { findDepartment } from '#shared/rules/scope.ts';
import type { Account, SetupLink } from '#shared/schemas/accounts.ts';
import { StaffRoles, type StaffRole } from '#shared/vocabulary.ts';
import { api } from './api.ts';
import { busy } from './busy.ts';
import { pageStatus, startConsole } from './console.ts';
import { FormErrors, problemsFromFields } from './form-errors.ts';
import { beijingTime, cell, row } from './format.ts';

const c = t.accounts.console;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const selected = new URLSearchParams(location.search).get('u');

function rolesOf(form: HTMLFormElement): StaffRole[] {
  return [...form.querySelectorAll<HTMLInputElement>('input[name="roles"]:checked')].map((i) => i.value as StaffRole);
}
function input(form: HTMLFormElement, name: string): HTMLInputElement {
  return form.elements.namedItem(name) as HTMLInputElement;
}
const roleText = (roles: readonly StaffRole[]) => roles.map((r) => StaffRoles.label(r)).join('、');
const departmentText = (id: string) => findDepartment(id)?.name ?? id;

function showLink(prefix: string, setup: SetupLink): void {
  byId(`${prefix}-lead`).textContent = c.setupLinkLead(beijingTime(setup.expiresAt));
  byId(`${prefix}-url`).textContent = `${location.origin}${setup.path}`;
  const panel = byId(prefix);
  panel.hidden = false;
  panel.focus();
}

async function showList(): Promise<void> {
  const answer = await api<{ accounts: Account[] }>('/api/admin/accounts');
  if (!answer.ok) return pageStatus(answer.error.message, true);
  byId('accounts-rows').replaceChildren(
    ...answer.body.accounts.map((account) => {
      const link = document.createElement('a');
      link.href = `/admin/accounts/?u=${encodeURIComponent(account.username)}`;
      link.textContent = account.username;
      return row(
        cell(c.columns.username, link),
        cell(c.columns.name, account.name),
        cell(c.columns.department, departmentText(account.departmentId)),
        cell(c.columns.roles, roleText(account.roles)),
        cell(c.columns.status, c.status[account.status]),
      );
    }),
  );
  byId('accounts').hidden = false;
}

function wireCreate(): void {
  const form = byId<HTMLFormElement>('create-form');
  const errors = new FormErrors(form, byId('create-errors'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const json = { username: input(form, 'username').value, name: input(form, 'name').value, departmentId: input(form, 'departmentId').value, roles: rolesOf(form) };
    const answer = await busy(form, c.creating, () => api<{ account: Account; setup: SetupLink }>('/api/admin/accounts', { method: 'POST', json }));
    if (!answer) return;
    if (!answer.ok) {
      errors.show(problemsFromFields(answer.error.fields), answer.error.fields ? [] : [answer.error.message]);
      return;
    }
    errors.clear();
    form.reset();
    showLink('setup-link', answer.body.setup);
    await showList();
  });
}

let current: Account | undefined;

function fill(account: Account): void {
  current = account;
  const form = byId<HTMLFormElement>('change-form');
  byId('account-title').textContent = `${account.name}（${account.username}）· ${c.status[account.status]}`;
  input(form, 'name').value = account.name;
  (form.elements.namedItem('departmentId') as HTMLSelectElement).value = account.departmentId;
  for (const box of form.querySelectorAll<HTMLInputElement>('input[name="roles"]')) box.checked = account.roles.includes(box.value as StaffRole);
  byId<HTMLInputElement>('change-disabled').checked = account.disabled;
}

async function showAccount(username: string): Promise<void> {
  const answer = await api<{ account: Account; history: Array<{ at: string; kind: string; by: string; summary: string }> }>(`/api/admin/accounts/${encodeURIComponent(username)}`);
  if (!answer.ok) return pageStatus(answer.error.message, true);
  fill(answer.body.account);
  byId('history-rows').replaceChildren(
    ...answer.body.history.map((e) =>
      row(cell(c.historyColumns.at, beijingTime(e.at)), cell(c.historyColumns.kind, c.kinds[e.kind] ?? e.kind), cell(c.historyColumns.by, e.by), cell(c.historyColumns.summary, e.summary)),
    ),
  );
  byId('account').hidden = false;
}

function wireAccount(username: string): void {
  const form = byId<HTMLFormElement>('change-form');
  const errors = new FormErrors(form, byId('change-errors'));
  const status = byId('account-status');
  const path = `/api/admin/accounts/${encodeURIComponent(username)}`;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!current) return;
    const json = {
      version: current.version,
      name: input(form, 'name').value,
      departmentId: input(form, 'departmentId').value,
      roles: rolesOf(form),
      disabled: byId<HTMLInputElement>('change-disabled').checked,
    };
    const answer = await busy(form, c.saving, () => api<Account>(path, { method: 'PUT', json }));
    if (!answer) return;
    if (!answer.ok) {
      if (answer.status === 409 && answer.error.current) {
        fill(answer.error.current as Account);
        errors.show([], [c.conflict]);
      } else errors.show(problemsFromFields(answer.error.fields), answer.error.fields ? [] : [answer.error.message]);
      return;
    }
    errors.clear();
    status.textContent = c.saved;
    await showAccount(username);
  });
  byId('account-reset').addEventListener('click', async () => {
    if (!current) return;
    const answer = await api<{ account: Account; setup: SetupLink }>(`${path}/reset`, { method: 'POST', json: { version: current.version } });
    if (!answer.ok) {
      status.textContent = answer.error.message;
      return;
    }
    showLink('reset-link', answer.body.setup);
    fill(answer.body.account);
  });
  byId('account-end-sessions').addEventListener('click', async () => {
    const answer = await api<{ ended: number }>(`${path}/sessions/end`, { method: 'POST' });
    status.textContent = answer.ok ? c.sessionsEnded(answer.body.ended) : answer.error.message;
    if (answer.ok) await showAccount(username);
  });
}

async function main(): Promise<void> {
  await startConsole();
  if (selected) {
    wireAccount(selected);
    await showAccount(selected);
  } else {
    wireCreate();
    await showList();
  }
}

void main();

/**
 * /admin/risk/view/?id=<institution id>: one institution's counters, flag
 * and plan (GET /api/admin/risk/institutions/{id}). Supervisors create the
 * plan, add items and change their status (POST …/plan, …/plan/items,
 * …/plan/items/{itemId}), each with the plan's version read: a 409 shows
 * the plan as it now is.
 */
import type { z } from 'zod';
import { t } from '#shared/i18n/zh-CN.ts';
import { hasAnyRole } from '#shared/rules/scope.ts';
import { RiskPlanInput, RiskPlanItemInput, RiskPlanItemStatusInput, type InstitutionRisk, type RiskPlan } from '#shared/schemas/cases.ts';
import { api } from '../admin/api.ts';
import { busy } from '../admin/busy.ts';
import { pageStatus } from '../admin/console.ts';
import { FormErrors, problemsFromFields, problemsFromZod } from '../admin/form-errors.ts';
import { cell, row } from '../admin/format.ts';
import { byId, c, districtLabel, el, showBanner, startTriage, summaryRow, time, yuan } from './common.ts';

type Risk = z.infer<typeof InstitutionRisk>;
const r = c.risk;
const statuses = t.triage.risk.planStatuses;
const id = new URLSearchParams(location.search).get('id') ?? '';
const base = `/api/admin/risk/institutions/${encodeURIComponent(id)}`;
const banner = byId('rv-banner');
const summaryForm = byId<HTMLFormElement>('rv-summary-form');
const itemForm = byId<HTMLFormElement>('rv-item-form');
const statusForm = byId<HTMLFormElement>('rv-status-form');
const summaryErrors = new FormErrors(summaryForm, byId('rv-summary-errors'));
const itemErrors = new FormErrors(itemForm, byId('rv-item-errors'));
const statusErrors = new FormErrors(statusForm, byId('rv-status-errors'));
let risk: Risk;
let supervisor = false;

const field = (form: HTMLFormElement, name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function renderPlan(plan: RiskPlan | null): void {
  risk = { ...risk, plan };
  byId('rv-no-plan').hidden = plan !== null;
  const summaryText = byId('rv-summary-text');
  summaryText.hidden = plan === null || supervisor;
  summaryText.textContent = plan?.summary ?? '';
  byId('rv-summary-submit').textContent = plan ? r.savePlan : r.createPlan;
  if (plan && supervisor) field(summaryForm, 'summary').value = plan.summary;
  byId('rv-items-block').hidden = plan === null;
  byId('rv-items').replaceChildren(
    ...(plan?.items ?? []).map((item) =>
      row(
        cell(r.itemColumns.text, item.text, 'stack-table__lead'),
        cell(r.itemColumns.due, item.dueOn, 'num'),
        cell(r.itemColumns.status, statuses[item.status]),
        cell(r.itemColumns.updated, `${time(item.updatedAt)} ${item.updatedBy}`),
      ),
    ),
  );
  const select = field(statusForm, 'itemId') as HTMLSelectElement;
  const choose = select.options[0];
  select.replaceChildren(...(choose ? [choose] : []), ...(plan?.items ?? []).map((item) => new Option(`${item.text}（${statuses[item.status]}）`, item.id)));
  byId('rv-status-block').hidden = !supervisor || (plan?.items.length ?? 0) === 0;
}

function renderHistory(events: Risk['planEvents']): void {
  const actions = t.triage.risk.planActions;
  byId('rv-history').replaceChildren(
    ...[...events].reverse().map((e) =>
      row(
        cell(c.view.eventColumns.at, time(e.at), 'num'),
        cell(c.view.eventColumns.who, e.actor.name),
        cell(c.view.eventColumns.what, actions[e.action]),
        cell(c.view.eventColumns.details, [e.text ?? '', e.from && e.to ? `（${statuses[e.from]} → ${statuses[e.to]}）` : e.to ? `（${statuses[e.to]}）` : '', e.note ? `：${e.note}` : ''].join('')),
      ),
    ),
  );
}

function render(next: Risk): void {
  risk = next;
  const row = next.ledger;
  const title = row?.name ?? id;
  byId('rv-title').textContent = title;
  document.title = `${title} - ${r.viewTitle} - ${t.admin.title}`;
  byId<HTMLAnchorElement>('rv-registry').href = `/admin/institutions/view/?id=${encodeURIComponent(id)}`;
  byId('rv-no-ledger').hidden = row !== null;
  const l = r.counterLabels;
  byId('rv-counters').replaceChildren(
    ...(row
      ? [
          summaryRow(c.risk.columns.district, row.districtCode ? districtLabel(row.districtCode) : ''),
          summaryRow(c.risk.columns.flag, row.flagged ? el('span', r.flagged, 'flag-tag') : r.notFlagged),
          summaryRow(l.openDisputes, String(row.openDisputes)),
          summaryRow(l.totalDisputes, String(row.totalDisputes)),
          summaryRow(l.amountInDispute, yuan(row.amountInDispute)),
          summaryRow(l.amountRecovered, yuan(row.amountRecovered)),
          summaryRow(l.complaints, String(row.complaints)),
          summaryRow(l.recentComplaints, String(row.recentComplaints)),
          summaryRow(l.substantiated, String(row.substantiated)),
          summaryRow(l.lastCaseAt, time(row.lastCaseAt)),
        ]
      : []),
  );
  byId('rv-reasons').hidden = !row?.flagged;
  byId('rv-reasons-list').replaceChildren(...(row?.reasonTexts ?? []).map((text) => el('li', text)));
  renderPlan(next.plan);
  renderHistory(next.planEvents);
}

async function reload(): Promise<void> {
  const answer = await api<Risk>(base);
  if (answer.ok) render(answer.body);
}

/** Sends a plan change; a conflict shows the plan as it now is. */
async function send(path: string, body: unknown, errors: FormErrors, form: HTMLFormElement): Promise<void> {
  const answer = await api<RiskPlan>(path, { json: body });
  const conflict = byId('rv-conflict');
  conflict.hidden = true;
  if (answer.ok) {
    errors.clear();
    form.reset();
    await reload();
    showBanner(banner, r.saved);
    return;
  }
  if (answer.status === 400 && answer.error.fields) {
    errors.show(problemsFromFields(answer.error.fields));
    return;
  }
  if (answer.status === 409) {
    errors.clear();
    await reload();
    byId('rv-conflict-message').textContent = answer.error.message;
    conflict.hidden = false;
    conflict.focus();
    return;
  }
  showBanner(banner, answer.error.message, true);
}

function wire(): void {
  summaryForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(summaryForm, c.view.saving, async () => {
      const data = { summary: field(summaryForm, 'summary').value, expectedVersion: risk.plan?.version ?? 0 };
      const checked = RiskPlanInput.safeParse(data);
      if (!checked.success) return summaryErrors.show(problemsFromZod(checked.error, data));
      await send(`${base}/plan`, checked.data, summaryErrors, summaryForm);
    });
  });
  itemForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(itemForm, c.view.saving, async () => {
      const data = { text: field(itemForm, 'text').value, dueOn: field(itemForm, 'dueOn').value, expectedVersion: risk.plan?.version ?? 0 };
      const checked = RiskPlanItemInput.safeParse(data);
      if (!checked.success) return itemErrors.show(problemsFromZod(checked.error, data));
      await send(`${base}/plan/items`, checked.data, itemErrors, itemForm);
    });
  });
  statusForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(statusForm, c.view.saving, async () => {
      const itemId = field(statusForm, 'itemId').value;
      const note = field(statusForm, 'note').value.trim();
      const data = { status: field(statusForm, 'status').value, expectedVersion: risk.plan?.version ?? 0, ...(note ? { note } : {}) };
      const checked = RiskPlanItemStatusInput.safeParse(data);
      const problems = checked.success ? [] : problemsFromZod(checked.error, data);
      if (!itemId) problems.unshift({ path: 'itemId', message: c.view.choose + r.itemColumns.text, nothingChosen: true });
      if (problems.length || !checked.success) return statusErrors.show(problems);
      await send(`${base}/plan/items/${encodeURIComponent(itemId)}`, checked.data, statusErrors, statusForm);
    });
  });
}

async function main(): Promise<void> {
  const session = await startTriage();
  if (!/^[a-z0-9-]{3,64}$/.test(id)) {
    const missing = byId('rv-missing');
    missing.textContent = r.missing;
    missing.hidden = false;
    return;
  }
  supervisor = hasAnyRole(session.staff.roles, ['supervisor']);
  for (const node of document.querySelectorAll<HTMLElement>('[data-supervisor-only]')) node.hidden = !supervisor;
  byId('rv-readonly').hidden = supervisor;
  const answer = await api<Risk>(base);
  if (!answer.ok) {
    pageStatus(answer.error.message);
    return;
  }
  render(answer.body);
  wire();
  byId('rv').hidden = false;
  pageStatus('');
}

void main();

/**
 * /admin/institutions/view/?id=<id>: one institution, its history, and the
 * status and edit forms.
 *
 * - GET /api/admin/institutions/{id} gives the record and its events.
 * - Both forms are checked with the shared schemas (StatusChangeRequest,
 *   InstitutionUpdate) before sending, and carry the version that was read.
 * - A 409 with `error.current` means someone else saved first: the conflict
 *   panel says so, lists what they changed (the record as the page had it
 *   against the record now), and offers to re-apply the action on the new
 *   version (a status change as it was; an edit as the fields this member of
 *   staff changed, on top of the other's version), or to drop it and load
 *   the new version.
 * - Other problems: beside their fields (`error.fields`) and in the form's
 *   error summary.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { InstitutionUpdate, StatusChangeRequest, type Institution, type InstitutionFields } from '#shared/schemas/institution.ts';
import { findDepartment } from '#shared/rules/scope.ts';
import { api, type ApiAnswer, type ApiError } from './api.ts';
import { busy } from './busy.ts';
import { pageStatus, startConsole } from './console.ts';
import { FormErrors, problemsFromFields, problemsFromZod } from './form-errors.ts';
import { beijingTime, cell, differences, DISPLAYED_FIELDS, row, statusBadge, statusLabel, todayInBeijing } from './format.ts';
import { fieldsOf, InstitutionForm, reapplyChanges } from './institution-form.ts';
import { readInspection, readSanction, renderRecords, showRisk } from './institution-records.ts';
import { applyRoles, canEdit } from './staff.ts';

const a = t.admin;
const v = a.view;
const c = a.conflict;

/** A change record, as GET /api/admin/institutions/{id} answers it (InstitutionEvent). */
interface InstitutionEvent {
  at: string;
  action: 'created' | 'updated' | 'status_changed' | 'inspection_recorded' | 'sanction_recorded' | 'sanction_published';
  actor: { staffId: string; name: string; departmentId: string };
  changedFields: string[];
  fromStatus?: string;
  toStatus?: string;
  reason?: string;
  decisionNumber?: string;
  version: number;
}

interface AdminInstitution {
  institution: Institution;
  events: InstitutionEvent[];
}

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const id = new URLSearchParams(location.search).get('id') ?? '';
const apiPath = `/api/admin/institutions/${encodeURIComponent(id)}`;

const view = byId('view');
const banner = byId('view-banner');
const title = byId('view-title');
const statusForm = byId<HTMLFormElement>('status-form');
const statusErrors = new FormErrors(statusForm, byId('sc-errors'));
const editForm = new InstitutionForm(byId<HTMLFormElement>('institution-form'), byId('inst-errors'));
const conflict = byId('conflict');
const inspectionForm = byId<HTMLFormElement>('inspection-form');
const inspectionErrors = new FormErrors(inspectionForm, byId('insp-errors'));
const sanctionForm = byId<HTMLFormElement>('sanction-form');
const sanctionErrors = new FormErrors(sanctionForm, byId('sanc-errors'));
let editor = false;

interface Refill {
  status?: boolean;
  edit?: boolean;
  inspection?: boolean;
  sanction?: boolean;
}

let record: Institution;
let events: InstitutionEvent[] = [];
/** While the conflict panel shows: the record now, and the action to re-apply on it. */
let latest: AdminInstitution | undefined;
let reapply: (() => Promise<void>) | undefined;

function missing(text: string): void {
  pageStatus('');
  const box = byId('view-missing');
  box.textContent = text;
  box.hidden = false;
}

function fieldLabel(key: string): string {
  return (a.changedFields as Record<string, string>)[key] ?? key;
}

function historyRow(event: InstitutionEvent): HTMLTableRowElement {
  const h = v.historyColumns;
  const time = document.createElement('time');
  time.dateTime = event.at;
  time.textContent = beijingTime(event.at);
  const who = [event.actor.name, findDepartment(event.actor.departmentId)?.name].filter(Boolean).join('，');
  let action: string = v.actions[event.action];
  if (event.action === 'updated' && event.changedFields.length) action += `：${event.changedFields.map(fieldLabel).join('、')}`;
  const status =
    event.action === 'status_changed' && event.fromStatus && event.toStatus
      ? v.statusChange(statusLabel(event.fromStatus), statusLabel(event.toStatus))
      : event.toStatus && event.action === 'created'
        ? statusLabel(event.toStatus)
        : '';
  return row(
    cell(h.at, time, 'num'),
    cell(h.who, who),
    cell(h.action, action),
    cell(h.status, status),
    cell(h.reason, event.reason ?? ''),
    cell(h.decision, event.decisionNumber ?? ''),
  );
}

/** Draws the record and its history; refills the forms named (the others keep what was typed). */
function render(refill: Refill): void {
  document.title = `${record.name} - ${a.title} - ${t.service.name}`;
  title.textContent = record.name;
  byId('view-status').replaceChildren(statusBadge(record.status));
  byId('view-id').textContent = record.id;
  byId('view-version').textContent = String(record.version);
  byId<HTMLAnchorElement>('view-public').href = `/institutions/${encodeURIComponent(record.id)}/`;
  byId<HTMLAnchorElement>('view-back').href = `/admin/institutions/?${new URLSearchParams({ district: record.districtCode })}`;
  byId('status-current').replaceChildren(statusBadge(record.status));

  const details = DISPLAYED_FIELDS.map((field) => {
    const div = document.createElement('div');
    div.className = 'summary-list__row';
    const dt = document.createElement('dt');
    dt.textContent = field.label;
    const dd = document.createElement('dd');
    dd.textContent = field.text(record);
    div.append(dt, dd);
    return div;
  });
  byId('view-details').replaceChildren(...details);
  byId('history-rows').replaceChildren(...events.map(historyRow));
  byId('history-empty').hidden = events.length > 0;

  if (refill.status) {
    statusForm.reset();
    statusErrors.clear();
    (statusForm.elements.namedItem('on') as HTMLInputElement).value = todayInBeijing();
  }
  if (refill.edit) {
    editForm.errors.clear();
    editForm.fill(record);
  }
  renderRecords(record, { canEdit: editor, publish: (sanctionId, decisionNumber) => void publishSanction(sanctionId, decisionNumber) });
  for (const [wanted, form, errors] of [
    [refill.inspection, inspectionForm, inspectionErrors],
    [refill.sanction, sanctionForm, sanctionErrors],
  ] as const) {
    if (!wanted) continue;
    form.reset();
    errors.clear();
    (form.elements.namedItem('on') as HTMLInputElement).value = todayInBeijing();
  }
}

async function fetchRecord(): Promise<ApiAnswer<AdminInstitution>> {
  return api<AdminInstitution>(apiPath);
}

function showBanner(text: string): void {
  banner.textContent = text;
  banner.hidden = false;
  banner.focus();
}

function hideConflict(): void {
  conflict.hidden = true;
  latest = undefined;
  reapply = undefined;
}

/** Someone else saved first: what they changed, and the choice to re-apply or drop this action. */
async function showConflict(error: ApiError, again: () => Promise<void>): Promise<void> {
  // The record and history now (who saved it); the conflict's own copy if that cannot be read.
  const fresh = await fetchRecord();
  latest = fresh.ok ? fresh.body : { institution: error.current as Institution, events };
  reapply = again;
  const now = latest.institution;
  const changes = differences(record, now);
  byId('conflict-message').textContent = error.message;
  byId('conflict-rows').replaceChildren(...changes.map((change) => row(cell(c.field, change.label), cell(c.before, change.before), cell(c.after, change.after))));
  byId('conflict-table').hidden = changes.length === 0;
  byId('conflict-none').hidden = changes.length > 0;
  const lastSaved = latest.events.find((event) => event.version === now.version);
  byId('conflict-latest').textContent = c.latest(now.version, beijingTime(now.updatedAt), lastSaved?.actor.name);
  banner.hidden = true;
  conflict.hidden = false;
  conflict.focus();
}

/**
 * Sends one of the forms and answers for it: on success, the record again
 * and a banner; on a conflict, the panel; otherwise the form's errors.
 */
async function save(
  form: HTMLFormElement,
  errors: FormErrors,
  send: () => Promise<ApiAnswer<Institution>>,
  again: () => Promise<void>,
  done: { text: string; refill: Refill },
): Promise<void> {
  await busy(form, a.form.saving, async () => {
    const answer = await send();
    if (answer.ok) {
      hideConflict();
      errors.clear();
      const fresh = await fetchRecord();
      if (fresh.ok) ({ institution: record, events } = fresh.body);
      else record = answer.body;
      render(done.refill);
      showBanner(done.text);
      return;
    }
    const { error } = answer;
    if (answer.status === 409 && error.current) {
      errors.clear();
      return showConflict(error, again);
    }
    if (error.fields) errors.show(problemsFromFields(error.fields));
    else errors.show([], [error.message]);
  });
}

async function changeStatus(): Promise<void> {
  const value = (name: string) => (statusForm.elements.namedItem(name) as HTMLInputElement).value;
  const input = {
    status: value('status'),
    on: value('on'),
    reason: value('reason'),
    decisionNumber: value('decisionNumber').trim() || undefined,
    expectedVersion: record.version,
  };
  const parsed = StatusChangeRequest.safeParse(input);
  if (!parsed.success) return statusErrors.show(problemsFromZod(parsed.error, input));
  await save(statusForm, statusErrors, () => api<Institution>(`${apiPath}/status`, { json: parsed.data }), changeStatus, {
    text: v.statusSaved(statusLabel(parsed.data.status)),
    refill: { status: true },
  });
}

async function saveEdit(): Promise<void> {
  const base = fieldsOf(record);
  const input = { fields: editForm.read(base), expectedVersion: record.version };
  const parsed = InstitutionUpdate.safeParse(input);
  if (!parsed.success) return editForm.showZod(parsed.error, input);
  const mine = parsed.data.fields;
  // After a conflict, `record` is the version now: put this edit's own changes on top of it, show them, send again.
  const again = () => {
    editForm.fill(reapplyChanges(base, mine, fieldsOf(record)) as InstitutionFields);
    return saveEdit();
  };
  await save(editForm.form, editForm.errors, () => api<Institution>(apiPath, { method: 'PUT', json: parsed.data }), again, {
    text: v.saved,
    refill: { edit: true },
  });
}

/** An answer of the record-an-item endpoints ({ institution, id }) as the institution it saved. */
async function recorded(path: string, json: unknown): Promise<ApiAnswer<Institution>> {
  const answer = await api<{ institution: Institution; id: string }>(path, { json });
  return answer.ok ? { ...answer, body: answer.body.institution } : answer;
}

async function recordInspection(): Promise<void> {
  const { input, parsed } = readInspection(inspectionForm, record.version);
  if (!parsed.success) return inspectionErrors.show(problemsFromZod(parsed.error, input));
  await save(inspectionForm, inspectionErrors, () => recorded(`${apiPath}/inspections`, parsed.data), recordInspection, {
    text: t.registryRecords.inspections.saved,
    refill: { inspection: true },
  });
}

async function recordSanction(): Promise<void> {
  const { input, parsed } = readSanction(sanctionForm, record.version);
  if (!parsed.success) return sanctionErrors.show(problemsFromZod(parsed.error, input));
  await save(sanctionForm, sanctionErrors, () => recorded(`${apiPath}/sanctions`, parsed.data), recordSanction, {
    text: t.registryRecords.sanctions.saved,
    refill: { sanction: true },
  });
}

async function publishSanction(sanctionId: string, decisionNumber: string): Promise<void> {
  const path = `${apiPath}/sanctions/${encodeURIComponent(sanctionId)}/publish`;
  await save(sanctionForm, sanctionErrors, () => api<Institution>(path, { json: { expectedVersion: record.version } }), () => publishSanction(sanctionId, decisionNumber), {
    text: t.registryRecords.sanctions.publishedSaved(decisionNumber),
    refill: {},
  });
}

async function start(): Promise<void> {
  const { staff } = await startConsole();
  if (!/^[a-z0-9-]{3,64}$/.test(id)) return missing(v.missingId);
  pageStatus(v.loading);
  const answer = await fetchRecord();
  if (!answer.ok) {
    if (answer.status === 404) return missing(v.notFound);
    return pageStatus(answer.error.message, true);
  }
  pageStatus('');
  ({ institution: record, events } = answer.body);
  applyRoles(staff);
  editor = canEdit(staff);
  byId('view-readonly').hidden = editor;
  editForm.limitTo(staff, record);
  render({ status: true, edit: true, inspection: true, sanction: true });
  view.hidden = false;
  void showRisk(record.id);

  if (new URLSearchParams(location.search).get('created') === '1') {
    history.replaceState(history.state, '', `${location.pathname}?${new URLSearchParams({ id })}`);
    showBanner(v.created);
  }

  statusForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void changeStatus();
  });
  editForm.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void saveEdit();
  });
  inspectionForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void recordInspection();
  });
  sanctionForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void recordSanction();
  });
  byId('conflict-reapply').addEventListener('click', () => {
    if (!latest || !reapply) return;
    const again = reapply;
    ({ institution: record, events } = latest);
    // Keep what the member of staff typed: only the record and its history are redrawn.
    render({});
    hideConflict();
    void again();
  });
  byId('conflict-discard').addEventListener('click', () => {
    if (!latest) return;
    ({ institution: record, events } = latest);
    hideConflict();
    render({ status: true, edit: true });
    title.focus();
  });
}

void start();

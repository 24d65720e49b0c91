/**
 * /admin/cases/view/?n=<case number>: one case, and the steps this member of
 * staff may take on it.
 *
 * - GET /api/admin/cases/{n} answers the case, its events, the actions the
 *   transition table allows this member of staff now, and related cases;
 *   only those actions' forms are shown.
 * - Each form posts to /api/admin/cases/{n}/transitions with the version
 *   read. 200: the case as it now is, and a banner that says what was done.
 *   400: the messages beside the fields. 409: someone else acted first (or
 *   the step no longer applies): the panel says so, and the page shows the
 *   case as it now is. 403: the banner says why.
 * - The contact is masked until "查看完整联系方式" (POST …/reveal-contact,
 *   audited); attachments are listed from the forms' endpoint, downloadable
 *   by the lead department.
 */
import type { z } from 'zod';
import { t } from '#shared/i18n/zh-CN.ts';
import { CaseTransitionInput, type CaseEvent, type StaffCaseDetail, type StaffCaseSummary } from '#shared/schemas/cases.ts';
import { parseCaseNumber } from '#shared/rules/case-number.ts';
import { StaffCaseActions, type StaffCaseAction } from '#shared/rules/case-transitions.ts';
import { runningDeadline } from '#shared/rules/deadlines.ts';
import { PaymentFinancings, PaymentMethods } from '#shared/vocabulary.ts';
import { api } from '../admin/api.ts';
import { busy } from '../admin/busy.ts';
import { pageStatus } from '../admin/console.ts';
import { FormErrors, problemsFromFields, problemsFromZod } from '../admin/form-errors.ts';
import { cell, row } from '../admin/format.ts';
import {
  byId,
  c,
  caseHref,
  departmentLabel,
  districtLabel,
  dueTag,
  el,
  kindLabel,
  link,
  priorityLabel,
  showBanner,
  startTriage,
  stateLabel,
  summaryRow,
  time,
  tr,
  transferTargets,
  yuan,
} from './common.ts';

type Detail = z.infer<typeof StaffCaseDetail>;
type Summary = StaffCaseSummary;
const v = c.view;
const f = v.fields;

const params = new URLSearchParams(location.search);
const caseNumber = parseCaseNumber(params.get('n') ?? '');
const view = byId('view');
const banner = byId('view-banner');
const conflict = byId('conflict');
let detail: Detail;
let assigneesLoaded = false;

const forms = new Map<StaffCaseAction, { form: HTMLFormElement; errors: FormErrors; details: HTMLDetailsElement }>();
for (const action of StaffCaseActions) {
  const form = byId<HTMLFormElement>(`act-${action}`);
  forms.set(action, { form, errors: new FormErrors(form, byId(`act-${action}-errors`)), details: form.closest('details') as HTMLDetailsElement });
}

const none = (text: string | undefined) => (text ? text : v.none);

function renderSummary(d: Detail): void {
  const k = d.case;
  const due = runningDeadline(k);
  const rows = [
    summaryRow(f.type, kindLabel(k.complaint?.kind, k.type)),
    summaryRow(f.state, [stateLabel(k.state), ...(k.reopened ? [' ', el('span', f.reopened, 'tag')] : [])]),
    summaryRow(f.priority, priorityLabel(k.routing.priority)),
    summaryRow(f.submittedAt, time(k.submittedAt)),
    summaryRow(f.district, districtLabel(k.districtCode)),
    summaryRow(f.lead, departmentLabel(k.leadDepartmentId)),
    summaryRow(f.coHandling, none(k.coHandlingDepartmentIds.map(departmentLabel).join('、'))),
    summaryRow(f.acceptBy, time(k.routing.acceptBy)),
    summaryRow(f.concludeBy, [time(k.routing.concludeBy), ...(due ? [' ', ...dueTag({ ...due, paused: Boolean(k.pause) }, new Date()).slice(0, 1)] : [])]),
    summaryRow(f.assignee, k.assignee?.name ?? c.queue.unassigned),
    summaryRow(f.part, d.part ? tr.parts[d.part] : v.none),
    summaryRow(f.version, String(k.version)),
  ];
  // Why the case went where it did: the routing row's legal basis, recorded when it arrived.
  const routed = d.events.find((e): e is Extract<CaseEvent, { type: 'routed' }> => e.type === 'routed');
  if (routed?.basis?.length) {
    const list = el('ul', undefined, 'list list--bullet');
    list.append(...routed.basis.map((b) => el('li', b)));
    rows.push(summaryRow(f.routingBasis, list));
  }
  if (routed?.priorityReason) rows.push(summaryRow(f.priorityReason, routed.priorityReason));
  if (routed?.note) rows.push(summaryRow(f.routingNote, routed.note));
  if (k.pause) rows.push(summaryRow(f.paused, v.pausedSince(time(k.pause.since), tr.pauseReasons[k.pause.reason])));
  if (k.declined) rows.push(summaryRow(f.declined, k.declined.reason), summaryRow(f.nextSteps, k.declined.nextSteps));
  if (k.conclusion) {
    rows.push(summaryRow(f.outcome, tr.outcomes[k.conclusion.outcome]), summaryRow(f.actionTaken, k.conclusion.actionTaken));
    if (k.conclusion.amountRecovered !== undefined) rows.push(summaryRow(f.amountRecovered, yuan(k.conclusion.amountRecovered)));
  }
  if (k.mergedInto) rows.push(summaryRow(f.mergedInto, link(caseHref(k.mergedInto), k.mergedInto)));
  if (k.abuseSuspected) rows.push(summaryRow(f.abuse, v.abuseSuspected));
  byId('view-summary').replaceChildren(...rows);
}

function renderNarrative(d: Detail): void {
  const k = d.case;
  const rows: HTMLDivElement[] = [];
  if (k.complaint) {
    rows.push(summaryRow(f.kind, kindLabel(k.complaint.kind)));
    if (k.complaint.happenedOn) rows.push(summaryRow(f.happenedOn, k.complaint.happenedOn));
    if (k.complaint.place) rows.push(summaryRow(f.place, k.complaint.place));
    // Absent once the personal data was purged (the narrative goes with it).
    rows.push(summaryRow(f.description, el('span', none(k.complaint.description), 'narrative')));
  }
  byId('view-narrative').replaceChildren(...rows);
  byId('narrative').hidden = rows.length === 0;
  const r = k.refund;
  byId('refund').hidden = !r;
  if (r) {
    byId('view-refund').replaceChildren(
      summaryRow(f.contractOn, r.contractOn),
      summaryRow(f.modelContract, r.modelContractUsed ? v.yes : v.no),
      summaryRow(f.paymentMethod, PaymentMethods.label(r.paymentMethod)),
      summaryRow(f.financing, r.financing ? PaymentFinancings.label(r.financing) : v.none),
      summaryRow(f.amountPaid, yuan(r.amountPaid)),
      summaryRow(f.lessons, `${r.lessonsConsumed} / ${r.lessonsBought}`),
      summaryRow(f.amountAsked, yuan(r.amountAsked)),
      summaryRow(f.owed, yuan(r.owed)),
      summaryRow(f.institutionResponse, none(r.institutionResponse)),
    );
  }
}

function renderContact(d: Detail): void {
  byId('contact-text').textContent = d.contact ? v.contactMasked(d.contact.name, d.contact.mobile) : v.contactNone;
  // The narrative counts as personal data too: the button is for a contact, which the masked one shows was given.
  byId('contact-reveal').hidden = !(d.mayRevealContact && d.contact);
}

function relatedItem(s: Summary): HTMLLIElement {
  const li = el('li');
  li.append(link(caseHref(s.caseNumber), s.caseNumber), ` ${kindLabel(s.kind, s.type)} · ${stateLabel(s.state)} · ${time(s.submittedAt)}`);
  return li;
}

function renderInstitution(d: Detail): void {
  const inst = d.case.institution;
  const text = byId('institution-text');
  text.replaceChildren(inst.name, inst.address ? `（${inst.address}）` : '');
  if (inst.id) text.append(' ', link(`/admin/institutions/view/?id=${encodeURIComponent(inst.id)}`, v.registryLink));
  else text.append(` · ${v.unlisted}`);
  const related = d.related ?? [];
  byId('related-list').replaceChildren(...related.map(relatedItem));
  byId('related-empty').hidden = related.length > 0;
  const merged = d.case.mergedCases ?? [];
  byId('merged').hidden = merged.length === 0;
  byId('merged-list').replaceChildren(
    ...merged.map((n) => {
      const li = el('li');
      li.append(link(caseHref(n), n));
      return li;
    }),
  );
}

async function renderAttachments(d: Detail): Promise<void> {
  const answer = await api<{ items: Array<{ id: string; type: string; size: number; name?: string }> }>(`/api/admin/cases/${encodeURIComponent(d.case.caseNumber)}/attachments`);
  const section = byId('attachments');
  if (!answer.ok || answer.body.items.length === 0) {
    section.hidden = true;
    return;
  }
  byId('attachments-list').replaceChildren(
    ...answer.body.items.map((a) => {
      const li = el('li');
      const label = v.attachment(a.name ?? a.type, `${Math.max(1, Math.round(a.size / 1024))} KB`);
      if (d.mayRevealContact) li.append(link(`/api/admin/cases/${encodeURIComponent(d.case.caseNumber)}/attachments/${encodeURIComponent(a.id)}`, label));
      else li.append(label, v.attachmentLeadOnly);
      return li;
    }),
  );
  section.hidden = false;
}

/** What an event says, for staff: its public and internal details together, each marked. */
function eventDetails(e: CaseEvent): string {
  if (e.type === 'submitted') return t.cases.types[e.caseType];
  if (e.type === 'routed') return v.routedText(e.ruleId, departmentLabel(e.leadDepartmentId));
  if (e.type === 'legal_hold') return e.reason;
  if (e.type === 'personal_data_purged') return `${e.retentionDays}`;
  if (e.type !== 'transition') return '';
  const p = e.public ?? {};
  const i = e.internal ?? {};
  const l = v.labels;
  const parts: string[] = [];
  if (p.toDepartmentId) parts.push(`${l.toDepartmentId}${departmentLabel(p.toDepartmentId)}`);
  if (p.reason) parts.push(`${l.reason}：${p.reason}`);
  if (p.nextSteps) parts.push(`${l.nextSteps}：${p.nextSteps}`);
  if (p.pauseReason) parts.push(tr.pauseReasons[p.pauseReason]);
  if (p.pausedWorkingDays !== undefined) parts.push(tr.timeline.resume(p.pausedWorkingDays, p.concludeBy ? time(p.concludeBy) : ''));
  if (p.message) parts.push(p.message);
  if (p.outcome) parts.push(`${f.outcome}：${tr.outcomes[p.outcome]}`);
  if (p.actionTaken) parts.push(`${f.actionTaken}：${p.actionTaken}`);
  if (p.amountRecovered !== undefined) parts.push(`${f.amountRecovered}：${yuan(p.amountRecovered)}`);
  if (p.satisfied !== undefined) parts.push(p.satisfied ? tr.feedback.satisfied : tr.feedback.unsatisfied);
  if (i.assignee) parts.push(`${f.assignee}：${i.assignee.name}`);
  if (i.originalCaseNumber) parts.push(`${f.mergedInto} ${i.originalCaseNumber}`);
  if (i.duplicateCaseNumber) parts.push(`${v.merged}：${i.duplicateCaseNumber}`);
  if (i.comment) parts.push(`${v.family}：${i.comment}`);
  if (i.note) parts.push(`${v.internal}：${i.note}`);
  if (e.mirroredFrom) parts.push(v.mirrored(e.mirroredFrom));
  return parts.join('；');
}

function eventRow(e: CaseEvent): HTMLTableRowElement {
  const who =
    e.type === 'transition'
      ? e.by === 'family'
        ? v.family
        : `${e.actor?.name ?? ''}（${departmentLabel(e.departmentId)}）`
      : 'actor' in e && e.actor
        ? `${e.actor.name}（${departmentLabel(e.actor.departmentId)}）`
        : v.system;
  const what = e.type === 'transition' ? tr.actions[e.action] : v.events[e.type];
  const state = e.type === 'transition' || e.type === 'state_changed' ? (e.from === e.to ? stateLabel(e.to) : `${stateLabel(e.from)} → ${stateLabel(e.to)}`) : '';
  const seen = el('span', e.visibility === 'public' ? v.public : v.internal, `visibility-tag visibility-tag--${e.visibility}`);
  const when = el('time', time(e.at));
  when.dateTime = e.at;
  return row(cell(v.eventColumns.at, when, 'num'), cell(v.eventColumns.who, who), cell(v.eventColumns.what, what), cell(v.eventColumns.state, state), cell(v.eventColumns.details, eventDetails(e)), cell(v.eventColumns.seen, seen));
}

function fillSelect(select: HTMLSelectElement, options: Array<{ value: string; label: string }>): void {
  const keep = select.options[0];
  select.replaceChildren(...(keep ? [keep] : []), ...options.map((o) => new Option(o.label, o.value)));
}

async function loadAssignees(): Promise<void> {
  if (assigneesLoaded) return;
  const answer = await api<{ items: Array<{ username: string; name: string; supervisor: boolean }> }>('/api/admin/cases/assignees');
  if (!answer.ok) return;
  assigneesLoaded = true;
  const select = forms.get('assign')!.form.elements.namedItem('assignee') as HTMLSelectElement;
  fillSelect(select, answer.body.items.map((s) => ({ value: s.username, label: s.supervisor ? `${s.name}（${t.triage.supervisorTag}）` : s.name })));
}

function renderActions(d: Detail): void {
  const allowed = new Set(d.actions ?? []);
  for (const [action, { details, form, errors }] of forms) {
    const shown = allowed.has(action);
    if (!shown) details.open = false;
    details.hidden = !shown;
    if (!shown) {
      form.reset();
      errors.clear();
    }
  }
  byId('actions-none').hidden = allowed.size > 0;
  const transfer = forms.get('transfer')!.form.elements.namedItem('toDepartmentId') as HTMLSelectElement;
  fillSelect(transfer, transferTargets(d.case.districtCode, d.case.leadDepartmentId));
  for (const block of document.querySelectorAll<HTMLElement>('[data-refund-only]')) block.hidden = d.case.type !== 'refund_dispute';
  if (allowed.has('assign')) void loadAssignees();
}

function render(d: Detail): void {
  detail = d;
  const title = v.title(d.case.caseNumber);
  byId('view-title').textContent = title;
  document.title = `${title} - ${t.admin.title} - ${t.service.name}`;
  renderSummary(d);
  renderNarrative(d);
  renderContact(d);
  renderInstitution(d);
  renderActions(d);
  byId('timeline-rows').replaceChildren(...[...d.events].reverse().map(eventRow));
  // Only while this department still sees the case (not after handing it on).
  if (d.part) void renderAttachments(d);
  else byId('attachments').hidden = true;
}

/** Yuan as typed (1200 or 1200.50) to fen; undefined when it is not a sum of money. */
function fenOf(text: string): number | undefined {
  const m = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

async function submit(action: StaffCaseAction): Promise<void> {
  const { form, errors, details } = forms.get(action)!;
  const data: Record<string, unknown> = { action, expectedVersion: detail.case.version };
  for (const control of form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')) {
    if (!control.name || control.closest('[hidden]')) continue;
    const value = control.value.trim();
    if (!value) continue;
    if (control.name === 'amountRecovered') {
      const fen = fenOf(value);
      if (fen === undefined) {
        errors.show([{ path: 'amountRecovered', message: v.amountInvalid }]);
        return;
      }
      data.amountRecovered = fen;
    } else data[control.name] = value;
  }
  const checked = CaseTransitionInput.safeParse(data);
  if (!checked.success) {
    errors.show(problemsFromZod(checked.error, data));
    return;
  }
  const answer = await api<Detail>(`/api/admin/cases/${encodeURIComponent(detail.case.caseNumber)}/transitions`, { json: checked.data });
  conflict.hidden = true;
  if (answer.ok) {
    errors.clear();
    form.reset();
    details.open = false;
    render(answer.body);
    showBanner(banner, v.saved(tr.actions[action]));
    return;
  }
  if (answer.status === 400 && answer.error.fields) {
    errors.show(problemsFromFields(answer.error.fields));
    return;
  }
  if (answer.status === 409) {
    errors.clear();
    if (answer.error.current) render(answer.error.current as Detail);
    byId('conflict-message').textContent = answer.error.message;
    conflict.hidden = false;
    conflict.focus();
    return;
  }
  showBanner(banner, answer.error.message, true);
}

async function reveal(button: HTMLButtonElement): Promise<void> {
  button.textContent = v.revealing;
  const answer = await api<{ contact: { name: string; mobile: string } | null }>(`/api/admin/cases/${encodeURIComponent(detail.case.caseNumber)}/reveal-contact`, { method: 'POST' });
  button.textContent = v.reveal;
  if (!answer.ok) {
    showBanner(banner, answer.error.message, true);
    return;
  }
  const text = byId('contact-text');
  text.textContent = answer.body.contact ? v.revealed(answer.body.contact.name, answer.body.contact.mobile) : v.contactNone;
  button.hidden = true;
  text.setAttribute('tabindex', '-1');
  text.focus();
}

async function main(): Promise<void> {
  await startTriage();
  if (!caseNumber) {
    const missing = byId('view-missing');
    missing.textContent = v.missing;
    missing.hidden = false;
    return;
  }
  pageStatus(v.loading);
  const answer = await api<Detail>(`/api/admin/cases/${encodeURIComponent(caseNumber)}`);
  if (!answer.ok) {
    pageStatus(answer.error.message);
    return;
  }
  pageStatus('');
  render(answer.body);
  view.hidden = false;
  for (const [action, { form }] of forms) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(form, v.saving, () => submit(action));
    });
  }
  const button = byId<HTMLButtonElement>('contact-reveal');
  button.addEventListener('click', () => void reveal(button));
}

void main();

/**
 * What the triage console's pages share: starting the page (session, the
 * section's navigation), the words for states, kinds, priorities and
 * deadlines, and small DOM helpers. Built on the registry console's modules
 * (site/src/scripts/admin/): the same API client, session start, and table cells.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { departmentsOf, districtName, jurisdiction } from '#shared/jurisdiction/index.ts';
import { dueSoonBefore, dueStanding } from '#shared/rules/deadlines.ts';
import { formatYuan } from '#shared/rules/fees.ts';
import type { StaffCaseSummary } from '#shared/schemas/cases.ts';
import type { SessionInfo } from '#shared/schemas/staff.ts';
import { CaseStates, ComplaintKinds, Priorities, type CaseState, type ComplaintKind, type Priority } from '#shared/vocabulary.ts';
import { startConsole } from '../admin/console.ts';
import { beijingTime } from '../admin/format.ts';

export const tr = t.triage;
export const c = t.triage.console;

export const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Starts a triage page: the session (or sign-in), then the section's navigation. */
export async function startTriage(): Promise<SessionInfo> {
  const session = await startConsole();
  const nav = document.querySelector<HTMLElement>('[data-triage-nav]');
  if (nav) nav.hidden = false;
  return session;
}

const departments = new Map(departmentsOf(jurisdiction).map((d) => [d.id, d]));

export function departmentLabel(id: string): string {
  return departments.get(id)?.name ?? id;
}

/** The departments a case may be transferred to: every office covering its district, but its lead. */
export function transferTargets(districtCode: string, leadId: string): Array<{ value: string; label: string }> {
  return [...departments.values()]
    .filter((d) => (d.regionCode === jurisdiction.code || d.regionCode === districtCode) && d.id !== leadId)
    .map((d) => ({ value: d.id, label: d.name }));
}

export const districtLabel = (code: string) => districtName(code) ?? code;
export const stateLabel = (state: string) => ((CaseStates.keys as readonly string[]).includes(state) ? CaseStates.label(state as CaseState) : state);
export const priorityLabel = (p: string) => ((Priorities.keys as readonly string[]).includes(p) ? Priorities.label(p as Priority) : p);

/** A complaint's kind, or 退费纠纷. */
export function kindLabel(kind: string | undefined, type?: string): string {
  if (!kind || kind === 'refund_dispute') return type === 'complaint' ? t.cases.types.complaint : t.cases.types.refund_dispute;
  return (ComplaintKinds.keys as readonly string[]).includes(kind) ? ComplaintKinds.label(kind as ComplaintKind) : kind;
}

export const yuan = (fen: number) => formatYuan(fen);
export const time = (iso: string) => beijingTime(iso);

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function link(href: string, text: string): HTMLAnchorElement {
  const a = el('a', text);
  a.href = href;
  return a;
}

export const caseHref = (n: string) => `/admin/cases/view/?n=${encodeURIComponent(n)}`;

/** A summary list row (dt, dd) for a <dl class="summary-list">. */
export function summaryRow(label: string, value: string | Node | Array<string | Node>): HTMLDivElement {
  const div = el('div', undefined, 'summary-list__row');
  const dd = el('dd');
  dd.append(...(Array.isArray(value) ? value : [value]));
  div.append(el('dt', label), dd);
  return div;
}

/**
 * Where a case stands against the deadline that runs now (shared/rules/deadlines.ts),
 * words and colour together. `soonBefore`: the glance's, else the end of the next working day.
 */
export function dueTag(summary: Pick<StaffCaseSummary, 'dueBy' | 'dueKind' | 'paused'>, now: Date, soonBefore?: string): HTMLElement[] {
  const at = now.toISOString();
  const state = dueStanding(summary, at, soonBefore ?? dueSoonBefore(at, jurisdiction.calendar));
  const tag = el('span', c.due[state], `due-tag due-tag--${state}`);
  if (!summary.dueBy) return [tag];
  const when = summary.dueKind === 'conclude' ? c.due.conclude(time(summary.dueBy)) : c.due.accept(time(summary.dueBy));
  return [tag, el('span', when, 'due-date')];
}

/** Shows a banner (role status or alert is on the element) and takes focus to it. */
export function showBanner(banner: HTMLElement, text: string, error = false): void {
  banner.textContent = text;
  banner.classList.toggle('notification-banner--error', error);
  banner.hidden = false;
  banner.focus();
}

/**
 * How the console writes values a person reads: Beijing time, dates,
 * vocabulary labels, status badges, and an institution's main fields as
 * label and text (one list, used by the record's summary and by the
 * conflict panel's "what changed").
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { districtName } from '#shared/jurisdiction/index.ts';
import type { Institution } from '#shared/schemas/institution.ts';
import {
  FundSupervisionModes,
  InstitutionCategories,
  InstitutionStatuses,
  ProfitTypes,
  RegistrationTypes,
  type InstitutionStatus,
} from '#shared/vocabulary.ts';
import { BEIJING_OFFSET_MS } from '#shared/rules/beijing-time.ts';
import { statusBadge as kitStatusBadge } from '#shared/ui/status-badge.ts';
import { kitElement } from '../kit-dom.ts';

/** A timestamp as Beijing time, YYYY-MM-DD HH:MM (as the published pages write it). */
export function beijingTime(iso: string): string {
  const local = new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** Today's date in Beijing, YYYY-MM-DD. */
export function todayInBeijing(now: Date = new Date()): string {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export function statusLabel(status: string): string {
  return (InstitutionStatuses.keys as readonly string[]).includes(status) ? InstitutionStatuses.label(status as InstitutionStatus) : status;
}

/** A status badge: colour, icon and words together, the page kit's (as on the public pages). */
export const statusBadge = (status: InstitutionStatus): HTMLElement => kitElement(kitStatusBadge(status));

const f = t.admin.form;
const v = t.admin.view;
const or = (text: string | undefined) => (text ? text : v.none);

/** An institution's main fields as a person reads them, in the order of the form. */
export const DISPLAYED_FIELDS: ReadonlyArray<{ label: string; text: (inst: Institution) => string }> = [
  { label: f.name, text: (i) => i.name },
  { label: t.institution.fields.status, text: (i) => statusLabel(i.status) },
  { label: t.institution.formerNames, text: (i) => or(i.formerNames.join('；')) },
  { label: f.category, text: (i) => InstitutionCategories.label(i.category) },
  { label: f.profitType, text: (i) => ProfitTypes.label(i.profitType) },
  { label: f.district, text: (i) => districtName(i.districtCode) ?? i.districtCode },
  { label: f.address, text: (i) => or(i.premises[0]?.address) },
  { label: f.licenceNumber, text: (i) => i.licence.number },
  { label: f.issuer, text: (i) => i.licence.issuer },
  { label: f.issuedOn, text: (i) => i.licence.issuedOn },
  { label: f.expiresOn, text: (i) => i.licence.expiresOn },
  { label: f.scope, text: (i) => i.licence.scope },
  { label: f.creditCode, text: (i) => i.registration.creditCode },
  { label: f.registrationType, text: (i) => RegistrationTypes.label(i.registration.type) },
  { label: f.fundMode, text: (i) => FundSupervisionModes.label(i.fundSupervision.mode) },
  { label: t.institution.fields.bank, text: (i) => or(i.fundSupervision.bank) },
  { label: t.institution.fields.insured, text: (i) => (i.insured ? v.yes : v.no) },
];

/** The displayed fields that differ between two versions of a record. */
export function differences(before: Institution, after: Institution): Array<{ label: string; before: string; after: string }> {
  return DISPLAYED_FIELDS.map((field) => ({ label: field.label, before: field.text(before), after: field.text(after) })).filter(
    (row) => row.before !== row.after,
  );
}

/** A table cell with the label a phone shows beside it (the .stack-table pattern). */
export function cell(label: string, content: string | Node | Array<string | Node>, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.setAttribute('role', 'cell');
  td.dataset.label = label;
  if (className) td.className = className;
  if (Array.isArray(content)) {
    // One box for several parts: on a phone the cell is a two-column grid (label, value).
    const value = document.createElement('span');
    value.append(...content);
    td.append(value);
  } else {
    td.append(content);
  }
  return td;
}

export function row(...cells: HTMLTableCellElement[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.setAttribute('role', 'row');
  tr.append(...cells);
  return tr;
}

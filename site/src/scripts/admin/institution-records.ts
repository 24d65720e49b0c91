/**
 * The staff institution page's risk flag, inspections and sanctions
 * (site/src/components/admin/InstitutionRecords.astro): draws them from the
 * record, reads the flag from GET /api/admin/risk/institutions/{id}, and
 * builds the requests that record an inspection or a sanction and publish
 * one (each carrying the version read; institution-view.ts sends them and
 * answers conflicts as for any other change).
 */
import type { z } from 'zod';
import { t } from '#shared/i18n/zh-CN.ts';
import { InspectionInput, SanctionInput, type Institution } from '#shared/schemas/institution.ts';
import type { InstitutionRisk } from '#shared/schemas/cases.ts';
import { SanctionTypes } from '#shared/vocabulary.ts';
import { api } from './api.ts';
import { cell, row } from './format.ts';

const r = t.registryRecords;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const value = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;

/** The risk ledger's flag for this institution, with its reasons in words. */
export async function showRisk(id: string): Promise<void> {
  const status = byId('risk-status');
  byId<HTMLAnchorElement>('risk-link').href = `/admin/risk/view/?id=${encodeURIComponent(id)}`;
  const answer = await api<z.infer<typeof InstitutionRisk>>(`/api/admin/risk/institutions/${encodeURIComponent(id)}`);
  if (!answer.ok) {
    status.textContent = r.risk.unavailable;
    return;
  }
  const ledger = answer.body.ledger;
  status.textContent = !ledger ? r.risk.noCases : ledger.flagged ? r.risk.flagged : r.risk.notFlagged;
  const reasons = byId('risk-reasons');
  reasons.replaceChildren(
    ...(ledger?.flagged ? ledger.reasonTexts : []).map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
  reasons.hidden = !ledger?.flagged;
}

/** Draws the inspections and sanctions; `publish` is offered on unpublished sanctions to editors. */
export function renderRecords(record: Institution, options: { canEdit: boolean; publish: (sanctionId: string, decisionNumber: string) => void }): void {
  const i = r.inspections;
  const inspections = [...record.inspections].sort((a, b) => b.on.localeCompare(a.on));
  byId('inspections-rows').replaceChildren(
    ...inspections.map((x) =>
      row(
        cell(i.columns.on, x.on, 'num'),
        cell(i.columns.kind, t.institution.inspectionKinds[x.kind]),
        cell(i.columns.inspectors, (x.inspectors ?? []).join('、')),
        cell(i.columns.result, t.institution.inspectionResults[x.result]),
        cell(i.columns.findings, x.findings ?? ''),
      ),
    ),
  );
  byId('inspections-table').hidden = inspections.length === 0;
  byId('inspections-empty').hidden = inspections.length > 0;

  const s = r.sanctions;
  const sanctions = [...record.sanctions].sort((a, b) => b.on.localeCompare(a.on));
  byId('sanctions-rows').replaceChildren(
    ...sanctions.map((x) => {
      let published: string | Node = x.published === false ? s.unpublished : s.published(x.publishedOn ?? x.on);
      if (x.published === false && x.id && options.canEdit) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'button button--secondary';
        button.textContent = s.publish;
        button.setAttribute('aria-label', s.publishLabel(x.decisionNumber));
        const sanctionId = x.id;
        button.addEventListener('click', () => options.publish(sanctionId, x.decisionNumber));
        const wrap = document.createElement('span');
        wrap.append(s.unpublished, ' ', button);
        published = wrap;
      }
      return row(
        cell(s.columns.on, x.on, 'num'),
        cell(s.columns.kind, SanctionTypes.label(x.kind)),
        cell(s.columns.decisionNumber, x.decisionNumber),
        cell(s.columns.summary, x.summary),
        cell(s.columns.published, published),
      );
    }),
  );
  byId('sanctions-table').hidden = sanctions.length === 0;
  byId('sanctions-empty').hidden = sanctions.length > 0;
}

/** The inspection form as InspectionInput at this version (inspectors: one a line). */
export function readInspection(form: HTMLFormElement, version: number) {
  const input = {
    on: value(form, 'on'),
    kind: value(form, 'kind'),
    result: value(form, 'result'),
    findings: value(form, 'findings'),
    inspectors: value(form, 'inspectors')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    expectedVersion: version,
  };
  return { input, parsed: InspectionInput.safeParse(input) };
}

export function readSanction(form: HTMLFormElement, version: number) {
  const input = {
    on: value(form, 'on'),
    kind: value(form, 'kind'),
    decisionNumber: value(form, 'decisionNumber'),
    summary: value(form, 'summary'),
    expectedVersion: version,
  };
  return { input, parsed: SanctionInput.safeParse(input) };
}

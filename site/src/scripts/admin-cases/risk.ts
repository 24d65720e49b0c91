/**
 * /admin/risk/: the risk ledger, ranked by the API (GET /api/admin/risk),
 * with the thresholds it flags by. "只看预警的机构" is kept in the address
 * (?flagged=true). Each institution links to its risk page and plan.
 */
import type { z } from 'zod';
import type { RiskLedger, RiskLedgerRow } from '#shared/schemas/cases.ts';
import { api } from '../admin/api.ts';
import { pageStatus } from '../admin/console.ts';
import { cell, row } from '../admin/format.ts';
import { byId, c, districtLabel, el, link, startTriage, yuan } from './common.ts';

const r = c.risk;
const checkbox = byId<HTMLInputElement>('risk-flagged');

function flagCell(item: RiskLedgerRow): Array<string | Node> {
  if (!item.flagged) return [r.notFlagged];
  const list = el('ul', undefined, 'plain-list');
  list.append(...item.reasonTexts.map((text) => el('li', text)));
  return [el('span', r.flagged, 'flag-tag'), list];
}

function ledgerRow(item: RiskLedgerRow): HTMLTableRowElement {
  return row(
    cell(r.columns.institution, link(`/admin/risk/view/?id=${encodeURIComponent(item.institutionId)}`, item.name), 'stack-table__lead'),
    cell(r.columns.district, item.districtCode ? districtLabel(item.districtCode) : ''),
    cell(r.columns.flag, flagCell(item)),
    cell(r.columns.openDisputes, String(item.openDisputes), 'num'),
    cell(r.columns.amountInDispute, yuan(item.amountInDispute), 'num'),
    cell(r.columns.recent, String(item.recentComplaints), 'num'),
    cell(r.columns.substantiated, String(item.substantiated), 'num'),
    cell(r.columns.plan, item.hasPlan ? r.hasPlan : r.noPlan),
  );
}

async function load(): Promise<void> {
  const status = byId('risk-status');
  status.textContent = r.loading;
  const answer = await api<z.infer<typeof RiskLedger>>(`/api/admin/risk${checkbox.checked ? '?flagged=true' : ''}`);
  if (!answer.ok) {
    status.textContent = answer.error.message;
    return;
  }
  const { thresholds, items } = answer.body;
  byId('risk-thresholds').textContent = r.thresholds(thresholds.openDisputes, yuan(thresholds.amountInDispute), thresholds.recentComplaints, thresholds.recentMonths);
  byId('risk-rows').replaceChildren(...items.map(ledgerRow));
  byId('risk-table').hidden = items.length === 0;
  byId('risk-empty').hidden = items.length > 0;
  status.textContent = '';
}

async function main(): Promise<void> {
  await startTriage();
  byId('risk').hidden = false;
  checkbox.checked = new URLSearchParams(location.search).get('flagged') === 'true';
  checkbox.addEventListener('change', () => {
    history.replaceState(history.state, '', checkbox.checked ? '?flagged=true' : location.pathname);
    void load();
  });
  byId<HTMLFormElement>('risk-filter').addEventListener('submit', (event) => event.preventDefault());
  await load();
  pageStatus('');
}

void main();

/**
 * /admin/import/: importing the regulator's list.
 *
 * 1. "检查文件": POST /api/admin/institutions/import?dryRun=true with the
 *    file (multipart, field `file`). The report: the file as read, the
 *    counts, and a line per row (create, update with each change, unchanged,
 *    rejected with each problem in Chinese).
 * 2. "确认导入": the same file with dryRun=false. Offered only for a checked
 *    file with nothing rejected and something to write; choosing another
 *    file takes the offer back.
 * 3. The final report: what was written, or, when the import stopped
 *    (422 rejected, 409 or 503 midway), the API's message and each row's result.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import type { InstitutionStatus } from '#shared/vocabulary.ts';
import { api, type ApiAnswer } from './api.ts';
import { busy } from './busy.ts';
import { startConsole } from './console.ts';
import { FormErrors, problemsFromFields } from './form-errors.ts';
import { cell, row, statusLabel } from './format.ts';
import { canEdit } from './staff.ts';

const a = t.admin;
const i = a.import;

type Action = 'create' | 'update' | 'unchanged' | 'rejected';

/** The import's answer (ImportReport in functions/import/report.ts). */
interface ImportReport {
  dryRun: boolean;
  applied: boolean;
  file: { format: 'csv' | 'xlsx'; encoding?: 'utf-8' | 'utf-8-bom' | 'gb18030'; headerRow: number; rows: number; ignoredColumns: string[] };
  problems: string[];
  summary: Record<Action, number>;
  outcome?: { applied: number; failed: number; notAttempted: number };
  rows: Array<{
    row: number;
    action: Action;
    id?: string;
    name: string;
    creditCode: string;
    status?: InstitutionStatus;
    changes?: Array<{ column: string; before: string; after: string }>;
    problems?: Array<{ column: string; message: string }>;
    result?: 'applied' | 'failed' | 'not_attempted';
    error?: string;
  }>;
  error?: { code: string; message: string };
}

/** Rows drawn besides every rejected one: enough to read, not so many that a 20,000-row file stalls the page. */
const MAX_OTHER_ROWS = 500;
const IMPORT_PATH = '/api/admin/institutions/import';

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const form = byId<HTMLFormElement>('import-form');
const input = byId<HTMLInputElement>('import-file');
const errors = new FormErrors(form, byId('import-errors'));
const status = byId('import-status');
const report = byId('import-report');
const heading = byId('import-report-heading');
const confirmBlock = byId('import-confirm');
const confirmButton = byId<HTMLButtonElement>('import-confirm-button');

/** The file the shown dry run was for: the only one "确认导入" may send. */
let checked: File | undefined;
let running = false;

function isReport(body: unknown): body is ImportReport {
  return typeof body === 'object' && body !== null && 'summary' in body && 'rows' in body;
}

function bulletList(lines: string[]): HTMLUListElement {
  const list = document.createElement('ul');
  list.className = 'plain-list';
  for (const line of lines) {
    const item = document.createElement('li');
    item.textContent = line;
    list.append(item);
  }
  return list;
}

function rowDetails(line: ImportReport['rows'][number]): Node {
  const lines: string[] = [];
  if (line.action === 'rejected') lines.push(...(line.problems ?? []).map((p) => i.problem(p.column, p.message)));
  if (line.action === 'update') lines.push(...(line.changes ?? []).map((ch) => i.change(ch.column, ch.before || i.blank, ch.after || i.blank)));
  if (line.action === 'create') lines.push(i.createdAs(statusLabel(line.status ?? 'approved')));
  if (line.action === 'unchanged') lines.push(i.unchanged);
  if (line.result) lines.push(`${i.results[line.result]}${line.error ? `：${line.error}` : ''}`);
  return bulletList(lines);
}

function reportRow(line: ImportReport['rows'][number]): HTMLTableRowElement {
  const h = i.columns;
  const tag = document.createElement('span');
  tag.className = `action-tag action-tag--${line.action}`;
  tag.textContent = i.actions[line.action];
  const who = document.createElement('span');
  who.textContent = line.name || line.creditCode;
  const code = document.createElement('span');
  code.className = 'hint';
  code.textContent = line.name && line.creditCode ? ` ${line.creditCode}` : '';
  return row(cell(h.row, String(line.row), 'num'), cell(h.action, tag), cell(h.institution, [who, code]), cell(h.details, rowDetails(line)));
}

function draw(result: ImportReport, final: boolean, failure?: string): void {
  heading.textContent = final ? i.finalHeading : i.reportHeading;
  const { file, summary } = result;
  const format = file.format === 'xlsx' ? 'Excel（.xlsx）' : `CSV（${file.encoding ? i.encodings[file.encoding] : ''}）`;
  byId('import-file-info').textContent = i.fileInfo(format, file.rows, file.headerRow);
  const ignored = byId('import-ignored');
  ignored.hidden = file.ignoredColumns.length === 0;
  ignored.textContent = i.ignoredColumns(file.ignoredColumns.join('、'));
  byId('import-file-problems').hidden = result.problems.length === 0;
  byId('import-file-problem-list').replaceChildren(...[...bulletList(result.problems).children]);
  for (const action of ['create', 'update', 'unchanged', 'rejected'] as const) {
    byId(`import-count-${action}`).textContent = `${summary[action]} ${i.rowsUnit}`;
  }
  byId('import-rejected-warning').hidden = summary.rejected === 0;
  byId('import-rejected-text').textContent = i.rejectedWarning(summary.rejected);

  const outcome = byId('import-outcome');
  outcome.hidden = !final;
  outcome.classList.toggle('notification-banner--error', Boolean(failure));
  outcome.textContent = failure ?? (result.outcome ? i.done(result.outcome.applied) : '');

  // The confirm offer, for a dry run only: never while a row is rejected or the file itself is wrong.
  confirmBlock.hidden = final;
  const writes = summary.create + summary.update;
  const refused = summary.rejected > 0 || result.problems.length > 0;
  confirmButton.disabled = refused || writes === 0;
  byId('import-confirm-text').textContent = refused ? i.confirmDisabledRejected : writes === 0 ? i.nothingToWrite : i.ready(summary.create, summary.update);

  const rejected = result.rows.filter((line) => line.action === 'rejected');
  const others = result.rows.filter((line) => line.action !== 'rejected');
  const shown = [...rejected, ...others.slice(0, MAX_OTHER_ROWS)].sort((x, y) => x.row - y.row);
  const limited = byId('import-rows-limited');
  limited.hidden = shown.length === result.rows.length;
  limited.textContent = i.rowsLimited(Math.min(others.length, MAX_OTHER_ROWS), result.rows.length);
  byId('import-rows').replaceChildren(...shown.map(reportRow));

  report.hidden = false;
  heading.focus();
}

/** Sends the file; answers the report (or shows why there is none). */
async function send(file: File, dryRun: boolean): Promise<ApiAnswer<ImportReport>> {
  const body = new FormData();
  body.append('file', file, file.name);
  status.textContent = dryRun ? i.checking : i.importing;
  const answer = await api<ImportReport>(`${IMPORT_PATH}?dryRun=${dryRun}`, { form: body });
  status.textContent = '';
  return answer;
}

function showFailure(answer: Extract<ApiAnswer<ImportReport>, { ok: false }>): void {
  const { error } = answer;
  if (error.fields) return errors.show(problemsFromFields(error.fields));
  errors.show([], [error.message]);
}

async function check(): Promise<void> {
  const file = input.files?.[0];
  if (!file) return errors.show([{ path: 'file', message: i.chooseFile }]);
  await busy(form, i.checking, async () => {
    const answer = await send(file, true);
    if (!answer.ok) {
      report.hidden = true;
      return showFailure(answer);
    }
    errors.clear();
    checked = file;
    draw(answer.body, false);
  });
}

async function confirmImport(): Promise<void> {
  if (!checked || running || confirmButton.disabled) return;
  running = true;
  confirmButton.textContent = i.importing;
  try {
    const answer = await send(checked, false);
    if (answer.ok) {
      checked = undefined;
      errors.clear();
      return draw(answer.body, true);
    }
    // 422, 409, 503: the report comes with the error; say what stopped it, and show each row's result.
    if (isReport(answer.body)) return draw(answer.body, true, answer.error.message);
    showFailure(answer);
  } finally {
    running = false;
    confirmButton.textContent = i.confirm;
  }
}

async function start(): Promise<void> {
  const { staff } = await startConsole();
  if (!canEdit(staff)) {
    byId('import-readonly').hidden = false;
    return;
  }
  byId('import').hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void check();
  });
  // Another file: the last check no longer says anything about what would be imported.
  input.addEventListener('change', () => {
    checked = undefined;
    report.hidden = true;
    errors.clear();
  });
  confirmButton.addEventListener('click', () => void confirmImport());
}

void start();

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
 *
 * A file over 4 MB (up to 100,000 rows) cannot go in one request: "检查文件"
 * makes it a background import (functions/import/job.ts,
 * /api/admin/institutions/import-jobs): uploaded in 3 MB parts, started,
 * its progress polled every 2 s (the job's id in the address, so a reload,
 * or coming back later, shows it again). The job checks every row before
 * writing any; at the end, its counts and the check's row-by-row report, or
 * why it stopped (rejected rows; a failure midway, with 继续导入).
 */
import { t } from '#shared/i18n/zh-CN.ts';
import type { InstitutionStatus } from '#shared/vocabulary.ts';
import { api, type ApiAnswer } from './api.ts';
import { busy } from './busy.ts';
import { startConsole } from './console.ts';
import { FormErrors, problemsFromFields } from './form-errors.ts';
import { cell, row, statusLabel } from './format.ts';
import { canEdit } from './staff.ts';
import { IMPORT_PART_BYTES, MAX_IMPORT_BYTES } from '../../../../functions/import/limits.ts';

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

/** A background import as the API answers it (ImportJob in functions/data/import-jobs.ts). */
interface ImportJob {
  id: string;
  status: 'uploading' | 'checking' | 'applying' | 'done' | 'rejected' | 'failed';
  parts: number;
  rows: number;
  cursor: number;
  summary?: Record<Action, number>;
  problems: string[];
  lastError?: string;
}
const JOBS_PATH = '/api/admin/institutions/import-jobs';
const POLL_MS = 2000;
const jobBlock = byId('import-job');

/** The file the shown dry run was for: the only one "确认导入" may send. */
let checked: File | undefined;
let running = false;

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
  // Too large to check in one request: the background job checks every row before writing any.
  if (file.size > MAX_IMPORT_BYTES) {
    report.hidden = true;
    status.textContent = i.job.large;
    return void runJob(file);
  }
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

function isReport(body: unknown): body is ImportReport {
  return typeof body === 'object' && body !== null && 'summary' in body && 'rows' in body;
}

const jobStatus = byId('import-job-status');
const jobProgress = byId<HTMLProgressElement>('import-job-progress');
const jobProblems = byId('import-job-problems');
const resumeButton = byId<HTMLButtonElement>('import-job-resume');
let polling: string | undefined;

/** Uploads the file in parts, starts the job, and follows it. */
async function runJob(file: File): Promise<void> {
  if (running) return;
  running = true;
  try {
    errors.clear();
    jobBlock.hidden = false;
    jobProblems.hidden = true;
    resumeButton.hidden = true;
    const created = await api<ImportJob>(JOBS_PATH, { json: { fileName: file.name, size: file.size } });
    if (!created.ok) return showFailure(created);
    const job = created.body;
    for (let n = 0; n < job.parts; n++) {
      jobStatus.textContent = i.job.uploading(n + 1, job.parts);
      jobProgress.value = Math.round((n / job.parts) * 10);
      const part = await api<void>(`${JOBS_PATH}/${job.id}/parts/${n}`, { method: 'PUT', bytes: file.slice(n * IMPORT_PART_BYTES, (n + 1) * IMPORT_PART_BYTES) });
      if (!part.ok) return showFailure(part);
    }
    const started = await api<ImportJob>(`${JOBS_PATH}/${job.id}/start`, { method: 'POST' });
    if (!started.ok) return showFailure(started);
    history.replaceState(null, '', `?job=${job.id}`);
    follow(started.body);
  } finally {
    running = false;
  }
}

/** Shows the job as it stands, and asks again in 2 s while it runs. */
function follow(job: ImportJob): void {
  polling = job.id;
  jobBlock.hidden = false;
  const j = i.job;
  const written = job.cursor;
  jobProgress.value = job.status === 'done' ? 100 : job.rows > 0 ? 10 + Math.floor((written / job.rows) * 90) : 10;
  jobProblems.hidden = job.problems.length === 0;
  jobProblems.replaceChildren(...[...bulletList(job.problems).children]);
  resumeButton.hidden = job.status !== 'failed';
  switch (job.status) {
    case 'uploading':
    case 'checking':
      jobStatus.textContent = j.checking;
      break;
    case 'applying':
      jobStatus.textContent = job.lastError ? `${j.applying(written, job.rows)} ${j.retrying(job.lastError)}` : j.applying(written, job.rows);
      break;
    case 'done':
      jobStatus.textContent = j.done(job.rows, job.summary?.create ?? 0, job.summary?.update ?? 0);
      void showJobReport(job, undefined);
      return;
    case 'rejected':
      jobStatus.textContent = j.rejected;
      void showJobReport(job, j.rejected);
      return;
    case 'failed':
      jobStatus.textContent = `${j.failed(written, job.rows)}${job.lastError ? ` ${job.lastError}` : ''}`;
      return;
  }
  setTimeout(() => void poll(job.id), POLL_MS);
}

async function poll(id: string): Promise<void> {
  if (polling !== id) return;
  const answer = await api<ImportJob>(`${JOBS_PATH}/${id}`);
  if (!answer.ok) {
    // A network blip: try again; anything else: say so and stop.
    if (answer.error.code === 'network') return void setTimeout(() => void poll(id), POLL_MS * 2);
    return showFailure(answer);
  }
  follow(answer.body);
}

/** The check's row-by-row report under the job's outcome. */
async function showJobReport(job: ImportJob, failure: string | undefined): Promise<void> {
  const answer = await api<ImportReport>(`${JOBS_PATH}/${job.id}/report`);
  if (!answer.ok) return;
  const summary = job.summary ?? answer.body.summary;
  const outcome = job.status === 'done' ? { applied: summary.create + summary.update, failed: 0, notAttempted: 0 } : undefined;
  const done = job.status === 'done';
  // A finished job wrote every row the check said it would.
  const rows = answer.body.rows.map((line) => (done && (line.action === 'create' || line.action === 'update') ? { ...line, result: 'applied' as const } : line));
  draw({ ...answer.body, rows, dryRun: false, applied: done, ...(outcome ? { outcome } : {}) }, true, failure);
}

async function resumeJob(): Promise<void> {
  if (!polling) return;
  resumeButton.disabled = true;
  try {
    const answer = await api<ImportJob>(`${JOBS_PATH}/${polling}/resume`, { method: 'POST' });
    if (!answer.ok) return showFailure(answer);
    follow(answer.body);
  } finally {
    resumeButton.disabled = false;
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
  resumeButton.addEventListener('click', () => void resumeJob());
  // Coming back to a job (a reload, or later): its progress again.
  const jobId = new URLSearchParams(location.search).get('job');
  if (jobId && /^[a-z0-9]{8,40}$/.test(jobId)) void poll((polling = jobId));
}

void start();

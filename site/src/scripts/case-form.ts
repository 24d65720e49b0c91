/**
 * The complaint and refund forms, with JavaScript. The form works without
 * this script (the server checks it, answers the receipt, and sends it back
 * with its errors); with it:
 *
 * - each field is checked when the family leaves it, by the same schemas
 *   the API uses (shared/schemas/cases.ts: parseComplaintForm,
 *   parseRefundForm, checkAttachments), with the same words as the server,
 *   in a worker (./case-check.ts), so zod never loads on the page itself;
 * - the proof of work (./pow.ts) is done in another worker while they type;
 *   both start when the family first touches the form, not when it opens;
 * - the institution can be picked from the registry as they type (./case-institution.ts);
 * - on submit the whole form is checked, and the case sent to the JSON API
 *   with the form's own key (Idempotency-Key), retried on a flaky network
 *   with the same key (never filed twice). Once filed, the form is posted
 *   the ordinary way with the same key: the server answers it from the
 *   idempotency record with the receipt page, so there is one receipt,
 *   drawn in one place, that survives a reload. Forms with files go the
 *   ordinary way at once (the JSON API takes no files), and so does a form
 *   whose checks could not run (no worker): the server checks it.
 *
 * Strings: only those this page uses are bundled (site/build/pick-strings.mjs).
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { CaseFormFields, COMPLAINT_FORM_ORDER, formFieldFor, POW_HEADER, REFUND_FORM_ORDER, type CaseFormValues } from '#shared/schemas/case-form-fields.ts';
import { errorSummary, fieldError, status } from './case-errors.ts';
import { CaseChecker } from './case-check.ts';
import { enhanceInstitution } from './case-institution.ts';
import { ProofOfWork } from './pow.ts';
// The receipt page is drawn into this page's shell: its buttons (print, copy, download).
import './case-receipt.ts';

interface ErrorAnswer {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

const f = t.cases.form;
const a = t.cases.abuse;
/** Answers that mean "solve a new challenge and send again". */
const POW_REFUSALS = new Set<string>([a.powInvalid, a.powExpired, a.powReplayed, a.powMissing]);
const RETRIES = 3;

const newKey = () => crypto.randomUUID();
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const form = document.querySelector<HTMLFormElement>('form[data-case-form]');
if (form) enhance(form);

function enhance(form: HTMLFormElement) {
  const refund = form.dataset.caseForm === 'refund';
  const api = form.dataset.api ?? (refund ? '/api/refund-disputes' : '/api/complaints');
  const order: readonly string[] = refund ? REFUND_FORM_ORDER : COMPLAINT_FORM_ORDER;
  const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
  const keyInput = input(CaseFormFields.idempotencyKey);
  const powInput = input(CaseFormFields.pow);
  const trap = input(CaseFormFields.honeypot);
  const fileInput = input(CaseFormFields.attachments);
  const button = form.querySelector<HTMLButtonElement>('[data-submit]');
  const childHarm = form.querySelector<HTMLElement>('[data-child-harm]');
  if (!keyInput || !powInput || !button) return;
  if (!keyInput.value) keyInput.value = newKey();

  const pow = new ProofOfWork();
  const checker = new CaseChecker(refund);
  // The work starts with the family's first touch of the form (a tap, a key), not at page open.
  const begin = () => {
    pow.start();
    checker.start();
  };
  form.addEventListener('focusin', begin, { once: true });
  form.addEventListener('pointerdown', begin, { once: true });

  const touched = new Set<string>();
  let attempted = false;
  let busy = false;
  let leaving = false;

  /** The form's text fields, as the server will read them (the first value of each name). */
  const values = (): CaseFormValues => {
    const out: Record<string, string> = {};
    for (const [name, value] of new FormData(form)) if (typeof value === 'string' && !(name in out)) out[name] = value;
    return out;
  };
  const files = () => Array.from(fileInput?.files ?? []).filter((file) => file.size > 0);

  /** The files' problem, by their content (first bytes; a PDF's whole text), before anything is sent. */
  const fileProblem = () => checker.files(files());

  /** Shows or clears the errors of these fields (all of them after a submit attempt); a newer check's answer wins. */
  let checks = 0;
  function check(names: Iterable<string>) {
    const mine = ++checks;
    const wanted = [...names];
    void checker.fields(values()).then((result) => {
      if (!result || mine !== checks) return;
      const errors = result.ok ? {} : result.errors;
      for (const name of wanted) if (name !== CaseFormFields.attachments) fieldError(form, name, errors[name]);
    });
  }

  const fieldOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>('[data-field]')?.dataset.field : undefined);

  form.addEventListener('focusout', (event) => {
    const name = fieldOf(event.target);
    if (!name || name === CaseFormFields.attachments) return;
    // Leaving one radio for the next in the same group is not leaving the question.
    const next = fieldOf(event.relatedTarget);
    if (next === name) return;
    touched.add(name);
    check(attempted ? order : touched);
  });
  form.addEventListener('change', (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.name === 'kind' && childHarm) childHarm.hidden = target.value !== 'child_harm';
    if (target === fileInput) {
      void fileProblem().then((problem) => fieldError(form, CaseFormFields.attachments, problem));
      return;
    }
    const name = fieldOf(target);
    if (name && (attempted || touched.has(name))) check(attempted ? order : touched);
  });
  // 办理进展短信通知我: only beside a mobile number (without the script it shows always, and counts only with one).
  const notify = form.querySelector<HTMLElement>('[data-notify]');
  const mobile = input('contact.mobile');
  const showNotify = () => {
    if (notify && mobile) notify.hidden = !mobile.value.trim();
  };
  mobile?.addEventListener('input', showNotify);
  showNotify();
  enhanceInstitution(form, () => {
    if (attempted) check(order);
  });

  function showAnswerFields(fields: Record<string, string>) {
    const errors: Record<string, string> = {};
    const notices: string[] = [];
    for (const [path, message] of Object.entries(fields)) {
      const name = formFieldFor(path, order);
      if (name === '_' || path === 'institution.institutionId') notices.push(message);
      else errors[name] ??= message;
    }
    for (const name of order) fieldError(form, name, errors[name]);
    errorSummary(form, errors, order, notices);
  }

  /** Posts the form the ordinary way, with the same key: the server answers with the receipt page. */
  function leave() {
    leaving = true;
    status(form, f.submitting);
    HTMLFormElement.prototype.submit.call(form);
  }

  const post = (body: unknown, proof: string) =>
    fetch(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': keyInput.value, [POW_HEADER]: proof },
      body: JSON.stringify(body),
    });

  async function send() {
    attempted = true;
    checks++;
    const result = await checker.fields(values());
    // No checks in this browser: the server checks the form and answers with the same messages.
    if (!result) return leave();
    const problem = await fileProblem();
    const errors: Record<string, string> = { ...(result.ok ? {} : result.errors), ...(problem ? { [CaseFormFields.attachments]: problem } : {}) };
    for (const name of order) fieldError(form, name, errors[name]);
    if (!result.ok || problem) return errorSummary(form, errors, order);
    errorSummary(form, {}, order);

    status(form, f.checking);
    let proof = await pow.payload();
    powInput!.value = proof;
    if (files().length) return leave();
    status(form, f.submitting);
    let powRenewed = false;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await post({ ...result.input, [CaseFormFields.honeypot]: trap?.value ?? '' }, proof);
      } catch {
        if (attempt >= RETRIES) return leave();
        status(form, f.networkRetry);
        await sleep(1000 * 2 ** attempt);
        continue;
      }
      if (response.status === 201) {
        // Read to the end first: navigating away would cut the answer off mid-stream.
        await response.arrayBuffer().catch(() => undefined);
        return leave();
      }
      if (response.status >= 500 || response.status === 413 || response.status === 415) {
        if (attempt >= RETRIES || response.status !== 503) return leave();
        status(form, f.networkRetry);
        await sleep(1000 * 2 ** attempt);
        continue;
      }
      const answer = ((await response.json().catch(() => null)) ?? {}) as ErrorAnswer;
      const message = answer.error?.message ?? t.errors.internal;
      if (POW_REFUSALS.has(message) && !powRenewed) {
        powRenewed = true;
        status(form, f.checking);
        pow.renew();
        proof = await pow.payload();
        powInput!.value = proof;
        status(form, f.submitting);
        continue;
      }
      if (message === a.honeypot && trap) trap.value = '';
      if (response.status === 400 && answer.error?.fields) return showAnswerFields(answer.error.fields);
      if (response.status === 409) {
        // Filed before with other contents: a new key makes the next submit a new case, as the message says.
        keyInput!.value = newKey();
        return errorSummary(form, {}, order, [message, f.mismatchRestart]);
      }
      return errorSummary(form, {}, order, [message]);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    button.disabled = true;
    send()
      .catch((error: unknown) => {
        // Something of ours failed (the challenge could not be fetched): the server takes the form as it is.
        console.warn('submitting with the script failed; posting the form', error);
        leave();
      })
      .finally(() => {
        if (leaving) return;
        busy = false;
        button.disabled = false;
        status(form, '');
      });
  });

  // Back from the receipt (the page restored from the cache): usable again, with the same key.
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    busy = leaving = false;
    button.disabled = false;
    status(form, '');
  });
}

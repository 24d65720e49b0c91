/**
 * /track/ with JavaScript: the case number's check character is checked
 * before anything is sent (shared/rules/case-number.ts, the same function
 * the server uses), so a mistyped number is caught at once with a message
 * saying so; then POST /api/track, and the public timeline drawn in place
 * with textContent only. A concluded case gets the feedback form from the
 * page's own <template> (the server's markup), carrying the number and the
 * answer's two-hour pass (never the access code); it posts to the server like
 * any form. Without the script the
 * form posts to the server, which answers the same page.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { parseCaseNumber } from '#shared/rules/case-number.ts';
import { TrackInput, type CaseTimeline } from '#shared/schemas/cases.ts';
import { errorSummary, fieldError, status } from './case-errors.ts';
import { beijingChineseDateTime } from '#shared/rules/beijing-time.ts';

interface ErrorAnswer {
  error?: { message?: string; fields?: Record<string, string> };
}

const tp = t.cases.trackPage;
const ORDER = ['caseNumber', 'accessCode'] as const;

/** 2026年11月20日 10:05, Beijing time, as the server writes it (functions/cases/timeline.ts). */
const beijing = beijingChineseDateTime;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string | null, text?: string) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

function draw(result: HTMLElement, timeline: CaseTimeline) {
  const section = el('section', 'case-timeline-view');
  section.setAttribute('aria-labelledby', 'timeline-title');
  const heading = el('h2', 'heading-l', tp.resultTitle);
  heading.id = 'timeline-title';
  heading.tabIndex = -1;
  const facts = el('dl', 'summary-list');
  const fact = (label: string, value: Node | string) => {
    const row = el('div', 'summary-list__row');
    row.append(el('dt', null, label));
    const dd = el('dd', null);
    dd.append(value);
    row.append(dd);
    facts.append(row);
  };
  fact(tp.caseNumber, timeline.caseNumber);
  fact(tp.type, t.cases.types[timeline.type]);
  fact(tp.state, el('strong', 'tag', timeline.stateLabel));
  fact(tp.submittedAt, beijing(timeline.submittedAt));
  const list = el('ol', 'case-timeline');
  for (const entry of timeline.timeline) {
    const item = el('li', 'case-timeline__item');
    const when = el('p', 'case-timeline__when');
    const time = el('time', null, beijing(entry.at));
    time.dateTime = entry.at;
    when.append(time);
    item.append(when, el('h3', 'case-timeline__title', entry.title), el('p', null, entry.text));
    list.append(item);
  }
  section.append(heading, facts, el('h3', 'heading-m', tp.timelineHeading), list);
  const template = document.querySelector<HTMLTemplateElement>('#feedback-template');
  if (timeline.feedbackToken && template) {
    const feedback = template.content.cloneNode(true) as DocumentFragment;
    feedback.querySelector<HTMLInputElement>('[data-feedback-case]')!.value = timeline.caseNumber;
    feedback.querySelector<HTMLInputElement>('[data-feedback-token]')!.value = timeline.feedbackToken;
    section.append(feedback);
  }
  result.replaceChildren(section);
  heading.focus();
}

const form = document.querySelector<HTMLFormElement>('form[data-track-form]');
const result = document.querySelector<HTMLElement>('[data-track-result]');
if (form && result) {
  const button = form.querySelector<HTMLButtonElement>('[data-submit]');
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  let busy = false;

  /** Field messages, or null when the form may be sent. */
  function problems(): Record<string, string> | null {
    const caseNumber = field('caseNumber').value.trim();
    const accessCode = field('accessCode').value.trim();
    const parsed = TrackInput.safeParse({ caseNumber: caseNumber || undefined, accessCode: accessCode || undefined });
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    if (caseNumber && !errors.caseNumber && !parseCaseNumber(caseNumber)) errors.caseNumber = t.cases.track.badCaseNumber;
    return Object.keys(errors).length ? errors : null;
  }

  field('caseNumber').addEventListener('focusout', (event) => {
    // Leaving for the submit button: the submit answers it. Clearing the message now would move the
    // button up under the pointer between press and release, and the tap would miss it.
    if (button && event.relatedTarget === button) return;
    const value = field('caseNumber').value.trim();
    fieldError(form, 'caseNumber', value && !parseCaseNumber(value) ? t.cases.track.badCaseNumber : undefined);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    const errors = problems();
    for (const name of ORDER) fieldError(form, name, errors?.[name]);
    errorSummary(form, errors ?? {}, ORDER);
    if (errors) return;
    busy = true;
    if (button) button.disabled = true;
    status(form, tp.searching);
    const body = { caseNumber: field('caseNumber').value.trim(), accessCode: field('accessCode').value.trim() };
    fetch('/api/track', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) })
      .then(async (response) => {
        if (response.ok) {
          field('accessCode').value = '';
          return draw(result, (await response.json()) as CaseTimeline);
        }
        const answer = ((await response.json().catch(() => null)) ?? {}) as ErrorAnswer;
        result.replaceChildren();
        if (answer.error?.fields) {
          for (const name of ORDER) fieldError(form, name, answer.error.fields[name]);
          return errorSummary(form, answer.error.fields, ORDER);
        }
        errorSummary(form, {}, ORDER, [answer.error?.message ?? tp.failed]);
      })
      .catch((error: unknown) => {
        console.warn('tracking failed', error);
        errorSummary(form, {}, ORDER, [tp.failed]);
      })
      .finally(() => {
        busy = false;
        if (button) button.disabled = false;
        status(form, '');
      });
  });
}

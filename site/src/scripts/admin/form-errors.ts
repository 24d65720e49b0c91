/**
 * Errors on a form, GOV.UK's way: the message beside each field (in red,
 * "错误：" read out first), the field marked invalid and described by it,
 * and the error summary at the top linking to each field with the same
 * words, taking focus. Problems come from zod (the shared schemas, checked
 * before sending) or from the API (`error.fields`, dotted paths); both are
 * dotted paths, which the form's groups carry in `data-field`.
 */
import type { ZodError } from 'zod';
import { t } from '#shared/i18n/zh-CN.ts';

export interface FieldProblem {
  /** Dotted path, as zod and the API write it (`licence.number`, `premises.0.address`). */
  path: string;
  message: string;
  /**
   * Nothing was chosen from a list (a select or radios left empty). Shown as
   * "请选择" and the question's own label, since zod's message for an
   * unlisted value names the values as code writes them.
   */
  nothingChosen?: boolean;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The first message for each path of a zod error, as the API's `fieldsFromZod`
 * does. `input`, when given, is what was checked: a choice left empty is marked.
 */
export function problemsFromZod(error: ZodError, input?: unknown): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.map(String).join('.') : '_';
    if (seen.has(path)) continue;
    seen.add(path);
    const nothingChosen = issue.code === 'invalid_value' && input !== undefined && valueAt(input, issue.path) === '';
    problems.push({ path, message: issue.message, ...(nothingChosen ? { nothingChosen } : {}) });
  }
  return problems;
}

export function problemsFromFields(fields: Record<string, string> | undefined): FieldProblem[] {
  return Object.entries(fields ?? {}).map(([path, message]) => ({ path, message }));
}

const CONTROLS = 'input, select, textarea';

/** "请选择" and the question: the radios' legend, or the select's label. */
function chooseMessage(group: HTMLElement, fallback: string): string {
  const question = group.querySelector('legend, label')?.textContent?.replace(/（选填）$/, '').trim();
  return question ? `${t.admin.form.choose}${question}` : fallback;
}

export class FormErrors {
  private readonly list: HTMLElement;

  /**
   * @param mapPath turns a problem's path into the `data-field` of the group that shows it
   *   (e.g. `fields.premises.0.districtCode` → `districtCode`); unknown paths go to the summary only.
   */
  constructor(
    private readonly form: HTMLFormElement,
    private readonly summary: HTMLElement,
    private readonly mapPath: (path: string) => string = (path) => path,
  ) {
    this.list = summary.querySelector('[data-error-list]') as HTMLElement;
  }

  private group(path: string): HTMLElement | null {
    return this.form.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`);
  }

  clear(): void {
    this.summary.hidden = true;
    this.list.replaceChildren();
    for (const group of this.form.querySelectorAll<HTMLElement>('.form-group--error')) {
      group.classList.remove('form-group--error');
      const message = group.querySelector<HTMLElement>('[data-error-message]');
      if (message) message.hidden = true;
      for (const control of group.querySelectorAll(CONTROLS)) control.removeAttribute('aria-invalid');
      const described = group.querySelector<HTMLElement>('fieldset') ?? group.querySelector<HTMLElement>(CONTROLS);
      if (described && message) {
        const ids = (described.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== message.id);
        if (ids.length) described.setAttribute('aria-describedby', ids.join(' '));
        else described.removeAttribute('aria-describedby');
      }
    }
  }

  /** Shows the problems beside their fields and in the summary, in the order of the form, and focuses the summary. */
  show(problems: FieldProblem[], general: string[] = []): void {
    this.clear();
    const placed = new Map<HTMLElement, string>();
    const loose: string[] = [...general];
    for (const problem of problems) {
      const group = this.group(this.mapPath(problem.path));
      if (!group) loose.push(problem.message);
      else if (!placed.has(group)) placed.set(group, problem.nothingChosen ? chooseMessage(group, problem.message) : problem.message);
    }
    const groups = [...placed.keys()].sort((x, y) => (x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const items: HTMLLIElement[] = [];
    for (const text of loose) {
      const item = document.createElement('li');
      item.textContent = text;
      items.push(item);
    }
    for (const group of groups) {
      const text = placed.get(group) as string;
      const control = group.querySelector<HTMLElement>(CONTROLS);
      const message = group.querySelector<HTMLElement>('[data-error-message]');
      group.classList.add('form-group--error');
      if (message) {
        (message.querySelector('[data-error-text]') as HTMLElement).textContent = text;
        message.hidden = false;
      }
      for (const each of group.querySelectorAll(CONTROLS)) each.setAttribute('aria-invalid', 'true');
      const described = group.querySelector<HTMLElement>('fieldset') ?? control;
      if (described && message) {
        const ids = (described.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
        if (!ids.includes(message.id)) described.setAttribute('aria-describedby', [...ids, message.id].join(' '));
      }
      const item = document.createElement('li');
      if (control?.id) {
        const link = document.createElement('a');
        link.href = `#${control.id}`;
        link.textContent = text;
        link.addEventListener('click', (event) => {
          // Bring the label or legend into view too, not just the control (GOV.UK's error summary does the same).
          event.preventDefault();
          group.scrollIntoView({ block: 'start' });
          control.focus({ preventScroll: true });
        });
        item.append(link);
      } else {
        item.textContent = text;
      }
      items.push(item);
    }
    this.list.replaceChildren(...items);
    this.summary.hidden = items.length === 0;
    if (items.length) {
      this.summary.scrollIntoView({ block: 'start' });
      this.summary.focus({ preventScroll: true });
    }
  }
}

/**
 * Errors on a case page, drawn as the server draws them
 * (functions/routes/case-pages.ts): a message above the field, the field
 * marked invalid and described by it, and an error summary at the top that
 * links to each field and takes focus. Words come from the caller (the
 * shared schemas' messages, the API's answers); nothing is written here.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { fieldId } from '#shared/ui/field-id.ts';

const f = t.cases.form;

/** The element id of a field, as the server writes it: the page kit's rule. */
export { fieldId };

function group(form: HTMLFormElement, name: string): HTMLElement | null {
  return form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
}

function describedElement(groupEl: HTMLElement): HTMLElement | null {
  return groupEl.querySelector('fieldset') ?? groupEl.querySelector<HTMLElement>('input, select, textarea');
}

function setDescribedBy(el: HTMLElement, id: string, on: boolean) {
  const ids = new Set((el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
  if (on) ids.add(id);
  else ids.delete(id);
  if (ids.size) el.setAttribute('aria-describedby', [...ids].join(' '));
  else el.removeAttribute('aria-describedby');
}

/** Shows (message) or clears (undefined) one field's error. */
export function fieldError(form: HTMLFormElement, name: string, message: string | undefined): void {
  const groupEl = group(form, name);
  if (!groupEl) return;
  const errorId = `${fieldId(name)}-error`;
  let line = groupEl.querySelector<HTMLElement>(`#${CSS.escape(errorId)}`);
  const controls = groupEl.querySelectorAll<HTMLElement>('input, select, textarea');
  const described = describedElement(groupEl);
  if (message) {
    if (!line) {
      line = document.createElement('p');
      line.className = 'error-message';
      line.id = errorId;
      const anchor = groupEl.querySelector('[data-control]');
      anchor?.parentElement?.insertBefore(line, anchor);
    }
    const prefix = document.createElement('span');
    prefix.className = 'visually-hidden';
    prefix.textContent = f.errorPrefix;
    line.replaceChildren(prefix, message);
    groupEl.classList.add('form-group--error');
    for (const control of controls) control.setAttribute('aria-invalid', 'true');
  } else {
    line?.remove();
    groupEl.classList.remove('form-group--error');
    for (const control of controls) control.removeAttribute('aria-invalid');
  }
  if (described) setDescribedBy(described, errorId, !!message);
}

/**
 * The error summary above the form: general messages first, then each
 * field's, in `order`, linking to the field. Empty: removed. Focused when shown.
 */
export function errorSummary(form: HTMLFormElement, errors: Record<string, string>, order: readonly string[], notices: readonly string[] = []): void {
  document.querySelector('[data-error-summary]')?.remove();
  const fields = order.filter((name) => errors[name]);
  const general = [...notices, ...(errors._ ? [errors._] : [])];
  if (!fields.length && !general.length) return;
  const box = document.createElement('div');
  box.className = 'error-summary';
  box.setAttribute('role', 'alert');
  box.setAttribute('aria-labelledby', 'error-summary-title');
  box.tabIndex = -1;
  box.dataset.errorSummary = '';
  const title = document.createElement('h2');
  title.className = 'error-summary__title';
  title.id = 'error-summary-title';
  title.textContent = f.errorSummary;
  const list = document.createElement('ul');
  list.className = 'list error-summary__list';
  for (const message of general) {
    const li = document.createElement('li');
    li.textContent = message;
    list.append(li);
  }
  for (const name of fields) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = `#${fieldId(name)}`;
    a.textContent = errors[name]!;
    // Scroll the field's label into view, not just the field, and focus the field.
    a.addEventListener('click', (event) => {
      const target = document.getElementById(fieldId(name));
      if (!target) return;
      event.preventDefault();
      (target.closest('[data-field]') ?? target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
    li.append(a);
    list.append(li);
  }
  box.append(title, list);
  form.before(box);
  box.focus();
}

/** Sets the status line under the submit button (role="status": read out when it changes). */
export function status(form: HTMLFormElement, text: string): void {
  const line = form.querySelector<HTMLElement>('[role="status"].case-form__status');
  if (line) line.textContent = text;
}

/**
 * Errors on a case page, drawn as the server draws them
 * (functions/routes/case-pages.ts): a message above the field, the field
 * marked invalid and described by it, and an error summary at the top that
 * links to each field and takes focus. The markup is the page kit's
 * (shared/ui: field.ts, error-summary.ts), so it is the server's; words come
 * from the caller (the shared schemas' messages, the API's answers).
 */
import { errorSummary as kitSummary, summaryItems } from '#shared/ui/error-summary.ts';
import { errorMessage } from '#shared/ui/field.ts';
import { fieldId } from '#shared/ui/field-id.ts';
import { kitElement } from './kit-dom.ts';

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
  const line = groupEl.querySelector<HTMLElement>(`#${CSS.escape(errorId)}`);
  const controls = groupEl.querySelectorAll<HTMLElement>('input, select, textarea');
  const described = describedElement(groupEl);
  if (message) {
    // The page kit's message line (shared/ui/field.ts), in place of the old one.
    const fresh = kitElement(errorMessage(fieldId(name), message));
    if (line) line.replaceWith(fresh);
    else {
      const anchor = groupEl.querySelector('[data-control]');
      anchor?.parentElement?.insertBefore(fresh, anchor);
    }
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
 * The error summary above the form, the page kit's (shared/ui/error-summary.ts,
 * as the server writes it): general messages first, then each field's, in
 * `order`, linking to the field. Empty: removed. Focused when shown.
 */
export function errorSummary(form: HTMLFormElement, errors: Record<string, string>, order: readonly string[], notices: readonly string[] = []): void {
  document.querySelector('[data-error-summary]')?.remove();
  const items = summaryItems(errors, order, fieldId, notices);
  if (!items.length) return;
  const box = kitElement(kitSummary({ items }));
  // Scroll the field's label into view, not just the field, and focus the field.
  for (const a of box.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')) {
    a.addEventListener('click', (event) => {
      const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (!target) return;
      event.preventDefault();
      (target.closest('[data-field]') ?? target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }
  form.before(box);
  box.focus();
}

/** Sets the status line under the submit button (role="status": read out when it changes). */
export function status(form: HTMLFormElement, text: string): void {
  const line = form.querySelector<HTMLElement>('[role="status"].case-form__status');
  if (line) line.textContent = text;
}

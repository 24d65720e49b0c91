/**
 * The error summary at the top of a form (GOV.UK's pattern): "出现了问题",
 * then what concerns the whole form as plain text, then one link per wrong
 * field, in the form's order, with the same words as the message beside the
 * field. It takes focus when the page loads (`autofocus`, and the pages'
 * scripts focus `[data-error-summary]`), and is announced (`role="alert"`).
 *
 * `hidden`: an empty summary for a script to fill (the staff console).
 * CSS: site/src/styles/global.css (.error-summary).
 */
import * as t from '../i18n/zh-CN/index.ts';
import { attr, flag, html, type SafeHtml } from './html.ts';

export interface ErrorSummaryItem {
  message: string;
  /** The wrong field's id (without `#`); none for a problem that belongs to no field. */
  fieldId?: string;
}

export interface ErrorSummaryOptions {
  items: readonly ErrorSummaryItem[];
  /** The summary's id; its title is `<id>-title`. */
  id?: string;
  /** Rendered empty and hidden, for a script to fill and show. */
  hidden?: boolean;
  /** The list's id, for a script that fills it by id. */
  listId?: string;
  /** Focused when the page loads (a form answered again with errors). Default: true unless hidden. */
  autofocus?: boolean;
}

export function errorSummary(o: ErrorSummaryOptions): SafeHtml {
  const id = o.id ?? 'error-summary';
  if (!o.hidden && o.items.length === 0) return html``;
  const items = [...o.items.filter((i) => !i.fieldId), ...o.items.filter((i) => i.fieldId)];
  return html`<div class="error-summary" id="${id}" role="alert" aria-labelledby="${id}-title" tabindex="-1"${flag('autofocus', o.autofocus ?? !o.hidden)}${flag('hidden', o.hidden)} data-error-summary>
  <h2 class="error-summary__title" id="${id}-title">${t.kit.errorSummaryTitle}</h2>
  <ul class="list error-summary__list"${attr('id', o.listId)} data-error-list>${items.map((i) => (i.fieldId ? html`<li><a href="#${i.fieldId}">${i.message}</a></li>` : html`<li>${i.message}</li>`))}</ul>
</div>`;
}

/**
 * The items for a form's errors: each field's message (`errors[name]`, in
 * `order`) linking to `idOf(name)`; `notices` and `errors._` about the whole
 * form first, as text; a field not in `order` as text too.
 */
export function summaryItems(errors: Readonly<Record<string, string | undefined>>, order: readonly string[], idOf: (name: string) => string, notices: readonly string[] = []): ErrorSummaryItem[] {
  const known = new Set(order);
  return [
    ...notices.map((message) => ({ message })),
    ...(errors._ ? [{ message: errors._ }] : []),
    ...Object.entries(errors).filter(([name, message]) => message && name !== '_' && !known.has(name)).map(([, message]) => ({ message: message! })),
    ...order.filter((name) => errors[name]).map((name) => ({ message: errors[name]!, fieldId: idOf(name) })),
  ];
}

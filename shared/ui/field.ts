/**
 * A form field (GOV.UK's pattern): label, hint, error message, control, in a
 * `.form-group` that turns red when the field is wrong. The control is
 * described by its hint and its error (`aria-describedby`) and marked
 * `aria-invalid` when wrong; the error message starts with a hidden "错误：".
 *
 * The group carries `data-field="<name>"` and the control `data-control`, so
 * the pages' scripts find a field by the name the schemas and the API use.
 * `errorSlot`: an empty, hidden error message for a script to fill (the staff
 * console's forms, checked in the browser).
 *
 * CSS: site/src/styles/global.css (.form-group, .label, .hint, .input, .select).
 */
import * as t from '../i18n/zh-CN/index.ts';
import { fieldId } from './field-id.ts';
import { attr, flag, html, raw, type Child, type SafeHtml } from './html.ts';

export interface FieldBase {
  /** The field's dotted name: the control's `name` and the group's `data-field`. */
  name: string;
  /** The control's id; default `fieldId(name)`. */
  id?: string;
  label: string;
  hint?: string | undefined;
  /** What is wrong with the answer, in words a person can act on. */
  error?: string | undefined;
  /** An empty, hidden error message for a script to fill. */
  errorSlot?: boolean;
  /** Extra classes on the group. */
  groupClass?: string;
  /** More ids that describe the control, after its hint and error (e.g. a hint a script shows). */
  alsoDescribedBy?: string;
}

export const idOf = (f: Pick<FieldBase, 'name' | 'id'>) => f.id ?? fieldId(f.name);

/** The error message under a label (or a legend): "错误：" for screen readers, then the message. */
export function errorMessage(id: string, error: string | undefined, slot = false): SafeHtml {
  if (error) return html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${t.kit.errorPrefix}</span>${error}</p>`;
  if (slot) return html`<p class="error-message" id="${id}-error" data-error-message hidden><span class="visually-hidden">${t.kit.errorPrefix}</span><span data-error-text></span></p>`;
  return html``;
}

/** The ids that describe a control: its hint, then its error. */
export function describedBy(id: string, f: Pick<FieldBase, 'hint' | 'error' | 'alsoDescribedBy'>): string | undefined {
  return [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : '', f.alsoDescribedBy ?? ''].filter(Boolean).join(' ') || undefined;
}

/** ` aria-describedby=… aria-invalid="true"` for a control. */
export const controlAria = (id: string, f: Pick<FieldBase, 'hint' | 'error' | 'alsoDescribedBy'>): SafeHtml => html`${attr('aria-describedby', describedBy(id, f))}${flag('aria-invalid="true"', !!f.error)}`;

export const groupClasses = (f: Pick<FieldBase, 'error' | 'groupClass'>) => `form-group${f.groupClass ? ` ${f.groupClass}` : ''}${f.error ? ' form-group--error' : ''}`;

/** A labelled field around any control. */
export function field(f: FieldBase, control: Child): SafeHtml {
  const id = idOf(f);
  return html`<div class="${groupClasses(f)}" data-field="${f.name}">
  <label class="label" for="${id}">${f.label}</label>
  ${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ''}
  ${errorMessage(id, f.error, f.errorSlot)}
  ${control}
</div>`;
}

export interface TextInputOptions extends FieldBase {
  value?: string | undefined;
  type?: 'text' | 'tel' | 'date' | 'datetime-local' | 'search' | 'password';
  inputmode?: 'numeric' | 'decimal' | 'text' | 'tel';
  autocomplete?: string;
  /** `input--<width>`: short, medium, date. */
  width?: string;
  maxlength?: number;
  spellcheck?: boolean;
  autocapitalize?: 'none' | 'characters';
  enterkeyhint?: 'search' | 'send' | 'done';
  /** Extra classes on the control. */
  controlClass?: string;
}

export function textInput(o: TextInputOptions): SafeHtml {
  const id = idOf(o);
  const cls = ['input', o.width ? `input--${o.width}` : '', o.controlClass ?? ''].filter(Boolean).join(' ');
  return field(
    o,
    html`<input class="${cls}" id="${id}" name="${o.name}" type="${o.type ?? 'text'}"${o.errorSlot && o.value === undefined ? raw('') : html` value="${o.value ?? ''}"`}${attr('inputmode', o.inputmode)}${attr('autocomplete', o.autocomplete)}${attr('autocapitalize', o.autocapitalize)}${attr('spellcheck', o.spellcheck === undefined ? undefined : String(o.spellcheck))}${attr('maxlength', o.maxlength)}${attr('enterkeyhint', o.enterkeyhint)}${controlAria(id, o)} data-control />`,
  );
}

export interface TextAreaOptions extends FieldBase {
  value?: string | undefined;
  rows: number;
  maxlength?: number;
  spellcheck?: boolean;
}

export function textArea(o: TextAreaOptions): SafeHtml {
  const id = idOf(o);
  return field(
    o,
    html`<textarea class="input textarea" id="${id}" name="${o.name}" rows="${o.rows}"${attr('maxlength', o.maxlength)}${attr('spellcheck', o.spellcheck === undefined ? undefined : String(o.spellcheck))}${controlAria(id, o)} data-control>${o.value ?? ''}</textarea>`,
  );
}

export interface SelectOption {
  value: string;
  label: string;
  /** `data-<name>` attributes for a page's script (names are constants, values escaped). */
  data?: Readonly<Record<string, string>>;
}

export interface SelectOptions extends FieldBase {
  value?: string | undefined;
  /** The first, empty option ("请选择…"). */
  placeholder?: string;
  options: readonly SelectOption[];
  width?: string;
}

export function select(o: SelectOptions): SafeHtml {
  const id = idOf(o);
  const cls = ['select', o.width ? `input--${o.width}` : ''].filter(Boolean).join(' ');
  return field(
    o,
    html`<select class="${cls}" id="${id}" name="${o.name}"${controlAria(id, o)} data-control>
    ${o.placeholder !== undefined ? html`<option value="">${o.placeholder}</option>` : ''}
    ${o.options.map((opt) => html`<option value="${opt.value}"${flag('selected', opt.value === o.value)}${Object.entries(opt.data ?? {}).map(([name, value]) => attr(`data-${name}`, value))}>${opt.label}</option>`)}
  </select>`,
  );
}

/**
 * The case forms' building blocks: the page kit's components (shared/ui)
 * bound to a form's state (what was typed, and what is wrong with it).
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import type { CaseFormValues } from '#shared/schemas/cases.ts';
import { radios as kitRadios, type RadiosOptions } from '#shared/ui/choices.ts';
import { dateInput } from '#shared/ui/date-input.ts';
import { emergencyBox as kitEmergencyBox } from '#shared/ui/emergency-box.ts';
import { errorSummary as kitErrorSummary, summaryItems } from '#shared/ui/error-summary.ts';
import { fieldId } from '#shared/ui/field-id.ts';
import { select, textArea as kitTextArea, textInput, type SelectOptions, type TextAreaOptions, type TextInputOptions } from '#shared/ui/field.ts';
import type { SafeHtml } from '#shared/ui/html.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString> | SafeHtml;

export interface FormState {
  values: CaseFormValues;
  errors: Record<string, string>;
}

/** A field's name, answer and error, as the kit's components take them. */
export const answer = (name: string, state: FormState) => ({ name, value: state.values[name] ?? '', error: state.errors[name] });

type TextOptions = Omit<TextInputOptions, 'name' | 'value' | 'error'>;

/** A text box; no autocomplete unless said (what a family writes about a case is not for the browser to remember). */
export const textField = (name: string, state: FormState, o: TextOptions) => textInput({ ...answer(name, state), autocomplete: 'off', ...o });
export const textArea = (name: string, state: FormState, o: Omit<TextAreaOptions, 'name' | 'value' | 'error'>) => kitTextArea({ ...answer(name, state), ...o });
export const selectField = (name: string, state: FormState, o: Omit<SelectOptions, 'name' | 'value' | 'error' | 'options'> & { options: ReadonlyArray<{ key: string; label: string }> }) =>
  select({ ...answer(name, state), ...o, options: o.options.map((x) => ({ value: x.key, label: x.label })) });
export const radios = (name: string, state: FormState, o: Omit<RadiosOptions, 'name' | 'value' | 'error'>) => kitRadios({ ...answer(name, state), ...o });
export const dateField = (name: string, state: FormState, o: { label: string; hint?: string }) => dateInput({ ...answer(name, state), autocomplete: 'off', ...o });

/** "There is a problem": what concerns the whole form, then each problem linking to its field, in page order, with the field's own words. */
export const errorSummary = (errors: Record<string, string>, order: readonly string[], notices: readonly string[] = []) =>
  kitErrorSummary({ items: summaryItems(errors, order, (name) => fieldId(name), notices) });

export const emergencyBox = (text?: string) => kitEmergencyBox({ className: 'case-emergency', ...(text ? { text } : {}) });

export const districtOptions = () => jurisdiction.districts.map((d) => ({ key: d.code, label: d.name }));
export const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')}MB`;

/** The submit button, and the line where the script says what it is doing. */
export function submitRow(label: string): Html {
  return html`<div class="case-form__submit">
  <button class="button" type="submit" data-submit>${label}</button>
  <p class="case-form__status" id="case-form-status" role="status"></p>
</div>`;
}

/** Large groups a family can read aloud and copy: 2611 3852 0917 5. */
export function groups(value: string, className: string): Html {
  return html`<p class="${className}">${value.split('-').map((g) => html`<span class="case-receipt__group">${g}</span>`)}</p>`;
}

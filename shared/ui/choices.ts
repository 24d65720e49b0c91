/**
 * Radios and checkboxes (GOV.UK's pattern): a question in a fieldset whose
 * legend asks it; big targets on a phone, the whole label clickable. The
 * first radio carries the field's id, so the error summary's link lands on
 * it; the others are `<id>--<value>`.
 *
 * CSS: site/src/styles/kit/choices.css (one copy for the public pages and the
 * staff console).
 */
import { errorMessage, groupClasses, idOf, type FieldBase } from './field.ts';
import { attr, flag, html, type Child, type SafeHtml } from './html.ts';

export interface RadioOption {
  value: string;
  label: string;
  hint?: string | undefined;
  /** Shown with a red bar: harm to a child. */
  urgent?: boolean;
  /** A heading shown before this option: the first option of a group. */
  groupHeading?: string | undefined;
}

export interface RadiosOptions extends Omit<FieldBase, 'label'> {
  legend: Child;
  /** The legend is the page's question: an h2 inside it. */
  heading?: boolean;
  options: readonly RadioOption[];
  value?: string | undefined;
  /** Side by side, for two or three short answers. */
  inline?: boolean;
}

export function radios(o: RadiosOptions): SafeHtml {
  return choiceGroup(o, 'radio', (value) => value === o.value);
}

export interface CheckboxesOptions extends Omit<RadiosOptions, 'value' | 'options'> {
  options: readonly Omit<RadioOption, 'urgent'>[];
  /** The values ticked. */
  values?: readonly string[];
}

/** A question answered by ticking any of several boxes: the radios' fieldset and layout, with checkboxes that share one name. */
export function checkboxes(o: CheckboxesOptions): SafeHtml {
  return choiceGroup(o, 'checkbox', (value) => o.values?.includes(value) ?? false);
}

/** The fieldset of radios or of checkboxes: one markup for both. */
function choiceGroup(o: Omit<RadiosOptions, 'value'>, type: 'radio' | 'checkbox', checked: (value: string) => boolean): SafeHtml {
  const id = idOf(o);
  const optionId = (i: number, value: string) => (i === 0 ? id : `${id}--${value}`);
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="${groupClasses(o)}" data-field="${o.name}">
<fieldset class="fieldset"${attr('aria-describedby', described || undefined)}>
  <legend class="fieldset__legend${o.heading ? ' fieldset__legend--heading' : ''}">${o.heading ? html`<h2 class="heading-m fieldset__heading">${o.legend}</h2>` : o.legend}</legend>
  ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
  ${errorMessage(id, o.error, o.errorSlot)}
  <div class="radios${o.inline ? ' radios--inline' : ''}" data-control>
    ${o.options.map((opt, i) => {
      const oid = optionId(i, opt.value);
      return html`${opt.groupHeading ? html`<h3 class="radios__group">${opt.groupHeading}</h3>` : ''}<div class="radios__item${opt.urgent ? ' radios__item--urgent' : ''}">
      <input class="radios__input" id="${oid}" name="${o.name}" type="${type}" value="${opt.value}"${flag('checked', checked(opt.value))}${attr('aria-describedby', opt.hint ? `${oid}-hint` : undefined)} />
      <label class="radios__label" for="${oid}">${opt.label}</label>
      ${opt.hint ? html`<p class="hint radios__hint" id="${oid}-hint">${opt.hint}</p>` : ''}
    </div>`;
    })}
  </div>
</fieldset>
</div>`;
}

export interface CheckboxOptions extends FieldBase {
  checked?: boolean;
  value?: string;
  /** The hint goes under the box (a consent's explanation), not above it. */
  hintAfter?: boolean;
  /** A data attribute on the group for the page's script, e.g. `data-notify` (a constant, not escaped). */
  groupData?: string;
}

/** One checkbox: a yes to a statement (consent, "text me the progress"). */
export function checkbox(o: CheckboxOptions): SafeHtml {
  const id = idOf(o);
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const hint = o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : '';
  return html`<div class="${groupClasses(o)}" data-field="${o.name}"${flag(o.groupData ?? '', !!o.groupData)}>
    ${o.hintAfter ? '' : hint}
    ${errorMessage(id, o.error, o.errorSlot)}
    <div class="checkbox" data-control>
      <input class="checkbox__input" id="${id}" name="${o.name}" type="checkbox" value="${o.value ?? 'yes'}"${flag('checked', o.checked)}${attr('aria-describedby', described || undefined)}${flag('aria-invalid="true"', !!o.error)} />
      <label class="checkbox__label" for="${id}">${o.label}</label>
    </div>
    ${o.hintAfter ? hint : ''}
  </div>`;
}

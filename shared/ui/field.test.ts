import { describe, expect, it } from 'vitest';
import { t } from '../i18n/zh-CN.ts';
import { dateInput } from './date-input.ts';
import { fieldId } from './field-id.ts';
import { select, textArea, textInput } from './field.ts';
import { countInput, moneyInput } from './money-input.ts';

const squash = (s: unknown) => String(s).replace(/\s+/g, ' ');

describe('fieldId', () => {
  it('turns a dotted name into an id, with a prefix per form', () => {
    expect(fieldId('institution.unlistedName')).toBe('f-institution-unlistedName');
    expect(fieldId('licence.number', 'inst')).toBe('inst-licence-number');
  });
});

describe('textInput', () => {
  it('labels the control, describes it by hint, and keeps the answer escaped', () => {
    const out = squash(textInput({ name: 'contact.name', label: '姓名', hint: '可不填', value: '"><b>', maxlength: 30, autocomplete: 'name' }));
    expect(out).toContain('<div class="form-group" data-field="contact.name">');
    expect(out).toContain('<label class="label" for="f-contact-name">姓名</label>');
    expect(out).toContain('<p class="hint" id="f-contact-name-hint">可不填</p>');
    expect(out).toContain('value="&quot;&gt;&lt;b&gt;" autocomplete="name" maxlength="30" aria-describedby="f-contact-name-hint" data-control');
    expect(out).not.toContain('aria-invalid');
  });

  it('says what is wrong beside the field, marked for screen readers and linked from the control', () => {
    const out = squash(textInput({ name: 'place', label: '地点', hint: 'h', error: '请填写<地点>' }));
    expect(out).toContain('class="form-group form-group--error"');
    expect(out).toContain(`<p class="error-message" id="f-place-error"><span class="visually-hidden">${t.kit.errorPrefix}</span>请填写&lt;地点&gt;</p>`);
    expect(out).toContain('aria-describedby="f-place-hint f-place-error" aria-invalid="true"');
  });

  it('leaves a hidden error message for a script when asked', () => {
    const out = squash(textInput({ id: 'inst-name', name: 'name', label: '名称', errorSlot: true }));
    expect(out).toContain('id="inst-name-error" data-error-message hidden');
    expect(out).not.toContain('value=');
  });
});

describe('what else describes a control, and data for a script', () => {
  it('adds ids a script fills after the hint and the error', () => {
    const o = squash(textInput({ name: 'q', label: '名称', hint: '提示', error: '太长', alsoDescribedBy: 'live-hint' }));
    expect(o).toContain('aria-describedby="f-q-hint f-q-error live-hint" aria-invalid="true"');
  });

  it("gives a select's options their data attributes, escaped", () => {
    const o = squash(select({ name: 'status', label: '状态', options: [{ value: 'a', label: 'A', data: { group: 'good', explained: '"说明"' } }, { value: 'b', label: 'B' }] }));
    expect(o).toContain('<option value="a" data-group="good" data-explained="&quot;说明&quot;">A</option>');
    expect(o).toContain('<option value="b">B</option>');
  });
});

describe('textArea and select', () => {
  it('render their value and the chosen option', () => {
    expect(squash(textArea({ name: 'description', label: '经过', rows: 8, maxlength: 5000, value: 'a<b' }))).toContain('rows="8" maxlength="5000" data-control>a&lt;b</textarea>');
    const out = squash(select({ name: 'districtCode', label: '区县', placeholder: '请选择', options: [{ value: '1', label: '一' }, { value: '2', label: '二' }], value: '2' }));
    expect(out).toContain('<option value="">请选择</option>');
    expect(out).toContain('<option value="2" selected>二</option>');
    expect(out).not.toContain('value="1" selected');
  });
});

describe('date and money inputs', () => {
  it('use the browser date picker, and the decimal keypad without type=number', () => {
    expect(squash(dateInput({ name: 'happenedOn', label: '日期', value: '2026-01-02' }))).toContain('class="input input--date" id="f-happenedOn" name="happenedOn" type="date" value="2026-01-02"');
    const money = squash(moneyInput({ name: 'amountPaid', label: '金额' }));
    expect(money).toContain('type="text" value="" inputmode="decimal" maxlength="16"');
    expect(squash(countInput({ name: 'lessonsBought', label: '课时' }))).toContain('class="input input--short"');
  });
});

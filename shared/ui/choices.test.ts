import { describe, expect, it } from 'vitest';
import { checkbox, checkboxes, radios } from './choices.ts';

const squash = (s: unknown) => String(s).replace(/\s+/g, ' ');

describe('radios', () => {
  const out = (error?: string) =>
    squash(radios({ name: 'kind', legend: '发生了什么', heading: true, hint: '选一项', error, value: 'b', options: [{ value: 'a', label: 'A', urgent: true, groupHeading: '组' }, { value: 'b', label: 'B<', hint: '说明' }] }));

  it('asks in a legend, gives the first radio the field id and checks the chosen one', () => {
    expect(out()).toContain('<fieldset class="fieldset" aria-describedby="f-kind-hint">');
    expect(out()).toContain('<legend class="fieldset__legend fieldset__legend--heading"><h2 class="heading-m fieldset__heading">发生了什么</h2></legend>');
    expect(out()).toContain('<h3 class="radios__group">组</h3><div class="radios__item radios__item--urgent">');
    expect(out()).toContain('id="f-kind" name="kind" type="radio" value="a" />');
    expect(out()).toContain('id="f-kind--b" name="kind" type="radio" value="b" checked aria-describedby="f-kind--b-hint" />');
    expect(out()).toContain('<label class="radios__label" for="f-kind--b">B&lt;</label>');
  });

  it('puts the error in the fieldset and describes the group by it', () => {
    expect(out('请选择')).toContain('aria-describedby="f-kind-hint f-kind-error"');
    expect(out('请选择')).toContain('form-group--error');
  });
});

describe('checkbox', () => {
  it('is a labelled box, checked when answered, with its hint after it', () => {
    const o = squash(checkbox({ name: 'contact.notify', label: '短信通知我', hint: '说明', hintAfter: true, checked: true, groupData: 'data-notify' }));
    expect(o).toContain('<div class="form-group" data-field="contact.notify" data-notify>');
    expect(o).toContain('id="f-contact-notify" name="contact.notify" type="checkbox" value="yes" checked aria-describedby="f-contact-notify-hint" />');
    expect(o.indexOf('checkbox__label')).toBeLessThan(o.indexOf('f-contact-notify-hint">说明'));
  });

  it('says what is wrong', () => {
    expect(squash(checkbox({ name: 'consent', label: '同意', error: '请勾选' }))).toContain('aria-describedby="f-consent-error" aria-invalid="true"');
  });
});

describe('checkboxes', () => {
  const out = squash(
    checkboxes({ name: 'content.districtCodes', id: 'n-districts', legend: '区县', hint: '不选即全市', values: ['2', '3'], options: [{ value: '1', label: '甲' }, { value: '2', label: '乙' }, { value: '3', label: '丙<' }] }),
  );

  it('asks in a legend, one name for all the boxes, the first with the field id, and ticks every value given', () => {
    expect(out).toContain('<fieldset class="fieldset" aria-describedby="n-districts-hint"> <legend class="fieldset__legend">区县</legend>');
    expect(out).toContain('id="n-districts" name="content.districtCodes" type="checkbox" value="1" />');
    expect(out).toContain('id="n-districts--2" name="content.districtCodes" type="checkbox" value="2" checked />');
    expect(out).toContain('id="n-districts--3" name="content.districtCodes" type="checkbox" value="3" checked />');
    expect(out).toContain('<label class="radios__label" for="n-districts--3">丙&lt;</label>');
  });

  it('ticks none when no values are given', () => {
    expect(squash(checkboxes({ name: 'c', legend: 'L', options: [{ value: 'a', label: 'A' }] }))).not.toContain('checked');
  });
});

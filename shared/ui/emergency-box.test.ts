import { describe, expect, it } from 'vitest';
import { t } from '../i18n/zh-CN.ts';
import { emergencyBox } from './emergency-box.ts';

describe('emergencyBox', () => {
  it('is a labelled section with a number to call', () => {
    const out = String(emergencyBox({ className: 'case-emergency' }));
    expect(out).toContain('<section class="emergency-box case-emergency" aria-labelledby="emergency-heading">');
    expect(out).toContain(`id="emergency-heading">${t.cases.form.emergencyHeading}</h2>`);
    expect(out).toContain(`<a class="button button--warning" href="tel:110">${t.cases.form.emergencyCall}</a>`);
  });

  it('escapes the text it is given', () => {
    expect(String(emergencyBox({ text: '<b>' }))).toContain('<p class="emergency-box__text">&lt;b&gt;</p>');
  });
});

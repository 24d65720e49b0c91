import { describe, expect, it } from 'vitest';
import { t } from '#shared/i18n/zh-CN.ts';
import { renderTimeliness } from './timeliness-page.ts';

describe('the public timeliness page', () => {
  it('gives each department’s phone from the configuration under its name, and says when it is the demo’s stand-in', async () => {
    const page = String(
      await renderTimeliness({
        from: '2025-11-24',
        to: '2026-11-16',
        departments: [
          { departmentId: 'education-411502', name: '浉河区教育体育局', received: { value: 40 }, answeredOnTime: { value: 0.9 }, concludedOnTime: null, medianAcceptDays: { value: 2 }, medianConcludeDays: null, satisfied: null },
        ],
      }),
    );
    expect(page).toContain('<th scope="row">浉河区教育体育局<br /><span class="timeliness__phone">联系电话 <a href="tel:12345">12345</a></span></th>');
    expect(page).toContain(`<p class="hint">${t.institution.contactPlaceholder}</p>`);
  });
});

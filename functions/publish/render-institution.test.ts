import { describe, expect, it } from 'vitest';
import { t } from '#shared/i18n/zh-CN.ts';
import { Institution } from '#shared/schemas/institution.ts';
import { makeInstitutionFields } from '../../test/builders/institution.ts';
import { renderInstitution } from './render-institution.ts';

const s = t.institution;

const institution = (overrides: Partial<Institution> = {}): Institution =>
  Institution.parse({
    ...makeInstitutionFields({ name: '浉河区小天鹅舞蹈培训中心', category: 'arts', districtCode: '411502' }),
    id: 'shihe-swan-dance',
    status: 'approved',
    statusHistory: [{ status: 'approved', on: '2024-03-01', reason: '列入名单' }],
    createdAt: '2024-03-01T00:00:00.000Z',
    updatedAt: '2024-03-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  });

const render = async (inst: Institution) => String(await renderInstitution(inst, { today: '2026-11-20', pageUrl: 'https://example.test/institutions/shihe-swan-dance/' }));

describe('an institution page says what the registry knows, and what it was not told', () => {
  it('says a fact was not entered, not that there is "no record", and that no inspection entered is not no inspection', async () => {
    const html = await render(institution({ lastFireCheckOn: undefined, staffChecksOn: undefined, inspections: [] }));
    expect(html).not.toContain('暂无记录');
    expect(html).toContain(`<dd>${s.fireCheckNotEntered}</dd>`);
    expect(html).toContain(`<dd>${s.staffChecksNotEntered}</dd>`);
    expect(html).toContain(`<p>${s.noInspectionsEntered}</p>`);
  });

  it('shows the dates and inspections it holds', async () => {
    const html = await render(institution({ lastFireCheckOn: '2026-05-10', inspections: [{ on: '2026-06-01', kind: 'routine', result: 'passed' }] as Institution['inspections'] }));
    expect(html).toContain('<dd>2026-05-10</dd>');
    expect(html).not.toContain(s.noInspectionsEntered);
  });

  it('shows the supervising department’s contact from the configuration, and says when it is the demo’s stand-in', async () => {
    const html = await render(institution());
    expect(html).toContain('浉河区文化广电和旅游局');
    expect(html).toContain('<a href="tel:12345">12345</a>');
    expect(html).toContain(s.contactPlaceholder);
  });
});

describe('an institution page and its notices', () => {
  it('has a live region naming the list file for its district and category, and the link to the list for pages without scripts', async () => {
    const html = await render(institution());
    expect(html).toContain('data-institution-notices="/notices/districts/411502/categories/arts/notices.json"');
    expect(html).toMatch(/<div class="institution-notices"[^>]*aria-live="polite"><\/div>/);
    expect(html).toContain('<a href="/notices/districts/411502/categories/arts/">');
  });
});

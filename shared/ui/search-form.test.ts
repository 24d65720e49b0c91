import { describe, expect, it } from 'vitest';
import { t } from '../i18n/zh-CN.ts';
import { searchForm } from './search-form.ts';

const s = t.institution.search;
const squash = (markup: unknown) => String(markup).replace(/\s+/g, ' ');

describe('searchForm', () => {
  it('is a GET form to the server search page with the fields the API takes, by the same names and ids', () => {
    const out = squash(searchForm());
    expect(out).toContain(`<form class="search-form" action="/institutions/search/" method="get" role="search" aria-label="${s.formLabel}">`);
    for (const [name, id] of [['q', 'search-q'], ['district', 'search-district'], ['category', 'search-category'], ['status', 'search-status']]) {
      expect(out).toContain(`id="${id}" name="${name}"`);
    }
    expect(out).toContain('<details class="search-form__filters">');
  });

  it("the site's live form: marked for its script, the live hint describing the box, statuses carrying their badge's group and words", () => {
    const out = squash(searchForm({ live: true }));
    expect(out).toContain('data-live-search>');
    expect(out).toContain('aria-describedby="search-q-hint search-live-hint"');
    expect(out).toContain(`<p class="visually-hidden" id="search-live-hint" hidden>${s.liveHint}</p>`);
    expect(out).toContain(`<option value="revoked" data-group="danger" data-explained="${t.institution.statusExplained.revoked}">`);
    expect(squash(searchForm())).not.toContain('data-explained');
  });

  it("the server's form: filled in with what was asked, filters unfolded while one is in use or wrong, each error at its field", () => {
    const out = squash(searchForm({ values: { q: '舞蹈<', category: 'arts' }, errors: { district: '请选择区县' } }));
    expect(out).toContain('value="舞蹈&lt;"');
    expect(out).toContain('<option value="arts" selected>');
    expect(out).toContain('<details class="search-form__filters" open>');
    expect(out).toContain('id="search-district-error"');
    expect(out).toContain('aria-describedby="search-district-error" aria-invalid="true"');
  });
});

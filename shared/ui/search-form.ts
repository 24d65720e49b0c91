/**
 * The search form of 查机构, one markup for both places it stands: the site's
 * pages (site/src/components/SearchForm.astro, answered in place by
 * site/src/scripts/institution-search.ts: `live`) and the page the server
 * renders without JavaScript (functions/routes/institution-pages.ts, filled
 * in with what the parent asked and what was wrong). Without JavaScript it
 * is a plain GET form to /institutions/search/.
 *
 * The filters fold away under a summary so that, on a phone, the answers
 * start right under the search box; they stay unfolded while one is in use
 * or wrong. In the live form the status options carry what the script needs
 * to draw a badge (`data-group`, `data-explained`), so the words live here.
 *
 * CSS: site/src/styles/global.css (.search-form).
 */
import { t } from '../i18n/zh-CN.ts';
import { jurisdiction } from '../jurisdiction/index.ts';
import { InstitutionCategories, InstitutionStatuses, STATUS_GROUP } from '../vocabulary.ts';
import { fieldId } from './field-id.ts';
import { select, textInput } from './field.ts';
import { flag, html, type SafeHtml } from './html.ts';

const s = t.institution.search;

/** Where the form goes without JavaScript: the server's search page. */
export const SEARCH_PAGE_PATH = '/institutions/search/';

export const SEARCH_FIELDS = ['q', 'district', 'category', 'status'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** The ids of the form's controls: `search-q`, `search-district`… (the error summary links to them). */
export const searchFieldId = (name: string) => fieldId(name, 'search');

export interface SearchFormOptions {
  /** What the parent asked. */
  values?: Partial<Record<SearchField, string>>;
  /** What is wrong with it, by field. */
  errors?: Partial<Record<SearchField, string>>;
  /** The site's form, which its script answers in place. */
  live?: boolean;
}

export function searchForm(o: SearchFormOptions = {}): SafeHtml {
  const values = o.values ?? {};
  const errors = o.errors ?? {};
  const filter = (name: Exclude<SearchField, 'q'>, label: string, any: string, options: ReadonlyArray<{ value: string; label: string; data?: Record<string, string> }>) =>
    select({ name, id: searchFieldId(name), label, error: errors[name], value: values[name], placeholder: any, options });
  const statuses = InstitutionStatuses.entries.map((e) => ({
    value: e.key,
    label: e.label,
    ...(o.live ? { data: { group: STATUS_GROUP[e.key], explained: t.institution.statusExplained[e.key] } } : {}),
  }));
  const filtering = (['district', 'category', 'status'] as const).some((name) => values[name] || errors[name]);
  return html`<form class="search-form" action="${SEARCH_PAGE_PATH}" method="get" role="search" aria-label="${s.formLabel}"${flag('data-live-search', o.live)}>
  ${textInput({ name: 'q', id: searchFieldId('q'), groupClass: 'search-form__query-group', label: s.query, hint: s.queryHint, error: errors.q, value: values.q ?? '', type: 'search', maxlength: 60, autocomplete: 'off', spellcheck: false, enterkeyhint: 'search', ...(o.live ? { alsoDescribedBy: 'search-live-hint' } : {}) })}
  ${o.live ? html`<p class="visually-hidden" id="search-live-hint" hidden>${s.liveHint}</p>` : ''}
  <details class="search-form__filters"${flag('open', filtering)}>
    <summary class="search-form__filters-summary">${s.filters}</summary>
    <div class="search-form__filters-body">
    ${filter('district', s.district, s.anyDistrict, jurisdiction.districts.map((d) => ({ value: d.code, label: d.name })))}
    ${filter('category', s.category, s.anyCategory, InstitutionCategories.entries.map((e) => ({ value: e.key, label: e.label })))}
    ${filter('status', s.status, s.anyStatus, statuses)}
    </div>
  </details>
  <button class="button search-form__submit" type="submit">${s.submit}</button>
</form>`;
}

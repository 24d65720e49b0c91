/**
 * 查机构, answered as the parent types. The form on /institutions/ works
 * without this script (the server answers it at /institutions/search/); with
 * it, the same search runs against GET /api/institutions and the answers are
 * drawn in place:
 * - debounced 150 ms while typing, at once when a select changes or on submit;
 * - drawn with DOM APIs and textContent only, from the page's own <template>s
 *   (the result, and each status's badge from the page kit) and the form's
 *   own option labels, so every word stays in the page;
 * - the count announced by the role="status" line;
 * - the address replaced with the server's results page for the same search
 *   (history.replaceState), so a copied link shows the same list, with or
 *   without JavaScript.
 * If a search fails, the next submit goes to the server as if there were no script.
 */

import { beijingDateTime } from '#shared/rules/beijing-time.ts';
import { linkFor, modeOf } from '#shared/http/page-mode.ts';

interface Summary {
  id: string;
  name: string;
  category: string;
  districtCode: string;
  status: string;
  licenceNumber: string;
  updatedAt: string;
}

interface Answer {
  total: number;
  /** The total is an estimate (a broad query): said as 约 N. */
  totalEstimated?: boolean;
  items: Summary[];
  /** Names one character away from the query, not exact matches. */
  approximate?: boolean;
}

interface ErrorAnswer {
  error?: { message?: string; fields?: Record<string, string> };
}

const LIMIT = 20;
const TYPING_DELAY_MS = 150;

const form = document.querySelector<HTMLFormElement>('form[data-live-search]');
if (form) enhance(form);

/** `{name}` placeholders in a phrase from the page, filled in. */
function fill(phrase: string | undefined, values: Record<string, string | number>): string {
  return (phrase ?? '').replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A timestamp as Beijing time, as the server writes it (formatTime in render-institution.ts). */
const beijing = beijingDateTime;

function enhance(form: HTMLFormElement) {
  const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
  const live = byId('search-live');
  const section = byId('search-results');
  const list = byId('search-results-list');
  const more = byId('search-more');
  const moreLink = more.querySelector('a') as HTMLAnchorElement;
  const notListed = byId('search-not-listed');
  const notListedHeading = byId('not-listed-heading');
  const approximate = byId('search-approximate');
  const approximateHeading = byId('search-approximate-heading');
  const approximateCaution = byId('search-approximate-caution');
  const template = byId<HTMLTemplateElement>('search-result-template');
  const action = form.getAttribute('action') ?? '/institutions/search/';
  const home = location.pathname;
  let timer: number | undefined;
  let controller: AbortController | undefined;
  let shown: string | undefined;
  let failed = false;

  const option = (name: string, value: string) => {
    const select = form.elements.namedItem(name) as HTMLSelectElement;
    return Array.from(select.options).find((o) => o.value === value);
  };

  const params = () => {
    const p = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim()) p.set(name, value.trim());
    }
    return p;
  };

  function item(summary: Summary): Node {
    const node = template.content.cloneNode(true) as DocumentFragment;
    const slot = (name: string) => node.querySelector(`[data-slot="${name}"]`) as HTMLElement;
    const status = option('status', summary.status);
    const group = status?.dataset.group ?? 'danger';
    const name = slot('name') as HTMLAnchorElement;
    name.href = linkFor(`/institutions/${encodeURIComponent(summary.id)}/`, modeOf(location.pathname));
    name.textContent = summary.name;
    // The page kit's badge for this status, which the page holds ready (SearchResults.astro).
    const badge = document.querySelector<HTMLTemplateElement>(`template[data-status-badge="${CSS.escape(summary.status)}"]`);
    if (badge) slot('status').replaceChildren(badge.content.cloneNode(true));
    else slot('status').textContent = status?.text ?? summary.status;
    if (group === 'good') {
      slot('warning').remove();
    } else {
      slot('explained').textContent = status?.dataset.explained ?? '';
      (slot('complain') as HTMLAnchorElement).href = `/complaints/new/?institution=${encodeURIComponent(summary.id)}`;
    }
    slot('category').textContent = option('category', summary.category)?.text ?? summary.category;
    slot('district').textContent = option('district', summary.districtCode)?.text ?? summary.districtCode;
    slot('licence').textContent = summary.licenceNumber;
    const updated = slot('updated');
    updated.setAttribute('datetime', summary.updatedAt);
    updated.textContent = beijing(summary.updatedAt);
    return node;
  }

  function clear() {
    live.textContent = '';
    section.hidden = true;
    notListed.hidden = true;
    approximate.hidden = true;
    list.replaceChildren();
  }

  function draw(p: URLSearchParams, answer: Answer) {
    const q = p.get('q') ?? '';
    list.replaceChildren(...answer.items.map(item));
    section.hidden = answer.total === 0;
    notListed.hidden = answer.total !== 0;
    approximate.hidden = approximateCaution.hidden = !(answer.total > 0 && answer.approximate);
    approximateHeading.textContent = fill(approximateHeading.dataset.withQuery, { q });
    const heading = q ? fill(notListedHeading.dataset.withQuery, { q }) : (notListedHeading.dataset.withoutQuery ?? '');
    notListedHeading.textContent = heading;
    live.textContent = answer.total === 0 ? heading : fill(answer.totalEstimated ? live.dataset.foundAbout : live.dataset.found, { n: answer.total });
    more.hidden = answer.total <= answer.items.length;
    if (!more.hidden) {
      p.set('page', '2');
      moreLink.href = `${action}?${p}`;
      moreLink.textContent = fill(answer.totalEstimated ? moreLink.dataset.moreAbout : moreLink.dataset.more, { total: answer.total, shown: answer.items.length });
    }
  }

  /** Searches for what the form says now; `all` lists everything when the form is empty (a submit), as the server does. */
  async function search(all = false) {
    const p = params();
    const key = p.toString();
    if (key === shown && !failed) return;
    shown = key;
    controller?.abort();
    history.replaceState(history.state, '', key || all ? `${action}${key ? `?${key}` : ''}` : home);
    if (!key && !all) return clear();
    const mine = (controller = new AbortController());
    live.textContent = live.dataset.searching ?? '';
    try {
      const response = await fetch(`/api/institutions?${key ? `${key}&` : ''}limit=${LIMIT}`, {
        signal: mine.signal,
        headers: { accept: 'application/json' },
      });
      const body: unknown = await response.json();
      failed = false;
      if (response.ok) return draw(p, body as Answer);
      const error = (body as ErrorAnswer).error;
      clear();
      live.textContent = Object.values(error?.fields ?? {}).join('；') || error?.message || (live.dataset.failed ?? '');
    } catch (error) {
      if (mine.signal.aborted) return;
      failed = true;
      shown = undefined;
      live.textContent = live.dataset.failed ?? '';
      console.warn('search failed', error);
    }
  }

  form.addEventListener('input', (event) => {
    window.clearTimeout(timer);
    const typing = event.target instanceof HTMLInputElement;
    timer = window.setTimeout(() => void search(), typing ? TYPING_DELAY_MS : 0);
  });
  form.addEventListener('submit', (event) => {
    // After a failure, let the browser submit the form: the server answers it.
    if (failed) return;
    event.preventDefault();
    window.clearTimeout(timer);
    shown = undefined;
    void search(true);
  });

  // A link to /institutions/?q=… fills the form in and searches.
  const initial = new URLSearchParams(location.search);
  for (const [name, value] of initial) {
    const field = form.elements.namedItem(name);
    if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
    if (field instanceof HTMLSelectElement && value) (form.querySelector('details') as HTMLDetailsElement).open = true;
  }
  byId('search-live-hint').hidden = false;
  if (initial.size > 0) void search();
}

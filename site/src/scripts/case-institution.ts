/**
 * Picking the institution from the registry as the family types its name
 * (GET /api/institutions?q=, the same search as /institutions/), on the
 * complaint and refund forms. Without this script the form asks for the
 * name and address (the server's fallback); with it, choosing a match fills
 * the hidden `institution.institutionId`, shows the choice, sets the
 * district, and hides the address fields, which a listed institution does
 * not need. "Not this one" brings them back.
 *
 * Suggestions are buttons in a list under the field (simpler to use with a
 * screen reader and a phone than a combobox), drawn with textContent only;
 * their count is announced by the role="status" line.
 */
import { t } from '#shared/i18n/zh-CN.ts';

interface Summary {
  id: string;
  name: string;
  category: string;
  districtCode: string;
  address: string;
}

const f = t.cases.form;
const TYPING_DELAY_MS = 250;
const LIMIT = 5;

export function enhanceInstitution(form: HTMLFormElement, onChange: () => void): void {
  const section = form.querySelector<HTMLElement>('[data-institution]');
  if (!section) return;
  const field = <T extends Element>(name: string) => form.elements.namedItem(name) as T | null;
  const nameInput = field<HTMLInputElement>('institution.unlistedName');
  const idInput = field<HTMLInputElement>('institution.institutionId');
  const district = field<HTMLSelectElement>('districtCode');
  const category = field<HTMLSelectElement>('institution.unlistedCategory');
  const chosen = section.querySelector<HTMLElement>('[data-chosen]');
  const unlisted = section.querySelector<HTMLElement>('[data-unlisted]');
  const statusLine = section.querySelector<HTMLElement>('#institution-suggest-status');
  const list = section.querySelector<HTMLUListElement>('#institution-suggest-list');
  if (!nameInput || !idInput || !chosen || !unlisted || !statusLine || !list) return;
  const change = chosen.querySelector<HTMLAnchorElement>('[data-change]');

  let timer: number | undefined;
  let controller: AbortController | undefined;
  let asked = '';

  const optionText = (select: HTMLSelectElement | null, value: string) =>
    Array.from(select?.options ?? []).find((o) => o.value === value)?.text ?? value;

  const hideList = () => {
    list.hidden = true;
    list.replaceChildren();
  };

  function choose(item: Summary) {
    idInput!.value = item.id;
    (chosen!.querySelector('[data-slot="name"]') as HTMLElement).textContent = item.name;
    (chosen!.querySelector('[data-slot="meta"]') as HTMLElement).textContent = [optionText(district, item.districtCode), optionText(category, item.category), item.address]
      .filter(Boolean)
      .join(' · ');
    chosen!.hidden = false;
    unlisted!.hidden = true;
    if (district && Array.from(district.options).some((o) => o.value === item.districtCode)) district.value = item.districtCode;
    hideList();
    statusLine!.textContent = '';
    change?.focus();
    onChange();
  }

  function unchoose() {
    idInput!.value = '';
    chosen!.hidden = true;
    unlisted!.hidden = false;
    asked = '';
    nameInput!.focus();
    onChange();
  }

  function draw(items: Summary[]) {
    hideList();
    if (!items.length) {
      statusLine!.textContent = f.institutionNoMatch;
      return;
    }
    statusLine!.textContent = f.institutionMatches(items.length);
    for (const item of items) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'case-suggest__option';
      const name = document.createElement('span');
      name.className = 'case-suggest__name';
      name.textContent = `${f.institutionChoose}：${item.name}`;
      const meta = document.createElement('span');
      meta.className = 'case-suggest__meta';
      meta.textContent = [optionText(district, item.districtCode), optionText(category, item.category), item.address].filter(Boolean).join(' · ');
      button.append(name, meta);
      button.addEventListener('click', () => choose(item));
      li.append(button);
      list!.append(li);
    }
    list!.hidden = false;
  }

  async function search() {
    const q = nameInput!.value.trim();
    if (q === asked) return;
    asked = q;
    controller?.abort();
    if (q.length < 2) {
      hideList();
      statusLine!.textContent = '';
      return;
    }
    const mine = (controller = new AbortController());
    statusLine!.textContent = f.institutionFinding;
    try {
      const response = await fetch(`/api/institutions?q=${encodeURIComponent(q.slice(0, 60))}&limit=${LIMIT}`, { signal: mine.signal, headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`search: ${response.status}`);
      draw(((await response.json()) as { items: Summary[] }).items);
    } catch (error) {
      if (mine.signal.aborted) return;
      // The family can still describe the institution: say nothing alarming.
      hideList();
      statusLine!.textContent = '';
      asked = '';
      console.warn('institution search failed', error);
    }
  }

  nameInput.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void search(), TYPING_DELAY_MS);
  });
  nameInput.addEventListener('focus', () => {
    if (!statusLine.textContent && !nameInput.value.trim()) statusLine.textContent = f.institutionSearchHint;
  });
  change?.addEventListener('click', (event) => {
    event.preventDefault();
    unchoose();
  });
}

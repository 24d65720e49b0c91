/**
 * An institution's page: the current safety notices for its district and
 * category, loaded from the small list file the notices publisher keeps
 * (functions/publish/notices.ts `InstitutionNoticesFile`) into the page's
 * aria-live region. Drawn with DOM APIs and textContent only; the words come
 * from the region's data attributes. Without this script, or if the file
 * cannot be read, the link under the region leads to the same list.
 * In 长者模式 (/elder/…) the notices' links stay in the mode.
 */
import { linkFor, modeOf } from '#shared/http/page-mode.ts';

interface NoticeItem {
  title: string;
  summary: string;
  path: string;
  topic: string;
  visibleFrom: string;
  pinned: boolean;
}

interface NoticesFile {
  listPath: string;
  total: number;
  notices: NoticeItem[];
}

function item(notice: NoticeItem, pinnedLabel: string): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'institution-notices__item';
  const link = document.createElement('a');
  link.href = linkFor(notice.path, modeOf(location.pathname));
  link.textContent = notice.title;
  const meta = document.createElement('p');
  meta.className = 'institution-notices__meta';
  meta.textContent = `${notice.pinned ? `${pinnedLabel} · ` : ''}${notice.topic} · ${notice.visibleFrom}`;
  const summary = document.createElement('p');
  summary.textContent = notice.summary;
  li.append(link, meta, summary);
  return li;
}

async function load(region: HTMLElement): Promise<void> {
  const src = region.dataset.institutionNotices;
  // Only a path on this site: the page names it, never a query parameter.
  if (!src || !src.startsWith('/notices/')) return;
  const response = await fetch(src, { headers: { accept: 'application/json' } });
  if (!response.ok) return;
  const file = (await response.json()) as NoticesFile;
  if (!Array.isArray(file.notices)) return;
  if (file.notices.length === 0) {
    const none = document.createElement('p');
    none.textContent = region.dataset.empty ?? '';
    region.replaceChildren(none);
    return;
  }
  const list = document.createElement('ul');
  list.className = 'list institution-notices__list';
  list.append(...file.notices.map((n) => item(n, region.dataset.pinned ?? '')));
  region.replaceChildren(list);
}

for (const region of document.querySelectorAll<HTMLElement>('[data-institution-notices]')) {
  // A failure leaves the link below the region, as without JavaScript.
  load(region).catch(() => undefined);
}

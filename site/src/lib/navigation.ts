/**
 * The primary navigation: home, then one entry per task on the home page, in
 * the same order, so the nav and the task cards can never disagree.
 */
import { t } from '#shared/i18n/zh-CN.ts';

export type SectionKey = (typeof t.home.tasks)[number]['key'];

export interface NavItem {
  href: string;
  label: string;
}

export const primaryNav: readonly NavItem[] = [
  { href: '/', label: t.nav.home },
  ...t.home.tasks.map((task) => ({ href: task.href, label: t.nav[task.key] })),
];

/** The home-page task for a section: its title, description and address. */
export function task(key: SectionKey) {
  const found = t.home.tasks.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`No home-page task for section "${key}"`);
  return found;
}

/**
 * `page` on the link to the page being shown; `true` on the link of the
 * section that holds it (a page under /institutions/ marks 查机构).
 */
export function currentState(href: string, pathname: string): 'page' | 'true' | undefined {
  const path = pathname.endsWith('/') ? pathname : `${pathname}/`;
  if (path === href) return 'page';
  if (href !== '/' && path.startsWith(href)) return 'true';
  return undefined;
}

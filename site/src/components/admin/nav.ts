/**
 * The console's navigation, as data. Later pieces of the console add their
 * entry here, in the order staff work: the case queue (/admin/cases/) after
 * the registry, safety notices (/admin/notices/) after that.
 */
import { t } from '#shared/i18n/zh-CN.ts';

export interface ConsoleNavItem {
  href: string;
  label: string;
}

const a = t.admin.nav;

export const consoleNav: readonly ConsoleNavItem[] = [
  { href: '/admin/', label: a.dashboard },
  { href: '/admin/institutions/', label: a.institutions },
  { href: '/admin/import/', label: a.import },
  { href: '/admin/cases/', label: t.nav.complaints },
  { href: '/admin/notices/', label: t.nav.notices },
  { href: '/admin/audit/', label: t.audit.title },
  { href: '/admin/accounts/', label: t.accounts.console.title },
  { href: '/admin/account/', label: t.accounts.self.title },
];

/** `page` on the link to this page; `true` on the section that holds it (the registry for an institution's page). */
export function consoleCurrent(href: string, pathname: string): 'page' | 'true' | undefined {
  const path = pathname.endsWith('/') ? pathname : `${pathname}/`;
  if (path === href) return 'page';
  if (href !== '/admin/' && path.startsWith(href)) return 'true';
  return undefined;
}

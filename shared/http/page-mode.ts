/**
 * 长者模式 (elder-friendly mode): every public page exists a second time
 * under `/elder/`, with larger text, higher contrast and a simpler header,
 * and every link on it leads to the `/elder/` copy of its target. The mode
 * is remembered by the address itself: no cookie (nothing to consent to),
 * no script (works without JavaScript), nothing stored. Static hosting
 * without edge functions (S3 + CloudFront in China) serves it as files.
 *
 * One transform, `toElderPage`, makes the elder copy of a page's HTML, for
 * every producer of pages: the site build (site/build/elder-pages.mjs), the
 * publisher's store (functions/storage/elder-pages.ts) and the pages the
 * app renders per request (functions/lib/elder-mode.ts). docs/ARCHITECTURE.md
 * ("Elder-friendly mode") says why this design.
 */

export const ELDER_PREFIX = '/elder';

export type PageMode = 'standard' | 'elder';

/** The mode an address is in. */
export function modeOf(pathname: string): PageMode {
  return pathname === ELDER_PREFIX || pathname.startsWith(`${ELDER_PREFIX}/`) ? 'elder' : 'standard';
}

/** The address without its mode: `/elder/track/` → `/track/`. */
export function standardPath(pathname: string): string {
  return modeOf(pathname) === 'elder' ? pathname.slice(ELDER_PREFIX.length) || '/' : pathname;
}

/**
 * Addresses that are not pages of the public site and so have no elder copy:
 * built assets, the API, open data and feeds (files with an extension), the
 * staff console, the local outbox.
 */
const NOT_A_PAGE = /^\/(?:_astro|api|admin|dev|data)(?:\/|$)|\.[a-z0-9]+(?:[?#]|$)/i;

/** Whether a site-relative link leads to a public page (and so has an elder copy). */
export function isPublicPage(href: string): boolean {
  return href.startsWith('/') && !href.startsWith('//') && !NOT_A_PAGE.test(href) && modeOf(href.split(/[?#]/)[0]!) === 'standard';
}

/** A link in the given mode: `/track/` → `/elder/track/` in elder mode; anything else as it is. */
export function linkFor(href: string, mode: PageMode): string {
  return mode === 'elder' && isPublicPage(href) ? `${ELDER_PREFIX}${href}` : href;
}

/** Marks a link the transform leaves alone (the switch back to the standard page). */
export const KEEP_LINK_ATTRIBUTE = 'data-mode-link';

/**
 * The elder copy of a public page: `class="elder"` on the root element (the
 * stylesheet's elder rules key on it), and every `href` and `action` that
 * leads to a public page moved under `/elder/`, except links marked with
 * `data-mode-link` (the switch back). Works on the HTML as text: the pages
 * are our own output, attributes always double-quoted.
 */
export function toElderPage(html: string): string {
  const marked = html.replace(/<html\b([^>]*)>/i, (tag, attributes: string) => {
    if (/\bclass="(?:[^"]*\s)?elder[\s"]/.test(attributes)) return tag;
    return /\bclass="/.test(attributes) ? tag.replace(/\bclass="/, 'class="elder ') : `<html${attributes} class="elder">`;
  });
  return marked.replace(/<(a|form|link)\b[^>]*>/gi, (tag) => {
    if (tag.includes(KEEP_LINK_ATTRIBUTE)) return tag;
    return tag.replace(/\b(href|action)="([^"]*)"/g, (attribute, name: string, value: string) => {
      const href = value.replace(/&amp;/g, '&');
      return isPublicPage(href) ? `${name}="${ELDER_PREFIX}${value}"` : attribute;
    });
  });
}

/**
 * Points the page's mode switch at this page's other copy: the link marked
 * `data-mode-link="elder"` at `/elder<path>`, the one marked
 * `data-mode-link="standard"` at `<path>` (`path` is the standard address,
 * with its query if any). The header renders the switch from the path it
 * knows; a page poured into a shell (published centre pages, the app's
 * answers) knows its own address only here.
 */
export function withModeSwitch(html: string, path: string): string {
  const standard = standardPath(path);
  const escaped = (href: string) => href.replace(/&(?!amp;)/g, '&amp;').replace(/"/g, '&quot;');
  return html.replace(new RegExp(`<a\\b[^>]*\\b${KEEP_LINK_ATTRIBUTE}="(elder|standard)"[^>]*>`, 'g'), (tag, mode: PageMode) =>
    tag.replace(/\bhref="[^"]*"/, `href="${escaped(mode === 'elder' ? `${ELDER_PREFIX}${standard}` : standard)}"`),
  );
}

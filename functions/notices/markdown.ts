/**
 * A notice's Markdown as HTML, made safe ON THE SERVER with an allow-list.
 * Staff write Markdown; what a parent's browser receives is only:
 *
 * - headings h2 to h4 (the page's title is the only h1: a Markdown "#" becomes
 *   h2 like "##", so an outline never skips a level whichever the author used),
 *   paragraphs, line breaks, rules, lists, quotes, emphasis, code, tables;
 * - links to http(s), mailto: and tel: addresses, or to pages of this site,
 *   with `rel="noopener noreferrer"` (external) and no target;
 * - images whose address is a path on this site (`/…`, e.g. /notices/media/…):
 *   the site's own storage, which the CSP (`img-src 'self'`) allows anyway;
 *   any other image is removed, alt text and all.
 *
 * Everything else is removed: scripts and styles with their content, other
 * tags (their text stays), every attribute not listed (no class, style, on*,
 * id), and every other URL scheme (javascript:, data:, vbscript:, …).
 * Raw HTML in the Markdown goes through the same filter.
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** The tags a rendered notice may hold. */
export const ALLOWED_TAGS = [
  'h2', 'h3', 'h4', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'blockquote', 'strong', 'em', 'del', 'code', 'pre',
  'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
] as const;

/** Is this an address on this site (a path, not `//host` and not a scheme)? */
export function isSitePath(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//') && !url.includes('\\');
}

const options: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    ol: ['start'],
    th: ['scope', 'align'],
    td: ['align'],
  },
  allowedSchemes: ['https', 'http', 'mailto', 'tel'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  // Their content is dropped too, not shown as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'svg', 'math'],
  disallowedTagsMode: 'discard',
  transformTags: {
    // The notice's title is the page's h1: Markdown headings start at h2.
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const { rel: _rel, ...rest } = attribs;
      return { tagName, attribs: isSitePath(href) || href.startsWith('#') ? rest : { ...rest, rel: 'noopener noreferrer' } };
    },
  },
  // An image from anywhere but this site is removed whole; a link left without an address becomes its text.
  exclusiveFilter: (frame) => {
    if (frame.tag === 'img') return !isSitePath(frame.attribs.src ?? '');
    if (frame.tag === 'a' && !frame.attribs.href) return 'excludeTag';
    return false;
  },
};

/** The body of a notice as safe HTML (see the module comment for what survives). */
export function renderNoticeMarkdown(markdown: string): string {
  const unsafe = marked.parse(markdown) as string;
  // A paragraph that held only a removed image is left empty: drop it.
  return sanitizeHtml(unsafe, options).replace(/<p>\s*<\/p>\n?/g, '').trim();
}

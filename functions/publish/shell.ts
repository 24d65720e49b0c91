/**
 * The page shell: a page of the Astro build whose markers the server fills,
 * so published and server-rendered pages share the site's header, footer and
 * stylesheet without a site rebuild. Kept apart from the publisher so the API
 * can fill shells without loading what only publishing needs (QR codes, pinyin).
 */
import { html } from 'hono/html';

export const SHELL_KEY = 'institutions/shell/index.html';
export const SHELL_MARKERS = { title: '__SHOUHU_TITLE__', description: '__SHOUHU_DESCRIPTION__', content: '__SHOUHU_CONTENT__' };

const escapeText = (value: string) => String(html`${value}`);

/** Puts a rendered page into the shell that the site build made (same header, footer, styles). */
export function fillShell(shell: string, page: { title: string; description: string; content: string; /** Markup for the head (e.g. feed links), trusted. */ head?: string }): string {
  const filled = shell
    .replaceAll(SHELL_MARKERS.title, escapeText(page.title))
    .replaceAll(SHELL_MARKERS.description, escapeText(page.description))
    .replace(SHELL_MARKERS.content, () => page.content);
  return page.head ? filled.replace('</head>', () => `${page.head}</head>`) : filled;
}

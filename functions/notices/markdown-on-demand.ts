/**
 * The notices' Markdown renderer (./markdown.ts), loaded on first use: marked,
 * sanitize-html and what they bring (htmlparser2, postcss, …) are about a
 * quarter of the API's code, and only the staff's notice editor and the
 * publisher's notice pages need them. Bundled as a chunk of its own
 * (infra/constructs/bundling.ts splits at `import()`), so no cold start
 * parses it.
 */
import { firstUse } from '../lib/first-use.ts';

export type RenderNoticeMarkdown = (markdown: string) => string;

export const loadNoticeMarkdown: () => Promise<RenderNoticeMarkdown> = firstUse(() => import('./markdown.ts').then((m) => m.renderNoticeMarkdown));

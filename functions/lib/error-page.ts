// Two areas of the strings, imported by their modules: the API's cold start reads this one.
import { errors } from '#shared/i18n/zh-CN/errors.ts';
import { service } from '#shared/i18n/zh-CN/service.ts';
import { escapeHtml } from '#shared/ui/html.ts';
import { fillShell, SHELL_MARKERS } from '../publish/shell.ts';

/** A bare page shell: an error page must not depend on the store that may be what failed. */
export const BARE_SHELL = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${SHELL_MARKERS.title} - ${service.fullName}</title><meta name="description" content="${SHELL_MARKERS.description}"></head><body><main id="main">${SHELL_MARKERS.content}</main></body></html>`;

/**
 * An error as a page (answerError in ./errors.ts decides what it is): a
 * failure on our side (5xx) says the service is unavailable and whether the
 * action was done; a refusal (4xx) says what was wrong and what to do.
 */
export function errorDocument(problem: { status: number; message: string }, description: string): string {
  const title = problem.status >= 500 ? errors.unavailable : problem.message;
  const text = problem.status >= 500 ? problem.message : '';
  const content = `<h1 class="heading-l">${escapeHtml(title)}</h1>${text ? `<p>${escapeHtml(text)}</p>` : ''}`;
  return fillShell(BARE_SHELL, { title, description, content });
}

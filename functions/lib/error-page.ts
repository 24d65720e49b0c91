import type { Context } from 'hono';
import { html } from 'hono/html';
import { t } from '#shared/i18n/zh-CN.ts';
import { unavailableOutcome } from '../data/unavailable.ts';
import { fillShell, SHELL_MARKERS } from '../publish/shell.ts';
import { unavailableAnswer } from './errors.ts';

/** A bare page shell: an error page must not depend on the store that may be what failed. */
const ERROR_SHELL = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${SHELL_MARKERS.title} - ${t.service.fullName}</title><meta name="description" content="${SHELL_MARKERS.description}"></head><body><main id="main">${SHELL_MARKERS.content}</main></body></html>`;

/**
 * The pages' error boundary (onError of the pages rendered per request): a
 * page in Chinese, never a stack trace. The database not answering is a 503
 * with Retry-After and says whether the action was done; anything else is a
 * 500. Logs the error's kind and stack only, never the request.
 */
export function errorPage(c: Context, err: Error, description: string): Response {
  const outcome = unavailableOutcome(err);
  if (outcome) {
    console.error(JSON.stringify({ level: 'warn', msg: 'database_unavailable', name: err.name, outcome }));
    const { status, message } = unavailableAnswer(c, outcome);
    const content = html`<h1 class="heading-l">${t.errors.unavailable}</h1><p>${message}</p>`;
    return c.html(fillShell(ERROR_SHELL, { title: t.errors.unavailable, description, content: String(content) }), status);
  }
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled', name: err.name, stack: err.stack }));
  const content = html`<h1 class="heading-l">${t.errors.unavailable}</h1><p>${t.errors.internal}</p>`;
  return c.html(fillShell(ERROR_SHELL, { title: t.errors.unavailable, description, content: String(content) }), 500);
}

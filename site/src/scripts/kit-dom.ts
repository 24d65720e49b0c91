/**
 * The page kit (shared/ui) in the browser: its functions return escaped HTML
 * strings, the same markup the server and the Astro pages write; this turns
 * one into nodes. Safe because the kit escapes every value it is given and
 * writes no inline script or handler (the CSP allows none).
 */
import type { SafeHtml } from '#shared/ui/html.ts';

/** Kit markup as a fragment to insert. */
export function kitNodes(markup: SafeHtml): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = String(markup);
  return template.content;
}

/** Kit markup for one element (a badge, a summary) as that element. */
export function kitElement<T extends HTMLElement = HTMLElement>(markup: SafeHtml): T {
  const element = kitNodes(markup).firstElementChild;
  if (!element) throw new Error('page kit markup without an element');
  return element as T;
}

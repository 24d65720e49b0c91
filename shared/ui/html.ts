/**
 * The page kit's one escaping rule: a tagged template that escapes every
 * value it is given and passes through markup the kit made. No DOM, no
 * framework: the same functions render on the server (hono routes, the
 * publisher) and in the site's build (Astro, `<Fragment set:html={…} />`).
 *
 * What it returns follows hono's protocol for escaped strings (a String with
 * `isEscaped`), so hono's `html` template takes kit markup as it is and
 * escapes plain strings as before.
 */

/**
 * Markup that is already safe: made by `html` or marked by `raw`. At run time
 * a String object (so `typeof` is 'object'); use it as a string or `String(x)`.
 */
export type SafeHtml = string & { readonly isEscaped: true };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or a double-quoted attribute value. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/** Marks markup as safe: only for markup the kit built or a trusted constant. */
export function raw(markup: string): SafeHtml {
  // hono recognises escaped markup as a String object with isEscaped.
  const s = new String(markup) as unknown as { isEscaped: boolean };
  s.isEscaped = true;
  return s as unknown as SafeHtml;
}

/** A value a template may hold: text (escaped), kit markup (kept), numbers, lists, or nothing. */
export type Child = string | number | SafeHtml | null | undefined | false | readonly Child[];

const isSafe = (value: unknown): value is SafeHtml => typeof value === 'object' && value !== null && (value as { isEscaped?: unknown }).isEscaped === true;

function render(value: Child): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (isSafe(value)) return String(value);
  if (typeof value === 'number') return String(value);
  return escapeHtml(value as string);
}

/** `html\`<p>${text}</p>\``: every value escaped unless it is kit markup. */
export function html(strings: TemplateStringsArray, ...values: Child[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return raw(out);
}

/** ` name="value"` when there is a value, else nothing. */
export const attr = (name: string, value: string | number | undefined | false): SafeHtml =>
  value === undefined || value === false || value === '' ? raw('') : raw(` ${name}="${escapeHtml(String(value))}"`);

/** A boolean attribute (` checked`), or nothing. */
export const flag = (name: string, on: boolean | undefined): SafeHtml => raw(on ? ` ${name}` : '');

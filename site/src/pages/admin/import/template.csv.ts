/**
 * The blank import template: the header row of the regulator's list, in
 * our column order, as CSV with a BOM (so Excel and WPS open it as UTF-8).
 * The columns are defined once, in functions/import/columns.ts.
 */
import type { APIRoute } from 'astro';
import { TEMPLATE_HEADERS } from '../../../../../functions/import/columns.ts';

export const GET: APIRoute = () =>
  new Response(`\uFEFF${TEMPLATE_HEADERS.join(',')}\r\n`, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });

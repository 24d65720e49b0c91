/**
 * A table of records that stacks into labelled cards on a phone (the
 * `.stack-table` pattern): its head from the column names, its body empty
 * (`bodyId`) for the page's script to fill with rows of
 * site/src/scripts/admin/format.ts `cell()`, which carry each column's name
 * for the phone's layout. Named by a heading on the page (`labelledBy`) or by
 * its own hidden caption (`caption`). The ARIA roles keep the table a table
 * for screen readers where the phone's CSS turns its rows into blocks.
 *
 * CSS: site/src/styles/admin.css (.stack-table).
 */
import { attr, flag, html, type SafeHtml } from './html.ts';

export interface RecordTableOptions {
  /** The columns' names, in order; a number's column is right-aligned (`.num`). */
  columns: readonly (string | { label: string; numeric: true })[];
  /** The id of the empty body the script fills. */
  bodyId: string;
  /** The id of the heading that names the table; with `caption`, the caption's id. */
  labelledBy?: string;
  /** A hidden caption that names the table (when no heading on the page does). */
  caption?: string;
  /** The table's own id. */
  id?: string;
  /** Hidden until the script has rows for it. */
  hidden?: boolean;
}

export function recordTable(o: RecordTableOptions): SafeHtml {
  return html`<table class="stack-table" role="table"${attr('aria-labelledby', o.labelledBy)}${attr('id', o.id)}${flag('hidden', o.hidden)}>
  ${o.caption ? html`<caption${attr('id', o.labelledBy)} class="visually-hidden">${o.caption}</caption>` : ''}
  <thead role="rowgroup">
    <tr role="row">
      ${o.columns.map((c) => (typeof c === 'string' ? html`<th role="columnheader" scope="col">${c}</th>` : html`<th class="num" role="columnheader" scope="col">${c.label}</th>`))}
    </tr>
  </thead>
  <tbody role="rowgroup" id="${o.bodyId}"></tbody>
</table>`;
}

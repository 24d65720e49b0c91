/**
 * Charts as inline SVG, drawn in the page (no library, no inline styles:
 * colours come from classes in admin-cases.css). Each chart is a <figure>:
 * its heading, its figures in a sentence (the text alternative the SVG
 * points to with aria-labelledby), the SVG (role="img"), and a button that
 * shows the same figures as a table, for screen readers, keyboards and
 * anyone who wants the numbers.
 */
import { t } from '#shared/i18n/zh-CN.ts';

const SVG = 'http://www.w3.org/2000/svg';
const d = t.triage.console.dashboard;
let counter = 0;

export interface Series {
  name: string;
  /** `chart__bar`, `chart__bar--2`, `chart__bar--good`. */
  className: string;
}

export interface ChartRow {
  label: string;
  values: number[];
}

export interface ChartSpec {
  title: string;
  /** The figures in words: what the chart shows, for those who cannot see it. */
  description: string;
  series: Series[];
  rows: ChartRow[];
  /** How a value reads (default: the number). */
  format?: (value: number) => string;
  /** The scale's top (default: the largest value). */
  max?: number;
  /** The table's first column heading. */
  itemHeading?: string;
  valueHeading?: string;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Roughly how wide a label draws at 14px: CJK characters full width, others half. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u0000-\u00ff]/.test(ch) ? 8 : 14;
  return width;
}

function frame(spec: ChartSpec): { figure: HTMLElement; titleId: string; descId: string } {
  const id = `chart-${++counter}`;
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.setAttribute('aria-labelledby', `${id}-title`);
  const caption = document.createElement('figcaption');
  const heading = document.createElement('h2');
  heading.className = 'heading-m chart__title';
  heading.id = `${id}-title`;
  heading.textContent = spec.title;
  const desc = document.createElement('p');
  desc.className = 'chart__desc';
  desc.id = `${id}-desc`;
  desc.textContent = spec.description;
  caption.append(heading, desc);
  figure.append(caption);
  if (spec.series.length > 1) {
    const legend = document.createElement('ul');
    legend.className = 'chart__legend';
    legend.setAttribute('aria-hidden', 'true');
    for (const s of spec.series) {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `chart__swatch${s.className.endsWith('--2') ? ' chart__swatch--2' : ''}`;
      li.append(swatch, s.name);
      legend.append(li);
    }
    figure.append(legend);
  }
  return { figure, titleId: heading.id, descId: desc.id };
}

/** The same figures as a table, behind a button (aria-expanded). */
function tableToggle(figure: HTMLElement, spec: ChartSpec, titleId: string): void {
  const format = spec.format ?? String;
  const table = document.createElement('table');
  table.className = 'stack-table';
  table.id = `${titleId}-table`;
  table.hidden = true;
  table.setAttribute('aria-labelledby', titleId);
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  const first = document.createElement('th');
  first.scope = 'col';
  first.textContent = spec.itemHeading ?? d.columns.item;
  headRow.append(first);
  for (const s of spec.series) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = spec.series.length > 1 ? s.name : (spec.valueHeading ?? d.columns.count);
    headRow.append(th);
  }
  head.append(headRow);
  const body = document.createElement('tbody');
  for (const r of spec.rows) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = r.label;
    tr.append(th);
    r.values.forEach((value, i) => {
      const td = document.createElement('td');
      td.dataset.label = spec.series.length > 1 ? spec.series[i]!.name : (spec.valueHeading ?? d.columns.count);
      td.className = 'num';
      td.textContent = format(value);
      tr.append(td);
    });
    body.append(tr);
  }
  table.append(head, body);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button button--secondary';
  button.textContent = d.showTable;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', table.id);
  button.addEventListener('click', () => {
    const open = table.hidden;
    table.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? d.hideTable : d.showTable;
  });
  figure.append(button, table);
}

/** Horizontal bars, one row per item (kinds, departments, districts, shares, medians). */
export function horizontalBars(spec: ChartSpec): HTMLElement {
  const { figure, titleId, descId } = frame(spec);
  // Nothing to draw: the sentence says so.
  if (spec.rows.length === 0) return figure;
  const format = spec.format ?? String;
  const width = 720;
  const labelWidth = Math.min(240, Math.max(...spec.rows.map((r) => textWidth(r.label)), 40) + 12);
  const valueWidth = 80;
  const barArea = width - labelWidth - valueWidth;
  const rowHeight = spec.series.length > 1 ? 40 : 28;
  const barHeight = spec.series.length > 1 ? 14 : 18;
  const height = Math.max(1, spec.rows.length) * rowHeight + 8;
  const max = spec.max ?? Math.max(1, ...spec.rows.flatMap((r) => r.values));
  const chart = svg('svg', { class: 'chart__svg', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, focusable: 'false' });
  chart.append(svg('line', { class: 'chart__axis', x1: labelWidth, x2: labelWidth, y1: 0, y2: height }));
  spec.rows.forEach((r, i) => {
    const top = i * rowHeight + 4;
    chart.append(svg('text', { x: labelWidth - 8, y: top + rowHeight / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, r.label));
    r.values.forEach((value, j) => {
      const y = top + (rowHeight - barHeight * r.values.length) / 2 + j * barHeight;
      const w = Math.max(value > 0 ? 2 : 0, (value / max) * barArea);
      chart.append(svg('rect', { class: spec.series[j]!.className, x: labelWidth, y, width: w, height: barHeight - 2 }));
      chart.append(svg('text', { class: 'chart__value', x: labelWidth + w + 6, y: y + (barHeight - 2) / 2, 'dominant-baseline': 'middle' }, format(value)));
    });
  });
  figure.insertBefore(chart, null);
  tableToggle(figure, spec, titleId);
  return figure;
}

/** Vertical grouped bars, one group per week. */
export function columns(spec: ChartSpec): HTMLElement {
  const { figure, titleId, descId } = frame(spec);
  const format = spec.format ?? String;
  const width = 720;
  const height = 240;
  const bottom = 36;
  const top = 20;
  const left = 8;
  const plot = height - bottom - top;
  const groupWidth = (width - left) / Math.max(1, spec.rows.length);
  const barWidth = Math.min(24, (groupWidth - 8) / spec.series.length);
  const max = spec.max ?? Math.max(1, ...spec.rows.flatMap((r) => r.values));
  const chart = svg('svg', { class: 'chart__svg', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, focusable: 'false' });
  chart.append(svg('line', { class: 'chart__axis', x1: left, x2: width, y1: height - bottom, y2: height - bottom }));
  spec.rows.forEach((r, i) => {
    const x0 = left + i * groupWidth + (groupWidth - barWidth * spec.series.length) / 2;
    r.values.forEach((value, j) => {
      const h = (value / max) * plot;
      const x = x0 + j * barWidth;
      chart.append(svg('rect', { class: spec.series[j]!.className, x, y: height - bottom - h, width: barWidth - 2, height: h }));
      if (value > 0) chart.append(svg('text', { class: 'chart__value', x: x + (barWidth - 2) / 2, y: height - bottom - h - 4, 'text-anchor': 'middle' }, format(value)));
    });
    chart.append(svg('text', { x: left + i * groupWidth + groupWidth / 2, y: height - bottom + 20, 'text-anchor': 'middle' }, r.label));
  });
  figure.append(chart);
  tableToggle(figure, spec, titleId);
  return figure;
}

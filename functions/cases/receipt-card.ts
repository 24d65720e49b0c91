/**
 * The receipt as an image a family can keep (回执图片): an SVG with the case
 * number, the access code, the lead department and the date of filing,
 * drawn on the server into the receipt page itself. The access code exists
 * only in that one answer (only its hash is stored), so the image is made
 * there too and nowhere else: the page shows it inline (without JavaScript
 * it can be saved like any picture), and the page's script offers it as a
 * file download from the same markup (a Blob; nothing is fetched or stored).
 */
import { html, raw } from 'hono/html';
import { t } from '#shared/i18n/zh-CN.ts';
import type { CaseReceipt } from '#shared/schemas/cases.ts';
import { beijingDateTime } from './timeline.ts';

const k = t.receiptKeep;

/** XML text, escaped (hono's html escapes too; this keeps the SVG valid on its own when downloaded). */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function receiptCardSvg(receipt: CaseReceipt): string {
  const type = t.cases.types[receipt.type];
  const rows: Array<[string, string, number]> = [
    [k.card.caseNumber, receipt.caseNumber, 34],
    [k.card.accessCode, receipt.accessCode, 34],
    [k.card.department, receipt.leadDepartment.name, 22],
    [k.card.submittedAt, beijingDateTime(receipt.submittedAt), 22],
  ];
  let y = 96;
  const body = rows
    .map(([label, value, size]) => {
      const out = `<text x="32" y="${y}" font-size="18" fill="#505a5f">${esc(label)}</text><text x="32" y="${y + size + 8}" font-size="${size}" font-weight="700" fill="#0b0c0c"${size > 30 ? ' font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" letter-spacing="2"' : ''}>${esc(value)}</text>`;
      y += size + 52;
      return out;
    })
    .join('');
  const height = y + 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="${height}" viewBox="0 0 560 ${height}" role="img" aria-labelledby="receipt-card-title" font-family="'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"><title id="receipt-card-title">${esc(k.card.title(type, receipt.caseNumber))}</title><rect width="560" height="${height}" fill="#ffffff" stroke="#0b0c0c" stroke-width="4"/><rect width="560" height="56" fill="#00703c"/><text x="32" y="37" font-size="22" font-weight="700" fill="#ffffff">${esc(k.card.heading(type))}</text>${body}<text x="32" y="${height - 24}" font-size="15" fill="#505a5f">${esc(k.card.footer)}</text></svg>`;
}

/** The card on the receipt page, with the buttons the script brings to life (hidden without it). */
export function receiptKeepSection(receipt: CaseReceipt) {
  return html`<section class="case-receipt__section case-receipt__keep" aria-labelledby="keep-heading">
  <h2 class="heading-m" id="keep-heading">${k.heading}</h2>
  <p>${k.lead}</p>
  <div class="case-receipt__actions" data-receipt-actions hidden>
    <button class="button button--secondary" type="button" data-receipt-print>${k.print}</button>
    <button class="button button--secondary" type="button" data-receipt-copy data-copy-text="${k.copyText(receipt.caseNumber, receipt.accessCode)}">${k.copy}</button>
    <button class="button button--secondary" type="button" data-receipt-download data-file-name="${k.fileName(receipt.caseNumber)}">${k.download}</button>
    <p class="case-receipt__copied" role="status" data-receipt-status></p>
  </div>
  <figure class="case-receipt__card" data-receipt-card>${raw(receiptCardSvg(receipt))}<figcaption class="hint">${k.cardCaption}</figcaption></figure>
</section>`;
}

/**
 * The receipt page, with JavaScript (functions/cases/receipt-card.ts draws
 * it): print the page, copy the case number and code (saying so in a live
 * region), and download the receipt image drawn into the page as a file
 * (a Blob made from the inline SVG: nothing is fetched, nothing stored).
 * Without the script the buttons stay hidden; the page prints and the
 * image saves as they are.
 */
import { t } from '#shared/i18n/zh-CN.ts';

const k = t.receiptKeep;

export function enhanceReceipt(root: ParentNode = document): void {
  const actions = root.querySelector<HTMLElement>('[data-receipt-actions]');
  if (!actions) return;
  const status = actions.querySelector<HTMLElement>('[data-receipt-status]');
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  actions.hidden = false;

  actions.querySelector('[data-receipt-print]')?.addEventListener('click', () => window.print());

  const copy = actions.querySelector<HTMLButtonElement>('[data-receipt-copy]');
  copy?.addEventListener('click', () => {
    const text = copy.dataset.copyText ?? '';
    const done = navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('no clipboard'));
    done.then(
      () => say(k.copied),
      () => say(k.copyFailed),
    );
  });

  const download = actions.querySelector<HTMLButtonElement>('[data-receipt-download]');
  download?.addEventListener('click', () => {
    const svg = root.querySelector('[data-receipt-card] svg');
    if (!svg) return;
    const blob = new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}`], { type: 'image/svg+xml' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = download.dataset.fileName ?? 'receipt.svg';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say(k.downloaded);
  });
}

enhanceReceipt();

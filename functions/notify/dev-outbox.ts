/**
 * /dev/outbox/: the local server's page of every message the local outbox
 * adapter "sent" (functions/notify/outbox.ts), newest first, so a demo shows
 * what a family would have received. Mounted ONLY by the Node server
 * (functions/server.ts, when given the outbox file), never by the Lambda app
 * (functions/app.ts), so it is not in infra/routes.ts and never deployed.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { t } from '#shared/i18n/zh-CN.ts';
import { readOutbox } from './outbox.ts';

export const DEV_OUTBOX_PATH = '/dev/outbox/';

const o = t.notify.outbox;

export function devOutboxRoutes(file: string) {
  const app = new Hono();
  app.get(DEV_OUTBOX_PATH, async (c) => {
    const lines = (await readOutbox(file)).reverse();
    const rows = lines.map(
      (l) => html`<tr><td>${new Date(l.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}</td><td>${l.to}</td><td><code>${l.template}</code></td><td>${l.text}</td></tr>`,
    );
    c.header('cache-control', 'no-store');
    return c.html(html`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><meta name="robots" content="noindex" /><title>${o.title}</title></head>
<body>
<main>
<h1>${o.title}</h1>
<p>${o.lead}</p>
${lines.length === 0
  ? html`<p>${o.empty}</p>`
  : html`<table>
<caption>${o.title}（${lines.length}）</caption>
<thead><tr><th scope="col">${o.columns.at}</th><th scope="col">${o.columns.to}</th><th scope="col">${o.columns.template}</th><th scope="col">${o.columns.text}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`}
</main>
</body>
</html>`);
  });
  return app;
}

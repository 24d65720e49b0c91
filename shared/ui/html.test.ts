import { html as honoHtml } from 'hono/html';
import { describe, expect, it } from 'vitest';
import { attr, flag, html, raw } from './html.ts';

describe('the kit template', () => {
  it('escapes text and attribute values, keeps kit markup', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(String(html`<p title="${'"x" & y'}">${inner}${['a<', 1]}${null}${undefined}${false}</p>`)).toBe('<p title="&quot;x&quot; &amp; y"><b>&lt;i&gt;</b>a&lt;1</p>');
  });

  it('writes optional and boolean attributes only when set, escaped', () => {
    expect(String(html`<input${attr('maxlength', 20)}${attr('hint', undefined)}${attr('x', '"><script>')}${flag('checked', true)}${flag('hidden', false)}>`)).toBe(
      '<input maxlength="20" x="&quot;&gt;&lt;script&gt;" checked>',
    );
  });

  it("is taken as it is by hono's html, which still escapes plain strings", () => {
    expect(String(honoHtml`<div>${html`<p>${'<x>'}</p>`}${'<y>'}${raw('<br>')}</div>`)).toBe('<div><p>&lt;x&gt;</p>&lt;y&gt;<br></div>');
  });
});

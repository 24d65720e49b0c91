import { describe, expect, it } from 'vitest';
import { isPublicPage, linkFor, modeOf, standardPath, toElderPage, withModeSwitch } from './page-mode.ts';

const page = (body: string) => `<!doctype html><html lang="zh-CN"><head><link rel="icon" href="/favicon.svg" /><link rel="stylesheet" href="/_astro/a.css" /></head><body>${body}</body></html>`;

describe('elder mode addresses', () => {
  it('reads the mode from the path, and the standard path from an elder one', () => {
    expect(modeOf('/elder/')).toBe('elder');
    expect(modeOf('/elder')).toBe('elder');
    expect(modeOf('/elderly/')).toBe('standard');
    expect(modeOf('/track/')).toBe('standard');
    expect(standardPath('/elder/track/')).toBe('/track/');
    expect(standardPath('/elder')).toBe('/');
    expect(standardPath('/track/')).toBe('/track/');
  });

  it('prefixes links to public pages only', () => {
    expect(linkFor('/', 'elder')).toBe('/elder/');
    expect(linkFor('/institutions/search/?q=%E5%B0%8F', 'elder')).toBe('/elder/institutions/search/?q=%E5%B0%8F');
    expect(linkFor('/track/', 'standard')).toBe('/track/');
    for (const href of ['/_astro/x.js', '/api/institutions', '/admin/', '/data/institutions.csv', '/notices/feed.xml', '/favicon.svg', '//cdn.example/x', 'https://beian.miit.gov.cn/', '#main', '/elder/track/', '/dev/outbox/'])
      expect(isPublicPage(href), href).toBe(false);
  });
});

describe('toElderPage', () => {
  it('marks the root element and moves page links and form targets under /elder/, leaving assets, the API and outside links', () => {
    const html = toElderPage(
      page(
        '<a href="/">首页</a><a class="x" href="/institutions/xy000001/">机构</a><a href="https://www.12315.cn/">12315</a><a href="/data/institutions.csv">CSV</a>' +
          '<form method="post" action="/complaints/new/"></form><form action="/institutions/search/" method="get"></form><a href="/notices/?topic=fire&amp;district=411502">提醒</a>',
      ),
    );
    expect(html).toContain('<html lang="zh-CN" class="elder">');
    expect(html).toContain('<a href="/elder/">首页</a>');
    expect(html).toContain('<a class="x" href="/elder/institutions/xy000001/">');
    expect(html).toContain('href="https://www.12315.cn/"');
    expect(html).toContain('href="/data/institutions.csv"');
    expect(html).toContain('action="/elder/complaints/new/"');
    expect(html).toContain('action="/elder/institutions/search/"');
    expect(html).toContain('href="/elder/notices/?topic=fire&amp;district=411502"');
    expect(html).toContain('<link rel="icon" href="/favicon.svg" />');
    expect(html).toContain('href="/_astro/a.css"');
  });

  it('keeps an existing class on the root element, and is the same when applied twice', () => {
    const once = toElderPage('<html class="x" lang="zh-CN"><body><a href="/fees/">收费</a></body></html>');
    expect(once).toContain('<html class="elder x" lang="zh-CN">');
    expect(toElderPage(once)).toBe(once);
    expect(once.match(/\/elder\/fees\//g)).toHaveLength(1);
  });

  it('leaves the mode switch links alone, and withModeSwitch points them at the two copies of the page', () => {
    const header = '<a class="mode-switch" data-mode-link="elder" href="/elder/institutions/shell/">长者模式</a><a class="mode-switch" data-mode-link="standard" href="/institutions/shell/">标准模式</a>';
    const elder = toElderPage(page(header));
    expect(elder).toContain('data-mode-link="standard" href="/institutions/shell/"');
    const switched = withModeSwitch(elder, '/elder/institutions/search/?q=a&district=1');
    expect(switched).toContain('data-mode-link="elder" href="/elder/institutions/search/?q=a&amp;district=1"');
    expect(switched).toContain('data-mode-link="standard" href="/institutions/search/?q=a&amp;district=1"');
  });
});

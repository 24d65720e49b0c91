import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { t } from '#shared/i18n/zh-CN.ts';
import { html } from '#shared/ui/html.ts';
import { SHELL_MARKERS } from '../publish/shell.ts';
import type { PublicStore } from '../storage/types.ts';
import type { AppEnv } from './openapi.ts';
import { pageErrorBoundary, pageHeaders, renderPage } from './page-shell.ts';

const SHELL = `<html><head><title>${SHELL_MARKERS.title}</title></head><body class="site">${SHELL_MARKERS.content}</body></html>`;

function storeWith(files: Record<string, string>) {
  const get = vi.fn(async (key: string) => (key in files ? { body: Buffer.from(files[key]!), contentType: 'text/html', etag: 'e' } : null));
  return { store: { get, etag: async () => null, put: async () => {} } as unknown as PublicStore, get };
}

function app(store: PublicStore, fail = false) {
  const a = new Hono<AppEnv>();
  a.use('*', async (c, next) => {
    c.set('store', store);
    await next();
  });
  a.use('/p/*', pageHeaders({ noStore: true, noindex: 'posts' }));
  a.get('/p/', (c) => {
    if (fail) throw new Error('boom');
    return renderPage(c, 'shell.html', { title: '<标题>', description: 'd', content: html`<p>${'<x>'}</p>` }, 200);
  });
  a.onError(pageErrorBoundary('desc'));
  return a;
}

describe('the page shell', () => {
  afterEach(() => vi.restoreAllMocks());

  it('fills the stored shell, escaped, with the site security headers, and reads it once in 10 s', async () => {
    const { store, get } = storeWith({ 'shell.html': SHELL });
    const a = app(store);
    const res = await a.request('/p/');
    expect(await res.text()).toBe('<html><head><title>&lt;标题&gt;</title></head><body class="site"><p>&lt;x&gt;</p></body></html>');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toBeNull();
    await a.request('/p/');
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('works unstyled when the shell is missing', async () => {
    const res = await app(storeWith({}).store).request('/p/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<main id="main"><p>&lt;x&gt;</p></main>');
  });

  it('answers a failure with the error page, the site headers, never cached', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await app(storeWith({ 'shell.html': SHELL }).store, true).request('/p/');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.text();
    expect(body).toContain(t.errors.internal);
    expect(body).not.toContain('boom');
  });
});

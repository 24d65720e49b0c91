import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { t } from '#shared/i18n/zh-CN.ts';
import { answerError, ApiError } from './errors.ts';

/** One app that throws what it is told, answering as JSON under /api and as a page elsewhere. */
function appThrowing(err: Error) {
  const app = new Hono();
  app.get('*', () => {
    throw err;
  });
  app.onError((e, c) => answerError(c, e, c.req.path.startsWith('/api') ? 'json' : { page: { description: 'd' } }));
  return app;
}

const dbDown = Object.assign(new Error('down'), { name: 'ServiceUnavailableException' });

describe('answerError: one catalogue, as JSON or as a page', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers a known error with its status, code, message and fields in both forms', async () => {
    const err = new ApiError(409, 'conflict', undefined, { version: 'x' });
    const json = await appThrowing(err).request('/api/x');
    expect(json.status).toBe(409);
    expect(await json.json()).toEqual({ error: { code: 'conflict', message: t.errors.conflict, fields: { version: 'x' } } });
    const page = await appThrowing(err).request('/x');
    expect(page.status).toBe(409);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain(`<h1 class="heading-l">${t.errors.conflict}</h1>`);
  });

  it('answers the database not answering with 503 and Retry-After, saying nothing was done', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const path of ['/api/x', '/x']) {
      const res = await appThrowing(dbDown).request(path);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.text()).toContain(t.outage.notDone);
    }
  });

  it('answers a bug with 500 and the internal message, never the stack', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const err = new Error('secret <detail>');
    const json = await appThrowing(err).request('/api/x');
    expect(json.status).toBe(500);
    expect(await json.json()).toEqual({ error: { code: 'internal', message: t.errors.internal } });
    const page = await (await appThrowing(err).request('/x')).text();
    expect(page).toContain(t.errors.internal);
    expect(page).not.toContain('secret');
  });

  it('names a bare HTTP status by its generic code', async () => {
    const res = await appThrowing(new HTTPException(415)).request('/api/x');
    expect(await res.json()).toEqual({ error: { code: 'unsupported_media_type', message: t.errors.unsupported_media_type } });
  });
});

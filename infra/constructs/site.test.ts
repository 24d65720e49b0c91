/** The directory-index CloudFront Function, run as CloudFront would run it. */
import { describe, expect, it } from 'vitest';
import { DIRECTORY_INDEX_FUNCTION } from './site.ts';

type Request = { uri: string; querystring: Record<string, { value: string; multiValue?: { value: string }[] }> };
const handler = new Function(`${DIRECTORY_INDEX_FUNCTION}; return handler;`)() as (event: { request: Request }) => unknown;
const run = (uri: string, querystring: Request['querystring'] = {}) => handler({ request: { uri, querystring } });

describe('directory index function', () => {
  it('serves a directory from its index.html', () => {
    expect(run('/')).toMatchObject({ uri: '/index.html' });
    expect(run('/institutions/abc-123/')).toMatchObject({ uri: '/institutions/abc-123/index.html' });
  });

  it('leaves files alone', () => {
    expect(run('/_astro/app.1a2b.css')).toMatchObject({ uri: '/_astro/app.1a2b.css' });
    expect(run('/data/institutions.csv')).toMatchObject({ uri: '/data/institutions.csv' });
  });

  it('redirects a path without its slash, keeping the query', () => {
    expect(run('/institutions', { q: { value: '小天鹅' }, page: { value: '2' } })).toEqual({
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: '/institutions/?q=小天鹅&page=2' } },
    });
    expect(run('/about', { a: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] } })).toMatchObject({
      headers: { location: { value: '/about/?a=1&a=2' } },
    });
  });
});

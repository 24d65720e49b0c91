import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { createApp, MAX_BODY_BYTES } from './app.ts';
import { createDb } from './data/client.ts';
import { createTestApp, createTestStore } from '../test/support/app.ts';
import { freePort } from '../scripts/lib/dynamo-local.ts';
import { inject } from 'vitest';

describe('GET /api/health', () => {
  it('answers 200 when DynamoDB Local answers and the table exists', async () => {
    const { app } = await createTestApp();
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'reachable' });
  });

  it('answers 503 with a reason when the table is missing', async () => {
    const db = createDb({ tableName: 'no-such-table', region: 'local', endpoint: inject('dynamoEndpoint') });
    const res = await createApp({ db, store: createTestStore().store }).request('/api/health');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toContain('table not found');
  });

  it('answers 503 when the database does not answer at all', async () => {
    const db = createDb({ tableName: 'shouhu', region: 'local', endpoint: `http://127.0.0.1:${await freePort()}` });
    const res = await createApp({ db, store: createTestStore().store }).request('/api/health');
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('unavailable');
  });
});

describe('errors', () => {
  it('answers an unknown API path with the JSON error shape in Chinese', async () => {
    const { app } = await createTestApp();
    const res = await app.request('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expect(body).toEqual({ error: { code: 'not_found', message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
  });

  it('answers an unknown staff path like any other, once the staff API (loaded on first use) has no route for it', async () => {
    const { app } = await createTestApp();
    const res = await app.request('/api/auth/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-shouhu-group-unmatched')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
    // The staff guards still run before any staff code: no session, no admin answer.
    expect((await app.request('/api/admin/no-such-thing')).status).toBe(401);
  });

  it('refuses a body larger than the limit with 413 before reading it', async () => {
    const { app } = await createTestApp();
    const res = await app.request('/api/health', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) },
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('sets strict security headers on API responses', async () => {
    const { app } = await createTestApp();
    const res = await app.request('/api/health');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });
});

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document generated from the zod schemas', async () => {
    const { app } = await createTestApp();
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/health');
    // The staff API's routes too, although its code loads only on first use (functions/groups/staff.ts).
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/admin/audit', '/api/institutions', '/api/complaints']));
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain('validation');
    const result = await validate(structuredClone(doc));
    expect(result.valid ? [] : result.errors).toEqual([]);
  });
});

/**
 * Hostile input for every public endpoint and form, as fast-check
 * arbitraries (test/faults/hostile-input.test.ts, bench/hostile.ts).
 *
 * A request is one of:
 * - a valid body of an endpoint's zod schema (shared/schemas) with some of
 *   its fields replaced by hostile values: wrong types, huge and deeply
 *   nested values, prototype keys (`__proto__`, `constructor`), control and
 *   bidirectional characters, lone surrogates;
 * - a raw body: malformed JSON, malformed multipart, deeply nested JSON,
 *   bytes that are not UTF-8, under a right or wrong content type;
 * - the no-JS forms (/complaints/new/, /refunds/new/, /track/) as
 *   multipart or urlencoded posts with hostile field values; the GET pages
 *   (/fees/check/, /institutions/search/, the forms' prefill) with hostile
 *   query strings.
 */
import fc from 'fast-check';
import { requests } from '../../shared/i18n/zh-CN/requests.ts';
import { makeComplaint, makeRefundDispute } from '../builders/cases.ts';

export interface HostileRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** A filing endpoint (a 201 here files a case). */
  files: boolean;
  /** The JSON body, when it was one: a filing answered 201 must be valid by its schema. */
  json?: unknown;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const NASTY = [
  '',
  ' ',
  '\u0000',
  '\u001b[31m',
  '\r\n\r\n',
  '\u202e\u2066evil\u2069',
  '\u200f\u200e\u061c',
  '\ud800',
  '\udfff',
  'a\ud83dz',
  '\ufeff',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  "' OR '1'='1",
  '../../etc/passwd',
  'NaN',
  '-1',
  '1e309',
  '13812345678',
  'SH-2026-0000-0000',
  '%00%ff',
];

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY, ...PROTO_KEYS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 1000, max: 80_000 }).map((n) => '长'.repeat(n)),
);

/** Nested arrays or objects this deep (as a value). */
const deep = fc.integer({ min: 50, max: 3000 }).map((depth) => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
});

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nastyString,
    fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, -0, 1e308, [], {}),
    fc.integer(),
    fc.double(),
    deep,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A valid body with some fields (or nested fields) replaced, removed, or prototype keys added. */
function mutate(valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const paths: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    paths.push(path);
  };
  walk(valid, []);
  const edit = fc.record({
    path: fc.constantFrom(...paths.filter((p) => p.length > 0)),
    op: fc.constantFrom('set', 'delete', 'proto'),
    protoKey: fc.constantFrom(...PROTO_KEYS),
    value: hostileValue,
  });
  return fc.array(edit, { minLength: 0, maxLength: 4 }).map((edits) => {
    const body = structuredClone(valid);
    for (const { path, op, protoKey, value } of edits) {
      let target = body as Record<string, unknown>;
      for (const key of path.slice(0, -1)) {
        const next = target[key];
        if (!next || typeof next !== 'object') break;
        target = next as Record<string, unknown>;
      }
      const last = path.at(-1)!;
      if (op === 'delete') delete target[last];
      // A key that JSON.stringify writes as an own property named `__proto__`.
      else if (op === 'proto') Object.defineProperty(target, protoKey, { value, enumerable: true, configurable: true, writable: true });
      else target[last] = value;
    }
    return body;
  });
}

const validBodies: Record<string, () => Record<string, unknown>> = {
  '/api/complaints': () => makeComplaint(),
  '/api/refund-disputes': () => makeRefundDispute(),
  '/api/track': () => ({ caseNumber: 'SH-2026-0000-0000', accessCode: 'K7QM4XPD' }),
  '/api/track/feedback': () => ({ caseNumber: 'SH-2026-0000-0000', accessCode: 'K7QM4XPD', satisfied: true }),
  '/api/fee-check': () => ({ category: 'arts', districtCode: '411502', date: '2026-09-01', amount: 480_000, hours: 48, months: 3, paymentMethod: 'supervised_account', classMode: 'offline', classEndsAt: '20:30' }),
  '/api/auth/login': () => ({ username: 'shihe.editor', password: 'not-the-password' }),
};
const FILING = new Set(['/api/complaints', '/api/refund-disputes', '/complaints/new/', '/refunds/new/']);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=X',
  'multipart/form-data',
  'application/xml',
  '',
  'application/json; boundary=X',
  'multipart/form-data; boundary=' + 'b'.repeat(200),
];

/** A header carries bytes: the value's UTF-8, as Latin-1 (what a raw client can send), without CR, LF and NUL. */
function asHeader(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1').replace(/[\r\n\0]/g, '');
}

const idempotency = fc.oneof(fc.uuid().map(String), nastyString);

const jsonRequest: fc.Arbitrary<HostileRequest> = fc
  .tuple(fc.constantFrom(...Object.keys(validBodies)), fc.boolean(), idempotency, fc.constantFrom(...CONTENT_TYPES.slice(0, 3)))
  .chain(([path, keyed, key, type]) =>
    mutate(validBodies[path]!()).map((json) => ({
      method: 'POST' as const,
      path,
      headers: { 'content-type': type, origin: 'http://localhost', ...(keyed ? { 'idempotency-key': asHeader(key.slice(0, 300)) } : {}) },
      body: JSON.stringify(json),
      files: FILING.has(path),
      json,
    })),
  );

/** Raw bodies: broken JSON, broken multipart, deep nesting, invalid UTF-8. */
const rawBody = fc.oneof(
  fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', 'garbage', '--X\r\n', '--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--X--\r\n', '--X\r\nContent-Disposition: form-data; name="f"; filename="../../a.exe"\r\nContent-Type: application/x-msdownload\r\n\r\nMZ\r\n--X--'),
  fc.integer({ min: 1, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 5_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.uint8Array({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: 60_000, max: 90_000 }).map((n) => `{"description":"${'x'.repeat(n)}"}`),
);

const PATHS_POST = [...Object.keys(validBodies), '/complaints/new/', '/refunds/new/', '/track/', '/api/institutions', '/api/health'];

const rawRequest: fc.Arbitrary<HostileRequest> = fc
  .tuple(fc.constantFrom(...PATHS_POST), fc.constantFrom(...CONTENT_TYPES), rawBody, fc.constantFrom('http://localhost', 'https://evil.example', undefined))
  .map(([path, type, body, origin]) => ({
    method: 'POST' as const,
    path,
    headers: { ...(type ? { 'content-type': type } : {}), ...(origin ? { origin } : {}) },
    body,
    files: FILING.has(path),
  }));

/** The no-JS forms' fields, with hostile values. */
const FORM_FIELDS: Record<string, string[]> = {
  '/complaints/new/': ['kind', 'institution.institutionId', 'institution.unlistedName', 'institution.unlistedAddress', 'districtCode', 'happenedOn', 'place', 'description', 'contact.name', 'contact.mobile', 'consent', 'idempotencyKey', 'pow', 'website'],
  '/refunds/new/': ['institution.unlistedName', 'districtCode', 'contractOn', 'amountPaid', 'lessonsBought', 'lessonsConsumed', 'pricePerLesson', 'amountAsked', 'paymentMethod', 'contact.name', 'contact.mobile', 'consent', 'idempotencyKey'],
  '/track/': ['caseNumber', 'accessCode', 'satisfied', 'comment'],
};

function multipart(fields: Array<[string, string]>, boundary: string): string {
  return fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`;
}

const formRequest: fc.Arbitrary<HostileRequest> = fc
  .constantFrom(...Object.keys(FORM_FIELDS))
  .chain((path) =>
    fc.tuple(
      fc.constant(path),
      fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FORM_FIELDS[path]!, ...PROTO_KEYS), nastyString), nastyString), { maxLength: 12 }),
      fc.boolean(),
    ),
  )
  .map(([path, fields, asMultipart]) => ({
    method: 'POST' as const,
    path,
    headers: { 'content-type': asMultipart ? 'multipart/form-data; boundary=HOSTILE' : 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: asMultipart ? multipart(fields, 'HOSTILE') : new URLSearchParams(fields).toString(),
    files: FILING.has(path),
  }));

const GET_PATHS = ['/api/institutions', '/api/institutions/', '/api/fee-rules', '/api/challenge', '/api/health', '/fees/check/', '/institutions/search/', '/complaints/new/', '/refunds/new/', '/track/', '/api/openapi.json'];
const QUERY_KEYS = ['q', 'district', 'category', 'status', 'page', 'cursor', 'limit', 'kind', 'institutionId', 'amount', 'paymentMethod', 'lessonsBought', 'paidOn', 'asOf', '__proto__'];

const getRequest: fc.Arbitrary<HostileRequest> = fc
  .tuple(
    fc.constantFrom(...GET_PATHS),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), nastyString), nastyString), { maxLength: 5 }),
    fc.oneof(nastyString.map((v) => [...Buffer.from(v.slice(0, 500), 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')), fc.constantFrom('%ED%A0%80', '%FF%FE', '%', '%zz', '..%2F..%2F', '%00')),
  )
  .map(([path, query, segment]) => {
    const qs = new URLSearchParams(query.map(([k, v]) => [k.slice(0, 2000), v.slice(0, 2000)])).toString();
    const p = path === '/api/institutions/' ? `${path}${segment}` : path;
    return { method: 'GET' as const, path: `${p}${qs ? `?${qs}` : ''}`, headers: {}, files: false };
  });

export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.oneof(jsonRequest, rawRequest, formRequest, getRequest);

interface Requestable {
  request(input: string, init?: RequestInit, env?: object): Response | Promise<Response>;
}

/**
 * What a family must never read for a field: zod's own words (its English,
 * or its Chinese locale), or the plain net beneath the schemas' messages
 * (shared/schemas/plain-errors.ts: "请填写这一项" does not say which, nor how).
 */
const GENERIC_NET: ReadonlySet<string> = new Set(Object.values(requests.validator).flatMap((m) => (typeof m === 'string' ? [m] : [])));
const isGeneric = (message: string) => GENERIC_NET.has(message) || /Invalid|[Ee]xpected|^无效|数值过[大小]|期望|实际接收|未知的键/.test(message);

/**
 * Sends one hostile request and answers its status (the body read, so nothing
 * is left pending); `onGeneric` hears of every field a 400 answered with the
 * validator's own words instead of ours.
 */
export async function sendHostile(app: Requestable, req: HostileRequest, ip = '203.0.113.9', onGeneric?: (field: string) => void): Promise<number> {
  const res = await app.request(
    `http://localhost${req.path}`,
    { method: req.method, headers: req.headers, ...(req.body !== undefined ? { body: req.body as BodyInit } : {}) },
    { incoming: { socket: { remoteAddress: ip } } },
  );
  const text = await res.text();
  if (res.status === 400 && res.headers.get('content-type')?.startsWith('application/json')) {
    const fields = (JSON.parse(text) as { error?: { fields?: Record<string, string> } }).error?.fields ?? {};
    for (const [field, message] of Object.entries(fields)) if (isGeneric(message)) onGeneric?.(`${req.path.split('?')[0]} ${field}: ${message}`);
  }
  return res.status;
}

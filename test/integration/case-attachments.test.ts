/**
 * Attachments: photos (JPEG, PNG) or PDF, their type told by their content,
 * within the limits a Lambda can take, kept in the private store (never the
 * public one), recorded on the case, and downloaded only by the lead
 * department's staff, every download audited. A rejected file files nothing.
 * The real app on DynamoDB Local.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/app.ts';
import { hashPassword } from '../../functions/auth/password.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { listAudit } from '../../functions/data/audit.ts';
import type { Db } from '../../functions/data/client.ts';
import { getCase, listAttachments } from '../../functions/data/cases.ts';
import { putStaffRecord } from '../../functions/data/staff.ts';
import { createPrivateFsStore, type PrivateStore } from '../../functions/storage/private-store.ts';
import { t } from '../../shared/i18n/zh-CN.ts';
import { ATTACHMENT_LIMITS, attachmentMessages } from '../../shared/schemas/cases.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { caseItems, newKey } from '../builders/cases.ts';
import { createTestStore } from '../support/app.ts';
import { createTestDb } from '../support/db.ts';

const clock = new Date('2026-11-20T02:00:00.000Z');
const now = () => clock;
let app: ReturnType<typeof createApp>;
let db: Db;
let privateDir: string;
let publicDir: string;

/** A real 1×1 PNG, a minimal PDF, and files pretending to be photos. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), Buffer.alloc(512, 0x41)]);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const SCRIPTED_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n');
const pngOfSize = (size: number) => Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(size - 16, 0)]);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

beforeAll(async () => {
  db = await createTestDb();
  const pub = createTestStore();
  publicDir = pub.dir;
  privateDir = mkdtempSync(join(tmpdir(), 'shouhu-private-'));
  app = createApp({ db, store: pub.store, now, privateStore: createPrivateFsStore(privateDir) });
});

interface Upload {
  name: string;
  type: string;
  bytes: Buffer;
}

function complaintForm(files: Upload[], overrides: Record<string, string> = {}): FormData {
  const form = new FormData();
  const fields: Record<string, string> = {
    idempotencyKey: newKey(),
    kind: 'fees',
    'institution.unlistedName': '浉河区某某教育咨询有限公司',
    'institution.unlistedAddress': '浉河区东方红大道88号3楼',
    districtCode: '411502',
    description: '机构要求一次性缴纳一年的学费共9600元，收据和聊天记录见附件。',
    'contact.name': '王女士',
    'contact.mobile': '13812345678',
    consent: 'yes',
    ...overrides,
  };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append('attachments', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  if (!files.length) form.append('attachments', new File([], ''));
  return form;
}

const post = (body: FormData, path = '/complaints/new/', a: ReturnType<typeof createApp> = app) =>
  a.request(`http://localhost${path}`, { method: 'POST', headers: { origin: 'http://localhost' }, body }, { incoming: { socket: { remoteAddress: '198.51.100.9' } } });

function caseNumberOf(html: string): string {
  return /<p class="case-receipt__number">(.*?)<\/p>/s
    .exec(html)![1]!.match(/<span class="case-receipt__group">([^<]+)<\/span>/g)!
    .map((s) => s.replace(/<[^>]+>/g, ''))
    .join('-');
}

async function caseCount() {
  return (await caseItems(db)).filter((i) => i.entity === 'case').length;
}

describe('keeping attachments', () => {
  let caseNumber: string;

  beforeAll(async () => {
    const res = await post(complaintForm([{ name: '收据.png', type: 'image/png', bytes: PNG }, { name: '合同.pdf', type: 'application/pdf', bytes: PDF }]));
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toContain(t.cases.receiptPage.attachmentsSaved(2));
    caseNumber = caseNumberOf(html);
  });

  it('records each file on the case: id, type found from its content, size, SHA-256', async () => {
    const attachments = await listAttachments(db, caseNumber);
    expect(attachments.map(({ storageKey: _k, ...a }) => a).sort((x, y) => x.type.localeCompare(y.type))).toEqual([
      { id: sha256(PDF).slice(0, 24), type: 'application/pdf', size: PDF.length, sha256: sha256(PDF), createdAt: clock.toISOString() },
      { id: sha256(PNG).slice(0, 24), type: 'image/png', size: PNG.length, sha256: sha256(PNG), createdAt: clock.toISOString() },
    ]);
    expect(await getCase(db, caseNumber)).not.toBeNull();
  });

  it('keeps the bytes in the private store only, under the case, never in the public store', async () => {
    const kept = listFiles(privateDir).filter((p) => p.includes(caseNumber));
    expect(kept.map((p) => p.slice(privateDir.length)).sort()).toEqual(
      [`/cases/${caseNumber}/${sha256(PDF).slice(0, 24)}.pdf`, `/cases/${caseNumber}/${sha256(PNG).slice(0, 24)}.png`].sort(),
    );
    expect(kept.map((p) => sha256(readFileSync(p))).sort()).toEqual([sha256(PDF), sha256(PNG)].sort());
    const everywherePublic = listFiles(publicDir).map((p) => readFileSync(p));
    expect(everywherePublic.some((bytes) => bytes.equals(PNG) || bytes.equals(PDF))).toBe(false);
    // Nor is there any address under which the site would serve them.
    expect((await app.request(`http://localhost/cases/${caseNumber}/${sha256(PNG).slice(0, 24)}.png`)).status).toBe(404);
  });

  it('keeps them once for a double submit of the same form', async () => {
    const before = await caseCount();
    const key = newKey();
    const files = [{ name: 'photo.png', type: 'image/png', bytes: pngOfSize(2048) }];
    const [a, b] = await Promise.all([post(complaintForm(files, { idempotencyKey: key })), post(complaintForm(files, { idempotencyKey: key }))]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [na, nb] = [caseNumberOf(await a.text()), caseNumberOf(await b.text())];
    expect(na).toBe(nb);
    expect(await caseCount()).toBe(before + 1);
    expect(await listAttachments(db, na)).toHaveLength(1);
  });

  it('refuses the same form with other files (409)', async () => {
    const key = newKey();
    expect((await post(complaintForm([{ name: 'a.png', type: 'image/png', bytes: pngOfSize(1000) }], { idempotencyKey: key }))).status).toBe(201);
    const res = await post(complaintForm([{ name: 'b.png', type: 'image/png', bytes: pngOfSize(1001) }], { idempotencyKey: key }));
    expect(res.status).toBe(409);
  });

  it('files the case and says so when the files could not be kept, without losing the case', async () => {
    const failing: PrivateStore = {
      put: async () => {
        throw new Error('bucket unreachable');
      },
      get: async () => null,
      delete: async () => undefined,
    };
    const broken = createApp({ db, store: createTestStore().store, now, privateStore: failing });
    const res = await post(complaintForm([{ name: 'a.png', type: 'image/png', bytes: PNG }]), '/complaints/new/', broken);
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toContain(t.cases.receiptPage.attachmentsFailed);
    expect(await listAttachments(db, caseNumberOf(html))).toEqual([]);
  });
});

describe('refusing files', () => {
  it.each([
    ['a program renamed .jpg', { name: 'photo.jpg', type: 'image/jpeg', bytes: EXE }, attachmentMessages.wrongType('photo.jpg')],
    ['a web page renamed .png', { name: '截图.png', type: 'image/png', bytes: HTML }, attachmentMessages.wrongType('截图.png')],
    ['a PDF that runs a script', { name: '合同.pdf', type: 'application/pdf', bytes: SCRIPTED_PDF }, attachmentMessages.activePdf('合同.pdf')],
    ['a photo over 3 MB', { name: 'big.png', type: 'image/png', bytes: pngOfSize(ATTACHMENT_LIMITS.maxFileBytes + 1) }, attachmentMessages.tooBig('big.png')],
  ])('refuses %s with a clear message on the field, and files nothing', async (_label, file, message) => {
    const before = await caseCount();
    const filesBefore = listFiles(privateDir).length;
    const res = await post(complaintForm([{ name: 'ok.png', type: 'image/png', bytes: PNG }, file]));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`<a href="#f-attachments">${message.replace(/“/g, '“')}</a>`);
    // The rest of the answers come back; the browser cannot keep the files, so the page says to choose them again.
    expect(html).toContain('value="王女士"');
    expect(await caseCount()).toBe(before);
    expect(listFiles(privateDir)).toHaveLength(filesBefore);
  });

  it('refuses more than 3 files, and more than 3.5 MB together', async () => {
    const four = Array.from({ length: 4 }, (_, i) => ({ name: `${i}.png`, type: 'image/png', bytes: pngOfSize(100 + i) }));
    expect(await (await post(complaintForm(four))).text()).toContain(attachmentMessages.tooMany);
    const two = [1, 2].map((i) => ({ name: `${i}.png`, type: 'image/png', bytes: pngOfSize(1.9 * 1024 * 1024 + i) }));
    const res = await post(complaintForm(two));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(attachmentMessages.totalTooBig);
  });

  it('refuses a body over 4 MB before reading it (413), with a page saying what to do', async () => {
    const before = await caseCount();
    const three = [1, 2, 3].map((i) => ({ name: `${i}.png`, type: 'image/png', bytes: pngOfSize(1.5 * 1024 * 1024 + i) }));
    const res = await post(complaintForm(three));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain(t.cases.form.tooLarge);
    expect(await caseCount()).toBe(before);
  });
});

describe('staff downloading attachments', () => {
  let caseNumber: string;
  let pngId: string;
  const as: Record<string, StaffBrowser> = {};

  beforeAll(async () => {
    await seedDemoStaff(db);
    const at = clock.toISOString();
    await putStaffRecord(db, {
      username: 'market.shihe',
      name: '浉河区市场监管局（测试）',
      departmentId: 'market-411502',
      roles: ['editor'],
      disabled: false,
      passwordHash: await hashPassword('test-market.shihe-password'),
      createdAt: at,
      updatedAt: at,
    });
    const res = await post(complaintForm([{ name: '收据.png', type: 'image/png', bytes: PNG }], { description: '这件投诉的附件只给牵头部门看。' }));
    caseNumber = caseNumberOf(await res.text());
    pngId = sha256(PNG).slice(0, 24);
    expect((await getCase(db, caseNumber))?.record).toMatchObject({ leadDepartmentId: 'education-411502', coHandlingDepartmentIds: ['market-411502'] });
    for (const username of ['shihe.editor', 'pingqiao.editor']) {
      as[username] = new StaffBrowser(app, { now });
      await as[username].signIn(username);
    }
    as['market.shihe'] = new StaffBrowser(app, { now });
    expect((await as['market.shihe'].login('market.shihe', 'test-market.shihe-password')).status).toBe(200);
  });

  it('lets the lead department download a file, as a download that no browser will run, audited', async () => {
    const res = await as['shihe.editor']!.request(`/api/admin/cases/${caseNumber}/attachments/${pngId}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${caseNumber}-${pngId}.png"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const audit = await listAudit(db, '2026-11-20');
    expect(audit).toContainEqual(expect.objectContaining({ event: 'attachment_downloaded', username: 'shihe.editor', reason: `case:${caseNumber}:${pngId}` }));
  });

  it('lists the files to the departments handling the case, without where they are kept', async () => {
    const res = await as['market.shihe']!.request(`/api/admin/cases/${caseNumber}/attachments`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    expect(body.items).toEqual([{ id: pngId, type: 'image/png', size: PNG.length, sha256: sha256(PNG), createdAt: clock.toISOString() }]);
  });

  it('refuses a co-handling department and any other department the download (403), audited', async () => {
    for (const username of ['market.shihe', 'pingqiao.editor']) {
      const res = await as[username]!.request(`/api/admin/cases/${caseNumber}/attachments/${pngId}`);
      expect(res.status, username).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).not.toContain('PNG');
    }
    expect((await as['pingqiao.editor']!.request(`/api/admin/cases/${caseNumber}/attachments`)).status).toBe(403);
    const denied = (await listAudit(db, '2026-11-20')).filter((e) => e.event === 'permission_denied' && e.reason?.includes(caseNumber));
    expect(denied.map((e) => e.username).sort()).toEqual(['market.shihe', 'pingqiao.editor', 'pingqiao.editor']);
  });

  it('refuses anyone not signed in (401), says 404 for a file the case does not have, 400 for a malformed id', async () => {
    expect((await app.request(`http://localhost/api/admin/cases/${caseNumber}/attachments/${pngId}`)).status).toBe(401);
    expect((await as['shihe.editor']!.request(`/api/admin/cases/${caseNumber}/attachments/${'0'.repeat(24)}`)).status).toBe(404);
    expect((await as['shihe.editor']!.request(`/api/admin/cases/${caseNumber}/attachments/..%2F..%2Fetc`)).status).toBe(400);
  });
});

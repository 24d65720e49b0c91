/**
 * Inspections and sanctions in the registry: an editor records them on an
 * institution in scope, each conditional on the version read (409 with the
 * fresh record when someone saved first), each an event; a sanction is
 * public only once published, and then only after the publisher's run; its
 * inspectors' names never leave the console. Who may: roles × scopes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { StaffBrowser } from '../support/staff-browser.ts';
import { listAudit } from '../../functions/data/audit.ts';
import { listInstitutionEvents } from '../../functions/data/institutions.ts';
import { publishOnce } from '../../functions/jobs/publish-run.ts';
import { createFsStore } from '../../functions/storage/fs-store.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { makeInstitutionFields } from '../builders/institution.ts';
import { createTestApp } from '../support/app.ts';

const clock = new Date('2026-11-20T02:00:00.000Z');
const now = () => clock;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
const as: Record<string, StaffBrowser> = {};
let inst: { id: string; version: number };

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await seedDemoStaff(ctx.db);
  for (const username of ['shihe.editor', 'pingqiao.editor', 'culture.editor', 'city.viewer', 'city.publisher', 'admin', 'city.supervisor']) {
    as[username] = new StaffBrowser(ctx.app, { now });
    await as[username].signIn(username);
  }
  const res = await as['shihe.editor']!.post(
    '/api/admin/institutions',
    makeInstitutionFields({ name: '浉河区启航跆拳道馆', category: 'sports', profitType: 'for_profit', districtCode: '411502' }),
  );
  inst = await res.json();
}, 120_000);

const inspection = (expectedVersion: number) => ({
  on: '2026-11-18',
  kind: 'random_sample',
  result: 'rectify',
  findings: '消防通道堆放杂物',
  inspectors: ['王检查', '李执法'],
  expectedVersion,
});
const sanction = (expectedVersion: number) => ({ on: '2026-11-19', kind: 'fine', decisionNumber: '浉教罚〔2026〕3号', summary: '超前收费，罚款二万元', expectedVersion });

/** Runs the publisher over the built site (its page shells), as the bucket holds both, and reads the centre page. */
async function publicPage(): Promise<string> {
  const store = createFsStore(mkdtempSync(join(tmpdir(), 'shouhu-registry-')), [inject('siteDir')]);
  await publishOnce({ db: ctx.db, store, publicOrigin: 'https://shouhu.example.cn', now });
  return (await store.get(`institutions/${inst.id}/index.html`))!.body.toString('utf8');
}

describe('recording', () => {
  it('records an inspection with its inspectors, as an event; the public sees the findings, not the names', async () => {
    const res = await as['shihe.editor']!.post(`/api/admin/institutions/${inst.id}/inspections`, inspection(inst.version));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.institution.version).toBe(inst.version + 1);
    expect(body.institution.inspections.at(-1)).toMatchObject({ id: body.id, inspectors: ['王检查', '李执法'], findings: '消防通道堆放杂物' });
    inst = body.institution;
    const [event] = await listInstitutionEvents(ctx.db, inst.id);
    expect(event).toMatchObject({ action: 'inspection_recorded', actor: { staffId: 'shihe.editor' }, version: inst.version });

    const page = await publicPage();
    expect(page).toContain('消防通道堆放杂物');
    expect(page).not.toContain('王检查');
    const api = await (await ctx.app.request(`http://localhost/api/institutions/${inst.id}`)).json();
    expect(JSON.stringify(api)).not.toContain('王检查');
  });

  it('a stale version is refused with 409 and the fresh record, and nothing is written', async () => {
    const res = await as['shihe.editor']!.post(`/api/admin/institutions/${inst.id}/sanctions`, sanction(inst.version - 1));
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error.current).toMatchObject({ id: inst.id, version: inst.version });
    expect(body.error.current.sanctions).toEqual([]);
    const stale = await as['shihe.editor']!.post(`/api/admin/institutions/${inst.id}/inspections`, inspection(inst.version - 1));
    expect(stale.status).toBe(409);
  });

  it('bad input: 400 with the fields in Chinese', async () => {
    const res = await as['shihe.editor']!.post(`/api/admin/institutions/${inst.id}/sanctions`, { ...sanction(inst.version), kind: 'flogging', decisionNumber: '' });
    expect(res.status).toBe(400);
    const { fields } = (await res.json()).error;
    expect(fields.kind).toBe('请选择处罚种类');
    expect(fields.decisionNumber).toBe('请填写处罚决定书文号');
    const none = await as['shihe.editor']!.post(`/api/admin/institutions/${inst.id}/inspections`, { ...inspection(inst.version), inspectors: [] });
    expect((await none.json()).error.fields.inspectors).toBe('至少填写一名检查人员');
  });

  it('a sanction stays off the public page until published, then appears after the publisher runs', async () => {
    const res = await as['shihe.editor']!.post(`/api/admin/institutions/${inst.id}/sanctions`, sanction(inst.version));
    expect(res.status).toBe(201);
    const { institution, id } = await res.json();
    expect(institution.sanctions.at(-1)).toMatchObject({ id, kind: 'fine', published: false });
    inst = institution;
    expect(await publicPage()).not.toContain('浉教罚〔2026〕3号');
    const api = await (await ctx.app.request(`http://localhost/api/institutions/${inst.id}`)).json();
    expect(api.sanctions).toEqual([]);

    const stale = await as['shihe.editor']!.post(`/api/admin/institutions/${inst.id}/sanctions/${id}/publish`, { expectedVersion: inst.version - 1 });
    expect(stale.status).toBe(409);
    const published = await as['shihe.editor']!.post(`/api/admin/institutions/${inst.id}/sanctions/${id}/publish`, { expectedVersion: inst.version });
    expect(published.status).toBe(200);
    inst = await published.json();
    expect((inst as unknown as { sanctions: unknown[] }).sanctions.at(-1)).toMatchObject({ id, published: true, publishedOn: '2026-11-20' });
    const events = await listInstitutionEvents(ctx.db, inst.id);
    expect(events.slice(0, 2).map((e) => e.action)).toEqual(['sanction_published', 'sanction_recorded']);
    expect(events[0]).toMatchObject({ decisionNumber: '浉教罚〔2026〕3号', actor: { staffId: 'shihe.editor' } });

    const page = await publicPage();
    expect(page).toContain('浉教罚〔2026〕3号');
    expect(page).toContain('罚款');
    expect((await as['shihe.editor']!.post(`/api/admin/institutions/${inst.id}/sanctions/0000000000000000/publish`, { expectedVersion: inst.version })).status).toBe(404);
  });

  it('an edit of the institution’s fields cannot change its inspections or sanctions', async () => {
    const read = await (await as['shihe.editor']!.request(`/api/admin/institutions/${inst.id}`)).json();
    const { id: _i, status: _s, statusHistory: _h, createdAt: _c, updatedAt: _u, version, ...fields } = read.institution;
    const res = await as['shihe.editor']!.request(`/api/admin/institutions/${inst.id}`, {
      method: 'PUT',
      json: { fields: { ...fields, sanctions: [], inspections: [] }, expectedVersion: version },
    });
    expect(res.status).toBe(200);
    const saved = await res.json();
    expect(saved.sanctions).toHaveLength(1);
    expect(saved.inspections).toHaveLength(1);
    inst = saved;
  });
});

describe('who may record and publish, roles × scopes', () => {
  const TABLE: Array<[string, number]> = [
    ['anonymous', 401],
    ['city.viewer', 403],
    ['admin', 403],
    ['pingqiao.editor', 403],
    ['culture.editor', 403],
    ['shihe.editor', 201],
    ['city.publisher', 201],
    ['city.supervisor', 201],
  ];
  it.each(TABLE)('%s → %i, refusals audited', async (who, status) => {
    const browser = who === 'anonymous' ? new StaffBrowser(ctx.app, { now }) : as[who]!;
    const current = (await (await as['shihe.editor']!.request(`/api/admin/institutions/${inst.id}`)).json()).institution;
    const res = await browser.post(`/api/admin/institutions/${inst.id}/sanctions`, sanction(current.version));
    expect(res.status).toBe(status);
    const insp = await browser.post(`/api/admin/institutions/${inst.id}/inspections`, inspection(status === 201 ? current.version + 1 : current.version));
    expect(insp.status).toBe(status);
    if (status === 201) {
      const { id, institution } = await res.json();
      const pub = await browser.post(`/api/admin/institutions/${inst.id}/sanctions/${id}/publish`, { expectedVersion: institution.version + 1 });
      expect(pub.status).toBe(200);
    } else {
      const pub = await browser.post(`/api/admin/institutions/${inst.id}/sanctions/0123456789abcdef/publish`, { expectedVersion: current.version });
      expect(pub.status).toBe(status);
      const audit = await listAudit(ctx.db, '2026-11-20');
      const refusal = status === 401 ? 'unauthenticated' : 'permission_denied';
      expect(audit.some((e) => e.event === refusal && e.route === `/api/admin/institutions/${inst.id}/sanctions` && (who === 'anonymous' || e.staffId === who))).toBe(true);
    }
  });
});

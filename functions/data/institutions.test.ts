import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/support/db.ts';
import { makeInstitutionFields, testActor } from '../../test/builders/institution.ts';
import type { Db } from './client.ts';
import {
  changeStatus,
  createInstitution,
  getInstitution,
  getManyForPublishing,
  listBySupervision,
  listInstitutionEvents,
  listUnpublished,
  markPublished,
  updateInstitution,
} from './institutions.ts';
import { UniqueConflict, VersionConflict } from './errors.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
const now = new Date('2026-11-20T02:00:00Z');
let ids = 0;
const newId = () => `inst-${Date.now().toString(36)}-${++ids}`;

describe('institutions on DynamoDB Local', () => {
  it('creates an institution with a created event, and reads it back', async () => {
    const id = newId();
    const created = await createInstitution(db, { id, fields: makeInstitutionFields(), status: 'approved', actor: testActor, now });
    expect(created.version).toBe(1);
    expect(await getInstitution(db, id)).toEqual(created);
    const events = await listInstitutionEvents(db, id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'created', actor: testActor, toStatus: 'approved' });
  });

  it('refuses a second institution with the same credit code, writing nothing', async () => {
    const fields = makeInstitutionFields();
    const first = await createInstitution(db, { id: newId(), fields, status: 'approved', actor: testActor, now });
    const otherId = newId();
    const dup = { ...makeInstitutionFields(), registration: fields.registration };
    await expect(createInstitution(db, { id: otherId, fields: dup, status: 'approved', actor: testActor, now })).rejects.toEqual(
      new UniqueConflict('creditCode', first.id),
    );
    expect(await getInstitution(db, otherId)).toBeNull();
    expect(await listInstitutionEvents(db, otherId)).toEqual([]);
  });

  it('lets only one of two concurrent editors of the same version win', async () => {
    const id = newId();
    const created = await createInstitution(db, { id, fields: makeInstitutionFields(), status: 'approved', actor: testActor, now });
    const edit = (name: string) =>
      updateInstitution(db, { id, fields: { ...makeInstitutionFields(), name, registration: created.registration, licence: created.licence }, expectedVersion: 1, actor: testActor, now });
    const results = await Promise.allSettled([edit('甲舞蹈培训中心'), edit('乙舞蹈培训中心')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(VersionConflict);
    const stored = await getInstitution(db, id);
    expect(stored?.version).toBe(2);
    expect((loser.reason as VersionConflict<unknown>).current).toEqual(stored);
  });

  it('records a status change with reason and decision number, and keeps history', async () => {
    const id = newId();
    await createInstitution(db, { id, fields: makeInstitutionFields(), status: 'approved', actor: testActor, now });
    const revoked = await changeStatus(db, {
      id,
      change: { status: 'revoked', on: '2026-11-20', reason: '超范围培训且拒不整改', decisionNumber: '信教罚〔2026〕12号' },
      expectedVersion: 1,
      actor: testActor,
      now,
    });
    expect(revoked.status).toBe('revoked');
    expect(revoked.statusHistory.map((h) => h.status)).toEqual(['approved', 'revoked']);
    const [latest] = await listInstitutionEvents(db, id);
    expect(latest).toMatchObject({ action: 'status_changed', fromStatus: 'approved', toStatus: 'revoked', decisionNumber: '信教罚〔2026〕12号' });
  });

  it('moves the credit-code claim when the code is corrected', async () => {
    const id = newId();
    const created = await createInstitution(db, { id, fields: makeInstitutionFields(), status: 'approved', actor: testActor, now });
    const corrected = makeInstitutionFields();
    await updateInstitution(db, { id, fields: { ...created, registration: corrected.registration }, expectedVersion: 1, actor: testActor, now });
    // The old code is free again: another institution may now use it.
    const other = await createInstitution(db, { id: newId(), fields: { ...makeInstitutionFields(), registration: created.registration }, status: 'approved', actor: testActor, now });
    expect(other.registration.creditCode).toBe(created.registration.creditCode);
  });

  it('lists by supervising department and district, and tracks what awaits publishing', async () => {
    const id = newId();
    const inst = await createInstitution(db, { id, fields: makeInstitutionFields({ category: 'science', districtCode: '411528', premises: [{ address: '息县城关镇谯楼街1号', districtCode: '411528' }] }), status: 'approved', actor: testActor, now });
    const page = await listBySupervision(db, { kind: 'science', districtCode: '411528' });
    expect(page.items.map((i) => i.id)).toContain(id);
    expect((await listUnpublished(db, 1000)).items.map((i) => i.id)).toContain(id);
    expect(await markPublished(db, id, inst.version)).toBe(true);
    expect((await listUnpublished(db, 1000)).items.map((i) => i.id)).not.toContain(id);
    expect(await markPublished(db, id, 99)).toBe(false);
  });

  it('reads many records for publishing in a few calls: each as last written, in the order asked, whether it waits', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createInstitution(db, { id: newId(), fields: makeInstitutionFields(), status: 'approved', actor: testActor, now }));
    const [a, b, c] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]];
    expect(await markPublished(db, a.id, a.version)).toBe(true);
    const changed = await changeStatus(db, { id: c.id, change: { status: 'rectification', on: '2026-11-21', reason: '整改' }, expectedVersion: c.version, actor: testActor, now });
    // One id missing, one asked 147 times (read once, answered each time).
    const ids = [c.id, 'no-such-centre', a.id, b.id, ...Array.from({ length: 146 }, () => a.id)];
    const read = await getManyForPublishing(db, ids);
    expect(read).toHaveLength(149);
    expect(read.slice(0, 3).map((r) => [r.institution.id, r.institution.version, r.waiting])).toEqual([
      [c.id, changed.version, true],
      [a.id, a.version, false],
      [b.id, b.version, true],
    ]);
  });
});

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/support/db.ts';
import { makeInstitutionFields, testActor } from '../../test/builders/institution.ts';
import type { Db } from './client.ts';
import { createInstitutions, isCancelled, lookupForImport } from './import.ts';
import { createInstitution, getInstitution, institutionKeys, listInstitutionEvents } from './institutions.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
const now = new Date('2026-11-20T02:00:00Z');

async function raw(key: { pk: string; sk: string }) {
  return (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: true }))).Item;
}

/** Every item one create writes, with the values that differ between two institutions masked. */
async function itemsOf(id: string, code: string, licence: string) {
  const items = [
    await raw(institutionKeys.record(id)),
    await raw(institutionKeys.creditCode(code)),
    await raw(institutionKeys.licence(licence)),
    await raw(institutionKeys.event(id, 1)),
  ];
  return JSON.parse(JSON.stringify(items).replaceAll(id, '<id>').replaceAll(code, '<code>').replaceAll(licence, '<licence>'));
}

describe('createInstitutions (the import’s batch create)', () => {
  it('writes exactly the items createInstitution writes', async () => {
    const base = makeInstitutionFields();
    const a = { ...base, name: '信阳市同名测试培训中心' };
    const b = { ...base, name: '信阳市同名测试培训中心', registration: makeInstitutionFields().registration, licence: { ...base.licence, number: makeInstitutionFields().licence.number } };
    await createInstitution(db, { id: 'jgmirror0001', fields: a, status: 'approved', actor: testActor, now });
    await createInstitutions(db, [{ id: 'jgmirror0002', fields: b, status: 'approved' }], testActor, now);
    expect(await itemsOf('jgmirror0002', b.registration.creditCode, b.licence.number)).toEqual(
      await itemsOf('jgmirror0001', a.registration.creditCode, a.licence.number),
    );
    expect(await getInstitution(db, 'jgmirror0002')).toMatchObject({ version: 1, status: 'approved' });
    expect((await listInstitutionEvents(db, 'jgmirror0002'))[0]).toMatchObject({ action: 'created', actor: testActor });
  });

  it('writes all or nothing: one conflict cancels the whole transaction', async () => {
    const taken = makeInstitutionFields();
    await createInstitution(db, { id: 'jgtaken00001', fields: taken, status: 'approved', actor: testActor, now });
    const fresh = makeInstitutionFields();
    const clash = { ...makeInstitutionFields(), licence: taken.licence };
    const error = await createInstitutions(
      db,
      [
        { id: 'jgbatch00001', fields: fresh, status: 'approved' },
        { id: 'jgbatch00002', fields: clash, status: 'approved' },
      ],
      testActor,
      now,
    ).catch((e: unknown) => e);
    expect(isCancelled(error)).toBe(true);
    expect(await getInstitution(db, 'jgbatch00001')).toBeNull();
  });

  it('looks up institutions and licence holders in bulk', async () => {
    const fields = Array.from({ length: 130 }, () => makeInstitutionFields());
    for (let i = 0; i < fields.length; i += 25) {
      await createInstitutions(db, fields.slice(i, i + 25).map((f, j) => ({ id: `jgbulk${String(i + j).padStart(6, '0')}`, fields: f, status: 'approved' })), testActor, now);
    }
    const unknown = makeInstitutionFields();
    const found = await lookupForImport(db, {
      creditCodes: [...fields.map((f) => f.registration.creditCode), unknown.registration.creditCode],
      licenceNumbers: [fields[7]!.licence.number, unknown.licence.number],
    });
    expect(found.byCreditCode.size).toBe(130);
    expect(found.byCreditCode.get(fields[129]!.registration.creditCode)?.id).toBe('jgbulk000129');
    expect(found.licenceOwners.get(fields[7]!.licence.number)).toEqual({ id: 'jgbulk000007', name: fields[7]!.name });
    expect(found.licenceOwners.has(unknown.licence.number)).toBe(false);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../functions/data/client.ts';
import { findIdByCreditCode, getInstitution, listInstitutionEvents } from '../../functions/data/institutions.ts';
import { createTestDb } from '../../test/support/db.ts';
import { DEMO_BLACKLISTED_ID, DEMO_REVOKED_ID, DEMO_SWAN_ID, generateInstitutions } from './institutions.ts';
import { demoActor, loadDemoDataIfEmpty } from './load.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});

describe('loadDemoDataIfEmpty', () => {
  it('loads staff and institutions, with their status histories, into an empty table only', async () => {
    const first = await loadDemoDataIfEmpty(db, { institutions: 60 });
    expect(first.loaded).toBe(true);
    expect(first.summary).toMatch(/^60 institutions, \d+ staff accounts; set-up link for shihe\.inspector \(once, 72 hours\): \/admin\/setup\/#u=shihe\.inspector&c=[A-Za-z0-9_-]{43}$/);

    const expected = generateInstitutions({ count: 60 });
    for (const record of expected) {
      const stored = await getInstitution(db, record.id);
      expect(stored).toMatchObject({ ...record.fields, status: record.status, statusHistory: record.statusHistory });
      expect(stored!.version).toBe(record.statusHistory.length);
    }
    expect(await findIdByCreditCode(db, expected[0]!.fields.registration.creditCode)).toBe(DEMO_SWAN_ID);
    expect((await getInstitution(db, DEMO_BLACKLISTED_ID))?.status).toBe('blacklisted');
    const events = await listInstitutionEvents(db, DEMO_REVOKED_ID);
    expect(events.map((e) => e.action)).toEqual(['status_changed', 'status_changed', 'created']);
    expect(events[0]).toMatchObject({ actor: demoActor, toStatus: 'revoked', decisionNumber: '平教罚〔2025〕15号', at: '2025-06-20T02:00:00.000Z' });

    const second = await loadDemoDataIfEmpty(db, { institutions: 60 });
    expect(second).toEqual({ loaded: false, summary: '' });
  });
});

/**
 * One publisher run (and one purge) at a time, without reserved concurrency:
 * a lease item in the table (functions/data/locks.ts, functions/jobs/lease.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../functions/data/client.ts';
import { createInstitution } from '../../functions/data/institutions.ts';
import { acquireLease, readLease } from '../../functions/data/locks.ts';
import { PUBLISHER_LEASE, publishOnce } from '../../functions/jobs/publish-run.ts';
import { PURGE_LEASE, purgeOnce } from '../../functions/jobs/purge-run.ts';
import { createFsStore } from '../../functions/storage/fs-store.ts';
import type { PublicStore } from '../../functions/storage/types.ts';
import { makeInstitutionFields, testActor } from '../builders/institution.ts';
import { createTestDb } from '../support/db.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Published files over the built site, as the bucket holds both. */
async function siteStore(): Promise<PublicStore> {
  const dir = await mkdtemp(join(tmpdir(), 'shouhu-lease-'));
  dirs.push(dir);
  return createFsStore(dir, [inject('siteDir')]);
}

/** A store whose reads wait until `open()`: a run that got the lease stays inside it. */
function gated(store: PublicStore) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { open, store: { ...store, get: async (key: string) => (await gate, store.get(key)) } satisfies PublicStore };
}

const lease = (db: Db, name: string) => readLease(db, name);

async function withWaitingInstitution(): Promise<Db> {
  const db = await createTestDb();
  await createInstitution(db, { id: 'lease-a', fields: makeInstitutionFields({ name: '信阳市租约测试培训中心' }), status: 'approved', actor: testActor, now: new Date() });
  return db;
}

describe('the publisher lease', () => {
  it('two runs at once: one publishes, the other returns busy at once', { timeout: 120_000 }, async () => {
    const db = await withWaitingInstitution();
    const g = gated(await siteStore());
    const options = { db, store: g.store, publicOrigin: 'https://shouhu.example.cn' };
    const runs = [publishOnce(options), publishOnce(options)];
    // The loser answers while the winner is still inside, waiting at the gate.
    const first = await Promise.race(runs);
    expect(first.busy).toBe(true);
    expect(first.published).toBe(0);
    expect((await lease(db, PUBLISHER_LEASE))?.owner).toEqual(expect.any(String));
    g.open();
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.busy)).toHaveLength(1);
    expect(results.find((r) => !r.busy)?.published).toBe(1);
    // Given back at the end: the next run needs no waiting.
    expect(await lease(db, PUBLISHER_LEASE)).toBeUndefined();
  });

  it('a lease left by a run that died is taken over once it has expired, and not before', { timeout: 120_000 }, async () => {
    const db = await withWaitingInstitution();
    const store = await siteStore();
    const options = { db, store, publicOrigin: 'https://shouhu.example.cn' };
    const now = Date.now();
    expect(await acquireLease(db, PUBLISHER_LEASE, 'a-run-still-going', 60_000, now)).toBe(true);
    expect((await publishOnce(options)).busy).toBe(true);
    expect((await lease(db, PUBLISHER_LEASE))?.owner).toBe('a-run-still-going');
    // The same lease, now as if its holder died two minutes ago.
    const dbStale = await withWaitingInstitution();
    expect(await acquireLease(dbStale, PUBLISHER_LEASE, 'a-run-that-died', 60_000, now - 120_000)).toBe(true);
    const run = await publishOnce({ ...options, db: dbStale });
    expect(run.busy).toBe(false);
    expect(run.published).toBe(1);
  });
});

describe('the publisher lag', () => {
  it('is the age of the oldest waiting change when the run starts', { timeout: 120_000 }, async () => {
    const db = await createTestDb();
    const now = new Date('2026-12-04T05:00:00Z');
    await createInstitution(db, { id: 'lag-a', fields: makeInstitutionFields({ name: '信阳市滞后测试培训中心' }), status: 'approved', actor: testActor, now: new Date(now.getTime() - 600_000) });
    await createInstitution(db, { id: 'lag-b', fields: makeInstitutionFields({ name: '信阳市滞后测试二培训中心' }), status: 'approved', actor: testActor, now: new Date(now.getTime() - 60_000) });
    const run = await publishOnce({ db, store: await siteStore(), publicOrigin: 'https://shouhu.example.cn', now: () => now });
    expect(run.lagSeconds).toBe(600);
    expect((await publishOnce({ db, store: await siteStore(), publicOrigin: 'https://shouhu.example.cn', now: () => now })).lagSeconds).toBe(0);
  });
});

describe('the purge lease', () => {
  it('a purge finding the lease held does nothing and says busy', async () => {
    const db = await createTestDb();
    expect(await acquireLease(db, PURGE_LEASE, 'another-purge', 60_000, Date.now())).toBe(true);
    const deleted: string[] = [];
    const attachments = { delete: async (key: string) => void deleted.push(key) };
    expect(await purgeOnce(db, { now: new Date(), retentionDays: 365, attachments })).toEqual({ busy: true, purged: 0, keptOnLegalHold: 0, retentionDays: 365 });
    expect(deleted).toEqual([]);
    expect((await lease(db, PURGE_LEASE))?.owner).toBe('another-purge');
  });
});

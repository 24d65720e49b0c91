/**
 * The demo data set, loaded by `npm start` into an empty database: the meta
 * marker, the demo staff accounts and ~2,000 generated institutions of 信阳市
 * (scripts/demo/institutions.ts), with their status histories.
 */
import type { Db } from '../../functions/data/client.ts';
import { changeStatus, createInstitution } from '../../functions/data/institutions.ts';
import { isTableEmpty, putMeta } from '../../functions/data/meta.ts';
import { runPool } from '../../functions/import/pool.ts';
import type { Actor } from '../../shared/schemas/common.ts';
import { DEFAULT_DEMO_SEED, generateInstitutions, type DemoInstitution } from './institutions.ts';
import { seedDemoStaff, seedPendingDemoAccount } from './staff.ts';
import { loadDemoNotices } from './notices.ts';
import { loadDemoCases } from './cases.ts';

/** How many institutions the demo city has. */
export const DEMO_INSTITUTION_COUNT = 2000;

/** Who the demo records' change history says made them. */
export const demoActor: Actor = { staffId: 'demo-loader', name: '演示数据', departmentId: 'education-411500' };

export interface DemoLoadOptions {
  /** Institutions to load (default DEMO_INSTITUTION_COUNT; tests load fewer). */
  institutions?: number;
  seed?: number | string;
  /** Writes in flight at once. */
  concurrency?: number;
}

/** Loads the demo data set, only into an empty table, so a restart never overwrites what was there. */
export async function loadDemoDataIfEmpty(db: Db, options: DemoLoadOptions = {}): Promise<{ loaded: boolean; summary: string }> {
  if (!(await isTableEmpty(db))) return { loaded: false, summary: '' };
  // The marker first: the table is no longer empty, so a second start cannot load the set twice.
  await putMeta(db, { demoDataVersion: 1, loadedAt: new Date().toISOString() });

  // ── Demo staff accounts (scripts/demo/staff.ts; passwords in docs/demo-accounts.md) ──
  const staff = await seedDemoStaff(db);
  // One account waits for its first sign-in: its one-time set-up link is printed by npm start (valid 72 hours).
  const setup = await seedPendingDemoAccount(db);

  const institutions = await loadDemoInstitutions(db, options);
  // ── Safety notices and fee guidance (scripts/demo/notices.ts) ──
  await loadDemoNotices(db);
  // ── Complaints and refund disputes, worked through the triage steps (scripts/demo/cases.ts) ──
  await loadDemoCases(db, { institutions, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const pending = setup ? `; set-up link for shihe.inspector (once, 72 hours): ${setup.path}` : '';
  return { loaded: true, summary: `${institutions} institutions, ${staff} staff accounts${pending}` };
}

/**
 * Writes generated institutions through the repository, as a regulator
 * would have: created (approved) on the licence's issue date, then each
 * later status change on its own date, so the history and timestamps read
 * true. Answers how many were written.
 */
export async function loadDemoInstitutions(db: Db, options: DemoLoadOptions = {}): Promise<number> {
  const records = generateInstitutions({ count: options.institutions ?? DEMO_INSTITUTION_COUNT, seed: options.seed ?? DEFAULT_DEMO_SEED });
  const outcomes = await runPool(records, (record) => writeDemoInstitution(db, record), { concurrency: options.concurrency ?? 16, stopOnError: true });
  const failed = outcomes.find((o) => o.state === 'failed');
  if (failed) throw failed.error;
  return records.length;
}

async function writeDemoInstitution(db: Db, record: DemoInstitution): Promise<void> {
  const [listing, ...changes] = record.statusHistory;
  let inst = await createInstitution(db, {
    id: record.id,
    fields: record.fields,
    status: listing!.status,
    actor: demoActor,
    now: new Date(`${listing!.on}T01:30:00Z`),
  });
  for (const change of changes) {
    inst = await changeStatus(db, { id: record.id, change, expectedVersion: inst.version, actor: demoActor, now: new Date(`${change.on}T02:00:00Z`) });
  }
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../functions/app.ts';
import { createFsStore } from '../../functions/storage/fs-store.ts';
import { createTestDb } from './db.ts';

/** A fresh, empty public store in a temporary folder. */
export function createTestStore() {
  const dir = mkdtempSync(join(tmpdir(), 'shouhu-store-'));
  return { dir, store: createFsStore(dir) };
}

/** The real app on a fresh table in DynamoDB Local, driven with `app.request(...)`. */
export async function createTestApp(options: { now?: () => Date } = {}) {
  const db = await createTestDb();
  const { store, dir } = createTestStore();
  const app = createApp({ db, store, ...options });
  return { app, db, store, storeDir: dir };
}

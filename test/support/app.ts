import { createApp } from '../../functions/app.ts';
import { createTestDb } from './db.ts';

/** The real app on a fresh table in DynamoDB Local, driven with `app.request(...)`. */
export async function createTestApp(options: { now?: () => Date } = {}) {
  const db = await createTestDb();
  const app = createApp({ db, ...options });
  return { app, db };
}

/**
 * A world for audit-log tests: the app on a fresh table, the demo accounts,
 * and two district accounts the demo lacks (a supervisor of 平桥区's
 * education office, an administrator of 浉河区's), each signed in.
 */
import { hashPassword } from '../../functions/auth/password.ts';
import { StaffBrowser } from '../support/staff-browser.ts';
import { totpCode } from '../../functions/auth/totp.ts';
import { putStaffRecord } from '../../functions/data/staff.ts';
import { findDemoStaff, seedDemoStaff } from '../../scripts/demo/staff.ts';
import type { StaffRole } from '../../shared/vocabulary.ts';
import { createTestApp } from '../support/app.ts';

export const DISTRICT_ACCOUNTS = [
  { username: 'pingqiao.supervisor', name: '平桥区教育督办（测试）', departmentId: 'education-411503', roles: ['supervisor'] as StaffRole[] },
  { username: 'shihe.admin', name: '浉河区教育管理员（测试）', departmentId: 'education-411502', roles: ['administrator'] as StaffRole[] },
];
const DEMO = ['shihe.editor', 'pingqiao.editor', 'culture.editor', 'city.publisher', 'admin', 'city.supervisor', 'city.viewer'];

export async function auditWorld(start = new Date('2026-11-23T02:00:00.000Z')) {
  let clock = start;
  const now = () => clock;
  const { app, db, store, storeDir } = await createTestApp({ now });
  await seedDemoStaff(db);
  const secret = findDemoStaff('city.supervisor')!.totpSecret!;
  for (const account of DISTRICT_ACCOUNTS) {
    await putStaffRecord(db, {
      ...account,
      disabled: false,
      passwordHash: await hashPassword(`test-${account.username}`),
      totpSecret: secret,
      createdAt: clock.toISOString(),
      updatedAt: clock.toISOString(),
    });
  }
  const as: Record<string, StaffBrowser> = {};
  for (const username of DEMO) {
    as[username] = new StaffBrowser(app, { now });
    await as[username].signIn(username);
  }
  for (const { username } of DISTRICT_ACCOUNTS) {
    as[username] = new StaffBrowser(app, { now });
    const login = await as[username].login(username, `test-${username}`);
    if (login.status !== 200) throw new Error(`${username} could not sign in: ${login.status}`);
    // The same secret as city.supervisor's (test accounts): each code works once per account.
    const totp = await as[username].totp(totpCode(secret, clock));
    if (totp.status !== 200) throw new Error(`${username} could not confirm the code: ${totp.status}`);
  }
  return {
    app,
    db,
    store,
    storeDir,
    as,
    anonymous: new StaffBrowser(app, { now }),
    today: () => clock.toISOString().slice(0, 10),
    advance: (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    },
  };
}
export type AuditWorld = Awaited<ReturnType<typeof auditWorld>>;

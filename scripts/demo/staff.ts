/**
 * Demo staff accounts for 信阳市 (411500), for local use and tests only.
 * Their passwords and TOTP secrets are published in docs/demo-accounts.md:
 * never load these into a deployment.
 */
import { createAccountWithCredentials, createPendingAccount } from '../../functions/accounts/service.ts';
import { caseServices } from '../../functions/cases/services.ts';
import type { KeyProvider } from '../../functions/crypto/envelope.ts';
import type { Db } from '../../functions/data/client.ts';
import type { SetupLink } from '../../shared/schemas/accounts.ts';
import type { StaffRole } from '../../shared/vocabulary.ts';

export interface DemoStaff {
  username: string;
  name: string;
  departmentId: string;
  roles: StaffRole[];
  /** Demo only, published in docs/demo-accounts.md. */
  password: string;
  /** Demo only: base32 TOTP secret (`npx tsx scripts/totp.ts <username>` prints the current code). */
  totpSecret?: string;
}

export const demoStaff = [
  {
    username: 'shihe.editor',
    name: '浉河区教育编辑（演示）',
    departmentId: 'education-411502',
    roles: ['editor'],
    password: 'demo-shihe-editor',
  },
  {
    username: 'pingqiao.editor',
    name: '平桥区教育编辑（演示）',
    departmentId: 'education-411503',
    roles: ['editor'],
    password: 'demo-pingqiao-editor',
  },
  {
    username: 'culture.editor',
    name: '市文广旅编辑（演示）',
    departmentId: 'culture-411500',
    roles: ['editor'],
    password: 'demo-culture-editor',
  },
  {
    username: 'city.publisher',
    name: '市教育体育局发布员（演示）',
    departmentId: 'education-411500',
    roles: ['publisher'],
    password: 'demo-city-publisher',
    totpSecret: 'LMKCGA4FHDADU3DGF6LBZOSPQBVRDO7D',
  },
  {
    username: 'admin',
    name: '系统管理员（演示）',
    departmentId: 'education-411500',
    roles: ['administrator'],
    password: 'demo-administrator',
    totpSecret: 'VJR6XS4H3IK4XX7WOGDPKDGEMD3LWAQ4',
  },
  {
    // A second publisher, to approve city.publisher's notices (Xinyang asks for two people to publish one).
    username: 'city.approver',
    name: '市教育体育局审核员（演示）',
    departmentId: 'education-411500',
    roles: ['publisher'],
    password: 'demo-city-approver',
    totpSecret: 'GWAC2CG5YML6BB7TRMVDOGNBV2U36EDV',
  },
  {
    // 督办: reopened cases, 一企一策 plans and the dashboard (issue 5); city level, so every district's cases of its kind.
    username: 'city.supervisor',
    name: '市教育体育局督办员（演示）',
    departmentId: 'education-411500',
    roles: ['supervisor'],
    password: 'demo-city-supervisor',
    totpSecret: 'N2S622FAHG2FCVR7474ZMLELM5QEVCT7',
  },
  {
    username: 'city.viewer',
    name: '市教育体育局查看员（演示）',
    departmentId: 'education-411500',
    roles: ['viewer'],
    password: 'demo-city-viewer',
  },
] as const satisfies readonly DemoStaff[];

export type DemoUsername = (typeof demoStaff)[number]['username'];

export function findDemoStaff(username: string): DemoStaff | undefined {
  return demoStaff.find((s) => s.username === username);
}

/**
 * Creates the demo accounts that do not exist yet, through the account
 * service (TOTP secrets sealed with the service's key, an account event
 * each); answers how many were created.
 */
export async function seedDemoStaff(db: Db, options: { now?: Date; keys?: KeyProvider } = {}): Promise<number> {
  const deps = { db, keys: options.keys ?? caseServices().keys, now: options.now ?? new Date() };
  const created = await Promise.all(
    demoStaff.map((demo: DemoStaff) =>
      createAccountWithCredentials(deps, {
        username: demo.username,
        name: demo.name,
        departmentId: demo.departmentId,
        roles: [...demo.roles],
        password: demo.password,
        ...(demo.totpSecret ? { totpSecret: demo.totpSecret } : {}),
      }),
    ),
  );
  return created.filter(Boolean).length;
}

/** A demo account left waiting for its first sign-in, to try a set-up link (docs/demo-accounts.md). */
export const pendingDemoAccount = {
  username: 'shihe.inspector',
  name: '浉河区教育检查员（演示，待设置）',
  departmentId: 'education-411502',
  roles: ['editor'] as StaffRole[],
};

/** Creates the pending demo account as the demo administrator would; answers its set-up link (null if it exists). */
export async function seedPendingDemoAccount(db: Db, options: { now?: Date; keys?: KeyProvider } = {}): Promise<SetupLink | null> {
  const deps = { db, keys: options.keys ?? caseServices().keys, now: options.now ?? new Date() };
  return createPendingAccount(deps, pendingDemoAccount, 'admin');
}

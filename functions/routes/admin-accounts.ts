/**
 * 账号管理 for administrators: /api/admin/accounts, behind sign-in and the
 * CSRF checks (functions/app.ts) and the administrator role. What may be
 * granted to whom is shared/rules/accounts.ts; anything beyond the
 * administrator's own department kind and area is 403, audited as
 * `permission_denied`. Every change is audited (`account_created`,
 * `account_changed`, `account_disabled`, `account_enabled`, `signin_reset`,
 * `session_ended`; `username` is the account concerned, `staffId` the administrator).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { departmentsOf } from '#shared/jurisdiction/departments.ts';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import { manageRefusal } from '#shared/rules/accounts.ts';
import { Account, AccountChangeInput, AccountCreateInput, AccountDetail, AccountWithSetup, VersionInput } from '#shared/schemas/accounts.ts';
import { Username } from '#shared/schemas/staff.ts';
import { audit, currentStaff, requireStaff } from '../auth/index.ts';
import { accountView, AccountRefused, changeAccount, createAccount, endSessionsOf, resetSignIn, type AccountDeps } from '../accounts/service.ts';
import { getStaffRecord, listAccountEvents, listStaffRecordsByDepartment } from '../data/staff.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const UsernameParam = z.object({ username: Username });
const errors = {
  400: errorResponse('`validation`: a field is missing or wrong; `fields` says which'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not an administrator, or the account (or the department or roles asked for) is beyond the administrator’s own department kind and area, or it is their own account. Audited'),
  404: errorResponse('No such account'),
};
const conflict = { 409: errorResponse('`conflict`: the account changed since it was read (`current` is the account as it now is), or the username is taken') };

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'The accounts of every department within the administrator’s kind and area',
  middleware: [requireStaff({ roles: ['administrator'] })] as const,
  responses: { 200: json(z.object({ accounts: z.array(Account) }), 'The accounts, by department then username'), 401: errors[401], 403: errors[403] },
});
const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create an account; answers its one-time set-up link (shown once, valid 72 hours)',
  middleware: [requireStaff({ roles: ['administrator'] })] as const,
  request: body(AccountCreateInput),
  responses: { 201: json(AccountWithSetup, 'Created'), ...errors, ...conflict },
});
const one = createRoute({
  method: 'get',
  path: '/{username}',
  summary: 'One account and its history (who changed what, when)',
  middleware: [requireStaff({ roles: ['administrator'] })] as const,
  request: { params: UsernameParam },
  responses: { 200: json(AccountDetail, 'The account'), ...errors },
});
const change = createRoute({
  method: 'put',
  path: '/{username}',
  summary: 'Change name, department, roles, or disable / enable; conditional on `version`. Disabling ends every session at once',
  middleware: [requireStaff({ roles: ['administrator'] })] as const,
  request: { params: UsernameParam, ...body(AccountChangeInput) },
  responses: { 200: json(Account, 'Changed'), ...errors, ...conflict },
});
const reset = createRoute({
  method: 'post',
  path: '/{username}/reset',
  summary: 'Reset the sign-in: a new set-up link (shown once), password and TOTP to be set again, every session ended',
  middleware: [requireStaff({ roles: ['administrator'] })] as const,
  request: { params: UsernameParam, ...body(VersionInput) },
  responses: { 200: json(AccountWithSetup, 'Reset'), ...errors, ...conflict },
});
const endAll = createRoute({
  method: 'post',
  path: '/{username}/sessions/end',
  summary: 'End every session of the account',
  middleware: [requireStaff({ roles: ['administrator'] })] as const,
  request: { params: UsernameParam },
  responses: { 200: json(z.object({ ended: z.number().int() }), 'How many sessions ended'), ...errors },
});

function deps(c: Context<AppEnv>): AccountDeps {
  return { db: c.var.db, keys: c.var.secrets, now: c.var.now() };
}

function actor(c: Context<AppEnv>) {
  const staff = currentStaff(c);
  return { username: staff.username, departmentId: staff.department.id, roles: staff.roles };
}

/** Runs an account operation; a refusal is audited as `permission_denied` before the 403. */
async function guarded<T>(c: Context<AppEnv>, target: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AccountRefused) await audit(c, 'permission_denied', { reason: `account:${target}:${error.refusal}` });
    throw error;
  }
}

export const adminAccounts = createRouter()
  .openapi(list, async (c) => {
    const me = actor(c);
    const mine = departmentsOf(jurisdiction).filter((d) => manageRefusal(me, { username: '', departmentId: d.id }) === null);
    const lists = await Promise.all(mine.map((d) => listStaffRecordsByDepartment(c.var.db, d.id)));
    return c.json({ accounts: lists.flat().map(accountView) }, 200);
  })
  .openapi(create, async (c) => {
    const input = c.req.valid('json');
    const created = await guarded(c, input.username, () => createAccount(deps(c), actor(c), input));
    await audit(c, 'account_created', { username: input.username, reason: `${input.departmentId}:${created.account.roles.join('|')}` });
    return c.json(created, 201);
  })
  .openapi(one, async (c) => {
    const { username } = c.req.valid('param');
    const record = await getStaffRecord(c.var.db, username);
    if (!record) throw new ApiError(404, 'not_found');
    const refusal = manageRefusal({ ...actor(c), username: '' }, record);
    if (refusal) {
      await audit(c, 'permission_denied', { reason: `account:${username}:${refusal}` });
      throw new AccountRefused(refusal, actor(c).departmentId);
    }
    return c.json({ account: accountView(record), history: await listAccountEvents(c.var.db, username) }, 200);
  })
  .openapi(change, async (c) => {
    const { username } = c.req.valid('param');
    const result = await guarded(c, username, () => changeAccount(deps(c), actor(c), username, c.req.valid('json')));
    await audit(c, result.kind, { username, reason: result.summary.slice(0, 200) || 'unchanged' });
    return c.json(result.account, 200);
  })
  .openapi(reset, async (c) => {
    const { username } = c.req.valid('param');
    const result = await guarded(c, username, () => resetSignIn(deps(c), actor(c), username, c.req.valid('json').version));
    await audit(c, 'signin_reset', { username });
    return c.json(result, 200);
  })
  .openapi(endAll, async (c) => {
    const { username } = c.req.valid('param');
    const ended = await guarded(c, username, () => endSessionsOf(deps(c), actor(c), username));
    await audit(c, 'session_ended', { username, reason: `all:${ended}` });
    return c.json({ ended }, 200);
  });

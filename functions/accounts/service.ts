/**
 * Staff accounts: creation, changes, disabling, sign-in resets, the
 * first sign-in through a one-time set-up link, TOTP enrolment, recovery
 * codes, password changes. Used by the admin API, the set-up API and the
 * demo seeding, so demo accounts go through the same rules.
 *
 * - Who may grant what: shared/rules/accounts.ts (pure, table-tested).
 * - Every change is conditional on the version read (409 with the fresh
 *   account otherwise) and leaves an account event (history) behind; the
 *   routes also write the audit entry.
 * - Secrets: the set-up code and recovery codes are stored as SHA-256 only;
 *   the TOTP secret is sealed with the service's key (envelope encryption,
 *   as cases' personal data): functions/accounts/totp-secret.ts.
 */
import { randomBytes } from 'node:crypto';
import { t } from '#shared/i18n/zh-CN.ts';
import { grantRefusal, manageRefusal, PASSWORD_RULE_TEXT, passwordProblem, passwordProblemMessages, type GrantActor, type GrantRefusal } from '#shared/rules/accounts.ts';
import { findDepartment, requiresTotp } from '#shared/rules/scope.ts';
import type { Account, AccountChangeInput, AccountCreateInput, SetupLink } from '#shared/schemas/accounts.ts';
import type { KeyProvider } from '../crypto/envelope.ts';
import type { Db } from '../data/client.ts';
import { deleteSessionsOfStaff } from '../data/sessions.ts';
import { getStaffRecord, putAccountEvent, putStaffRecord, saveStaffRecord, toStaff, type AccountEvent, type StaffRecord } from '../data/staff.ts';
import { ApiError } from '../lib/errors.ts';
import { newToken, safeEqual, sha256Hex } from '../auth/keys.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { base32Encode, newTotpSecret, otpauthUri, verifyTotp } from '../auth/totp.ts';
import { openTotpSecret, sealTotpSecret } from './totp-secret.ts';

export const SETUP_LINK_HOURS = 72;
export const RECOVERY_CODE_COUNT = 10;
export const SETUP_PATH = '/admin/setup/';

export interface AccountDeps {
  db: Db;
  keys: KeyProvider;
  now: Date;
}

/** A refusal to grant or manage: 403 (the route audits it). */
export class AccountRefused extends ApiError {
  constructor(readonly refusal: GrantRefusal, actorDepartmentId: string) {
    const department = findDepartment(actorDepartmentId)?.name ?? actorDepartmentId;
    const message =
      refusal === 'own_account' ? t.accounts.ownAccount : refusal === 'not_administrator' ? t.auth.missingRole('管理员') : t.accounts.outOfScope(department);
    super(403, 'forbidden', message);
  }
}

export function accountView(record: StaffRecord): Account {
  return {
    ...toStaff(record),
    status: record.disabled ? 'disabled' : record.passwordHash ? 'active' : 'pending',
    totpEnrolled: record.totpSealed !== undefined || record.totpSecret !== undefined,
    ...(record.setupExpiresAt && record.setupTokenHash ? { setupExpiresAt: record.setupExpiresAt } : {}),
    recoveryCodesLeft: record.recoveryCodeHashes?.length ?? 0,
  };
}

function newSetup(now: Date): { code: string; fields: Pick<StaffRecord, 'setupTokenHash' | 'setupExpiresAt'>; link: (username: string) => SetupLink } {
  const code = newToken();
  const expiresAt = new Date(now.getTime() + SETUP_LINK_HOURS * 3600_000).toISOString();
  return {
    code,
    fields: { setupTokenHash: sha256Hex(code), setupExpiresAt: expiresAt },
    link: (username) => ({ path: `${SETUP_PATH}#u=${encodeURIComponent(username)}&c=${code}`, code, expiresAt }),
  };
}

async function event(deps: AccountDeps, username: string, kind: AccountEvent['kind'], by: string, summary = ''): Promise<void> {
  await putAccountEvent(deps.db, username, { at: deps.now.toISOString(), kind, by, summary });
}

async function load(deps: AccountDeps, username: string): Promise<StaffRecord> {
  const record = await getStaffRecord(deps.db, username);
  if (!record) throw new ApiError(404, 'not_found');
  return record;
}

/** Saves a change made from `from`; 409 with the fresh account if someone else changed it first. */
async function save(deps: AccountDeps, from: StaffRecord, next: StaffRecord): Promise<StaffRecord> {
  const version = from.version;
  if (!(await saveStaffRecord(deps.db, { ...next, updatedAt: deps.now.toISOString() }, version))) {
    const fresh = await getStaffRecord(deps.db, from.username);
    throw new ApiError(409, 'conflict', undefined, undefined, fresh ? accountView(fresh) : undefined);
  }
  return { ...next, version: version + 1, updatedAt: deps.now.toISOString() };
}

function refuseUnless(actor: GrantActor, refusal: GrantRefusal | null): void {
  if (refusal === 'unknown_department') throw new ApiError(400, 'validation', undefined, { departmentId: t.accounts.unknownDepartment });
  if (refusal === 'no_roles') throw new ApiError(400, 'validation', undefined, { roles: t.accounts.noRoles });
  if (refusal) throw new AccountRefused(refusal, actor.departmentId);
}

/** A new account, waiting for its member to use the set-up link (shown once, here). */
export async function createAccount(deps: AccountDeps, actor: GrantActor, input: AccountCreateInput): Promise<{ account: Account; setup: SetupLink }> {
  refuseUnless(actor, grantRefusal(actor, input));
  const at = deps.now.toISOString();
  const setup = newSetup(deps.now);
  const record: StaffRecord = { ...input, roles: [...new Set(input.roles)], disabled: false, version: 1, createdAt: at, updatedAt: at, ...setup.fields };
  if (!(await putStaffRecord(deps.db, record))) throw new ApiError(409, 'conflict', t.accounts.usernameTaken, { username: t.accounts.usernameTaken });
  await event(deps, record.username, 'account_created', actor.username, `${input.departmentId}; ${record.roles.join(', ')}`);
  return { account: accountView(record), setup: setup.link(record.username) };
}

function describeChange(before: StaffRecord, after: AccountChangeInput): string {
  const parts: string[] = [];
  if (before.name !== after.name) parts.push(`name: ${before.name} → ${after.name}`);
  if (before.departmentId !== after.departmentId) parts.push(`department: ${before.departmentId} → ${after.departmentId}`);
  if ([...before.roles].sort().join() !== [...after.roles].sort().join()) parts.push(`roles: ${before.roles.join(', ')} → ${after.roles.join(', ')}`);
  if (before.disabled !== after.disabled) parts.push(after.disabled ? 'disabled' : 'enabled');
  return parts.join('; ');
}

export type AccountChangeKind = 'account_changed' | 'account_disabled' | 'account_enabled';

/** Changes name, department, roles or the disabled flag. Disabling ends every session of the account at once. */
export async function changeAccount(
  deps: AccountDeps,
  actor: GrantActor,
  username: string,
  input: AccountChangeInput,
): Promise<{ account: Account; kind: AccountChangeKind; summary: string }> {
  const current = await load(deps, username);
  refuseUnless(actor, manageRefusal(actor, current));
  refuseUnless(actor, grantRefusal(actor, { username, departmentId: input.departmentId, roles: input.roles }));
  if (current.version !== input.version) throw new ApiError(409, 'conflict', undefined, undefined, accountView(current));
  const disabling = input.disabled && !current.disabled;
  const next: StaffRecord = {
    ...current,
    name: input.name,
    departmentId: input.departmentId,
    roles: [...new Set(input.roles)],
    disabled: input.disabled,
    ...(disabling ? { sessionsNotBefore: deps.now.toISOString() } : {}),
  };
  const saved = await save(deps, current, next);
  if (disabling) await deleteSessionsOfStaff(deps.db, username);
  const kind: AccountChangeKind = disabling ? 'account_disabled' : current.disabled && !input.disabled ? 'account_enabled' : 'account_changed';
  const summary = describeChange(current, input);
  await event(deps, username, kind, actor.username, summary);
  return { account: accountView(saved), kind, summary };
}

/**
 * Resets a member's sign-in: a new set-up link (the old one stops working),
 * the password, TOTP secret and recovery codes are cleared (to be set again
 * through the link), and every session ends.
 */
export async function resetSignIn(deps: AccountDeps, actor: GrantActor, username: string, version: number): Promise<{ account: Account; setup: SetupLink }> {
  const current = await load(deps, username);
  refuseUnless(actor, manageRefusal(actor, current));
  if (current.version !== version) throw new ApiError(409, 'conflict', undefined, undefined, accountView(current));
  const setup = newSetup(deps.now);
  const {
    passwordHash: _p,
    totpSecret: _s,
    totpSealed: _t,
    pendingTotpSealed: _pt,
    totpLastStep: _l,
    recoveryCodeHashes: _r,
    ...rest
  } = current;
  const saved = await save(deps, current, { ...rest, ...setup.fields, sessionsNotBefore: deps.now.toISOString() });
  await deleteSessionsOfStaff(deps.db, username);
  await event(deps, username, 'signin_reset', actor.username);
  return { account: accountView(saved), setup: setup.link(username) };
}

/** Ends every session of an account (administrator). */
export async function endSessionsOf(deps: AccountDeps, actor: GrantActor, username: string): Promise<number> {
  const current = await load(deps, username);
  refuseUnless(actor, manageRefusal(actor, current));
  await save(deps, current, { ...current, sessionsNotBefore: deps.now.toISOString() });
  const ended = await deleteSessionsOfStaff(deps.db, username);
  await event(deps, username, 'sessions_ended', actor.username, `${ended}`);
  return ended;
}

// ---- First sign-in ----------------------------------------------------

/** The account a set-up code opens: 400 with what to do when it is used, replaced or expired. */
async function accountForSetup(deps: AccountDeps, username: string, code: string): Promise<StaffRecord> {
  const record = await getStaffRecord(deps.db, username);
  // An unknown username, a replaced code and a used one read the same.
  if (!record || record.disabled || !record.setupTokenHash || !safeEqual(record.setupTokenHash, sha256Hex(code))) {
    throw new ApiError(400, 'setup_link_used');
  }
  if (!record.setupExpiresAt || new Date(record.setupExpiresAt) <= deps.now) throw new ApiError(400, 'setup_link_expired');
  return record;
}

export interface SetupStartView {
  username: string;
  name: string;
  passwordRule: string;
  totp?: { secret: string; otpauthUri: string };
}

/**
 * Opens a set-up link: says who it is for and, when the roles need a second
 * factor, offers a new TOTP secret (kept sealed until a code from it is
 * confirmed). Opening it again offers a new secret.
 */
export async function startSetup(deps: AccountDeps, username: string, code: string): Promise<SetupStartView> {
  const record = await accountForSetup(deps, username, code);
  const view: SetupStartView = { username: record.username, name: record.name, passwordRule: PASSWORD_RULE_TEXT };
  if (!requiresTotp(record.roles)) return view;
  const secret = newTotpSecret();
  await save(deps, record, { ...record, pendingTotpSealed: await sealTotpSecret(deps.keys, username, secret) });
  return { ...view, totp: { secret, otpauthUri: otpauthUri(secret, username) } };
}

function passwordFieldError(field: string, password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new ApiError(400, 'validation', undefined, { [field]: passwordProblemMessages[problem] });
}

function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => base32Encode(randomBytes(7)).slice(0, 10));
  return { codes: codes.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`), hashes: codes.map(recoveryCodeHash) };
}

export function recoveryCodeHash(code: string): string {
  return sha256Hex(`recovery:${code.toUpperCase().replace(/[\s-]/g, '')}`);
}

/**
 * Finishes set-up: the password (checked against the rule), the TOTP code
 * from the offered secret when the roles need one; the link is used up
 * (the version check makes that happen once). Answers the recovery codes,
 * shown once.
 */
export async function finishSetup(
  deps: AccountDeps,
  input: { username: string; code: string; password: string; totpCode?: string | undefined },
): Promise<{ account: Account; recoveryCodes: string[]; totpEnrolled: boolean }> {
  const record = await accountForSetup(deps, input.username, input.code);
  passwordFieldError('password', input.password, record.username);
  let totp: Pick<StaffRecord, 'totpSealed' | 'totpLastStep'> = {};
  const needsTotp = requiresTotp(record.roles);
  if (needsTotp) {
    if (!record.pendingTotpSealed) throw new ApiError(400, 'setup_link_used');
    if (!input.totpCode) throw new ApiError(400, 'validation', undefined, { totpCode: t.accounts.totpCodeNeeded });
    const secret = await openTotpSecret(deps.keys, record.username, { totpSealed: record.pendingTotpSealed });
    const step = secret ? verifyTotp(secret, input.totpCode, deps.now) : null;
    if (step === null) throw new ApiError(400, 'validation', undefined, { totpCode: t.accounts.totpCodeWrong });
    totp = { totpSealed: record.pendingTotpSealed, totpLastStep: step };
  }
  const recovery = needsTotp ? newRecoveryCodes() : { codes: [], hashes: [] };
  const { setupTokenHash: _h, setupExpiresAt: _e, pendingTotpSealed: _p, ...rest } = record;
  const saved = await save(deps, record, {
    ...rest,
    passwordHash: await hashPassword(input.password),
    ...totp,
    ...(needsTotp ? { recoveryCodeHashes: recovery.hashes } : {}),
  });
  await event(deps, record.username, 'setup_completed', record.username, needsTotp ? 'password, totp' : 'password');
  return { account: accountView(saved), recoveryCodes: recovery.codes, totpEnrolled: needsTotp };
}

/** Changes one's own password: the current password, and the TOTP code when the account has a second factor. */
export async function changeOwnPassword(
  deps: AccountDeps,
  username: string,
  input: { currentPassword: string; newPassword: string; totpCode?: string | undefined },
): Promise<void> {
  const record = await load(deps, username);
  if (!record.passwordHash || !(await verifyPassword(input.currentPassword, record.passwordHash))) {
    throw new ApiError(400, 'validation', undefined, { currentPassword: t.accounts.wrongCurrentPassword });
  }
  const secret = await openTotpSecret(deps.keys, username, record);
  let totpLastStep = record.totpLastStep;
  if (secret) {
    if (!input.totpCode) throw new ApiError(400, 'validation', undefined, { totpCode: t.accounts.totpCodeNeeded });
    const step = verifyTotp(secret, input.totpCode, deps.now, record.totpLastStep === undefined ? {} : { afterStep: record.totpLastStep });
    if (step === null) throw new ApiError(400, 'validation', undefined, { totpCode: t.accounts.totpCodeWrong });
    totpLastStep = step;
  }
  passwordFieldError('newPassword', input.newPassword, username);
  await save(deps, record, { ...record, passwordHash: await hashPassword(input.newPassword), ...(totpLastStep === undefined ? {} : { totpLastStep }) });
  await event(deps, username, 'password_changed', username);
}

// ---- Demo seeding -----------------------------------------------------

/**
 * Creates an account with its credentials already set (demo data only: the
 * password and TOTP secret are published). Goes through the same record
 * shape as set-up, the secret sealed. False if the username exists.
 */
export async function createAccountWithCredentials(
  deps: AccountDeps,
  input: AccountCreateInput & { password: string; totpSecret?: string },
): Promise<boolean> {
  const at = deps.now.toISOString();
  const { password, totpSecret, ...account } = input;
  const record: StaffRecord = {
    ...account,
    disabled: false,
    version: 1,
    createdAt: at,
    updatedAt: at,
    passwordHash: await hashPassword(password),
    ...(totpSecret ? { totpSealed: await sealTotpSecret(deps.keys, input.username, totpSecret) } : {}),
  };
  const created = await putStaffRecord(deps.db, record);
  if (created) await event(deps, input.username, 'account_created', 'demo-seed', `${input.departmentId}; ${input.roles.join(', ')}`);
  return created;
}

/** A pending demo account: created as an administrator would, answering its set-up link. */
export async function createPendingAccount(deps: AccountDeps, input: AccountCreateInput, by: string): Promise<SetupLink | null> {
  const at = deps.now.toISOString();
  const setup = newSetup(deps.now);
  const record: StaffRecord = { ...input, disabled: false, version: 1, createdAt: at, updatedAt: at, ...setup.fields };
  if (!(await putStaffRecord(deps.db, record))) return null;
  await event(deps, input.username, 'account_created', by, `${input.departmentId}; ${input.roles.join(', ')}`);
  return setup.link(input.username);
}

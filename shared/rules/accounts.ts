/**
 * Account administration rules, pure: who may create or change which
 * account, and what a new password must be.
 *
 * Granting (canGrant): scope comes only from an account's department (its
 * kind and area: a city-level department covers every district); roles say
 * what kind of action. So an administrator may give any role, but only to
 * accounts of a department of their own kind inside their own area: an
 * administrator of 浉河区教育局 can create 浉河区 accounts, never a city-wide
 * one nor one of another kind (文广旅) or district. The administrator role
 * itself is granted under the same rule, so no administrator can make an
 * account that reaches further than their own. Nobody changes, disables or
 * resets their own account (another administrator must).
 *
 * Passwords (passwordProblem), after NIST SP 800-63B: at least 12
 * characters, no composition rules, not a common or breached password, not
 * the username, not one character repeated.
 */
import { coversDistrict } from '../jurisdiction/departments.ts';
import { jurisdiction as defaultJurisdiction, type Jurisdiction } from '../jurisdiction/index.ts';
import type { StaffRole } from '../vocabulary.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';
import { findDepartment, hasAnyRole } from './scope.ts';

export interface GrantActor {
  username: string;
  departmentId: string;
  roles: readonly StaffRole[];
}

export interface GrantTarget {
  /** Absent for a new account. */
  username?: string;
  departmentId: string;
  roles: readonly StaffRole[];
}

export type GrantRefusal = 'not_administrator' | 'unknown_department' | 'department_out_of_scope' | 'own_account' | 'no_roles';

/** May `actor` create (or change an account to) `target`? null: yes; else why not. */
export function grantRefusal(actor: GrantActor, target: GrantTarget, j: Jurisdiction = defaultJurisdiction): GrantRefusal | null {
  if (!hasAnyRole(actor.roles, ['administrator'])) return 'not_administrator';
  if (target.username !== undefined && target.username === actor.username) return 'own_account';
  if (target.roles.length === 0) return 'no_roles';
  const mine = findDepartment(actor.departmentId, j);
  const theirs = findDepartment(target.departmentId, j);
  if (!mine) return 'not_administrator';
  if (!theirs) return 'unknown_department';
  if (!isWithin(theirs.regionCode, theirs.kind, mine, j)) return 'department_out_of_scope';
  return null;
}

/** May `actor` manage (change, disable, reset, end sessions of) an existing account of this department? */
export function manageRefusal(actor: GrantActor, account: { username: string; departmentId: string }, j: Jurisdiction = defaultJurisdiction): GrantRefusal | null {
  return grantRefusal(actor, { username: account.username, departmentId: account.departmentId, roles: ['viewer'] }, j);
}

function isWithin(regionCode: string, kind: string, actor: { regionCode: string; kind: string }, j: Jurisdiction): boolean {
  if (kind !== actor.kind) return false;
  if (regionCode === j.code) return actor.regionCode === j.code;
  return coversDistrict(actor, regionCode, j);
}

export const PASSWORD_RULE_TEXT =
  '密码至少12个字符（汉字、字母、数字、符号均可，不要求组合），不能是常见或已泄露的密码，不能包含用户名，不能是同一个字符重复。建议用一句容易记住、别人难以猜到的话。';

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_username' | 'repeated';

export const passwordProblemMessages: Record<PasswordProblem, string> = {
  too_short: '密码至少需要12个字符',
  too_long: '密码不能超过256个字符',
  common: '这个密码太常见或已在泄露的密码库中出现，很容易被猜中，请换一个',
  contains_username: '密码不能包含用户名',
  repeated: '密码不能是同一个字符重复，请换一个',
};

/** What is wrong with a new password for this username, or null. NFKC first, as hashing does. */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  const p = password.normalize('NFKC');
  const chars = [...p];
  if (chars.length < 12) return 'too_short';
  if (chars.length > 256) return 'too_long';
  const lower = p.toLowerCase();
  if (new Set(chars).size === 1) return 'repeated';
  if (username.length >= 3 && lower.includes(username.toLowerCase())) return 'contains_username';
  if (COMMON_PASSWORDS.has(lower)) return 'common';
  return null;
}

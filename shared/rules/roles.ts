/**
 * Roles: what kind of action a member of staff may take (shared/rules/scope.ts says on
 * what). Apart from the scope rules, which read the jurisdiction's configuration, so
 * that the staff guard (functions/auth/require-staff.ts) does not load it.
 */
import type { StaffRole } from '../vocabulary.ts';

/** The roles each role includes: a publisher may also edit; anyone signed in may view. */
const IMPLIED_ROLES: Record<StaffRole, readonly StaffRole[]> = {
  viewer: ['viewer'],
  editor: ['editor', 'viewer'],
  publisher: ['publisher', 'editor', 'viewer'],
  administrator: ['administrator', 'viewer'],
  // A supervisor (督办) may also do what a handler may: reopened cases land with them.
  supervisor: ['supervisor', 'editor', 'viewer'],
};

/** Roles whose holders must sign in with a second factor (TOTP). */
export const TOTP_REQUIRED_ROLES: readonly StaffRole[] = ['publisher', 'administrator', 'supervisor'];

/** Every role a set of granted roles amounts to, implied ones included. */
export function effectiveRoles(granted: readonly StaffRole[]): Set<StaffRole> {
  return new Set(granted.flatMap((role) => IMPLIED_ROLES[role]));
}

/** Does a member of staff hold at least one of these roles (directly or by implication)? */
export function hasAnyRole(granted: readonly StaffRole[], required: readonly StaffRole[]): boolean {
  if (required.length === 0) return true;
  const roles = effectiveRoles(granted);
  return required.some((role) => roles.has(role));
}

export function requiresTotp(granted: readonly StaffRole[]): boolean {
  return granted.some((role) => TOTP_REQUIRED_ROLES.includes(role));
}

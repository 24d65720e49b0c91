export { requireStaff, currentStaff, type RequireStaffOptions } from './require-staff.ts';
export { assertInScope } from './scope.ts';
export { csrfProtection, CSRF_HEADER } from './csrf.ts';
export { audit } from './audit.ts';
export type { SignedInStaff } from './vars.ts';

/**
 * The guards before the staff API (functions/app.ts mounts them, before the staff route
 * group): CSRF on state-changing requests under /api/auth (sign-in and set-up links: origin
 * check only, the one-time code being the credential) and /api/admin, and a signed-in
 * member of staff for all of /api/admin. A module of its own so that the app loads it
 * with the first staff request, not at cold start.
 */
import { csrfProtection } from './csrf.ts';
import { requireStaff } from './require-staff.ts';

export const authCsrf = csrfProtection({ tokenExempt: ['/api/auth/login', '/api/auth/setup/start', '/api/auth/setup/finish'] });
export const adminCsrf = csrfProtection();
export const signedInStaff = requireStaff();

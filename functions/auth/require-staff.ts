import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { t } from '#shared/i18n/zh-CN.ts';
import { hasAnyRole } from '#shared/rules/roles.ts';
import { StaffRoles, type StaffRole } from '#shared/vocabulary.ts';
import { ApiError } from '../lib/errors.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { audit } from './audit.ts';
import { signedInStaff } from './staff.ts';
import type { SignedInStaff } from './vars.ts';

export interface RequireStaffOptions {
  /**
   * Any one of these roles will do, directly or by implication (a publisher
   * may do what an editor may; see shared/rules/scope.ts). Empty or
   * omitted: any signed-in member of staff.
   */
  roles?: StaffRole[];
}

/**
 * Lets the request through only for a signed-in member of staff holding one
 * of the roles, and puts them in `c.var.staff` (read it with `currentStaff(c)`,
 * which is typed non-optional; the env stays `AppEnv` so helpers taking
 * `Context<AppEnv>` accept every route's context). 401 when nobody is signed in
 * (or the session ended), 403 when the role is missing; both are audited.
 * Safe to stack (the app requires staff for all of /api/admin, a route
 * may require a role): the session and account are read once per request.
 */
export function requireStaff(options: RequireStaffOptions = {}): MiddlewareHandler<AppEnv> {
  const roles = options.roles ?? [];
  const label = roles.map((r) => StaffRoles.label(r)).join('”或“');
  return createMiddleware<AppEnv>(async (c, next) => {
    let staff = c.var.staff;
    if (!staff) {
      const state = await signedInStaff(c);
      if (!state.ok) {
        await audit(c, 'unauthenticated', { reason: state.reason, ...(state.username ? { username: state.username, staffId: state.username } : {}) });
        throw new ApiError(401, state.code, state.message);
      }
      staff = state.staff;
      c.set('staff', staff);
    }
    if (!hasAnyRole(staff.roles, roles)) {
      await audit(c, 'permission_denied', { reason: `missing_role:${roles.join('|')}` });
      throw new ApiError(403, 'forbidden', t.auth.missingRole(label));
    }
    c.header('Cache-Control', 'no-store');
    await next();
  });
}

/** The signed-in member of staff, in a handler behind `requireStaff` (401 if there is none). */
export function currentStaff<E extends AppEnv>(c: Context<E>): SignedInStaff {
  const staff = (c as unknown as Context<AppEnv>).var.staff;
  if (!staff) throw new ApiError(401, 'unauthorized');
  return staff;
}

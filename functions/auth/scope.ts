import type { Context } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import { canManageInstitution, type ScopeTarget } from '#shared/rules/scope.ts';
import { ApiError } from '../lib/errors.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { audit } from './audit.ts';
import { currentStaff } from './require-staff.ts';

/**
 * For handlers behind `requireStaff`: refuses (403, audited as
 * `permission_denied`) unless the signed-in member of staff may act on an
 * institution with this supervising department kind and district.
 *
 *     const inst = await getInstitution(db, id);
 *     await assertInScope(c, { supervisingDepartmentKind: supervisingDepartment(inst), districtCode: inst.districtCode, institutionId: id });
 *
 * Check against the stored institution, and, when an edit moves it, against
 * the new kind and district too.
 */
export async function assertInScope<E extends AppEnv>(c: Context<E>, target: ScopeTarget & { institutionId?: string }): Promise<void> {
  const staff = currentStaff(c);
  if (canManageInstitution({ departmentId: staff.department.id }, target)) return;
  const what = `${target.supervisingDepartmentKind}/${target.districtCode}${target.institutionId ? `/${target.institutionId}` : ''}`;
  await audit(c, 'permission_denied', { reason: `out_of_scope:${what}` });
  throw new ApiError(403, 'forbidden', t.auth.outOfScope(staff.department.name));
}

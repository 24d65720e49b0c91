/**
 * What the console asks about the signed-in member of staff, answered by the
 * shared rules (shared/rules/scope.ts): may they edit, which districts and
 * categories are theirs.
 */
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import { hasAnyRole, scopeOf } from '#shared/rules/scope.ts';
import type { StaffSummary } from '#shared/schemas/staff.ts';
import { InstitutionCategories, type InstitutionCategory } from '#shared/vocabulary.ts';

export const canEdit = (staff: StaffSummary): boolean => hasAnyRole(staff.roles, ['editor']);

/** The districts the staff member's department covers, in the jurisdiction's order. */
export function districtsInScope(staff: StaffSummary): string[] {
  return scopeOf({ departmentId: staff.department.id })?.districtCodes ?? [];
}

/** The categories the staff member's department supervises (谁审批谁监管). */
export function categoriesInScope(staff: StaffSummary): InstitutionCategory[] {
  return InstitutionCategories.keys.filter((category) => jurisdiction.supervision[category] === staff.department.kind);
}

/** Hides what needs the editor role (`data-editor-only`) from those without it. */
export function applyRoles(staff: StaffSummary, root: ParentNode = document): void {
  const editor = canEdit(staff);
  for (const element of root.querySelectorAll<HTMLElement>('[data-editor-only]')) element.hidden = !editor;
}

/** Keeps only these options of a select (and the empty "please choose" one, and `keep`). */
export function limitOptions(select: HTMLSelectElement, allowed: readonly string[], keep?: string): void {
  for (const option of [...select.options]) {
    if (option.value && !allowed.includes(option.value) && option.value !== keep) option.remove();
  }
}

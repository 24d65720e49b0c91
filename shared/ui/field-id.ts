/**
 * The element id of a form's control for a field's dotted name:
 * `institution.unlistedName` → `f-institution-unlistedName`; with a prefix
 * per form (`fee`, `search`, the staff console's `inst`…) when a page has
 * more than one form. The error summary links to it; the pages' scripts use
 * the same rule to find a field.
 */
export const fieldId = (name: string, prefix = 'f'): string => `${prefix}-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** The id of a form's control for a dotted field path: `inst` + `licence.number` → `inst-licence-number`. */
export function fieldId(form: string, path: string): string {
  return `${form}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

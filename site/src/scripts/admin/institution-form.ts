/**
 * The institution form (site/src/components/admin/InstitutionForm.astro) in
 * the page: filling it from a record, reading it back as InstitutionFields
 * for the shared schemas to check, and showing problems beside the right
 * field whatever path zod or the API gives them.
 */
import type { ZodError } from 'zod';
import type { Institution, InstitutionFields } from '#shared/schemas/institution.ts';
import type { StaffSummary } from '#shared/schemas/staff.ts';
import { FormErrors, problemsFromZod, type FieldProblem } from './form-errors.ts';
import { categoriesInScope, districtsInScope, limitOptions } from './staff.ts';

/** An institution's editable fields: the record without identity, status, history and bookkeeping. */
export function fieldsOf(inst: Institution): InstitutionFields {
  const { id: _id, status: _status, statusHistory: _history, createdAt: _created, updatedAt: _updated, version: _version, ...fields } = inst;
  return fields;
}

/**
 * The form group that shows a problem at this path. The update body nests
 * the fields under `fields`; the main premises' district is the institution's
 * district; a list's problems show at the list's one control.
 */
export function institutionFieldFor(path: string): string {
  const p = path.replace(/^fields\./, '');
  if (p === 'premises' || /^premises\.\d+(\.address)?$/.test(p) || /^premises\.[1-9]\d*\./.test(p)) return 'premises.0.address';
  if (p === 'premises.0.districtCode') return 'districtCode';
  if (/^formerNames(\.\d+)?$/.test(p)) return 'formerNames';
  if (p === 'licence') return 'licence.number';
  if (p === 'registration') return 'registration.creditCode';
  if (p === 'fundSupervision') return 'fundSupervision.mode';
  return p;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON with object keys in order, so that equal values compare equal whatever order their keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/**
 * Re-applies an edit on a newer version (after a conflict): what the member
 * of staff changed from `base` (the version they opened) is taken from
 * `mine`; everything else from `theirs` (the version now). Objects are
 * merged key by key; lists and values are taken whole.
 */
export function reapplyChanges(base: unknown, mine: unknown, theirs: unknown): unknown {
  if (canonical(mine) === canonical(base)) return theirs;
  if (isRecord(base) && isRecord(mine) && isRecord(theirs)) {
    const keys = new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)]);
    const merged: Record<string, unknown> = {};
    for (const key of keys) {
      const value = reapplyChanges(base[key], mine[key], theirs[key]);
      if (value !== undefined) merged[key] = value;
    }
    return merged;
  }
  return mine;
}

export class InstitutionForm {
  readonly errors: FormErrors;

  constructor(
    readonly form: HTMLFormElement,
    summary: HTMLElement,
  ) {
    this.errors = new FormErrors(form, summary, institutionFieldFor);
  }

  private value(name: string): string {
    const control = this.form.elements.namedItem(name);
    if (control instanceof RadioNodeList) return control.value;
    if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement) return control.value;
    return '';
  }

  private set(name: string, value: string): void {
    const control = this.form.elements.namedItem(name);
    if (control instanceof RadioNodeList) {
      for (const radio of control) if (radio instanceof HTMLInputElement) radio.checked = radio.value === value;
    } else if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement) {
      control.value = value;
    }
  }

  select(name: string): HTMLSelectElement {
    return this.form.elements.namedItem(name) as HTMLSelectElement;
  }

  /** Offers only the categories and districts the staff member may manage (keeping the record's own). */
  limitTo(staff: StaffSummary, current?: Pick<InstitutionFields, 'category' | 'districtCode'>): void {
    limitOptions(this.select('category'), categoriesInScope(staff), current?.category);
    limitOptions(this.select('districtCode'), districtsInScope(staff), current?.districtCode);
  }

  /** For a new institution: the only district or category when there is one, and 未投保 (the schema's default). */
  defaults(): void {
    for (const name of ['category', 'districtCode']) {
      const select = this.select(name);
      const choices = [...select.options].filter((o) => o.value);
      if (choices.length === 1) select.value = choices[0]!.value;
    }
    this.set('insured', 'false');
  }

  fill(fields: InstitutionFields): void {
    this.set('name', fields.name);
    this.set('formerNames', fields.formerNames.join('\n'));
    this.set('category', fields.category);
    this.set('profitType', fields.profitType);
    this.set('districtCode', fields.districtCode);
    this.set('premises.0.address', fields.premises[0]?.address ?? '');
    this.set('licence.number', fields.licence.number);
    this.set('licence.issuer', fields.licence.issuer);
    this.set('licence.issuedOn', fields.licence.issuedOn);
    this.set('licence.expiresOn', fields.licence.expiresOn);
    this.set('licence.scope', fields.licence.scope);
    this.set('registration.creditCode', fields.registration.creditCode);
    this.set('registration.type', fields.registration.type);
    this.set('fundSupervision.mode', fields.fundSupervision.mode);
    this.set('fundSupervision.bank', fields.fundSupervision.bank ?? '');
    this.set('insured', String(fields.insured));
  }

  /**
   * What the form says, on top of `base` (the stored record's fields, so
   * what the form does not show is kept). Not checked: the caller runs the
   * shared schema over it. The main premises takes the institution's district.
   */
  read(base?: InstitutionFields): Record<string, unknown> {
    const bank = this.value('fundSupervision.bank').trim();
    return {
      ...base,
      name: this.value('name'),
      formerNames: this.value('formerNames')
        .split(/\r?\n|[；;]/)
        .map((name) => name.trim())
        .filter(Boolean),
      category: this.value('category'),
      profitType: this.value('profitType'),
      districtCode: this.value('districtCode'),
      premises: [{ address: this.value('premises.0.address'), districtCode: this.value('districtCode') }, ...(base?.premises.slice(1) ?? [])],
      licence: {
        number: this.value('licence.number'),
        issuer: this.value('licence.issuer'),
        issuedOn: this.value('licence.issuedOn'),
        expiresOn: this.value('licence.expiresOn'),
        scope: this.value('licence.scope'),
      },
      registration: { creditCode: this.value('registration.creditCode'), type: this.value('registration.type') },
      fundSupervision: { mode: this.value('fundSupervision.mode'), ...(bank ? { bank } : {}) },
      insured: this.value('insured') === 'true',
    };
  }

  /** Shows a failed check of what `read` gave. */
  showZod(error: ZodError, input: unknown): void {
    this.errors.show(problemsFromZod(error, input));
  }

  show(problems: FieldProblem[], general: string[] = []): void {
    this.errors.show(problems, general);
  }
}

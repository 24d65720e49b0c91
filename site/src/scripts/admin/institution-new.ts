/**
 * /admin/institutions/new/: adding an institution. The form offers only the
 * categories and districts the staff member's department manages, is
 * checked with InstitutionCreate (the API's own schema) before sending, and
 * on 201 opens the new institution's staff page. A credit code or licence
 * number that belongs to another institution comes back as a field error.
 */
import { InstitutionCreate, type Institution } from '#shared/schemas/institution.ts';
import { t } from '#shared/i18n/zh-CN.ts';
import { api } from './api.ts';
import { busy } from './busy.ts';
import { startConsole } from './console.ts';
import { problemsFromFields } from './form-errors.ts';
import { InstitutionForm } from './institution-form.ts';
import { canEdit } from './staff.ts';

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const form = new InstitutionForm(byId<HTMLFormElement>('institution-form'), byId('inst-errors'));

async function create(): Promise<void> {
  const input = form.read();
  const parsed = InstitutionCreate.safeParse(input);
  if (!parsed.success) return form.showZod(parsed.error, input);
  await busy(form.form, t.admin.form.saving, async () => {
    const answer = await api<Institution>('/api/admin/institutions', { json: parsed.data });
    if (answer.ok) {
      location.assign(`/admin/institutions/view/?${new URLSearchParams({ id: answer.body.id, created: '1' })}`);
      return;
    }
    const { error } = answer;
    if (error.fields) form.show(problemsFromFields(error.fields));
    else form.show([], [error.message]);
  });
}

async function start(): Promise<void> {
  const { staff } = await startConsole();
  if (!canEdit(staff)) {
    byId('new-readonly').hidden = false;
    return;
  }
  form.limitTo(staff);
  form.defaults();
  byId('new').hidden = false;
  form.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void create();
  });
}

void start();

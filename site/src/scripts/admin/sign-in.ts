/**
 * /admin/: signing in, and the dashboard.
 *
 * - Already signed in (GET /api/auth/session answers 200): the dashboard at once.
 * - Step 1, POST /api/auth/login: `signed_in`, or `totp_required` for
 *   accounts with two-step verification, which shows step 2 (the 6-digit code,
 *   POST /api/auth/totp), or, behind "使用恢复码登录", one of the account's
 *   recovery codes instead (POST /api/auth/recovery; each works once). The
 *   forms are checked with the shared schemas
 *   (LoginInput, TotpInput, RecoveryInput) before sending; the API's answers (wrong
 *   password, locked until when, too many attempts) are shown in its words.
 * - Signed in: back to the page that sent the member of staff here (`next`),
 *   else the dashboard.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { districtName, jurisdiction } from '#shared/jurisdiction/index.ts';
import { RecoveryInput } from '#shared/schemas/accounts.ts';
import { LoginInput, TotpInput, type LoginResult, type SessionInfo, type StaffSummary } from '#shared/schemas/staff.ts';
import { InstitutionCategories, StaffRoles } from '#shared/vocabulary.ts';
import { api, setCsrfToken } from './api.ts';
import { busy } from './busy.ts';
import { pageStatus, showStaff } from './console.ts';
import { FormErrors, problemsFromFields, problemsFromZod } from './form-errors.ts';
import { applyRoles, categoriesInScope, districtsInScope } from './staff.ts';

const a = t.admin;
const s = a.signIn;
const d = a.dashboard;

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const signInSection = byId('sign-in');
const totpSection = byId('totp');
const dashboard = byId('dashboard');
const loginForm = byId<HTMLFormElement>('sign-in-form');
const totpForm = byId<HTMLFormElement>('totp-form');
const loginErrors = new FormErrors(loginForm, byId('login-errors'));
const totpErrors = new FormErrors(totpForm, byId('totp-errors'));
const recovery = byId<HTMLDetailsElement>('recovery');
const recoveryForm = byId<HTMLFormElement>('recovery-form');
const recoveryErrors = new FormErrors(recoveryForm, byId('recovery-errors'));
const params = new URLSearchParams(location.search);

/** Where to go after signing in: only a page of the console, never another site. */
function nextPage(): string | null {
  const next = params.get('next');
  return next && next.startsWith('/admin/') && !next.startsWith('//') ? next : null;
}

function field(form: HTMLFormElement, name: string): HTMLInputElement {
  return form.elements.namedItem(name) as HTMLInputElement;
}

function show(section: HTMLElement): void {
  for (const each of [signInSection, totpSection, dashboard]) each.hidden = each !== section;
}

function showSignIn(): void {
  const notice = byId('sign-in-notice');
  const kind = params.get('notice');
  notice.hidden = kind !== 'signed-out' && kind !== 'expired';
  notice.textContent = kind === 'signed-out' ? s.signedOut : kind === 'expired' ? s.expired : '';
  notice.classList.toggle('notification-banner--error', kind === 'expired');
  show(signInSection);
}

function scopeText(staff: StaffSummary): string {
  const categories = categoriesInScope(staff).map((c) => InstitutionCategories.label(c));
  if (categories.length === 0) return d.noScope;
  const districts = districtsInScope(staff);
  const where = districts.length === jurisdiction.districts.length ? d.allDistricts : districts.map((code) => districtName(code) ?? code).join('、');
  return d.scopeText(categories.join('、'), where);
}

function showDashboard(staff: StaffSummary, focus: boolean): void {
  showStaff(staff);
  byId('dashboard-welcome').textContent = d.welcome(staff.name);
  byId('dashboard-name').textContent = staff.name;
  byId('dashboard-department').textContent = staff.department.name;
  byId('dashboard-roles').textContent = staff.roles.map((role) => StaffRoles.label(role)).join('、');
  byId('dashboard-scope').textContent = scopeText(staff);
  applyRoles(staff, dashboard);
  document.title = `${d.title} - ${a.title} - ${t.service.name}`;
  if (params.has('notice') || params.has('next')) history.replaceState(history.state, '', location.pathname);
  show(dashboard);
  if (focus) byId('dashboard-title').focus();
}

function signedIn(staff: StaffSummary): void {
  const next = nextPage();
  if (next) location.assign(next);
  else showDashboard(staff, true);
}

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const parsed = LoginInput.safeParse({ username: field(loginForm, 'username').value, password: field(loginForm, 'password').value });
  if (!parsed.success) return loginErrors.show(problemsFromZod(parsed.error));
  void busy(loginForm, s.submitting, async () => {
    const answer = await api<LoginResult>('/api/auth/login', { json: parsed.data, on401: 'return' });
    if (answer.ok) {
      loginErrors.clear();
      setCsrfToken(answer.body.csrfToken);
      if (answer.body.status === 'signed_in') return signedIn(answer.body.staff);
      field(loginForm, 'password').value = '';
      totpErrors.clear();
      recoveryErrors.clear();
      field(totpForm, 'code').value = '';
      field(recoveryForm, 'code').value = '';
      recovery.open = false;
      show(totpSection);
      field(totpForm, 'code').focus();
      return;
    }
    const { error } = answer;
    if (error.fields) return loginErrors.show(problemsFromFields(error.fields));
    if (error.code === 'invalid_credentials') {
      field(loginForm, 'password').value = '';
      return loginErrors.show([{ path: 'password', message: error.message }]);
    }
    loginErrors.show([], [error.message]);
  });
});

/**
 * Step 2, with the 6-digit code or a recovery code: both answer like step 1,
 * and a wrong code (`totp_invalid`, in the API's words) is shown beside the
 * field; a 401 otherwise means the pending sign-in is over.
 */
function secondStep(form: HTMLFormElement, errors: FormErrors, path: string, json: unknown): void {
  void busy(form, s.submitting, async () => {
    const answer = await api<LoginResult>(path, { json, on401: 'return' });
    if (answer.ok) {
      setCsrfToken(answer.body.csrfToken);
      return signedIn(answer.body.staff);
    }
    const { error } = answer;
    field(form, 'code').value = '';
    if (error.fields) return errors.show(problemsFromFields(error.fields));
    if (error.code === 'totp_invalid') return errors.show([{ path: 'code', message: error.message }]);
    if (answer.status === 401) {
      // The pending sign-in is over (too many wrong codes, or it expired): start again, saying why.
      show(signInSection);
      return loginErrors.show([], [error.message]);
    }
    errors.show([], [error.message]);
  });
}

totpForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const parsed = TotpInput.safeParse({ code: field(totpForm, 'code').value });
  if (!parsed.success) return totpErrors.show(problemsFromZod(parsed.error));
  secondStep(totpForm, totpErrors, '/api/auth/totp', parsed.data);
});

recoveryForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const parsed = RecoveryInput.safeParse({ code: field(recoveryForm, 'code').value });
  if (!parsed.success) return recoveryErrors.show(problemsFromZod(parsed.error));
  secondStep(recoveryForm, recoveryErrors, '/api/auth/recovery', parsed.data);
});

byId('totp-restart').addEventListener('click', () => {
  totpErrors.clear();
  recoveryErrors.clear();
  loginErrors.clear();
  show(signInSection);
  field(loginForm, 'username').focus();
});

async function start(): Promise<void> {
  pageStatus(a.checkingSession);
  const answer = await api<SessionInfo>('/api/auth/session', { on401: 'return' });
  if (answer.ok) {
    pageStatus('');
    setCsrfToken(answer.body.csrfToken);
    const next = nextPage();
    if (next) return location.replace(next);
    return showDashboard(answer.body.staff, false);
  }
  if (answer.status === 401) {
    pageStatus('');
    return showSignIn();
  }
  pageStatus(answer.error.message, true);
}

void start();

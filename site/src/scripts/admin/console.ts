/**
 * What every console page does first: ask who is signed in (GET
 * /api/auth/session; a 401 goes to sign-in), keep the CSRF token for writes,
 * show the member of staff in the header with a sign-out button, and reveal
 * the console's navigation. The page's own script carries on with the session.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import type { SessionInfo, StaffSummary } from '#shared/schemas/staff.ts';
import { api, goToSignIn, setCsrfToken } from './api.ts';

const a = t.admin;

/** The layout's status line (role="status"): what the page is doing, or why it stopped. */
export function pageStatus(text: string, retry = false): void {
  const line = document.querySelector<HTMLElement>('[data-admin-page-status]');
  if (!line) return;
  line.textContent = text;
  if (retry) {
    const link = document.createElement('a');
    link.href = location.href;
    link.textContent = a.retry;
    line.append(' ', link);
  }
}

/** Shows who is signed in, the sign-out button and the console's navigation. */
export function showStaff(staff: StaffSummary): void {
  const who = document.querySelector<HTMLElement>('[data-admin-who]');
  if (who) {
    (who.querySelector('[data-admin-name]') as HTMLElement).textContent = staff.name;
    (who.querySelector('[data-admin-department]') as HTMLElement).textContent = staff.department.name;
    const button = who.querySelector<HTMLButtonElement>('[data-admin-signout]');
    if (button && !button.dataset.wired) {
      button.dataset.wired = 'true';
      button.addEventListener('click', () => void signOut(button));
    }
    who.hidden = false;
  }
  const nav = document.querySelector<HTMLElement>('[data-admin-nav]');
  if (nav) nav.hidden = false;
}

/** Ends the session and goes to the sign-in page, which says so. */
export async function signOut(button?: HTMLButtonElement): Promise<void> {
  if (button) {
    button.disabled = true;
    button.textContent = a.bar.signingOut;
  }
  await api('/api/auth/logout', { method: 'POST', on401: 'return' });
  await goToSignIn('signed-out');
}

/**
 * Starts a console page: answers the session once the member of staff is
 * known. Not signed in: goes to sign-in. The server out of reach: says so,
 * with a link to try again, and never answers.
 */
export async function startConsole(): Promise<SessionInfo> {
  pageStatus(a.checkingSession);
  const answer = await api<SessionInfo>('/api/auth/session');
  if (!answer.ok) {
    pageStatus(answer.error.message, true);
    return new Promise<never>(() => {});
  }
  setCsrfToken(answer.body.csrfToken);
  showStaff(answer.body.staff);
  pageStatus('');
  return answer.body;
}

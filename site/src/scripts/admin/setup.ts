/**
 * /admin/setup/: the first sign-in through a one-time set-up link.
 *
 * 1. Reads `u` (username) and `c` (code) from the fragment, then removes the
 *    fragment from the address bar and history (the code never reaches a
 *    server log: it is only ever sent in a POST body).
 * 2. POST /api/auth/setup/start: who it is for, the password rule, and a
 *    TOTP secret when the roles need one (drawn as a QR code of the
 *    otpauth:// URI, and shown as text). A used or expired link: the API's
 *    words, which say what to do.
 * 3. POST /api/auth/setup/finish: the password (both entries must match),
 *    the 6-digit code; then the recovery codes, once.
 */
import QRCode from 'qrcode';
import { t } from '#shared/i18n/zh-CN.ts';
import type { SetupStart } from '#shared/schemas/accounts.ts';
import { api } from './api.ts';
import { busy } from './busy.ts';
import { FormErrors, problemsFromFields } from './form-errors.ts';

const s = t.accounts.setup;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const status = byId('setup-status');
const form = byId<HTMLFormElement>('setup-form');
const errors = new FormErrors(form, byId('setup-errors'));

const fragment = new URLSearchParams(location.hash.slice(1));
const link = { username: fragment.get('u') ?? '', code: fragment.get('c') ?? '' };
if (location.hash) history.replaceState(null, '', location.pathname);

function problem(text: string): void {
  status.textContent = '';
  byId('setup').hidden = true;
  byId('setup-problem-text').textContent = text;
  byId('setup-problem').hidden = false;
  byId('setup-title').focus();
}

function value(name: string): string {
  return (form.elements.namedItem(name) as HTMLInputElement).value;
}

async function start(): Promise<void> {
  if (!link.username || !link.code) return problem(s.noLink);
  const answer = await api<SetupStart>('/api/auth/setup/start', { method: 'POST', json: link, on401: 'return' });
  if (!answer.ok) return problem(answer.error.message);
  const view = answer.body;
  status.textContent = '';
  byId('setup-welcome').textContent = s.welcome(view.name, view.username);
  byId('setup-rule').textContent = view.passwordRule;
  if (view.totp) {
    byId('setup-totp').hidden = false;
    byId('setup-secret').textContent = view.totp.secret.replace(/(.{4})/g, '$1 ').trim();
    await QRCode.toCanvas(byId<HTMLCanvasElement>('setup-qr'), view.totp.otpauthUri, { width: 200, margin: 2 });
  }
  byId('setup').hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const password = value('password');
  if (password !== value('passwordAgain')) {
    errors.show([{ path: 'passwordAgain', message: s.passwordMismatch }]);
    return;
  }
  const needsCode = !byId('setup-totp').hidden;
  const answer = await busy(form, s.submitting, () =>
    api<{ recoveryCodes: string[] }>('/api/auth/setup/finish', {
      method: 'POST',
      on401: 'return',
      json: { ...link, password, ...(needsCode ? { totpCode: value('totpCode').replace(/\s+/g, '') } : {}) },
    }),
  );
  if (!answer) return;
  if (!answer.ok) {
    if (answer.error.fields) errors.show(problemsFromFields(answer.error.fields));
    else problem(answer.error.message);
    return;
  }
  errors.clear();
  byId('setup').hidden = true;
  const codes = answer.body.recoveryCodes;
  if (codes.length) {
    byId('setup-recovery-codes').replaceChildren(
      ...codes.map((code) => {
        const item = document.createElement('li');
        const text = document.createElement('code');
        text.textContent = code;
        item.append(text);
        return item;
      }),
    );
    byId('setup-recovery').hidden = false;
  }
  byId('setup-done').hidden = false;
  byId('setup-done-title').focus();
});

void start();

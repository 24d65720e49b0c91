/**
 * /admin/account/: one's own sessions (GET /api/auth/sessions, end one with
 * POST /api/auth/sessions/{id}/end; ending the current one signs out) and
 * the password change (POST /api/auth/password).
 */
import { t } from '#shared/i18n/zh-CN.ts';
import type { z } from 'zod';
import type { SessionList } from '#shared/schemas/accounts.ts';
import { api, goToSignIn } from './api.ts';
import { busy } from './busy.ts';
import { pageStatus, startConsole } from './console.ts';
import { FormErrors, problemsFromFields } from './form-errors.ts';
import { beijingTime, cell, row } from './format.ts';

const s = t.accounts.self;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const status = byId('self-status');

async function showSessions(): Promise<void> {
  const answer = await api<z.infer<typeof SessionList>>('/api/auth/sessions');
  if (!answer.ok) return pageStatus(answer.error.message, true);
  byId('sessions-rows').replaceChildren(
    ...answer.body.sessions.map((session) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = s.end;
      button.addEventListener('click', async () => {
        const ended = await api(`/api/auth/sessions/${session.id}/end`, { method: 'POST' });
        if (!ended.ok) {
          status.textContent = ended.error.message;
          return;
        }
        if (session.current) await goToSignIn('signed-out');
        else await showSessions();
      });
      return row(
        cell(s.columns.device, `${session.device}${session.current ? s.current : ''}`),
        cell(s.columns.network, session.network),
        cell(s.columns.signedInAt, beijingTime(session.signedInAt)),
        cell(s.columns.lastSeenAt, beijingTime(session.lastSeenAt)),
        cell(s.columns.action, button),
      );
    }),
  );
}

function wirePassword(): void {
  const form = byId<HTMLFormElement>('password-form');
  const errors = new FormErrors(form, byId('password-errors'));
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = value('totpCode').replace(/\s+/g, '');
    const json = { currentPassword: value('currentPassword'), newPassword: value('newPassword'), ...(code ? { totpCode: code } : {}) };
    const answer = await busy(form, s.changing, () => api('/api/auth/password', { method: 'POST', json }));
    if (!answer) return;
    if (!answer.ok) {
      errors.show(problemsFromFields(answer.error.fields), answer.error.fields ? [] : [answer.error.message]);
      return;
    }
    errors.clear();
    form.reset();
    status.textContent = s.changed;
  });
}

async function main(): Promise<void> {
  await startConsole();
  wirePassword();
  await showSessions();
  byId('self').hidden = false;
}

void main();

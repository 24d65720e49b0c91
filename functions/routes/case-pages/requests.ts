/** Reading the case pages' posts: where they come from, their fields and files, and what they ask for. */
import type { Context } from 'hono';
import { html } from 'hono/html';
import { randomBytes } from 'node:crypto';
import { t } from '#shared/i18n/zh-CN.ts';
import { CaseFormFields, parseComplaintForm, parseRefundForm, type CaseFormValues } from '#shared/schemas/cases.ts';
import type { Submission } from '../../cases/intake.ts';
import type { AppEnv } from '../../lib/openapi.ts';
import type { ReceivedFile } from '../../storage/private-attachments.ts';
import { CASE_PAGE_PATHS, type PageKind } from './paths.ts';
import type { Html } from './widgets.ts';

const f = t.cases.form;
const tp = t.cases.trackPage;

/** The tracking form is two short fields. */
export const TRACK_BODY_BYTES = 16 * 1024;
export const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/** A fresh form key: 128 random bits, nothing else (never derived from what the family writes). */
export const newFormKey = () => randomBytes(16).toString('base64url');

/** Why a form post is refused as coming from elsewhere, or null. Browsers send Origin with every POST; Sec-Fetch-Site when they have it. */
export function crossSite(c: Context<AppEnv>, allowed: readonly string[] | undefined): string | null {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin') return `sec_fetch_site:${site.slice(0, 20)}`;
  const origin = c.req.header('origin');
  if (origin === undefined) return null;
  const ok = allowed ? allowed.includes(origin) : origin === new URL(c.req.url).origin;
  return ok ? null : 'origin_mismatch';
}

export interface PostedForm {
  values: Record<string, string>;
  files: ReceivedFile[];
}

/**
 * The posted fields (text: the first value of each name, at most 10,000
 * characters) and the non-empty files; null when the body cannot be read as
 * a form at all (a broken multipart body, a bad encoding): the caller answers
 * 400 with the form again, never 500.
 */
export async function readForm(c: Context<AppEnv>): Promise<PostedForm | null> {
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch (error) {
    // A body limit's own error (413) is not a malformed form.
    if (error instanceof Error && error.name === 'BodyLimitError') throw error;
    return null;
  }
  const values: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') {
        if (!(name in values)) values[name] = item.slice(0, 10_000);
      } else if (name === CaseFormFields.attachments && item.size > 0) {
        files.push({ name: item.name, bytes: new Uint8Array(await item.arrayBuffer()) });
      }
    }
  }
  return { values, files };
}

/** What a form page shows again: everything but the key, the proof of work and the honeypot. */
export function echoValues(values: Record<string, string>): Record<string, string> {
  const { [CaseFormFields.idempotencyKey]: _k, [CaseFormFields.pow]: _p, [CaseFormFields.honeypot]: _h, ...rest } = values;
  return rest;
}

export function messagePage(kind: PageKind, title: string, text: string): { title: string; description: string; content: Html } {
  return {
    title,
    description: title,
    content: html`<div class="case-page prose">
  <h1 class="heading-l">${title}</h1>
  <p>${text}</p>
  <p><a href="${CASE_PAGE_PATHS[kind]}">${kind === 'track' ? tp.title : kind === 'refund' ? f.refundTitle : f.complaintTitle}</a></p>
</div>`,
  };
}

/** A form's fields as the submission the intake service takes, or a message per field. */
export function parseSubmission(kind: 'complaint' | 'refund', values: CaseFormValues): { ok: true; submission: Submission } | { ok: false; errors: Record<string, string> } {
  if (kind === 'complaint') {
    const parsed = parseComplaintForm(values);
    return parsed.ok ? { ok: true, submission: { type: 'complaint', input: parsed.input } } : parsed;
  }
  const parsed = parseRefundForm(values);
  return parsed.ok ? { ok: true, submission: { type: 'refund_dispute', input: parsed.input } } : parsed;
}

/**
 * A status badge: colour, icon and words together, so the status never
 * rests on colour alone (WCAG 1.4.1). An institution's registry status, or
 * any finding with a tone (a fee rule met or broken).
 *
 * CSS: site/src/styles/global.css (.status-badge).
 */
import * as t from '../i18n/zh-CN/index.ts';
import { InstitutionStatuses, STATUS_GROUP, type InstitutionStatus } from '../vocabulary.ts';
import { html, type SafeHtml } from './html.ts';

export type BadgeTone = 'good' | 'warning' | 'danger';

/** A badge in a tone, with its icon (hidden from screen readers: the words say it). */
export const badge = (tone: BadgeTone, icon: string, label: string): SafeHtml =>
  html`<span class="status-badge status-badge--${tone}"><span class="status-badge__icon" aria-hidden="true">${icon}</span>${label}</span>`;

/** An institution's registry status. */
export function statusBadge(status: InstitutionStatus): SafeHtml {
  const tone = STATUS_GROUP[status];
  return badge(tone, t.institution.statusIcon[tone], InstitutionStatuses.label(status));
}

/** A rule's outcome for a charge (the fee checker, a refund receipt): broken, met, or not applicable. */
export type RuleOutcome = 'breaks' | 'ok' | 'not_applicable';
const OUTCOME_TONE = { breaks: 'danger', ok: 'good', not_applicable: 'warning' } as const;
const OUTCOME_ICON = { breaks: '✕', ok: '✓', not_applicable: '–' } as const;

export const outcomeBadge = (outcome: RuleOutcome, label: string): SafeHtml => badge(OUTCOME_TONE[outcome], OUTCOME_ICON[outcome], label);

/**
 * Which case steps the family hears of, and the outbox items a step writes
 * in its own transaction (functions/cases/transitions.ts `commit`): accepted,
 * declined (the message sends them to /track/ for the reason and where to go
 * next), transferred (to whom), concluded (with how to give feedback). Filing
 * ("received") is written by functions/cases/intake.ts.
 *
 * Consent is sealed with the mobile in the case's personal data, which a
 * step does not read: every family-facing step of a case that still holds a
 * mobile gets an item, and the sender skips those without consent
 * (functions/notify/sender.ts). The item holds no personal data.
 */
import type { Jurisdiction } from '#shared/jurisdiction/index.ts';
import type { CaseAction } from '#shared/rules/case-transitions.ts';
import type { CaseWrite } from '../data/cases.ts';
import { messagePut } from '../data/messages.ts';
import { departmentName } from '../cases/routing.ts';
import type { CaseTemplate } from './notifier.ts';

export const STEP_TEMPLATES: Partial<Record<CaseAction, CaseTemplate>> = {
  accept: 'case_accepted',
  decline: 'case_declined',
  transfer: 'case_transferred',
  conclude: 'case_concluded',
};

export function stepMessages(writes: readonly CaseWrite[], j: Jurisdiction): Array<ReturnType<typeof messagePut>> {
  const items: Array<ReturnType<typeof messagePut>> = [];
  for (const write of writes) {
    if (!write.next.hasPersonalData || !write.next.contactMasked?.mobile) continue;
    for (const event of write.events) {
      if (event.type !== 'transition' || event.visibility !== 'public') continue;
      const template = STEP_TEMPLATES[event.action];
      if (!template) continue;
      const departmentId = event.action === 'transfer' ? (event.public?.toDepartmentId ?? event.departmentId) : event.departmentId;
      items.push(messagePut({ caseNumber: write.next.caseNumber, seq: event.seq, template, department: departmentName(departmentId, j), at: event.at }));
    }
  }
  return items;
}

/**
 * Sends the outbox (functions/data/messages.ts) by the claim loop both senders
 * share (deliver.ts): each due message is claimed with a lease, its case's mobile is read and decrypted at send time (only
 * when the family agreed and the personal data is still kept; otherwise the
 * message is marked skipped), sent through the Notifier, and marked sent.
 * A failure is retried with backoff up to `maxAttempts`, then marked failed;
 * a refusal that cannot succeed (PermanentSendFailure) fails at once.
 *
 * Delivery is at least once, not exactly once, and cannot be better: the SMS
 * APIs take no idempotency key, so a sender that crashes after the provider
 * accepted a message but before marking it sent leaves it to be sent again
 * when the lease runs out. The lease makes that the only way to a duplicate:
 * two senders never hold the same message at once, and a step written once
 * has exactly one outbox item. Nothing here logs a mobile or a message text.
 *
 * Locally scripts/start.ts runs this every few seconds; in AWS a scheduled
 * job (functions/jobs/notify.ts).
 */
import type { KeyProvider } from '../crypto/envelope.ts';
import { openEnvelope } from '../crypto/envelope.ts';
import type { Db } from '../data/client.ts';
import { claimMessage, listDueMessages, settleMessage, type DueMessage } from '../data/messages.ts';
import { deliver, type DeliveryCounts, type DeliveryPolicy, type Outbox } from './deliver.ts';
import { CASE_TEMPLATES, type CaseTemplate } from './notifier.ts';
import { firstUse } from '../lib/first-use.ts';

export interface SenderDeps extends DeliveryPolicy {
  db: Db;
  keys: KeyProvider;
  /** The link in each message: the tracking page. */
  trackLink: string;
}

export type SendReport = DeliveryCounts;

const isCaseTemplate = (t: string): t is CaseTemplate => (CASE_TEMPLATES as readonly string[]).includes(t);

/**
 * The cases' data module (its records' schemas with it), loaded on first use: a run
 * finds no message due far more often than one, and then never reads a case, so the
 * job's cold start does not build those schemas (docs/benchmarks.md, "Lambda bundles").
 */
const casesData = firstUse(() => import('../data/cases.ts'));

/** The mobile to send to, or why not: read and decrypted only now, and only the two fields needed. */
async function recipient(deps: SenderDeps, caseNumber: string): Promise<{ to: string } | { skip: string }> {
  const { getCase, getPersonalData } = await casesData();
  const stored = await getCase(deps.db, caseNumber);
  if (!stored) return { skip: 'no_case' };
  if (!stored.record.hasPersonalData || stored.record.personalDataPurgedAt) return { skip: 'personal_data_deleted' };
  const item = await getPersonalData(deps.db, caseNumber);
  const sealedConsent = item?.fields.notifyConsent;
  const sealedMobile = item?.fields.contactMobile;
  if (!item || !sealedConsent || !sealedMobile) return { skip: 'no_consent' };
  const envelope = await openEnvelope(deps.keys, { caseNumber }, item.wrappedKey);
  try {
    if (envelope.open('notifyConsent', sealedConsent) !== '1') return { skip: 'no_consent' };
    return { to: envelope.open('contactMobile', sealedMobile) };
  } finally {
    envelope.dispose();
  }
}

/** The families' outbox (functions/data/messages.ts), for the claim loop. */
const caseOutbox = (deps: SenderDeps): Outbox<DueMessage, { to: string; template: CaseTemplate }> => ({
  claim: (message, lease) => claimMessage(deps.db, message, lease),
  settle: (message, leaseId, outcome) => settleMessage(deps.db, message, leaseId, outcome),
  recipient: async (message) => {
    const template = message.template;
    if (!isCaseTemplate(template)) return { fail: 'unknown_template' };
    const to = await recipient(deps, message.caseNumber);
    return 'skip' in to ? to : { to: to.to, template };
  },
  compose: (message, { to, template }) => ({
    to,
    template,
    params: { caseNumber: message.caseNumber, department: message.department, link: deps.trackLink },
    messageId: `${message.caseNumber}#${message.seq}`,
  }),
});

/** One run: the messages due now, up to `limit`, one at a time (the providers limit the rate anyway). */
export async function sendDueMessages(deps: SenderDeps, limit = 25): Promise<SendReport> {
  const report: SendReport = { sent: 0, skipped: 0, failed: 0, retrying: 0, contended: 0 };
  const due = await listDueMessages(deps.db, (deps.now ?? (() => new Date()))(), limit);
  await deliver(caseOutbox(deps), deps, due, report);
  return report;
}

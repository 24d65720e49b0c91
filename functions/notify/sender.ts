/**
 * Sends the outbox (functions/data/messages.ts): each due message is claimed
 * with a lease, its case's mobile is read and decrypted at send time (only
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
import { randomUUID } from 'node:crypto';
import type { KeyProvider } from '../crypto/envelope.ts';
import { openEnvelope } from '../crypto/envelope.ts';
import { getCase, getPersonalData } from '../data/cases.ts';
import type { Db } from '../data/client.ts';
import { claimMessage, listDueMessages, settleMessage, type DueMessage } from '../data/messages.ts';
import { CASE_TEMPLATES, PermanentSendFailure, type CaseTemplate, type Notifier } from './notifier.ts';

export interface SenderDeps {
  db: Db;
  notifier: Notifier;
  keys: KeyProvider;
  /** The link in each message: the tracking page. */
  trackLink: string;
  now?: () => Date;
  /** How long a claim holds before another sender may take the message (default 2 minutes). */
  leaseMs?: number;
  /** Attempts before a message is marked failed (default 5). */
  maxAttempts?: number;
  /** Wait before attempt n+1 (default 30 s × 4^(n-1): 30 s, 2 min, 8 min, 32 min). */
  backoffMs?: (attempt: number) => number;
}

export interface SendReport {
  sent: number;
  skipped: number;
  failed: number;
  retrying: number;
  /** Claimed by another sender first, or the lease was lost before settling. */
  contended: number;
}

const isCaseTemplate = (t: string): t is CaseTemplate => (CASE_TEMPLATES as readonly string[]).includes(t);

/** The mobile to send to, or why not: read and decrypted only now, and only the two fields needed. */
async function recipient(deps: SenderDeps, caseNumber: string): Promise<{ to: string } | { skip: string }> {
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

async function sendOne(deps: SenderDeps, message: DueMessage, report: SendReport): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const leaseId = randomUUID();
  if (!(await claimMessage(deps.db, message, { leaseId, now: now(), leaseMs: deps.leaseMs ?? 120_000 }))) {
    report.contended++;
    return;
  }
  const attempt = message.attempts + 1;
  const settle = async (outcome: Parameters<typeof settleMessage>[3], counter: keyof SendReport) => {
    const ok = await settleMessage(deps.db, message, leaseId, outcome);
    report[ok ? counter : 'contended']++;
  };
  if (!isCaseTemplate(message.template)) return settle({ status: 'failed', at: now(), reason: 'unknown_template' }, 'failed');
  const to = await recipient(deps, message.caseNumber);
  if ('skip' in to) return settle({ status: 'skipped', at: now(), reason: to.skip }, 'skipped');
  try {
    const { providerId } = await deps.notifier.send({
      to: to.to,
      template: message.template,
      params: { caseNumber: message.caseNumber, department: message.department, link: deps.trackLink },
      messageId: `${message.caseNumber}#${message.seq}`,
    });
    await settle({ status: 'sent', at: now(), providerId }, 'sent');
  } catch (error) {
    // The error's name only: a provider's text may echo the number.
    const reason = error instanceof PermanentSendFailure ? error.message : `attempt ${attempt}: ${(error as Error).message ?? 'error'}`.slice(0, 200);
    if (error instanceof PermanentSendFailure || attempt >= (deps.maxAttempts ?? 5)) {
      await settle({ status: 'failed', at: now(), reason }, 'failed');
      return;
    }
    const wait = (deps.backoffMs ?? ((n) => 30_000 * 4 ** (n - 1)))(attempt);
    await settle({ status: 'pending', retryAt: new Date(now().getTime() + wait), reason }, 'retrying');
  }
}

/** One run: the messages due now, up to `limit`, one at a time (the providers limit the rate anyway). */
export async function sendDueMessages(deps: SenderDeps, limit = 25): Promise<SendReport> {
  const report: SendReport = { sent: 0, skipped: 0, failed: 0, retrying: 0, contended: 0 };
  const due = await listDueMessages(deps.db, (deps.now ?? (() => new Date()))(), limit);
  for (const message of due) await sendOne(deps, message, report);
  return report;
}

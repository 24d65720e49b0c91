/**
 * Messages to families (短信) waiting to be sent: the outbox. Each is written
 * in the same transaction as the case step it tells of (createCase for
 * "received", writeCaseStep's `extra` for the triage steps), keyed by the
 * case number and the step's event seq, so a step written once has exactly
 * one message and a retried step (same idempotency key, or a version that
 * moved on) never writes a second. functions/notify/sender.ts sends them.
 *
 * | access pattern                               | operation                 | key condition                                               |
 * |----------------------------------------------|---------------------------|-------------------------------------------------------------|
 * | write with the step                          | Put in the step's TransactWriteItems, attribute_not_exists | pk = CASE#<number>, sk = MSG#<seq>          |
 * | messages due now (pending, lease run out), oldest first | Query gsi2 (sparse), leases.ts | gsi2pk = MSG#PENDING, gsi2sk < <now>~            |
 * | claim one (a lease)                          | UpdateItem, conditional on the gsi2sk read (leases.ts) | gsi2sk := <leaseUntil>#<number>#<seq> |
 * | settle (sent, skipped, failed, retry later)  | UpdateItem, conditional on the lease id (leases.ts) | REMOVE gsi2pk/gsi2sk (or a later gsi2sk) |
 * | a case's messages (tests, staff)             | Query                     | pk = CASE#<number>, sk begins_with MSG#                     |
 *
 * The item holds no personal data: the template, the case number and the
 * department's name. The mobile is read and decrypted at send time.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';
import { claimLease, queryDue, settleLease, type LeasedItem, type LeaseOutcome } from './leases.ts';

const SCHEMA_VERSION = 1;
const PENDING = 'MSG#PENDING';

export type MessageStatus = 'pending' | 'sent' | 'skipped' | 'failed';

export interface CaseMessage {
  caseNumber: string;
  seq: number;
  template: string;
  /** The department's name as the step left it (not personal data). */
  department: string;
  status: MessageStatus;
  attempts: number;
  createdAt: string;
  sentAt?: string;
  providerId?: string;
  /** Why it was skipped or failed: a code, never the provider's text. */
  reason?: string;
}

export const messageKeys = {
  item: (caseNumber: string, seq: number) => ({ pk: `CASE#${caseNumber}`, sk: `MSG#${String(seq).padStart(4, '0')}` }),
  due: (at: string, caseNumber: string, seq: number) => `${at}#${caseNumber}#${String(seq).padStart(4, '0')}`,
};

/** The Put for a step's transaction (TableName filled in by the writer). */
export function messagePut(input: { caseNumber: string; seq: number; template: string; department: string; at: string }) {
  return {
    Put: {
      TableName: '',
      Item: {
        ...messageKeys.item(input.caseNumber, input.seq),
        entity: 'case_message',
        schemaVersion: SCHEMA_VERSION,
        caseNumber: input.caseNumber,
        seq: input.seq,
        template: input.template,
        department: input.department,
        status: 'pending',
        attempts: 0,
        createdAt: input.at,
        gsi2pk: PENDING,
        gsi2sk: messageKeys.due(input.at, input.caseNumber, input.seq),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export interface DueMessage extends CaseMessage {
  /** The index key as read: a claim holds only if nobody moved it since. */
  dueKey: string;
}

function toMessage(item: Record<string, unknown>): CaseMessage {
  return {
    caseNumber: String(item.caseNumber),
    seq: Number(item.seq),
    template: String(item.template),
    department: String(item.department),
    status: item.status as MessageStatus,
    attempts: Number(item.attempts ?? 0),
    createdAt: String(item.createdAt),
    ...(item.sentAt ? { sentAt: String(item.sentAt) } : {}),
    ...(item.providerId ? { providerId: String(item.providerId) } : {}),
    ...(item.reason ? { reason: String(item.reason) } : {}),
  };
}

const leased = (message: Pick<CaseMessage, 'caseNumber' | 'seq'>): LeasedItem => ({
  key: messageKeys.item(message.caseNumber, message.seq),
  dueAt: (at) => messageKeys.due(at, message.caseNumber, message.seq),
});

/** Pending messages due by `now` (new, retry time reached, or a lease that ran out), oldest first. */
export async function listDueMessages(db: Db, now: Date, limit = 25): Promise<DueMessage[]> {
  return (await queryDue(db, PENDING, now, limit)).map((item) => ({ ...toMessage(item), dueKey: String(item.gsi2sk) }));
}

/** Claims a due message for `leaseMs` (leases.ts); false when another sender claimed it first. */
export function claimMessage(db: Db, message: DueMessage, input: { leaseId: string; now: Date; leaseMs: number }): Promise<boolean> {
  return claimLease(db, PENDING, { ...leased(message), dueKey: message.dueKey }, input);
}

/** Settles a claimed message while the lease is ours (leases.ts); false when the lease was lost. */
export function settleMessage(db: Db, message: Pick<CaseMessage, 'caseNumber' | 'seq'>, leaseId: string, outcome: LeaseOutcome): Promise<boolean> {
  return settleLease(db, leased(message), leaseId, outcome);
}

/** A case's messages, in step order. */
export async function listCaseMessages(db: Db, caseNumber: string): Promise<CaseMessage[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseNumber}`, ':msg': 'MSG#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map(toMessage);
}

/**
 * The security audit log: who signed in, who failed, who was refused what.
 * One partition per UTC day; entries are never updated and carry no TTL
 * (the Cybersecurity Law asks for at least six months of logs; archiving
 * older days is for later). Never holds passwords, tokens, codes or request
 * bodies; client addresses only as keyed hashes.
 *
 * | access pattern                  | operation | key condition                                  |
 * |---------------------------------|-----------|------------------------------------------------|
 * | record an event                 | PutItem   | pk = AUDIT#<yyyy-mm-dd>, sk = <iso>#<random>   |
 * | a day's events, newest first    | Query     | pk = AUDIT#<yyyy-mm-dd>, descending            |
 */
import { randomBytes } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Db } from './client.ts';

const SCHEMA_VERSION = 1;

/** What can be audited. Add new events here (e.g. from the registry) rather than free text. */
export const AuditEvents = [
  'login_succeeded',
  'login_failed',
  'locked_out',
  'totp_failed',
  'logout',
  'unauthenticated',
  'permission_denied',
  'csrf_rejected',
  /** A member of staff saw a family's full contact (functions/routes/admin-cases.ts); reason `case:<number>`. */
  'contact_revealed',
  /** A member of the lead department downloaded a case's attachment (functions/routes/case-pages.ts); reason `case:<number>:<attachment id>`. */
  'attachment_downloaded',
  /** Account administration (functions/accounts/service.ts); `username` is the account concerned, the actor is `staffId`'s request; reason says what changed. */
  'account_created',
  'account_changed',
  'account_disabled',
  'account_enabled',
  /** An administrator reset a member's sign-in: new set-up link, sessions ended, TOTP to enrol again. */
  'signin_reset',
  /** A member used their set-up link: password set (and TOTP enrolled, `totp_enrolled` as well). */
  'setup_completed',
  'totp_enrolled',
  'password_changed',
  /** One session ended by its member, or all of an account's by an administrator (`reason: all:<n>`). */
  'session_ended',
  /** A recovery code was used instead of a TOTP code at sign-in. */
  'recovery_code_used',
] as const;
export type AuditEvent = (typeof AuditEvents)[number];

export const AuditEntry = z.object({
  event: z.enum(AuditEvents),
  at: z.iso.datetime(),
  /** The account concerned, when there is one (an unknown username is not recorded as typed). */
  username: z.string().optional(),
  staffId: z.string().optional(),
  departmentId: z.string().optional(),
  method: z.string().max(10).optional(),
  route: z.string().max(200).optional(),
  /** A short machine-readable reason, e.g. `wrong_password`, `missing_role:publisher`. */
  reason: z.string().max(200).optional(),
  /** HMAC of the client address (functions/auth/keys.ts): lets events from one address be linked, not located. */
  clientKey: z.string().max(64).optional(),
  /** HMAC of a username that matches no account, to link repeated guesses without storing what was typed. */
  subjectKey: z.string().max(64).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const AuditItem = AuditEntry.extend({ entity: z.literal('audit'), schemaVersion: z.literal(SCHEMA_VERSION) });

export const auditKeys = {
  day: (date: string) => `AUDIT#${date}`,
};

export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  const valid = AuditEntry.parse(entry);
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: {
        pk: auditKeys.day(valid.at.slice(0, 10)),
        sk: `${valid.at}#${randomBytes(6).toString('hex')}`,
        entity: 'audit',
        schemaVersion: SCHEMA_VERSION,
        ...valid,
      },
    }),
  );
}

/** One UTC day's entries (date `YYYY-MM-DD`), newest first. */
export async function listAudit(db: Db, date: string, options: { limit?: number } = {}): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditKeys.day(date) },
        ScanIndexForward: false,
        ExclusiveStartKey: cursor,
        ...(options.limit ? { Limit: options.limit - entries.length } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      const { entity: _e, schemaVersion: _v, ...entry } = AuditItem.parse(item);
      entries.push(entry);
    }
    cursor = out.LastEvaluatedKey;
  } while (cursor && (!options.limit || entries.length < options.limit));
  return entries;
}

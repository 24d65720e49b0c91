/**
 * The security audit log: who signed in, who failed, who was refused what,
 * who saw a family's contact or attachment, who exported what, who changed
 * an account. Entries are appended, never updated or deleted by the
 * service (the API's IAM grant allows no UpdateItem/DeleteItem on AUDIT#
 * items, infra/constructs/api-function.ts), and expire through the table's
 * TTL after the retention period (AUDIT_RETENTION_DAYS, at least 180 days:
 * the Cybersecurity Law asks for six months of logs). Never holds
 * passwords, tokens, codes or request bodies; client addresses and
 * usernames that match no account only as keyed hashes.
 *
 * | access pattern                                        | operation         | key condition                                                   |
 * |-------------------------------------------------------|-------------------|-----------------------------------------------------------------|
 * | record an event                                       | PutItem           | pk = AUDIT#<yyyy-mm-dd>, sk = <iso>#<random>                    |
 * | every entry in a time range, newest first (city-wide) | Query per UTC day | pk = AUDIT#<day>, sk BETWEEN <from iso> AND <to iso>            |
 * | one department's entries in a range, newest first     | Query gsi1/month  | gsi1pk = AUDITDEPT#<department or ->#<yyyy-mm>, gsi1sk BETWEEN  |
 * | one member's entries in a range, newest first         | Query gsi2/month  | gsi2pk = AUDITMEMBER#<staffId>#<yyyy-mm>, gsi2sk BETWEEN        |
 * | … of one kind                                         | the same Query    | + filter `event = :kind` (see docs/data-model.md)               |
 *
 * Each filter picks the narrowest partition: member, else department, else
 * the day. Partitions are per day or per month so none grows without bound;
 * a page walks them newest first and its cursor says where it stopped.
 * Entries written before the department and member indexes existed carry no
 * gsi keys: they appear in the city-wide view (by day) only.
 */
import { randomBytes } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Db } from './client.ts';
import { decodeCursor, encodeCursor } from './paging.ts';

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
  /** A supervisor or administrator downloaded a filtered view of this log as CSV (functions/routes/admin-audit.ts); reason: the filter. */
  'audit_export',
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

/** A kind as stored: the writers' list above, or one added since (the reader never refuses an entry for its kind). */
export const AuditKind = z.string().regex(/^[a-z][a-z_]{1,39}$/);

const entryFields = {
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
};

export const AuditEntry = z.object({
  event: z.enum(AuditEvents),
  ...entryFields,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** An entry as read back: any kind (kinds added by a newer writer are still shown). */
export const StoredAuditEntry = z.object({ event: AuditKind, ...entryFields });
export type StoredAuditEntry = z.infer<typeof StoredAuditEntry>;

const AuditItem = StoredAuditEntry.extend({
  entity: z.literal('audit'),
  schemaVersion: z.literal(SCHEMA_VERSION),
});

/** The department partition of entries not tied to a department (unknown usernames, no session). */
export const NO_DEPARTMENT = '-';

export const auditKeys = {
  day: (date: string) => `AUDIT#${date}`,
  department: (departmentId: string, month: string) => `AUDITDEPT#${departmentId}#${month}`,
  member: (staffId: string, month: string) => `AUDITMEMBER#${staffId}#${month}`,
};

const DAY_SECONDS = 86_400;

export async function writeAudit(db: Db, entry: AuditEntry, options: { retentionDays: number }): Promise<void> {
  const valid = AuditEntry.parse(entry);
  const sk = `${valid.at}#${randomBytes(6).toString('hex')}`;
  const month = valid.at.slice(0, 7);
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: {
        pk: auditKeys.day(valid.at.slice(0, 10)),
        sk,
        gsi1pk: auditKeys.department(valid.departmentId ?? NO_DEPARTMENT, month),
        gsi1sk: sk,
        ...(valid.staffId ? { gsi2pk: auditKeys.member(valid.staffId, month), gsi2sk: sk } : {}),
        entity: 'audit',
        schemaVersion: SCHEMA_VERSION,
        ttl: Math.floor(Date.parse(valid.at) / 1000) + options.retentionDays * DAY_SECONDS,
        ...valid,
      },
      // Append only: never replaces an entry.
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

function parseItem(item: Record<string, unknown>): StoredAuditEntry {
  const { entity: _e, schemaVersion: _v, ...entry } = AuditItem.parse(item);
  return entry;
}

/** One UTC day's entries (date `YYYY-MM-DD`), newest first. */
export async function listAudit(db: Db, date: string, options: { limit?: number } = {}): Promise<StoredAuditEntry[]> {
  const day = new Date(`${date}T00:00:00.000Z`);
  const page = await queryAudit(db, {
    from: day,
    to: new Date(day.getTime() + DAY_SECONDS * 1000),
    limit: options.limit ?? 100_000,
  });
  return page.entries;
}

export interface AuditQuery {
  /** From this instant (inclusive)… */
  from: Date;
  /** …to this one (exclusive). */
  to: Date;
  /** Only this department's entries (`-`: those tied to none). */
  departmentId?: string;
  /** Only this member's. */
  staffId?: string;
  /** Only this kind. */
  event?: string;
  limit: number;
  cursor?: string;
}

export interface AuditPage {
  entries: StoredAuditEntry[];
  /** Where the next page starts; absent on the last. */
  next?: string;
}

interface Plan {
  index?: 'gsi1' | 'gsi2';
  pkName: string;
  skName: string;
  /** Partitions, newest first. */
  partitions: string[];
  filters: Array<[attribute: string, value: string]>;
}

/** UTC days (or months) from `to` back to `from`, newest first. */
function periods(from: Date, to: Date, length: 10 | 7): string[] {
  const out: string[] = [];
  const last = new Date(to.getTime() - 1).toISOString().slice(0, length);
  const first = from.toISOString().slice(0, length);
  const cursor = new Date(`${last.length === 7 ? `${last}-01` : last}T00:00:00.000Z`);
  for (let p = last; p >= first;) {
    out.push(p);
    if (length === 10) cursor.setUTCDate(cursor.getUTCDate() - 1);
    else cursor.setUTCMonth(cursor.getUTCMonth() - 1);
    p = cursor.toISOString().slice(0, length);
  }
  return out;
}

function plan(q: AuditQuery): Plan {
  const kind: Array<[string, string]> = q.event ? [['event', q.event]] : [];
  if (q.staffId) {
    const staffId = q.staffId;
    return {
      index: 'gsi2',
      pkName: 'gsi2pk',
      skName: 'gsi2sk',
      partitions: periods(q.from, q.to, 7).map((m) => auditKeys.member(staffId, m)),
      filters: [...kind, ...(q.departmentId ? ([['departmentId', q.departmentId]] as Array<[string, string]>) : [])],
    };
  }
  if (q.departmentId) {
    const departmentId = q.departmentId;
    return {
      index: 'gsi1',
      pkName: 'gsi1pk',
      skName: 'gsi1sk',
      partitions: periods(q.from, q.to, 7).map((m) => auditKeys.department(departmentId, m)),
      filters: kind,
    };
  }
  return {
    pkName: 'pk',
    skName: 'sk',
    partitions: periods(q.from, q.to, 10).map(auditKeys.day),
    filters: kind,
  };
}

const Cursor = z.object({
  p: z.number().int().min(0),
  k: z.record(z.string(), z.unknown()).optional(),
});

/**
 * One page of the entries matching a query, newest first, read partition by
 * partition with key-range queries (never a scan). An unreadable cursor
 * starts from the beginning.
 */
export async function queryAudit(db: Db, q: AuditQuery): Promise<AuditPage> {
  const p = plan(q);
  const start = Cursor.safeParse(decodeCursor(q.cursor));
  let partition = start.success ? start.data.p : 0;
  let key = start.success ? start.data.k : undefined;
  const entries: StoredAuditEntry[] = [];
  const names: Record<string, string> = { '#pk': p.pkName, '#sk': p.skName };
  const filters = p.filters.map(([attribute, value], i) => {
    names[`#f${i}`] = attribute;
    return { expression: `#f${i} = :f${i}`, value: [`:f${i}`, value] as const };
  });
  while (partition < p.partitions.length && entries.length < q.limit) {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        ...(p.index ? { IndexName: p.index } : {}),
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ...(filters.length ? { FilterExpression: filters.map((f) => f.expression).join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ':pk': p.partitions[partition],
          ':from': q.from.toISOString(),
          // Sort keys are `<iso>#<random>`: the bare instant sorts before every entry at that instant.
          ':to': q.to.toISOString(),
          ...Object.fromEntries(filters.map((f) => f.value)),
        },
        ScanIndexForward: false,
        Limit: q.limit - entries.length,
        ExclusiveStartKey: key,
      }),
    );
    for (const item of out.Items ?? []) entries.push(parseItem(item));
    key = out.LastEvaluatedKey;
    if (!key) partition += 1;
  }
  const more = partition < p.partitions.length;
  return {
    entries,
    ...(more ? { next: encodeCursor({ p: partition, ...(key ? { k: key } : {}) }) } : {}),
  };
}

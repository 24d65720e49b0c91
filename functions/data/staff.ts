/**
 * Staff accounts in the single table. Credentials (the password hash, the
 * TOTP secret and the last accepted TOTP step) live on the same item but
 * never leave the data and auth modules: `toStaff` strips them.
 *
 * | access pattern                       | operation        | key condition                                   |
 * |--------------------------------------|------------------|-------------------------------------------------|
 * | get an account by username           | GetItem          | pk = STAFF#<username>, sk = STAFF               |
 * | list a department's accounts         | Query gsi1       | gsi1pk = DEPTSTAFF#<departmentId>, by username  |
 * | accept a TOTP step (no replay)       | UpdateItem, cond | totpLastStep absent or < step                   |
 * | upgrade a password hash              | UpdateItem, cond | passwordHash = the hash that was verified       |
 * | change an account (any field)        | PutItem, cond    | version = the version read (409 otherwise)      |
 * | use a recovery code (once)           | UpdateItem, cond | REMOVE recoveryCodeHashes[i], [i] = the hash    |
 * | record an account event              | PutItem          | pk = STAFF#<username>, sk = EVENT#<iso>#<rand>  |
 * | an account's history, newest first   | Query            | pk = STAFF#<username>, sk begins_with EVENT#    |
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Staff } from '#shared/schemas/staff.ts';
import type { Db } from './client.ts';
import { conditionHeld } from './conditional.ts';
import { queryAllInIndex } from './query.ts';

const SCHEMA_VERSION = 1;

export const staffKeys = {
  record: (username: string) => ({ pk: `STAFF#${username}`, sk: 'STAFF' }),
  department: (departmentId: string) => `DEPTSTAFF#${departmentId}`,
};

/** An account as stored: the public fields plus its credentials. */
/** A secret sealed with the service's key (functions/crypto/envelope.ts): the wrapped data key and the field's ciphertext. */
export const SealedSecret = z.object({ wrappedKey: z.string().min(1), sealed: z.string().startsWith('f1.') });
export type SealedSecret = z.infer<typeof SealedSecret>;

export const StaffRecord = Staff.extend({
  /** PHC-style scrypt string: `$scrypt$ln=16,r=8,p=1$<salt>$<hash>` (functions/auth/password.ts). Absent until set-up is finished. */
  passwordHash: z.string().startsWith('$scrypt$').optional(),
  /**
   * Legacy: a base32 TOTP secret in plain text (demo data written before
   * secrets were sealed). Read, and replaced by `totpSealed` at the next
   * sign-in; never written by new code.
   */
  totpSecret: z.string().regex(/^[A-Z2-7]{16,128}$/).optional(),
  /** The TOTP secret, sealed (context `{ staff: username }`, field `totp`). */
  totpSealed: SealedSecret.optional(),
  /** A secret offered during set-up, kept until the member confirms a code from it. */
  pendingTotpSealed: SealedSecret.optional(),
  /** SHA-256 of the one-time set-up code, while one is outstanding; and when it stops working. */
  setupTokenHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  setupExpiresAt: z.iso.datetime().optional(),
  /** Sessions started before this moment are refused (set when an administrator ends them, or resets the sign-in). */
  sessionsNotBefore: z.iso.datetime().optional(),
  /** SHA-256 of each unused recovery code. */
  recoveryCodeHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(20).optional(),
  /** The last 30-second step whose code was accepted: a code is never accepted twice. */
  totpLastStep: z.number().int().nonnegative().optional(),
});
export type StaffRecord = z.infer<typeof StaffRecord>;

const StaffItem = StaffRecord.extend({ entity: z.literal('staff'), schemaVersion: z.literal(SCHEMA_VERSION) });

export function toStaff(record: StaffRecord): Staff {
  const {
    passwordHash: _p,
    totpSecret: _s,
    totpLastStep: _l,
    totpSealed: _t,
    pendingTotpSealed: _pt,
    setupTokenHash: _h,
    setupExpiresAt: _e,
    recoveryCodeHashes: _r,
    ...staff
  } = record;
  return staff;
}

function parseItem(item: Record<string, unknown>): StaffRecord {
  // Key attributes are not in the schema, so parsing drops them.
  const { entity: _e, schemaVersion: _v, ...record } = StaffItem.parse(item);
  return record;
}

export async function getStaffRecord(db: Db, username: string): Promise<StaffRecord | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: staffKeys.record(username), ConsistentRead: true }));
  return out.Item ? parseItem(out.Item) : null;
}

/** An account as stored: its keys, and its department's index entry. */
function staffItem(valid: StaffRecord): Record<string, unknown> {
  return {
    ...staffKeys.record(valid.username),
    gsi1pk: staffKeys.department(valid.departmentId),
    gsi1sk: valid.username,
    entity: 'staff',
    schemaVersion: SCHEMA_VERSION,
    ...valid,
  };
}

/**
 * Stores an account. Without `overwrite`, only when the username is free
 * (usernames are ids and never reused); answers whether it was written.
 */
export async function putStaffRecord(db: Db, record: z.input<typeof StaffRecord>, options: { overwrite?: boolean } = {}): Promise<boolean> {
  const valid = StaffRecord.parse(record);
  return conditionHeld(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: staffItem(valid),
        ...(options.overwrite ? {} : { ConditionExpression: 'attribute_not_exists(pk)' }),
      }),
    ),
  );
}

/** A department's accounts, by username, without credentials. */
export async function listStaffByDepartment(db: Db, departmentId: string): Promise<Staff[]> {
  return (await listStaffRecordsByDepartment(db, departmentId)).map(toStaff);
}

/** A department's accounts as stored (for the account service, which needs to know which have a password or TOTP). */
export async function listStaffRecordsByDepartment(db: Db, departmentId: string): Promise<StaffRecord[]> {
  return queryAllInIndex(db, 'gsi1', staffKeys.department(departmentId), parseItem);
}

/**
 * Records that the code of `step` was accepted, only if no code of this or a
 * later step was accepted before. False means a replay: refuse the code.
 */
export async function acceptTotpStep(db: Db, username: string, step: number): Promise<boolean> {
  return conditionHeld(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: staffKeys.record(username),
        UpdateExpression: 'SET totpLastStep = :step',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(totpLastStep) OR totpLastStep < :step)',
        ExpressionAttributeValues: { ':step': step },
      }),
    ),
  );
}

/** Replaces a password hash (e.g. with stronger parameters) only if it is still the one that was verified. */
export async function replacePasswordHash(db: Db, username: string, previous: string, next: string, at: string): Promise<boolean> {
  return conditionHeld(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: staffKeys.record(username),
        UpdateExpression: 'SET passwordHash = :next, updatedAt = :at',
        ConditionExpression: 'passwordHash = :previous',
        ExpressionAttributeValues: { ':next': next, ':previous': previous, ':at': at },
      }),
    ),
  );
}

/**
 * Stores a changed account only if it is still at `expectedVersion` (an
 * account stored before versions existed counts as version 1); the stored
 * version becomes `expectedVersion + 1`. False: someone else changed it first.
 */
export async function saveStaffRecord(db: Db, record: StaffRecord, expectedVersion: number): Promise<boolean> {
  const valid = StaffRecord.parse({ ...record, version: expectedVersion + 1 });
  return conditionHeld(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: staffItem(valid),
        ConditionExpression: expectedVersion === 1 ? 'attribute_exists(pk) AND (attribute_not_exists(#v) OR #v = :v)' : 'attribute_exists(pk) AND #v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': expectedVersion },
      }),
    ),
  );
}

/** Uses up one recovery code (by its hash): true once, false if it is not (or no longer) there. */
export async function consumeRecoveryCode(db: Db, username: string, codeHash: string): Promise<boolean> {
  const record = await getStaffRecord(db, username);
  const index = record?.recoveryCodeHashes?.indexOf(codeHash) ?? -1;
  if (index < 0) return false;
  return conditionHeld(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: staffKeys.record(username),
        UpdateExpression: `REMOVE recoveryCodeHashes[${index}]`,
        ConditionExpression: `recoveryCodeHashes[${index}] = :h`,
        ExpressionAttributeValues: { ':h': codeHash },
      }),
    ),
  );
}

/** One change to an account: what, by whom, when (never credentials). */
export const AccountEvent = z
  .object({
    at: z.iso.datetime(),
    kind: z.enum(['account_created', 'account_changed', 'account_disabled', 'account_enabled', 'signin_reset', 'setup_completed', 'password_changed', 'totp_enrolled', 'sessions_ended']),
    /** Who did it (the member themselves for set-up and password changes). */
    by: z.string(),
    /** What changed, e.g. `roles: editor → editor, supervisor`. */
    summary: z.string().max(500).default(''),
  })
  .meta({ id: 'AccountEvent', description: '账号变更记录' });
export type AccountEvent = z.infer<typeof AccountEvent>;

export async function putAccountEvent(db: Db, username: string, event: AccountEvent): Promise<void> {
  const valid = AccountEvent.parse(event);
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { pk: staffKeys.record(username).pk, sk: `EVENT#${valid.at}#${randomBytes(4).toString('hex')}`, entity: 'staff_event', schemaVersion: SCHEMA_VERSION, ...valid },
    }),
  );
}

/** An account's history, newest first (at most `limit`). */
export async function listAccountEvents(db: Db, username: string, limit = 100): Promise<AccountEvent[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': staffKeys.record(username).pk, ':e': 'EVENT#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((item) => AccountEvent.parse(item));
}

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
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Staff } from '#shared/schemas/staff.ts';
import type { Db } from './client.ts';

const SCHEMA_VERSION = 1;

export const staffKeys = {
  record: (username: string) => ({ pk: `STAFF#${username}`, sk: 'STAFF' }),
  department: (departmentId: string) => `DEPTSTAFF#${departmentId}`,
};

/** An account as stored: the public fields plus its credentials. */
export const StaffRecord = Staff.extend({
  /** PHC-style scrypt string: `$scrypt$ln=16,r=8,p=1$<salt>$<hash>` (functions/auth/password.ts). */
  passwordHash: z.string().startsWith('$scrypt$'),
  /** Base32 TOTP secret, when the account has a second factor. */
  totpSecret: z.string().regex(/^[A-Z2-7]{16,128}$/).optional(),
  /** The last 30-second step whose code was accepted: a code is never accepted twice. */
  totpLastStep: z.number().int().nonnegative().optional(),
});
export type StaffRecord = z.infer<typeof StaffRecord>;

const StaffItem = StaffRecord.extend({ entity: z.literal('staff'), schemaVersion: z.literal(SCHEMA_VERSION) });

export function toStaff(record: StaffRecord): Staff {
  const { passwordHash: _p, totpSecret: _s, totpLastStep: _l, ...staff } = record;
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

/**
 * Stores an account. Without `overwrite`, only when the username is free
 * (usernames are ids and never reused); answers whether it was written.
 */
export async function putStaffRecord(db: Db, record: StaffRecord, options: { overwrite?: boolean } = {}): Promise<boolean> {
  const valid = StaffRecord.parse(record);
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...staffKeys.record(valid.username),
          gsi1pk: staffKeys.department(valid.departmentId),
          gsi1sk: valid.username,
          entity: 'staff',
          schemaVersion: SCHEMA_VERSION,
          ...valid,
        },
        ...(options.overwrite ? {} : { ConditionExpression: 'attribute_not_exists(pk)' }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** A department's accounts, by username, without credentials. */
export async function listStaffByDepartment(db: Db, departmentId: string): Promise<Staff[]> {
  const staff: Staff[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': staffKeys.department(departmentId) },
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of out.Items ?? []) staff.push(toStaff(parseItem(item)));
    cursor = out.LastEvaluatedKey;
  } while (cursor);
  return staff;
}

/**
 * Records that the code of `step` was accepted, only if no code of this or a
 * later step was accepted before. False means a replay: refuse the code.
 */
export async function acceptTotpStep(db: Db, username: string, step: number): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: staffKeys.record(username),
        UpdateExpression: 'SET totpLastStep = :step',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(totpLastStep) OR totpLastStep < :step)',
        ExpressionAttributeValues: { ':step': step },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Replaces a password hash (e.g. with stronger parameters) only if it is still the one that was verified. */
export async function replacePasswordHash(db: Db, username: string, previous: string, next: string, at: string): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: staffKeys.record(username),
        UpdateExpression: 'SET passwordHash = :next, updatedAt = :at',
        ConditionExpression: 'passwordHash = :previous',
        ExpressionAttributeValues: { ':next': next, ':previous': previous, ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

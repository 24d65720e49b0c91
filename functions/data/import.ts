/**
 * Data access for the bulk import (functions/import), beyond the repository
 * in institutions.ts:
 *
 * | access pattern                                 | operation                                   | keys                                     |
 * |------------------------------------------------|---------------------------------------------|------------------------------------------|
 * | who holds these credit codes / licence numbers | BatchGetItem, 100 keys a call, 8 at once    | CREDIT#<code>, LICENCE#<number> / UNIQUE |
 * | those institutions                             | BatchGetItem, consistent reads              | INST#<id> / INST                         |
 * | create up to 25 institutions at once           | TransactWriteItems, 4 items per institution | as createInstitution                     |
 *
 * `createInstitutions` writes exactly the items `createInstitution` writes
 * (the record, both uniqueness claims and the 'created' event), 25
 * institutions to a transaction instead of one: all of them or none. A test
 * (functions/data/import.test.ts) holds the two to the same items.
 * If institutions.ts exported its item builders this module would use them;
 * until then they are mirrored here, and that test guards the mirror.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { supervisingDepartment } from '#shared/rules/institution.ts';
import type { Actor } from '#shared/schemas/common.ts';
import { Institution, type InstitutionFields } from '#shared/schemas/institution.ts';
import type { InstitutionStatus } from '#shared/vocabulary.ts';
import type { Db } from './client.ts';
import { batchGet, type ItemKey } from './batch-get.ts';
import { institutionKeys, type InstitutionEvent } from './institutions.ts';

const SCHEMA_VERSION = 1;
/** TransactWriteItems takes at most 100 items; a create is 4. */
export const CREATES_PER_TRANSACTION = 25;

export interface ImportLookupResult {
  byCreditCode: Map<string, Institution>;
  licenceOwners: Map<string, { id: string; name: string }>;
}

/**
 * What the registry holds for these credit codes and licence numbers: the
 * institutions and the holders. The credit codes first, with their
 * institutions; then only the licence numbers those institutions do not
 * already hold (a claim always agrees with its record: both are written in
 * one transaction), so re-importing a list costs a third fewer reads.
 */
export async function lookupForImport(db: Db, keys: { creditCodes: string[]; licenceNumbers: string[] }): Promise<ImportLookupResult> {
  const codeClaims = await batchGet(db, keys.creditCodes.map(institutionKeys.creditCode), true);
  const codeHolder = new Map(codeClaims.map((claim) => [(claim.pk as string).slice('CREDIT#'.length), claim.institutionId as string]));
  // Institution.parse drops the key attributes (pk, gsi1pk …), as the repository does.
  const parse = (items: Record<string, unknown>[]) => items.map((item) => Institution.parse(item));
  const byId = new Map(parse(await batchGet(db, [...new Set(codeHolder.values())].map(institutionKeys.record), true)).map((i) => [i.id, i]));

  const licenceOwners = new Map<string, { id: string; name: string }>();
  for (const inst of byId.values()) licenceOwners.set(inst.licence.number, { id: inst.id, name: inst.name });
  const unexplained = keys.licenceNumbers.filter((n) => !licenceOwners.has(n));
  const licenceClaims = await batchGet(db, unexplained.map(institutionKeys.licence), true);
  const holders = new Map(licenceClaims.map((claim) => [(claim.pk as string).slice('LICENCE#'.length), claim.institutionId as string]));
  const others = parse(await batchGet(db, [...new Set(holders.values())].filter((id) => !byId.has(id)).map(institutionKeys.record), true));
  for (const inst of others) byId.set(inst.id, inst);
  for (const [number, id] of holders) licenceOwners.set(number, { id, name: byId.get(id)?.name ?? '（名称未知）' });

  const byCreditCode = new Map<string, Institution>();
  for (const [code, id] of codeHolder) {
    const inst = byId.get(id);
    if (inst) byCreditCode.set(code, inst);
  }
  // Only the numbers asked about.
  const asked = new Set(keys.licenceNumbers);
  for (const number of [...licenceOwners.keys()]) if (!asked.has(number)) licenceOwners.delete(number);
  return { byCreditCode, licenceOwners };
}

export interface NewInstitution {
  id: string;
  fields: InstitutionFields;
  status: InstitutionStatus;
}

/**
 * Creates up to 25 institutions in one transaction, each exactly as
 * createInstitution would: the record, its credit-code and licence claims,
 * and a 'created' event. All or nothing: a TransactionCanceledException
 * means none was written (the caller can retry them one by one to learn
 * which one conflicts).
 */
export async function createInstitutions(db: Db, inputs: NewInstitution[], actor: Actor, now: Date): Promise<Institution[]> {
  if (inputs.length > CREATES_PER_TRANSACTION) throw new Error(`at most ${CREATES_PER_TRANSACTION} institutions per transaction`);
  const at = now.toISOString();
  const created = inputs.map((input) =>
    Institution.parse({
      ...input.fields,
      id: input.id,
      status: input.status,
      statusHistory: [{ status: input.status, on: at.slice(0, 10), reason: '列入名单' }],
      createdAt: at,
      updatedAt: at,
      version: 1,
    }),
  );
  const items: NonNullable<TransactWriteCommandInput['TransactItems']> = created.flatMap((inst) => {
    const event: InstitutionEvent = {
      institutionId: inst.id,
      at,
      action: 'created',
      actor,
      changedFields: [],
      toStatus: inst.status,
      version: 1,
    };
    const claim = (key: ItemKey) => ({
      Put: {
        TableName: db.tableName,
        Item: { ...key, entity: 'unique_claim', institutionId: inst.id },
        ConditionExpression: 'attribute_not_exists(pk) OR institutionId = :id',
        ExpressionAttributeValues: { ':id': inst.id },
      },
    });
    return [
      {
        Put: {
          TableName: db.tableName,
          Item: {
            ...institutionKeys.record(inst.id),
            entity: 'institution',
            schemaVersion: SCHEMA_VERSION,
            gsi1pk: institutionKeys.supervision(supervisingDepartment(inst), inst.districtCode),
            gsi1sk: `${inst.name}#${inst.id}`,
            gsi2pk: institutionKeys.dirty,
            gsi2sk: `${inst.updatedAt}#${inst.id}`,
            ...inst,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      claim(institutionKeys.creditCode(inst.registration.creditCode)),
      claim(institutionKeys.licence(inst.licence.number)),
      {
        Put: {
          TableName: db.tableName,
          Item: { ...institutionKeys.event(inst.id, 1), entity: 'institution_event', schemaVersion: SCHEMA_VERSION, ...event },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  });
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
  return created;
}

/** Did a transaction fail because a condition (uniqueness, version) did not hold, so nothing was written? */
export const isCancelled = (error: unknown): boolean => error instanceof TransactionCanceledException;
